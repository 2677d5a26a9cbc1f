// RobotsCache: one robots.txt per origin ("scheme://host[:port]"), fetched once and shared.
// The first Lookup of an origin returns kFetch and marks the origin pending: that caller (the
// crawler) fetches robots.txt through the politeness gate and calls Complete; every other Lookup
// meanwhile returns kPending, so concurrent first requests wait on that one fetch (Scrapy's
// pending placeholder). Answers per RFC 9309 §2.3.1: 2xx → parsed rules (the parser keeps the
// first 500 KiB), 4xx → allow all, 5xx / unreachable → disallow all until `error_retry` has
// passed, then fetched again. Good answers are cached for `ttl` (24 h).
// No I/O here: time is passed in (Unix seconds), which keeps it deterministic for tests.
// Not thread-safe: the crawler's event loop owns it.
#ifndef NEWSCRAWL_ROBOTS_CACHE_H_
#define NEWSCRAWL_ROBOTS_CACHE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "newscrawl/politeness/robots.h"

namespace newscrawl {

struct RobotsCacheOptions {
  // How long fetched rules (and 4xx allow-all) are trusted. Default: 24 h.
  std::int64_t ttl_s = 24 * 3600;
  // After a 5xx or unreachable server, everything is disallowed for this long. Default: 10 min.
  std::int64_t error_retry_s = 600;
};

class RobotsCache {
 public:
  enum class State {
    kReady,    // rules are known: use rules()
    kPending,  // another request is fetching robots.txt: wait for Complete
    kFetch,    // caller must fetch robots.txt now and call Complete (origin now pending)
  };
  struct Lookup {
    State state = State::kFetch;
    const RobotsRules* rules = nullptr;  // kReady only; valid until the next Complete of the origin
    bool unavailable = false;            // kReady from a 5xx/unreachable answer (disallow all)
  };

  explicit RobotsCache(RobotsCacheOptions options = {}) : options_(options) {}

  Lookup Get(const std::string& origin, std::int64_t now);

  // The robots.txt fetch of `origin` ended: `status` 0 = no response (unreachable, timeout).
  // Returns the rules now in force.
  const RobotsRules& Complete(const std::string& origin, long status, std::string_view body, std::int64_t now);

  // Whether a Lookup of `origin` returned kFetch and its Complete has not come yet.
  bool IsPending(const std::string& origin) const {
    auto it = entries_.find(origin);
    return it != entries_.end() && it->second.pending;
  }

  // Drops a pending mark without an answer (the fetch was abandoned at shutdown).
  void Abandon(const std::string& origin);

  // "scheme://host[:port]/robots.txt" for a URL's origin ("" if the URL does not parse).
  static std::string RobotsUrlFor(std::string_view url);
  static std::string OriginOf(std::string_view url);

 private:
  struct Entry {
    bool pending = false;
    bool has_rules = false;
    bool unavailable = false;
    RobotsRules rules = RobotsRules::AllowAll();
    std::int64_t expires_at = 0;
  };
  RobotsCacheOptions options_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_ROBOTS_CACHE_H_
