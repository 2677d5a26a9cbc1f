#include "newscrawl/politeness/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kHexUpper[] = "0123456789ABCDEF";

// RFC 9309 §2.2's grammar: white space inside a line is only WS = %x20 / %x09 (line breaks are
// already gone; any other byte is part of a value).
std::string_view Trim(std::string_view s) { return TrimAscii(s, " \t"); }

enum class Key { kUnknown, kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap };

Key ClassifyKey(std::string_view raw) {
  const std::string key = AsciiLower(raw);
  if (key == "user-agent" || key == "useragent" || key == "user agent" || key == "user_agent") {
    return Key::kUserAgent;
  }
  if (key == "allow") return Key::kAllow;
  // Misspellings seen in the wild; the writer's intent is unambiguous.
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "crawl-delay" || key == "crawldelay" || key == "crawl_delay") return Key::kCrawlDelay;
  if (key == "sitemap" || key == "site-map") return Key::kSitemap;
  return Key::kUnknown;
}

// Splits one comment-free, trimmed line into key and value. Accepts "key: value" and, for known
// keys only, "key value" (see header).
bool SplitLine(std::string_view line, Key* key, std::string_view* value) {
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    *key = ClassifyKey(Trim(line.substr(0, colon)));
    *value = Trim(line.substr(colon + 1));
    return *key != Key::kUnknown;
  }
  const std::size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos) return false;
  *key = ClassifyKey(line.substr(0, space));
  *value = Trim(line.substr(space + 1));
  return *key != Key::kUnknown;
}

// Matches a normalised pattern (with "*" wildcards and `anchored` = it ended in "$") against a
// normalised path. Greedy: the first segment must be a prefix, each middle segment is found at
// its leftmost position after the previous one (leftmost is always best, since it leaves the most
// path for later segments), and an anchored last segment must be a suffix past that point.
// O(|pattern| × |path|) worst case, no backtracking.
bool PatternMatches(std::string_view pattern, bool anchored, std::string_view path) {
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return anchored ? path == pattern : path.substr(0, pattern.size()) == pattern;
  }
  const std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  std::size_t pos = first.size();
  std::string_view rest = pattern.substr(star + 1);
  while (true) {
    star = rest.find('*');
    if (star == std::string_view::npos) break;
    const std::string_view segment = rest.substr(0, star);
    if (!segment.empty()) {
      const std::size_t found = path.find(segment, pos);
      if (found == std::string_view::npos) return false;
      pos = found + segment.size();
    }
    rest = rest.substr(star + 1);
  }
  // `rest` is the last segment (after the last "*").
  if (anchored) {
    return path.size() >= pos + rest.size() && path.substr(path.size() - rest.size()) == rest;
  }
  return rest.empty() || path.find(rest, pos) != std::string_view::npos;
}

std::optional<double> ParseDelay(std::string_view value) {
  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end == value.data()) return std::nullopt;
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return seconds;
}

bool IsRobotsTxtPath(std::string_view path_and_query) {
  const std::size_t q = path_and_query.find_first_of("?#");
  return path_and_query.substr(0, q) == "/robots.txt";
}

// Characters that may not appear raw in a URI (RFC 3986 §2): controls, space, non-ASCII bytes and
// the few printable ASCII characters that are neither reserved nor unreserved. A raw one can only
// mean its %-encoding, so both sides compare it encoded: a pattern "/a<b" matches the "/a%3Cb" a
// URL parser produces.
bool MustEncode(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return true;
    default:
      return false;
  }
}

void AppendEncoded(std::string& out, unsigned char c) {
  out.push_back('%');
  out.push_back(kHexUpper[c >> 4]);
  out.push_back(kHexUpper[c & 0xF]);
}

// Which side of a comparison Normalize prepares. In a pattern "*" is the wildcard and a final "$"
// the end anchor, so they stay raw there, and "%2A" / "%24" mean the literal characters (§2.2.3).
// A path has no special characters, so its "*" and "$" are written "%2A" / "%24": that is how
// "Disallow: /%24" matches the path "/$100", and how a "$" before the end of a pattern (a literal,
// the way Google's matcher reads it) matches a "$" in the path.
enum class Side { kPath, kPattern };

// The one normal form both sides are compared in (§2.2.2): %XX of an unreserved character is
// decoded, other %XX get upper-case hex, characters that cannot appear raw in a URI are %-encoded,
// "*" and "$" as described above. A "%" not followed by two hex digits is kept as it is.
std::string Normalize(std::string_view in, Side side) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size()) {
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
        if (IsUnreserved(decoded)) {
          out.push_back(static_cast<char>(decoded));
        } else {
          AppendEncoded(out, decoded);
        }
        i += 2;
        continue;
      }
    }
    const bool last = i + 1 == in.size();
    if (MustEncode(c) || (side == Side::kPath && (c == '*' || c == '$')) ||
        (side == Side::kPattern && c == '$' && !last)) {
      AppendEncoded(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// What of the asking agent is compared with the user-agent lines: its product token when it is a
// product token or starts a User-Agent header product ("newscrawl/0.1 (...)", RFC 9110 §10.1.5),
// else the whole value. "Foo Bar" or "jävla-bot" is neither, so, as with Google's parser, it
// matches no group but "*" instead of being taken for "Foo" or "j".
std::string_view AgentToMatch(std::string_view agent) {
  agent = Trim(agent);
  const std::string_view token = ProductToken(agent);
  if (token.size() == agent.size() || agent[token.size()] == '/') return token;
  return agent;
}

}  // namespace

std::string_view ProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  std::size_t n = 0;
  while (n < user_agent.size() && IsTokenChar(user_agent[n])) ++n;
  return user_agent.substr(0, n);
}

