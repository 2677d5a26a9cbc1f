#include "newscrawl/crawl/crawl_stats.h"

#include <cstdio>

namespace newscrawl {

void SiteCrawlStats::Add(const SiteCrawlStats& o) {
  pages += o.pages;
  failed += o.failed;
  articles_new += o.articles_new;
  articles_updated += o.articles_updated;
  articles_unchanged += o.articles_unchanged;
  duplicates += o.duplicates;
  retries += o.retries;
  gone += o.gone;
  robots_denied += o.robots_denied;
  redirects += o.redirects;
  bytes += o.bytes;
  for (const auto& [k, n] : o.errors_by_kind) errors_by_kind[k] += n;
}

SiteCrawlStats CrawlStats::Total() const {
  SiteCrawlStats t;
  for (const auto& [site, s] : sites) t.Add(s);
  return t;
}

double CrawlStats::FailureRatio() const {
  const SiteCrawlStats t = Total();
  return t.pages == 0 ? 0.0 : static_cast<double>(t.failed) / static_cast<double>(t.pages);
}

std::string CrawlStats::SummaryLine(double seconds) const {
  const SiteCrawlStats t = Total();
  const std::int64_t articles = t.articles_new + t.articles_updated + t.articles_unchanged;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "newscrawl: %lld pages, %lld articles (%lld new, %lld updated, %lld unchanged), %lld duplicates, "
                "%lld errors, %lld retries, %lld robots-denied in %.1f s (%.1f pages/s)",
                static_cast<long long>(t.pages), static_cast<long long>(articles),
                static_cast<long long>(t.articles_new), static_cast<long long>(t.articles_updated),
                static_cast<long long>(t.articles_unchanged), static_cast<long long>(t.duplicates),
                static_cast<long long>(t.failed), static_cast<long long>(t.retries),
                static_cast<long long>(t.robots_denied), seconds,
                seconds > 0 ? static_cast<double>(t.pages) / seconds : 0.0);
  return buf;
}

std::string CrawlStats::ProgressLine(double seconds) const {
  const SiteCrawlStats t = Total();
  char buf[256];
  std::snprintf(buf, sizeof buf, "%lld pages, %lld new articles, %lld errors, %.1f pages/s |",
                static_cast<long long>(t.pages), static_cast<long long>(t.articles_new),
                static_cast<long long>(t.failed), seconds > 0 ? static_cast<double>(t.pages) / seconds : 0.0);
  std::string line = buf;
  for (const auto& [site, s] : sites) {
    line += " " + site + " " + std::to_string(s.articles_new + s.articles_updated);
  }
  return line;
}

RunSummary CrawlStats::Summary(int exit_status, std::int64_t ended_at) const {
  const SiteCrawlStats total = Total();
  RunSummary summary;
  summary.ended_at = ended_at;
  summary.exit_status = exit_status;
  summary.fetched = total.pages;
  summary.articles_new = total.articles_new;
  summary.articles_updated = total.articles_updated;
  summary.duplicates = total.duplicates;
  summary.errors = total.failed;
  return summary;
}

}  // namespace newscrawl
