// RobotsRules: one origin's robots.txt, parsed once into an immutable value and asked
// "may AGENT fetch this path?" per RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309).
//
// What the parser does, and where it deliberately goes beyond or deviates from the RFC:
//  * Only the first 500 KiB of the body are parsed (RFC 9309 §2.5). A line cut by that limit is
//    dropped, because a cut "Allow: /abc" would become "Allow: /" and allow too much.
//  * Lines end in LF, CR or CRLF; a UTF-8 BOM is skipped; "#" starts a comment; lines that are not
//    a known "key: value" are ignored (binary junk included).
//  * A missing colon is accepted when the key is known and followed by white space
//    ("Disallow /x"), as Google's parser does: webmasters write it and mean it. Common misspellings
//    of "disallow" and "user-agent" are accepted for the same reason.
//  * Groups (§2.1): one or more user-agent lines followed by rules; a user-agent line after a rule
//    starts a new group. Rules before any user-agent line are ignored. All groups naming the same
//    product token are merged (§2.2.1); with no matching group the "*" groups apply; with neither,
//    everything is allowed.
//  * Agent matching compares product tokens case-insensitively (§2.2.1). A user-agent line value
//    such as "Googlebot/2.1" is reduced to its token "Googlebot" first.
//  * Rule values that start with neither "/" nor "*" get a leading "/" ("Disallow: private" means
//    "/private"): the RFC requires the slash, and the reading that disallows more is the polite one.
//  * Longest match wins, counted in octets of the normalised pattern; on a tie Allow wins (§2.2.2).
//    An empty Disallow/Allow value is ignored (so "Disallow:" allows everything). "*" matches any
//    sequence, "$" at the end of a pattern anchors it; elsewhere "$" is literal (§2.2.3).
//  * Percent-encoding is normalised on both pattern and path before matching: %XX of an unreserved
//    character is decoded, other %xx get upper-case hex, bytes >= 0x80 are %-encoded (§2.2.2).
//  * "/robots.txt" is always allowed (§2.2.2 says it is implicitly allowed).
//  * Crawl-delay (not in the RFC) is read per group; merged groups keep the largest value. Clamping
//    it to the crawl's max_crawl_delay_s is the politeness layer's job, not this parser's.
//  * Sitemap lines (§2.2.4, "other records") are collected wherever they appear, de-duplicated.
//
// Matching cost is O(pattern × path) in the worst case per rule (greedy segment search, no
// backtracking explosion), so a pattern of 1,000 "*" is harmless.
//
// Thread-safety: a RobotsRules is immutable after construction; concurrent const calls are safe.
// It is a plain copyable value that owns all of its strings.
#ifndef NEWSCRAWL_ROBOTS_H_
#define NEWSCRAWL_ROBOTS_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

// The product token of a User-Agent header value: its leading run of letters, digits, "_" and "-"
// ("newscrawl/0.1 (+https://example.org/bot)" → "newscrawl"). The RFC allows only letters, "_" and
// "-"; digits are accepted because real crawler names contain them ("360Spider").
std::string_view ProductToken(std::string_view user_agent);

// Normalises percent-encoding as the matcher does (see the header comment). Exposed for tests and
// for callers that log what was matched.
std::string NormalizeRobotsPath(std::string_view path);

class RobotsRules {
 public:
  // RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much.
  static constexpr std::size_t kMaxBodyBytes = 500 * 1024;

  // Parses a robots.txt body (any bytes; never fails).
  static RobotsRules Parse(std::string_view body);
  // For a 4xx answer (§2.3.1.3): no rules, everything allowed.
  static RobotsRules AllowAll();
  // For a 5xx answer or an unreachable server (§2.3.1.4): everything but /robots.txt disallowed.
  static RobotsRules DisallowAll();

  // Whether `agent` (a product token or a whole User-Agent value) may fetch `path_and_query`
  // ("/a/b?c=d"; an empty path means "/"). The path should be as sent on the wire; it is
  // %-normalised here.
  bool Allowed(std::string_view agent, std::string_view path_and_query) const;

  // The Crawl-delay in seconds of the group(s) that apply to `agent`, if any set one.
  std::optional<double> CrawlDelay(std::string_view agent) const;

  // Sitemap URLs in file order, without duplicates. Relative values are kept as written.
  const std::vector<std::string>& Sitemaps() const { return sitemaps_; }

  // Whether the body was longer than kMaxBodyBytes and its tail ignored.
  bool truncated() const { return truncated_; }

 private:
  enum class Mode { kRules, kAllowAll, kDisallowAll };
  struct Rule {
    std::string pattern;  // normalised; "$" kept only as the end anchor
    bool allow = false;
  };
  struct Group {
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };

  RobotsRules() = default;
  // Indices into groups_ for `agent`'s product token, else for "*"; null if neither exists.
  const std::vector<std::size_t>* GroupsFor(std::string_view agent) const;

  Mode mode_ = Mode::kRules;
  std::vector<Group> groups_;
  // Lower-cased product token ("*" for the wildcard) → indices into groups_. Indices rather than
  // copies: a group naming thousands of agents must not multiply its rules.
  std::map<std::string, std::vector<std::size_t>, std::less<>> agents_;
  std::vector<std::string> sitemaps_;
  bool truncated_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_ROBOTS_H_