std::string NormalizeRobotsPath(std::string_view path) {
  return Normalize(path, Side::kPath);
}

RobotsRules RobotsRules::AllowAll() {
  RobotsRules r;
  r.mode_ = Mode::kAllowAll;
  return r;
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.mode_ = Mode::kDisallowAll;
  return r;
}

// Long because it is one pass over the lines with the grouping state (RFC 9309 §2.1: which
// user-agent lines a rule belongs to) kept in locals the rules need together.
RobotsRules RobotsRules::Parse(std::string_view body) {
  RobotsRules r;
  if (body.size() > kMaxBodyBytes) {
    r.truncated_ = true;
    const bool cut_mid_line = body[kMaxBodyBytes] != '\n' && body[kMaxBodyBytes] != '\r';
    body = body.substr(0, kMaxBodyBytes);
    if (cut_mid_line) {
      const std::size_t last_break = body.find_last_of("\r\n");
      body = last_break == std::string_view::npos ? std::string_view() : body.substr(0, last_break);
    }
  }
  // A UTF-8 BOM, or the first one or two bytes of one (as Google's parser does: a cut or mangled
  // BOM must not hide the first user-agent line). 0xEF cannot start a key, so nothing is lost.
  for (const char bom_byte : {'\xEF', '\xBB', '\xBF'}) {
    if (body.empty() || body.front() != bom_byte) break;
    body.remove_prefix(1);
  }

  std::optional<std::size_t> group;  // the group rule lines go to
  bool in_agent_lines = false;        // previous significant line was a user-agent line
  std::set<std::string, std::less<>> seen_sitemaps;

  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (end < body.size() && body[end] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;

    const std::size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    Key key = Key::kUnknown;
    std::string_view value;
    if (line.empty() || !SplitLine(line, &key, &value)) continue;

    switch (key) {
      case Key::kUserAgent: {
        if (!in_agent_lines) {
          r.groups_.emplace_back();
          group = r.groups_.size() - 1;
          in_agent_lines = true;
        }
        std::string token =
            !value.empty() && value.front() == '*' ? "*" : AsciiLower(ProductToken(value));
        if (token.empty()) break;
        auto& indices = r.agents_[token];
        if (indices.empty() || indices.back() != *group) indices.push_back(*group);
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agent_lines = false;
        if (!group || value.empty()) break;
        Rule rule;
        rule.allow = key == Key::kAllow;
        if (value.front() != '/' && value.front() != '*') rule.pattern.push_back('/');
        rule.pattern += Normalize(value, Side::kPattern);
        r.groups_[*group].rules.push_back(std::move(rule));
        break;
      }
      case Key::kCrawlDelay: {
        // Not a rule, so it does not end the user-agent lines (RFC 9309 §2.1: a group is
        // user-agent lines followed by rules; other records are not part of the grouping).
        if (!group) break;
        if (auto delay = ParseDelay(value)) {
          auto& current = r.groups_[*group].crawl_delay;
          current = std::max(current.value_or(0.0), *delay);
        }
        break;
      }
      case Key::kSitemap: {
        if (value.empty()) break;
        std::string url = SanitizeUtf8(value);
        if (seen_sitemaps.insert(url).second) r.sitemaps_.push_back(std::move(url));
        break;
      }
      case Key::kUnknown:
        break;
    }
  }
  return r;
}

const std::vector<std::size_t>* RobotsRules::GroupsFor(std::string_view agent) const {
  const std::string token = AsciiLower(AgentToMatch(agent));
  if (!token.empty()) {
    if (auto it = agents_.find(token); it != agents_.end()) return &it->second;
  }
  if (auto it = agents_.find("*"); it != agents_.end()) return &it->second;
  return nullptr;
}

bool RobotsRules::Allowed(std::string_view agent, std::string_view path_and_query) const {
  // A fragment is never sent to the server, so it cannot be part of what robots.txt rules on.
  path_and_query = path_and_query.substr(0, path_and_query.find('#'));
  std::string path;
  if (path_and_query.empty() || path_and_query.front() != '/') path.push_back('/');
  path += NormalizeRobotsPath(path_and_query);
  if (IsRobotsTxtPath(path)) return true;
  if (mode_ == Mode::kAllowAll) return true;
  if (mode_ == Mode::kDisallowAll) return false;

  const std::vector<std::size_t>* indices = GroupsFor(agent);
  if (indices == nullptr) return true;
  std::size_t best_length = 0;
  bool matched = false;
  bool best_allow = true;
  for (std::size_t index : *indices) {
    for (const Rule& rule : groups_[index].rules) {
      std::string_view pattern = rule.pattern;
      const bool anchored = pattern.size() > 1 && pattern.back() == '$';
      if (anchored) pattern.remove_suffix(1);
      if (!PatternMatches(pattern, anchored, path)) continue;
      const std::size_t length = rule.pattern.size();
      if (!matched || length > best_length || (length == best_length && rule.allow)) {
        matched = true;
        best_length = length;
        best_allow = rule.allow;
      }
    }
  }
  return !matched || best_allow;
}

std::optional<double> RobotsRules::CrawlDelay(std::string_view agent) const {
  if (mode_ != Mode::kRules) return std::nullopt;
  const std::vector<std::size_t>* indices = GroupsFor(agent);
  if (indices == nullptr) return std::nullopt;
  std::optional<double> delay;
  for (std::size_t index : *indices) {
    if (const auto& d = groups_[index].crawl_delay) delay = std::max(delay.value_or(0.0), *d);
  }
  return delay;
}

}  // namespace newscrawl
