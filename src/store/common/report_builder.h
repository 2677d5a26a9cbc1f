// What `stats` and `report` show, computed once for every backend: ComputeStoreStats assembles
// StoreStats from StatsRows, BuildReportData assembles ReportData from ReportRows. A backend
// answers only the queries (each method one statement); the figures' meaning lives here.
// Methods may throw the backend's storage exception; the backend's read wrapper turns it into a
// Status. Private to src/store.
#ifndef NEWSCRAWL_STORE_COMMON_REPORT_BUILDER_H_
#define NEWSCRAWL_STORE_COMMON_REPORT_BUILDER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/store/article_store.h"
#include "newscrawl/report/report_data.h"

namespace newscrawl::store {

class StatsRows {
 public:
  virtual ~StatsRows() = default;
  virtual std::optional<std::int64_t> LastRunId() = 0;
  // Every site the store knows, by name.
  virtual std::vector<std::string> SiteNames() = 0;
  // Originals of `site` and, per FillRateFields() field, how many have it; only those first
  // seen in `first_run` if given.
  struct FillCounts {
    std::int64_t articles = 0;
    std::vector<std::int64_t> filled;  // one per FillRateFields() field
  };
  virtual FillCounts Fill(const std::string& site, std::optional<std::int64_t> first_run) = 0;
  // Originals of `site` first seen in `run`.
  virtual std::int64_t NewInRun(const std::string& site, std::int64_t run) = 0;
  // Near duplicates linked plus URLs aliased by equal content.
  virtual std::int64_t DuplicatesMerged(const std::string& site) = 0;
  virtual std::int64_t NearDuplicates(const std::string& site) = 0;
  // Failed fetches by error kind, of `run` only if given.
  virtual std::map<std::string, std::int64_t> FetchErrorsByKind(const std::string& site,
                                                                std::optional<std::int64_t> run) = 0;
  // The latest `limit` runs in which the site got originals, newest first.
  virtual std::vector<std::int64_t> RunsWithNewArticles(const std::string& site, int limit) = 0;
};

StoreStats ComputeStoreStats(StatsRows& rows);

// Collects the fetch log for the report: the status mix per site and per (site, run), and the
// durations of answered requests for the latency summaries. Rows of one site and run tend to come
// together, so the map entries of the last row's (site, run) are kept.
class FetchTally {
 public:
  // `count` fetches of (site, run) with this status and error kind ("" for none).
  void AddStatus(std::string_view site, std::optional<std::int64_t> run, int http_status,
                 const std::string& error_kind, std::int64_t count = 1);
  // The duration of one answered fetch (http_status > 0: a timeout's duration is the timeout,
  // not the site's speed).
  void AddDuration(std::string_view site, std::optional<std::int64_t> run, std::int64_t ms);
  // Sets the latency summaries from the durations added.
  void SummarizeLatencies();

  std::map<std::string, SiteReport> sites;                            // by site name
  std::map<std::string, std::map<std::int64_t, SiteRunReport>> runs;  // by site, then run id
  std::int64_t total_fetches = 0;

 private:
  void Select(std::string_view site, std::optional<std::int64_t> run);

  std::map<std::string, std::vector<std::int64_t>> site_ms_;
  std::map<std::string, std::map<std::int64_t, std::vector<std::int64_t>>> run_ms_;
  // The entries of the last (site, run); run entries are null for a fetch outside any run.
  bool selected_ = false;
  std::string site_name_;
  std::optional<std::int64_t> run_id_;
  SiteReport* site_ = nullptr;
  SiteRunReport* run_ = nullptr;
  std::vector<std::int64_t>* site_durations_ = nullptr;
  std::vector<std::int64_t>* run_durations_ = nullptr;
};

class ReportRows {
 public:
  virtual ~ReportRows() = default;
  // Every run, by id.
  virtual std::vector<ReportRun> Runs() = 0;
  // Feeds the fetch log (fetches with a site) to `tally`.
  virtual void TallyFetches(FetchTally& tally) = 0;
  // Calls `fn(site, run, originals)` for each (site, first run) with originals.
  virtual void NewArticlesPerRun(
      const std::function<void(const std::string& site, std::int64_t run, std::int64_t n)>& fn) = 0;
  // Originals of `site` by first-seen day, ascending.
  virtual std::vector<DayCount> ArticlesPerDay(const std::string& site) = 0;
  // The `limit` originals of `site` first seen last, newest first.
  virtual std::vector<ReportArticle> LatestArticles(const std::string& site, int limit) = 0;
};

// The report over `stats` (ComputeStoreStats, read in the same snapshot as `rows`).
ReportData BuildReportData(StoreStats stats, ReportRows& rows, const ReportOptions& options);

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_COMMON_REPORT_BUILDER_H_
