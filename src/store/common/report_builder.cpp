#include "common/report_builder.h"

#include <algorithm>
#include <utility>

namespace newscrawl::store {
namespace {

FillRates FillFromCounts(const StatsRows::FillCounts& counts) {
  FillRates f;
  f.articles = counts.articles;
  const std::vector<std::string>& fields = FillRateFields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const double filled = i < counts.filled.size() ? static_cast<double>(counts.filled[i]) : 0.0;
    f.rate[fields[i]] = f.articles > 0 ? filled / static_cast<double>(f.articles) : 0.0;
  }
  return f;
}

SiteStats SiteStatsOf(StatsRows& rows, const std::string& site, std::optional<std::int64_t> last_run) {
  SiteStats st;
  st.site = site;
  st.fill = FillFromCounts(rows.Fill(site, std::nullopt));
  st.articles = st.fill.articles;
  if (last_run) st.new_in_last_run = rows.NewInRun(site, *last_run);
  st.duplicates_merged = rows.DuplicatesMerged(site);
  st.near_duplicates = rows.NearDuplicates(site);
  st.fetch_errors_by_kind = rows.FetchErrorsByKind(site, last_run);
  for (std::int64_t run : rows.RunsWithNewArticles(site, 2)) {
    st.recent_runs.push_back({run, FillFromCounts(rows.Fill(site, run))});
  }
  return st;
}

// Sites with articles (the stats) and sites only fetched so far (the tally adds those), by name.
void SeedSites(const StoreStats& stats, FetchTally& tally) {
  for (const SiteStats& st : stats.sites) tally.sites[st.site].site = st.site;
}

void AddSiteDetails(ReportRows& rows, const ReportOptions& options, SiteReport& sr,
                    std::map<std::int64_t, SiteRunReport>& runs) {
  sr.articles_per_day = rows.ArticlesPerDay(sr.site);
  sr.latest = rows.LatestArticles(sr.site, std::max(0, options.latest_per_site));
  for (auto& [run, row] : runs) {
    row.run_id = run;
    sr.runs.push_back(std::move(row));
  }
}

}  // namespace

StoreStats ComputeStoreStats(StatsRows& rows) {
  StoreStats stats;
  stats.last_run_id = rows.LastRunId();
  for (const std::string& site : rows.SiteNames()) stats.sites.push_back(SiteStatsOf(rows, site, stats.last_run_id));
  return stats;
}

void FetchTally::Select(std::string_view site, std::optional<std::int64_t> run) {
  if (selected_ && site_name_ == site && run_id_ == run) return;
  selected_ = true;
  site_name_ = site;
  run_id_ = run;
  site_ = &sites[site_name_];
  site_->site = site_name_;
  site_durations_ = &site_ms_[site_name_];
  run_ = run ? &runs[site_name_][*run] : nullptr;
  run_durations_ = run ? &run_ms_[site_name_][*run] : nullptr;
}

void FetchTally::AddStatus(std::string_view site, std::optional<std::int64_t> run, int http_status,
                           const std::string& error_kind, std::int64_t count) {
  Select(site, run);
  site_->status.Add(http_status, error_kind, count);
  if (run_ != nullptr) run_->status.Add(http_status, error_kind, count);
  total_fetches += count;
}

void FetchTally::AddDuration(std::string_view site, std::optional<std::int64_t> run, std::int64_t ms) {
  Select(site, run);
  site_durations_->push_back(ms);
  if (run_durations_ != nullptr) run_durations_->push_back(ms);
}

void FetchTally::SummarizeLatencies() {
  for (auto& [name, durations] : site_ms_) {
    if (!durations.empty()) sites[name].latency = SummarizeLatency(durations);
  }
  for (auto& [name, per_run] : run_ms_) {
    for (auto& [id, durations] : per_run) {
      if (!durations.empty()) runs[name][id].latency = SummarizeLatency(durations);
    }
  }
}

ReportData BuildReportData(StoreStats stats, ReportRows& rows, const ReportOptions& options) {
  ReportData data;
  data.stats = std::move(stats);
  data.drifts = LayoutDrifts(data.stats);
  data.runs = rows.Runs();
  FetchTally tally;
  SeedSites(data.stats, tally);
  rows.TallyFetches(tally);
  tally.SummarizeLatencies();
  data.total_fetches = tally.total_fetches;
  rows.NewArticlesPerRun([&](const std::string& site, std::int64_t run, std::int64_t n) {
    tally.runs[site][run].articles_new = n;
  });
  for (auto& [name, sr] : tally.sites) {
    AddSiteDetails(rows, options, sr, tally.runs[name]);
    data.sites.push_back(std::move(sr));
  }
  return data;
}

}  // namespace newscrawl::store
