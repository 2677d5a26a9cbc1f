// PolitenessLedger: the politeness state that several workers on one crawl must share, kept in
// the database they share (PostgreSQL). One worker alone keeps all of it in memory (HostSlots,
// RobotsCache) and has no ledger; with several, a host's next allowed request time, its
// Retry-After / 429 / 503 backoff and its robots.txt answer have to outlive the worker that
// learned them, or a host would see two workers' requests closer than its delay, a backoff
// would start afresh when a site's lease changes hands, and every worker would fetch robots.txt
// again.
//
// The crawler asks the ledger before each request (Reserve) and tells it when the next one may
// start after the exchange ended (Release); it reads a robots.txt answer another worker stored
// before fetching its own (LoadRobots) and stores what it fetched (SaveRobots). Times are Unix
// milliseconds (wall clock: the workers may be on several machines). Implementations are called
// from the crawler's event-loop thread only.
#ifndef NEWSCRAWL_POLITENESS_LEDGER_H_
#define NEWSCRAWL_POLITENESS_LEDGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newscrawl/core/status.h"

namespace newscrawl {

// A robots.txt answer as a worker fetched it: `status` 0 = no response (unreachable, timeout).
struct StoredRobots {
  long status = 0;
  std::string body;
  std::int64_t fetched_at = 0;  // Unix seconds
};

class PolitenessLedger {
 public:
  virtual ~PolitenessLedger() = default;

  // Takes the host for one request at `now_ms` if no worker's reservation or release forbids
  // it: the host is then held until `now_ms + hold_ms` (the time a request may take, so a host
  // of concurrency 1 never has two workers' requests in flight; a killed worker's hold ends by
  // itself). Returns 0 when taken, else the milliseconds to wait before asking again.
  virtual Result<std::int64_t> Reserve(std::string_view host, std::int64_t now_ms, std::int64_t hold_ms) = 0;

  // The exchange with `host` ended: no request before `not_before_ms` (the delay from now, or a
  // longer backoff), whoever asks.
  virtual Status Release(std::string_view host, std::int64_t not_before_ms) = 0;

  // The robots.txt answer for `origin` ("scheme://host[:port]") that a worker stored last.
  virtual Result<std::optional<StoredRobots>> LoadRobots(std::string_view origin) = 0;
  virtual Status SaveRobots(std::string_view origin, const StoredRobots& robots) = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_POLITENESS_LEDGER_H_
