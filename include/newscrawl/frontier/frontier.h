// Frontier: the persistent queue of URLs to fetch (Scrapy's scheduler contract) and the URL
// seen-set. One row per canonical URL: Enqueue of a known URL is refused, so URL dedup lives here.
// The interface is what the crawler sees; SqliteStore (sqlite_store.h) implements it, and another
// backend (PostgreSQL) can implement it later. Times are Unix seconds. Implementations need not
// be thread-safe: the crawler drives the frontier from its one event-loop thread.
#ifndef NEWSCRAWL_FRONTIER_H_
#define NEWSCRAWL_FRONTIER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl {

class PolitenessLedger;  // politeness_ledger.h

enum class UrlKind { kArticle, kListing, kFeed, kSitemap, kRobots, kStart };
enum class UrlStatus {
  kPending,     // never fetched, or due again (Reschedule, reset after a crash)
  kInProgress,  // handed out by Next and not yet marked
  kDone,        // fetched; due again at next_fetch_at if that is set (recheck)
  kFailed,      // the last attempt failed; retried at next_fetch_at
  kGone,        // given up (404/410, too many attempts); never handed out again
};

// Stable lower-case names ("article", "in_progress"), as stored; and back.
std::string_view UrlKindName(UrlKind kind);
std::optional<UrlKind> UrlKindFromName(std::string_view name);
std::string_view UrlStatusName(UrlStatus status);
std::optional<UrlStatus> UrlStatusFromName(std::string_view name);

// HTTP cache validators of the last successful fetch, sent back as If-None-Match /
// If-Modified-Since on a recheck.
struct Validators {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;

  bool operator==(const Validators&) const = default;
};

struct UrlEntry {
  std::string url;   // canonical form (the crawler canonicalises before enqueueing)
  std::string site;  // site key
  UrlKind kind = UrlKind::kArticle;
  // Higher first; then newer published_at first, then earlier next_fetch_at. Default 0.
  int priority = 0;
  std::optional<std::int64_t> published_at;  // from a feed / sitemap, for newest-first
  int depth = 0;                             // links followed from a start URL
  std::optional<std::string> discovered_from;
  UrlStatus status = UrlStatus::kPending;  // ignored by Enqueue (always pending)
  int attempts = 0;                        // consecutive failures; ignored by Enqueue
  std::int64_t next_fetch_at = 0;          // not handed out before this time. Default 0 (now)
  Validators validators;                   // ignored by Enqueue
  std::optional<std::string> last_error;   // ignored by Enqueue
};

class Frontier {
 public:
  virtual ~Frontier() = default;

  // Adds a pending URL. Returns false if the URL is already known (in any status): that is the
  // URL dedup, so a URL is never queued twice.
  virtual Result<bool> Enqueue(const UrlEntry& entry) = 0;

  // Makes a known URL due again at `at` (start and listing pages, fetched every run). Returns
  // false if the URL is unknown; leaves an in-progress URL alone.
  virtual Result<bool> Reschedule(std::string_view url, std::int64_t at) = 0;

  // The best URL due at `now` (pending, failed-and-retry-due, or done-and-recheck-due) of one
  // of `sites` (empty: any site), marked in progress; nullopt when nothing is due now (which is
  // not "empty": see HasPending). A run of some sites never takes another site's URLs.
  virtual Result<std::optional<UrlEntry>> Next(std::int64_t now, const std::vector<std::string>& sites) = 0;
  Result<std::optional<UrlEntry>> Next(std::int64_t now) { return Next(now, {}); }

  // The fetch succeeded: done, validators stored, failures cleared; due again at recheck_at
  // (nullopt: never). Crash safety: call this after the article of the URL was written
  // (UpsertArticle), on the same store, so both reach the disk in one transaction or the URL
  // stays unacknowledged and is fetched again.
  virtual Status MarkDone(std::string_view url, const Validators& validators,
                          std::optional<std::int64_t> recheck_at) = 0;

  // A recheck answered 304 Not Modified: done again, the article's last_seen set to `seen_at`.
  virtual Status MarkUnchanged(std::string_view url, std::int64_t seen_at,
                               std::optional<std::int64_t> recheck_at) = 0;

  // The fetch failed with `error`: retried at retry_at, or gone when retry_at is nullopt.
  // Counts one more attempt.
  virtual Status MarkFailed(std::string_view url, std::string_view error,
                            std::optional<std::int64_t> retry_at) = 0;

  // Whether any URL is pending, in progress or waiting for a retry (done URLs waiting for a
  // recheck do not count, or a crawl would never end).
  virtual Result<bool> HasPending() = 0;

  // Earliest next_fetch_at among pending and failed URLs; nullopt if there are none.
  virtual Result<std::optional<std::int64_t>> NextDueAt() = 0;

  // When Next found nothing due for `sites`: in how many milliseconds to ask again, because
  // work is held back for a while rather than absent (a host lease another worker holds, a
  // lease hand-over wait); nullopt = nothing is held back, a crawl with nothing left may end.
  // A frontier used by one process alone holds nothing back: the default.
  virtual Result<std::optional<std::int64_t>> HeldBackRetryMs(const std::vector<std::string>& sites) {
    return std::optional<std::int64_t>();
  }

  // The politeness state this frontier shares with other workers (politeness_ledger.h), owned
  // by the frontier; nullptr for a frontier used by one process alone (the default), whose
  // crawler keeps that state in memory.
  virtual PolitenessLedger* SharedPoliteness() { return nullptr; }

  // Puts URLs left in progress by a killed run back to pending; returns how many. Call once at
  // the start of a run, after taking the RunLock (never from a read-only command: it would
  // reset the running crawler's in-flight URLs).
  virtual Result<std::int64_t> ResetInProgress() = 0;

  virtual Result<std::optional<UrlEntry>> GetUrl(std::string_view url) = 0;
  virtual Result<std::map<UrlStatus, std::int64_t>> CountByStatus() = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_FRONTIER_H_
