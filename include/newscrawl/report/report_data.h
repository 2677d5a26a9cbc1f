// ReportData: everything `newscrawl report` shows, as plain values read from an ArticleStore in
// one call (ArticleStore::ComputeReportData), so the HTML renderer (run_report.h) never touches
// the database. Per site it carries articles over time, the fetch status mix and latency of each
// run and overall, the fill rates and layout-drift findings of ComputeStats() (reused, not
// recomputed), and the latest articles. Plain value types; thread-compatible.
#ifndef NEWSCRAWL_REPORT_DATA_H_
#define NEWSCRAWL_REPORT_DATA_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "newscrawl/store/article_store.h"

namespace newscrawl {

// One row of the runs table. Fields EndRun writes are empty while a run is open (or if it died).
struct ReportRun {
  std::int64_t id = 0;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  std::optional<int> exit_status;
  std::optional<std::int64_t> fetched;
  std::optional<std::int64_t> articles_new;
  std::optional<std::int64_t> articles_updated;
  std::optional<std::int64_t> duplicates;
  std::optional<std::int64_t> errors;
};

// Fetches by outcome. A fetch is counted by its HTTP status class, except failures that are not
// an HTTP error status: no response at all (http_status 0: timeout, refused, DNS...) or a
// response that could not be used (a 200 that was too large, undecodable...), which are counted
// under their error kind in `failed`.
struct FetchStatusMix {
  std::int64_t ok = 0;            // 2xx
  std::int64_t not_modified = 0;  // 304 (a conditional request that saved a download)
  std::int64_t redirect = 0;      // other 3xx
  std::int64_t client_error = 0;  // 4xx
  std::int64_t server_error = 0;  // 5xx (and any status >= 600)
  std::map<std::string, std::int64_t> failed;  // error kind name ("timeout") -> count

  std::int64_t FailedTotal() const;
  std::int64_t Total() const;
  // Adds one fetch: `http_status` 0 means no response; `error_kind` is "" for a success.
  void Add(int http_status, const std::string& error_kind, std::int64_t count = 1);
};

// Upper bounds (exclusive, ms) of the latency histogram buckets; the last bucket is open-ended.
inline constexpr std::array<std::int64_t, 8> kLatencyBucketBoundsMs = {50, 100, 200, 500, 1000, 2000, 5000, 10000};
inline constexpr std::size_t kLatencyBuckets = kLatencyBucketBoundsMs.size() + 1;

// Durations of the fetches that got a response (timeouts would only measure the timeout).
struct LatencySummary {
  std::int64_t count = 0;
  std::array<std::int64_t, kLatencyBuckets> buckets{};  // counts per bucket, see bounds above
  // Nearest-rank percentiles in ms; 0 when count is 0.
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
};

// The bucket index of a duration.
std::size_t LatencyBucket(std::int64_t duration_ms);
// Histogram and nearest-rank percentiles of `durations_ms` (any order; sorted in place).
LatencySummary SummarizeLatency(std::vector<std::int64_t>& durations_ms);

// A site's activity in one run.
struct SiteRunReport {
  std::int64_t run_id = 0;
  std::int64_t articles_new = 0;  // originals first seen in the run
  FetchStatusMix status;
  LatencySummary latency;
};

struct DayCount {
  std::int64_t day = 0;  // Unix day number (UTC): unix_seconds / 86400
  std::int64_t count = 0;
};

struct ReportArticle {
  std::int64_t id = 0;
  std::string title;
  std::string lead;
  std::string url;  // canonical URL, else the fetched URL
  std::optional<std::string> published_at;
  std::int64_t first_seen = 0;
};

struct SiteReport {
  std::string site;
  std::vector<DayCount> articles_per_day;  // originals by first-seen day, ascending, days with 0 left out
  std::vector<SiteRunReport> runs;         // runs in which the site was fetched or got articles, ascending
  FetchStatusMix status;                   // all fetches of the site
  LatencySummary latency;                  // all fetches of the site with a response
  std::vector<ReportArticle> latest;       // newest first_seen first (originals only)
};

struct ReportData {
  std::vector<ReportRun> runs;  // ascending id
  std::vector<SiteReport> sites;  // by site name; same order as stats.sites for sites in both
  std::int64_t total_fetches = 0;
  // ComputeStats() and its LayoutDrifts(), exactly as `newscrawl stats` shows them.
  StoreStats stats;
  std::vector<LayoutDrift> drifts;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_REPORT_DATA_H_
