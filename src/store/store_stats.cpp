// Pure helpers over StoreStats, shared by every ArticleStore backend.
#include <cmath>
#include <cstdio>

#include "newscrawl/article_store.h"

namespace newscrawl {

const std::vector<std::string>& FillRateFields() {
  static const std::vector<std::string> kFields = {"title", "byline", "lead", "body", "images", "date"};
  return kFields;
}

std::vector<std::string> LayoutDriftWarnings(const StoreStats& stats, double max_drop_points,
                                             std::int64_t min_articles) {
  std::vector<std::string> warnings;
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
        warnings.emplace_back(buf);
      }
    }
  }
  return warnings;
}

}  // namespace newscrawl
