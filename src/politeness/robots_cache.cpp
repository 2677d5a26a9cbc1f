#include "newscrawl/politeness/robots_cache.h"

#include "newscrawl/url/url.h"

namespace newscrawl {

RobotsCache::Lookup RobotsCache::Get(const std::string& origin, std::int64_t now) {
  Entry& e = entries_[origin];
  if (e.pending) return {State::kPending, nullptr, false};
  if (e.has_rules && now < e.expires_at) return {State::kReady, &e.rules, e.unavailable};
  // Missing or expired: this caller fetches; the old rules (if any) stay until Complete.
  e.pending = true;
  return {State::kFetch, nullptr, false};
}

const RobotsRules& RobotsCache::Complete(const std::string& origin, long status, std::string_view body,
                                         std::int64_t now) {
  Entry& e = entries_[origin];
  e.pending = false;
  e.has_rules = true;
  e.unavailable = false;
  if (status >= 200 && status < 300) {
    e.rules = RobotsRules::Parse(body);
    e.expires_at = now + options_.ttl_s;
  } else if (status >= 400 && status < 500) {
    // RFC 9309 §2.3.1.3: "unavailable" — the crawler may access any resource.
    e.rules = RobotsRules::AllowAll();
    e.expires_at = now + options_.ttl_s;
  } else {
    // §2.3.1.4: "unreachable" (5xx, no answer, and here also a 3xx loop we gave up on) —
    // assume complete disallow, and ask again later.
    e.rules = RobotsRules::DisallowAll();
    e.unavailable = true;
    e.expires_at = now + options_.error_retry_s;
  }
  return e.rules;
}

void RobotsCache::Abandon(const std::string& origin) {
  auto it = entries_.find(origin);
  if (it != entries_.end()) it->second.pending = false;
}

std::string RobotsCache::OriginOf(std::string_view url) {
  Result<Url> u = Url::Parse(url);
  return u.ok() ? u->Origin() : std::string();
}

std::string RobotsCache::RobotsUrlFor(std::string_view url) {
  const std::string origin = OriginOf(url);
  return origin.empty() ? origin : origin + "/robots.txt";
}

}  // namespace newscrawl
