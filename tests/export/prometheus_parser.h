// A strict parser of the Prometheus text exposition format (version 0.0.4) for the tests,
// written from the format's specification: every line must be a HELP or TYPE comment or a
// sample; names and label names must match the grammar; label values may use only the \\, \"
// and \n escapes; a family's HELP and TYPE come once, before its samples, and its samples are
// contiguous; no series appears twice; the text ends with a line feed. Header-only test support.
#ifndef NEWSCRAWL_TESTS_EXPORT_PROMETHEUS_PARSER_H_
#define NEWSCRAWL_TESTS_EXPORT_PROMETHEUS_PARSER_H_

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace newscrawl::testing {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

struct PromFamily {
  std::string help;  // unescaped
  std::string type;
};

struct PromText {
  std::map<std::string, PromFamily> families;
  std::vector<PromSample> samples;

  // The value of the one series `name` with exactly `labels`; throws if absent.
  double Value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    for (const PromSample& s : samples) {
      if (s.name == name && s.labels == labels) return s.value;
    }
    throw std::runtime_error("no series " + name);
  }
  bool Has(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    for (const PromSample& s : samples) {
      if (s.name == name && s.labels == labels) return true;
    }
    return false;
  }
  std::vector<PromSample> Series(const std::string& name) const {
    std::vector<PromSample> out;
    for (const PromSample& s : samples) {
      if (s.name == name) out.push_back(s);
    }
    return out;
  }
};

// Throws std::runtime_error naming the line at fault.
inline PromText ParsePrometheusText(const std::string& text) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  PromText out;
  if (text.empty() || text.back() != '\n') throw std::runtime_error("text does not end with a line feed");
  std::set<std::string> typed, helped, closed, series;
  std::string current;  // family whose samples are being read
  std::size_t start = 0;
  int line_no = 0;
  auto fail = [&](const std::string& why, const std::string& line) {
    throw std::runtime_error("line " + std::to_string(line_no) + ": " + why + ": '" + line + "'");
  };
  while (start < text.size()) {
    const std::size_t eol = text.find('\n', start);
    const std::string line = text.substr(start, eol - start);
    start = eol + 1;
    ++line_no;
    if (line.empty()) fail("empty line", line);
    if (line[0] == '#') {
      std::smatch m;
      static const std::regex kHelp("# HELP ([^ ]+) (.*)");
      static const std::regex kType("# TYPE ([^ ]+) (counter|gauge|histogram|summary|untyped)");
      if (std::regex_match(line, m, kHelp)) {
        const std::string name = m[1];
        if (!std::regex_match(name, kName)) fail("bad metric name", line);
        if (!helped.insert(name).second) fail("second HELP", line);
        std::string help;
        const std::string raw = m[2];
        for (std::size_t i = 0; i < raw.size(); ++i) {
          if (raw[i] != '\\') {
            help += raw[i];
            continue;
          }
          if (++i == raw.size()) fail("trailing backslash in HELP", line);
          if (raw[i] == '\\') {
            help += '\\';
          } else if (raw[i] == 'n') {
            help += '\n';
          } else {
            fail("bad escape in HELP", line);
          }
        }
        out.families[name].help = help;
      } else if (std::regex_match(line, m, kType)) {
        const std::string name = m[1];
        if (!std::regex_match(name, kName)) fail("bad metric name", line);
        if (!typed.insert(name).second) fail("second TYPE", line);
        if (closed.count(name) || name == current) fail("TYPE after samples", line);
        out.families[name].type = m[2];
      } else {
        fail("comment that is neither HELP nor TYPE", line);
      }
      continue;
    }
    PromSample s;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = line.substr(0, i);
    if (!std::regex_match(s.name, kName)) fail("bad metric name", line);
    std::string key = s.name + "{";
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (true) {
        if (i < line.size() && line[i] == '}') {
          ++i;
          break;
        }
        std::size_t eq = line.find('=', i);
        if (eq == std::string::npos) fail("label without '='", line);
        const std::string lname = line.substr(i, eq - i);
        if (!std::regex_match(lname, kLabelName)) fail("bad label name", line);
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') fail("label value not quoted", line);
        ++i;
        std::string value;
        bool closed_quote = false;
        while (i < line.size()) {
          const char c = line[i++];
          if (c == '"') {
            closed_quote = true;
            break;
          }
          if (c == '\\') {
            if (i >= line.size()) fail("trailing backslash", line);
            const char e = line[i++];
            if (e == '\\') {
              value += '\\';
            } else if (e == '"') {
              value += '"';
            } else if (e == 'n') {
              value += '\n';
            } else {
              fail("bad escape in label value", line);
            }
          } else {
            value += c;
          }
        }
        if (!closed_quote) fail("unterminated label value", line);
        if (!s.labels.emplace(lname, value).second) fail("repeated label", line);
        key += lname + "=" + value + ",";
        if (i < line.size() && line[i] == ',') {
          ++i;
        } else if (i >= line.size() || line[i] != '}') {
          fail("expected ',' or '}'", line);
        }
      }
    }
    if (i >= line.size() || line[i] != ' ') fail("no space before the value", line);
    const std::string rest = line.substr(i + 1);
    const std::size_t sp = rest.find(' ');
    const std::string value = rest.substr(0, sp);
    if (sp != std::string::npos) {
      const std::string ts = rest.substr(sp + 1);
      if (!std::regex_match(ts, std::regex("-?[0-9]+"))) fail("bad timestamp", line);
    }
    if (value == "NaN") {
      s.value = std::nan("");
    } else if (value == "+Inf") {
      s.value = HUGE_VAL;
    } else if (value == "-Inf") {
      s.value = -HUGE_VAL;
    } else {
      if (!std::regex_match(value, std::regex("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"))) {
        fail("bad value", line);
      }
      s.value = std::strtod(value.c_str(), nullptr);
    }
    if (s.name != current) {
      if (!current.empty()) closed.insert(current);
      if (closed.count(s.name)) fail("samples of a family are not contiguous", line);
      current = s.name;
    }
    if (!typed.count(s.name) || !helped.count(s.name)) fail("sample before its HELP and TYPE", line);
    if (!series.insert(key).second) fail("series repeated", line);
    out.samples.push_back(std::move(s));
  }
  return out;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_EXPORT_PROMETHEUS_PARSER_H_
