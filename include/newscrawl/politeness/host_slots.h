// HostSlots: the politeness kernel. Per host (the "host:port" key of the URL), it tracks the
// requests in flight, when the last request to it started, and the current delay between starts:
//   delay = max(per_host_delay, Crawl-delay clamped to max_crawl_delay, backoff).
// A host may start a request when it has a free slot (in flight < per_host_concurrency) and the
// delay has passed since the last start. "Start" is recorded twice: at dispatch (a lower bound,
// so two dispatches are never closer than the delay) and again when the request really went out
// (FetchResult::started_at, later when the connection took time), whichever is later counts.
// With per_host_concurrency 1 the end of the previous exchange counts too (the delay then runs
// from it), which guarantees the site's own log shows the full delay.
// Backoff: 429/503 (and other retryable failures) double the host's backoff (at least the
// Retry-After value, host-wide, capped); each success halves it again.
// Fairness: PickHost returns, among hosts with queued work, the one allowed to start earliest;
// ties go round robin, so one slow host never blocks the others.
//
// Time comes from an injectable Clock so tests are deterministic. Not thread-safe: the crawler's
// event loop owns it.
#ifndef NEWSCRAWL_HOST_SLOTS_H_
#define NEWSCRAWL_HOST_SLOTS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace newscrawl {

using SteadyClock = std::chrono::steady_clock;
using Clock = std::function<SteadyClock::time_point()>;

struct HostSlotsOptions {
  // Requests in flight per host. Default: 1.
  int per_host_concurrency = 1;
  // Minimum time between the starts of two requests to one host. Default: 1000 ms.
  std::chrono::milliseconds per_host_delay{1000};
  // Crawl-delay values above this are clamped. Default: 30 s.
  std::chrono::milliseconds max_crawl_delay{30'000};
  // Upper bound of the backoff delay. Default: 5 min.
  std::chrono::milliseconds max_backoff{300'000};
  // First backoff step after a failure without Retry-After. Default: 1000 ms.
  std::chrono::milliseconds initial_backoff{1000};
  // Extra wait on top of the delay, as a fraction of it (at least 2 ms, at most 100 ms), so the
  // server's own log never shows two starts closer than the delay. 0 = none. Default: 0.05.
  double margin_fraction = 0.05;
};

class HostSlots {
 public:
  explicit HostSlots(HostSlotsOptions options, Clock clock = [] { return SteadyClock::now(); });

  // Sets a host's robots.txt Crawl-delay (seconds); returns true if it was clamped.
  bool SetCrawlDelay(const std::string& host, double seconds);

  // When `host` may start its next request (now or earlier if it may start at once), ignoring
  // the concurrency limit.
  SteadyClock::time_point NextStartAt(const std::string& host) const;
  // Whether `host` has a free slot and its delay has passed.
  bool CanStart(const std::string& host) const;

  // No request to `host` before `at` (another worker's request or backoff, told by the shared
  // PolitenessLedger); a later block from Retry-After still wins.
  void BlockUntil(const std::string& host, SteadyClock::time_point at);
  // A request to `host` is dispatched now: takes a slot and records the start.
  void OnDispatch(const std::string& host);
  // The request really went out at `started_at` (may be later than the dispatch).
  void OnRequestStarted(const std::string& host, SteadyClock::time_point started_at);
  // The request finished: frees the slot. `retry_after` (host-wide backoff) with `throttled`
  // (429/503) or `failed` (timeouts, 5xx) raise the backoff; a success lets it decay.
  void OnFinish(const std::string& host, bool success, bool throttled,
                std::optional<std::chrono::milliseconds> retry_after);

  // Among `candidates` (hosts with queued work), the one that may start first, with a free slot;
  // round robin among those ready now. nullopt if none has a free slot.
  std::optional<std::string> PickHost(const std::vector<std::string>& candidates);

  // The current delay between starts for `host` (without the safety margin).
  std::chrono::milliseconds CurrentDelay(const std::string& host) const;
  int InFlight(const std::string& host) const;
  SteadyClock::time_point Now() const { return clock_(); }

 private:
  struct Slot {
    int in_flight = 0;
    std::optional<SteadyClock::time_point> last_start;
    std::chrono::milliseconds crawl_delay{0};
    std::chrono::milliseconds backoff{0};
    // A Retry-After forbids any start before this point, whatever the delay.
    SteadyClock::time_point blocked_until{};
    std::uint64_t last_pick = 0;  // round-robin order
  };
  const Slot* Find(const std::string& host) const;

  HostSlotsOptions options_;
  Clock clock_;
  std::map<std::string, Slot> slots_;
  std::uint64_t pick_counter_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_HOST_SLOTS_H_
