#include "newscrawl/export/metrics_file.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <vector>

#include "newscrawl/export/atomic_file.h"
#include "newscrawl/core/log.h"

namespace newscrawl {
namespace {

constexpr std::string_view kLastSuccess = "newscrawl_last_success_timestamp_seconds";

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back equal
  return std::string(buf, r.ptr);
}

// One metric family: HELP and TYPE once, then its samples.
class Family {
 public:
  Family(std::string& out, std::string_view name, std::string_view help) : out_(out), name_(name) {
    out_ += "# HELP " + name_ + " ";
    for (char c : help) {
      if (c == '\\') {
        out_ += "\\\\";
      } else if (c == '\n') {
        out_ += "\\n";
      } else {
        out_ += c;
      }
    }
    out_ += "\n# TYPE " + name_ + " gauge\n";
  }
  void Sample(const Labels& labels, double value) {
    out_ += name_;
    if (!labels.empty()) {
      out_ += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) out_ += ',';
        out_ += labels[i].first + "=\"" + EscapeLabelValue(labels[i].second) + "\"";
      }
      out_ += '}';
    }
    out_ += " " + FormatValue(value) + "\n";
  }

 private:
  std::string& out_;
  std::string name_;
};

double D(std::int64_t v) { return static_cast<double>(v); }

void FillFamily(std::string& out, std::string_view name, std::string_view help,
                const std::map<std::string, FillRates>& fill) {
  Family f(out, name, help);
  for (const auto& [site, rates] : fill) {
    if (rates.articles == 0) continue;  // a rate over no articles says nothing
    for (const std::string& field : FillRateFields()) {
      const auto it = rates.rate.find(field);
      f.Sample({{"site", site}, {"field", field}}, it == rates.rate.end() ? 0.0 : it->second);
    }
  }
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderMetrics(const RunMetrics& m, std::optional<std::int64_t> last_success) {
  std::string out;
  const auto per_site = [&](std::string_view name, std::string_view help, auto field) {
    Family f(out, name, help);
    for (const auto& [site, s] : m.stats.sites) f.Sample({{"site", site}}, D(field(s)));
  };
  per_site("newscrawl_run_pages", "HTTP exchanges in the last run (redirect hops and retries included).",
           [](const SiteCrawlStats& s) { return s.pages; });
  {
    Family f(out, "newscrawl_run_articles", "Articles stored in the last run, by outcome.");
    for (const auto& [site, s] : m.stats.sites) {
      f.Sample({{"site", site}, {"outcome", "new"}}, D(s.articles_new));
      f.Sample({{"site", site}, {"outcome", "updated"}}, D(s.articles_updated));
      f.Sample({{"site", site}, {"outcome", "unchanged"}}, D(s.articles_unchanged));
      f.Sample({{"site", site}, {"outcome", "duplicate"}}, D(s.duplicates));
    }
  }
  per_site("newscrawl_run_failed_exchanges", "Exchanges in the last run that ended in an error or an error status.",
           [](const SiteCrawlStats& s) { return s.failed; });
  {
    Family f(out, "newscrawl_run_errors", "Errors in the last run, by kind (the fetch log's error names).");
    for (const auto& [site, s] : m.stats.sites) {
      for (const auto& [kind, n] : s.errors_by_kind) f.Sample({{"site", site}, {"kind", kind}}, D(n));
    }
  }
  per_site("newscrawl_run_robots_denied", "URLs robots.txt did not allow in the last run.",
           [](const SiteCrawlStats& s) { return s.robots_denied; });
  per_site("newscrawl_run_retries", "URLs scheduled for another attempt in the last run.",
           [](const SiteCrawlStats& s) { return s.retries; });
  per_site("newscrawl_run_bytes", "Response bytes received in the last run.",
           [](const SiteCrawlStats& s) { return s.bytes; });
  FillFamily(out, "newscrawl_run_fill_rate",
             "Share (0..1) of the articles first stored in the last run that have the field.", m.run_fill);
  {
    Family f(out, "newscrawl_run_fill_articles", "Articles first stored in the last run (what newscrawl_run_fill_rate is over).");
    for (const auto& [site, rates] : m.run_fill) f.Sample({{"site", site}}, D(rates.articles));
  }
  FillFamily(out, "newscrawl_stored_fill_rate", "Share (0..1) of all stored original articles that have the field.",
             m.stored_fill);
  Family(out, "newscrawl_run_duration_seconds", "Wall-clock duration of the last run.").Sample({}, m.duration_seconds);
  Family(out, "newscrawl_run_exit_code", "Exit code of the last run (0 success; see newscrawl --help).")
      .Sample({}, m.exit_code);
  Family(out, "newscrawl_run_end_timestamp_seconds", "When the last run ended, Unix seconds.").Sample({}, D(m.finished_at));
  const std::int64_t success = m.exit_code == 0 ? m.finished_at : last_success.value_or(0);
  Family(out, kLastSuccess, "When a run last ended with exit code 0, Unix seconds (0: never).").Sample({}, D(success));
  return out;
}

std::optional<std::int64_t> ReadLastSuccess(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  for (std::string line; std::getline(in, line);) {
    if (line.size() <= kLastSuccess.size() || line.compare(0, kLastSuccess.size(), kLastSuccess) != 0 ||
        line[kLastSuccess.size()] != ' ') {
      continue;
    }
    const std::string value = line.substr(kLastSuccess.size() + 1);
    double v = 0;
    const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (r.ec != std::errc() || !std::isfinite(v)) {
      Logger("metrics")->warn("{}: unreadable {} '{}'; starting over", path, kLastSuccess, value);
      return std::nullopt;
    }
    return static_cast<std::int64_t>(v);
  }
  return std::nullopt;
}

Status WriteMetricsFile(const std::string& path, const RunMetrics& metrics) {
  const std::string text = RenderMetrics(metrics, ReadLastSuccess(path));
  Result<AtomicFile> file = AtomicFile::Create(path);
  if (!file.ok()) return file.status();
  if (Status s = file->Write(text); !s.ok()) return s;
  return file->Commit();
}

}  // namespace newscrawl
