// PolitenessGate: the one answer to "may this URL be fetched now, and if not, when". It owns
// everything the crawl knows about how to treat a host: the robots.txt rules of each origin
// (RobotsCache: one fetch per origin, RFC 9309 error rules, Crawl-delay), the per-host slots and
// delays (HostSlots), Retry-After and 429/503 backoff, the retry and recheck policy, and, when
// several workers share a crawl (PostgreSQL), the PolitenessLedger that carries host holds and
// robots.txt answers between them. Every response goes through OnResponse, whatever it was for
// (a page, a feed, a robots.txt), so there is one rule for what a response teaches the gate.
//
// Owned by the crawl run and driven from its event loop only (not thread-safe). The ledger, if
// any, is owned by the database and must outlive the gate.
#ifndef NEWSCRAWL_POLITENESS_GATE_H_
#define NEWSCRAWL_POLITENESS_GATE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "newscrawl/config/config.h"
#include "newscrawl/fetch/fetcher.h"
#include "newscrawl/politeness/host_slots.h"
#include "newscrawl/politeness/politeness_ledger.h"
#include "newscrawl/politeness/robots_cache.h"
#include "newscrawl/core/status.h"

namespace spdlog {
class logger;
}

namespace newscrawl {

class PolitenessGate {
 public:
  // What the robots.txt of a URL's origin says about it, now.
  enum class Verdict {
    kAllowed,      // fetch it (as soon as its host's slot allows)
    kFetchRobots,  // the origin's robots.txt must be fetched first (the origin is now pending)
    kPending,      // another request is fetching that robots.txt: wait for it
    kDenied,       // disallowed (or robots.txt unavailable): see `why` and `retry_at`
  };
  struct Admission {
    Verdict verdict = Verdict::kAllowed;
    std::string why;                      // kDenied: "robots_disallowed", "robots_unavailable: ..."
    std::optional<std::int64_t> retry_at;  // kDenied by an unavailable robots.txt: ask again then
    // Sitemap: lines of rules another worker fetched and this call put in force (discovery).
    std::vector<std::string> sitemaps;
  };
  // A failed attempt's fate: retried at `due` (Unix s) after `delay_ms`, or given up.
  struct RetryPlan {
    bool retry = false;
    std::int64_t due = 0;
    double delay_ms = 0;
  };

  PolitenessGate(const CrawlerConfig& config, PolitenessLedger* ledger);

  // --- choosing a host -------------------------------------------------------------------
  // Among hosts with work, the one allowed to start first with a free slot (round robin among
  // those ready); nullopt if every one is at its concurrency limit.
  // A host's first request of the run waits one per-host delay from the run's start: the run
  // before (a kill and restart, a back-to-back cron run) may have just asked it.
  std::optional<std::string> PickHost(const std::vector<std::string>& hosts);
  bool CanStart(const std::string& host) const { return slots_.CanStart(host); }
  SteadyClock::time_point NextStartAt(const std::string& host) const { return slots_.NextStartAt(host); }
  // Whether `origin`'s robots.txt is being fetched by another request (its URLs wait).
  bool RobotsPending(const std::string& origin) const { return robots_.IsPending(origin); }

  // --- robots.txt -------------------------------------------------------------------------
  // The verdict for `path_and_query` on `origin`. May adopt a fresh answer another worker
  // fetched instead of asking for a fetch. Errors: the ledger's storage failures.
  Result<Admission> Admit(const std::string& origin, const std::string& path_and_query, std::int64_t now);
  // For a robots.txt request about to go out: whether another worker's fresh answer for
  // `origin` arrived meanwhile (then it is in force, with its sitemaps, and no fetch is needed).
  Result<std::optional<std::vector<std::string>>> AdoptShared(const std::string& origin, std::int64_t now);
  // The robots.txt fetch for `origin` ended with `r` (after OnResponse). Puts the rules in force
  // (Crawl-delay included), shares them with the other workers, releases `host`; returns the
  // rules' Sitemap: lines, absolute and canonical.
  Result<std::vector<std::string>> OnRobotsAnswer(const std::string& origin, const std::string& host,
                                                  const FetchResult& r, std::int64_t now);

  // --- the exchange -----------------------------------------------------------------------
  // With other workers: takes `host` for one request across them. False (and the host held
  // back locally until the other worker's hold ends) when another worker has it.
  Result<bool> Reserve(const std::string& host);
  // A request to `host` is going out now.
  void OnDispatch(const std::string& host) { slots_.OnDispatch(host); }
  // Any response (or failure) of a request to `host`: records when it really started, frees the
  // slot and adjusts the host's backoff (429/503 throttle, Retry-After, server trouble). Returns
  // the Retry-After of a throttling answer, a floor for that URL's retry.
  std::optional<std::chrono::milliseconds> OnResponse(const std::string& host, const FetchResult& r);
  // With other workers: tells them when `host` may be asked next (after OnResponse).
  Status Release(const std::string& host);

  // --- policy -----------------------------------------------------------------------------
  // Whether and when a URL that failed its `attempts`-th attempt with `kind` is tried again:
  // exponential backoff with jitter (0.5-1.5x) from the host delay, Retry-After as a floor.
  RetryPlan PlanRetry(int attempts, ErrorKind kind, const FetchResult& r,
                      std::optional<std::chrono::milliseconds> retry_after);
  // When a fetched article is due again (`recheck_after_h`), or never.
  std::optional<std::int64_t> RecheckAt(std::int64_t now) const;

  const RobotsCacheOptions& robots_options() const { return robots_options_; }

 private:
  const RobotsRules& PutInForce(const std::string& origin, long status, std::string_view body, std::int64_t fetched_at);
  std::vector<std::string> SitemapsOf(const RobotsRules& rules, const std::string& origin) const;

  const CrawlerConfig& config_;
  PolitenessLedger* ledger_;  // nullptr: this process crawls alone
  RobotsCacheOptions robots_options_;
  HostSlots slots_;
  RobotsCache robots_;
  std::map<std::string, std::string> robots_errors_;  // origin -> why its robots.txt failed
  SteadyClock::time_point run_start_;
  std::set<std::string> hosts_seen_;  // hosts PickHost has been offered in this run
  std::mt19937_64 rng_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_POLITENESS_GATE_H_
