// Pure helpers over StoreStats and ReportData, shared by every ArticleStore backend.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "newscrawl/store/article_store.h"
#include "newscrawl/report/report_data.h"

namespace newscrawl {

const std::vector<std::string>& FillRateFields() {
  static const std::vector<std::string> kFields = {"title", "byline", "lead", "body", "images", "date"};
  return kFields;
}

std::vector<LayoutDrift> LayoutDrifts(const StoreStats& stats, double max_drop_points, std::int64_t min_articles) {
  std::vector<LayoutDrift> drifts;
  for (const SiteStats& site : stats.sites) {
    if (site.recent_runs.size() < 2) continue;
    const RunFillRates& last = site.recent_runs[0];
    const RunFillRates& previous = site.recent_runs[1];
    // Small runs swing by chance; only compare runs with enough new articles.
    if (last.fill.articles < min_articles || previous.fill.articles < min_articles) continue;
    for (const std::string& field : FillRateFields()) {
      const double before = previous.fill.rate.count(field) ? previous.fill.rate.at(field) * 100.0 : 0.0;
      const double after = last.fill.rate.count(field) ? last.fill.rate.at(field) * 100.0 : 0.0;
      if (before - after > max_drop_points) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "site %s: %s fill rate fell from %.0f%% (run %lld, %lld articles) to %.0f%% "
                      "(run %lld, %lld articles); the site may have changed its layout",
                      site.site.c_str(), field.c_str(), before, static_cast<long long>(previous.run_id),
                      static_cast<long long>(previous.fill.articles), after,
                      static_cast<long long>(last.run_id), static_cast<long long>(last.fill.articles));
        drifts.push_back({site.site, field, before, after, previous.run_id, last.run_id, buf});
      }
    }
  }
  return drifts;
}

std::vector<std::string> LayoutDriftWarnings(const StoreStats& stats, double max_drop_points,
                                             std::int64_t min_articles) {
  std::vector<std::string> warnings;
  for (LayoutDrift& d : LayoutDrifts(stats, max_drop_points, min_articles)) warnings.push_back(std::move(d.message));
  return warnings;
}

Result<ReportData> ArticleStore::ComputeReportData(const ReportOptions& /*options*/) {
  return Status(ErrorKind::kUnsupported, "this store backend has no report queries");
}

Result<DedupRecheckReport> ArticleStore::RecheckNearDuplicates(bool /*all*/, std::int64_t /*now*/) {
  return Status(ErrorKind::kUnsupported, "this store backend cannot recheck near-duplicate links");
}

Result<std::vector<DedupLinkInfo>> ArticleStore::ListDuplicateLinks(const std::optional<std::string>& /*site*/) {
  return Status(ErrorKind::kUnsupported, "this store backend cannot list near-duplicate links");
}

std::int64_t FetchStatusMix::FailedTotal() const {
  std::int64_t n = 0;
  for (const auto& [kind, count] : failed) n += count;
  return n;
}

std::int64_t FetchStatusMix::Total() const {
  return ok + not_modified + redirect + client_error + server_error + FailedTotal();
}

void FetchStatusMix::Add(int http_status, const std::string& error_kind, std::int64_t count) {
  // A 4xx/5xx is an HTTP error whatever kind the fetcher logged with it; below 400 an error kind
  // means the response was not usable (so it must not count as a success).
  const bool unusable = !error_kind.empty() && error_kind != "http_status" && http_status < 400;
  if (http_status <= 0 || unusable) {
    failed[error_kind.empty() ? "unknown" : error_kind] += count;
  } else if (http_status == 304) {
    not_modified += count;
  } else if (http_status < 300) {
    ok += count;  // 1xx never reaches the log (curl consumes it); counted as success if it did
  } else if (http_status < 400) {
    redirect += count;
  } else if (http_status < 500) {
    client_error += count;
  } else {
    server_error += count;
  }
}

std::size_t LatencyBucket(std::int64_t duration_ms) {
  const auto it = std::upper_bound(kLatencyBucketBoundsMs.begin(), kLatencyBucketBoundsMs.end(), duration_ms);
  return static_cast<std::size_t>(it - kLatencyBucketBoundsMs.begin());
}

LatencySummary SummarizeLatency(std::vector<std::int64_t>& durations_ms) {
  LatencySummary s;
  s.count = static_cast<std::int64_t>(durations_ms.size());
  if (durations_ms.empty()) return s;
  std::sort(durations_ms.begin(), durations_ms.end());
  for (std::int64_t d : durations_ms) ++s.buckets[LatencyBucket(d)];
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const auto rank = [&](double p) {
    const auto r = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(durations_ms.size())));
    return durations_ms[std::max<std::size_t>(r, 1) - 1];
  };
  s.p50 = rank(50);
  s.p90 = rank(90);
  s.p99 = rank(99);
  s.max = durations_ms.back();
  return s;
}

}  // namespace newscrawl
