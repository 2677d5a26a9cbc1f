#include "newscrawl/politeness/host_slots.h"

#include <algorithm>
#include <cmath>

#include "newscrawl/core/log.h"

namespace newscrawl {

using std::chrono::milliseconds;

HostSlots::HostSlots(HostSlotsOptions options, Clock clock) : options_(options), clock_(std::move(clock)) {}

const HostSlots::Slot* HostSlots::Find(const std::string& host) const {
  auto it = slots_.find(host);
  return it == slots_.end() ? nullptr : &it->second;
}

bool HostSlots::SetCrawlDelay(const std::string& host, double seconds) {
  if (!(seconds > 0)) {
    slots_[host].crawl_delay = milliseconds(0);
    return false;
  }
  const double max_s = options_.max_crawl_delay.count() / 1000.0;
  const bool clamped = seconds > max_s;
  const double s = std::min(seconds, max_s);
  slots_[host].crawl_delay = milliseconds(static_cast<std::int64_t>(std::llround(s * 1000.0)));
  if (clamped) {
    Logger("polite")->info("{}: Crawl-delay {} s clamped to max_crawl_delay_s = {} s", host, seconds, max_s);
  }
  return clamped;
}

milliseconds HostSlots::CurrentDelay(const std::string& host) const {
  const Slot* s = Find(host);
  if (!s) return options_.per_host_delay;
  return std::max({options_.per_host_delay, s->crawl_delay, s->backoff});
}

int HostSlots::InFlight(const std::string& host) const {
  const Slot* s = Find(host);
  return s ? s->in_flight : 0;
}

void HostSlots::BlockUntil(const std::string& host, SteadyClock::time_point at) {
  Slot& s = slots_[host];
  s.blocked_until = std::max(s.blocked_until, at);
}

SteadyClock::time_point HostSlots::NextStartAt(const std::string& host) const {
  const Slot* s = Find(host);
  if (!s) return SteadyClock::time_point::min();
  SteadyClock::time_point at = s->blocked_until;
  if (s->last_start) {
    const milliseconds d = CurrentDelay(host);
    // A margin (margin_fraction of the delay, 2–100 ms) so the server still sees the full delay
    // when it reads one request later after it was sent than the next (a new connection's
    // accept, a busy server thread): the delay is a promise about what the site observes.
    milliseconds margin(0);
    if (d.count() > 0 && options_.margin_fraction > 0) {
      margin = std::clamp(milliseconds(static_cast<std::int64_t>(static_cast<double>(d.count()) * options_.margin_fraction)),
                          milliseconds(2), milliseconds(100));
    }
    at = std::max(at, *s->last_start + d + margin);
  }
  return at;
}

bool HostSlots::CanStart(const std::string& host) const {
  const Slot* s = Find(host);
  if (!s) return true;
  if (s->in_flight >= options_.per_host_concurrency) return false;
  return NextStartAt(host) <= clock_();
}

void HostSlots::OnDispatch(const std::string& host) {
  Slot& s = slots_[host];
  ++s.in_flight;
  const auto now = clock_();
  s.last_start = s.last_start ? std::max(*s.last_start, now) : now;
}

void HostSlots::OnRequestStarted(const std::string& host, SteadyClock::time_point started_at) {
  Slot& s = slots_[host];
  // Only ever moves forward: the dispatch time stays the lower bound.
  if (!s.last_start || started_at > *s.last_start) s.last_start = started_at;
}

void HostSlots::OnFinish(const std::string& host, bool success, bool throttled,
                         std::optional<milliseconds> retry_after) {
  Slot& s = slots_[host];
  if (s.in_flight > 0) --s.in_flight;
  const auto now = clock_();
  // With one request at a time, the delay runs from the end of the previous exchange (as Colly
  // does): the server read the request before the answer came back, so its own log can never
  // show two starts closer than the delay, however late it read the earlier one.
  if (options_.per_host_concurrency == 1) s.last_start = s.last_start ? std::max(*s.last_start, now) : now;
  if (throttled || !success) {
    // Double the backoff, at least the first step; a Retry-After is a floor for the whole host.
    milliseconds next = s.backoff.count() == 0 ? options_.initial_backoff : s.backoff * 2;
    if (retry_after) {
      next = std::max(next, *retry_after);
      s.blocked_until = std::max(s.blocked_until, now + *retry_after);
    }
    s.backoff = std::min(next, options_.max_backoff);
    Logger("polite")->info("{}: backing off, delay between requests now {} ms", host,
                           CurrentDelay(host).count());
  } else if (s.backoff.count() > 0) {
    // Decay slowly: one success does not prove the host has recovered.
    s.backoff = s.backoff / 2;
    if (s.backoff < options_.per_host_delay || s.backoff < milliseconds(10)) s.backoff = milliseconds(0);
  }
}

std::optional<std::string> HostSlots::PickHost(const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  SteadyClock::time_point best_at{};
  std::uint64_t best_pick = 0;
  const auto now = clock_();
  for (const std::string& host : candidates) {
    const Slot* s = Find(host);
    if (s && s->in_flight >= options_.per_host_concurrency) continue;
    // Hosts ready now compete on equal terms (round robin by last pick); others by readiness.
    const auto at = std::max(NextStartAt(host), now);
    const std::uint64_t pick = s ? s->last_pick : 0;
    if (!best || at < best_at || (at == best_at && pick < best_pick)) {
      best = &host;
      best_at = at;
      best_pick = pick;
    }
  }
  if (!best) return std::nullopt;
  slots_[*best].last_pick = ++pick_counter_;
  return *best;
}

}  // namespace newscrawl
