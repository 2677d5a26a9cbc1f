// CrawlStats: what one crawl run did, per site: pages fetched, articles stored by outcome, errors
// by kind, retries, robots refusals. The crawler fills it on its event-loop thread; the summary
// line, the live progress line, the run record and the exit code are computed from it.
// A plain value; thread-compatible.
#ifndef NEWSCRAWL_CRAWL_STATS_H_
#define NEWSCRAWL_CRAWL_STATS_H_

#include <cstdint>
#include <map>
#include <string>

#include "newscrawl/store/article_store.h"

namespace newscrawl {

struct SiteCrawlStats {
  std::int64_t pages = 0;             // HTTP exchanges (redirect hops and retries included)
  std::int64_t failed = 0;            // exchanges that ended in an error or an error status
  std::int64_t articles_new = 0;      // records inserted
  std::int64_t articles_updated = 0;  // records whose content changed
  std::int64_t articles_unchanged = 0;  // same content again, or 304 Not Modified
  std::int64_t duplicates = 0;        // aliased or linked to an earlier article by content
  std::int64_t retries = 0;           // URLs scheduled for another attempt
  std::int64_t gone = 0;              // URLs given up (4xx, too many failures/redirects)
  std::int64_t robots_denied = 0;     // URLs robots.txt did not allow
  std::int64_t redirects = 0;
  std::int64_t bytes = 0;
  std::map<std::string, std::int64_t> errors_by_kind;  // ErrorKindName → count

  void Add(const SiteCrawlStats& o);
};

struct CrawlStats {
  std::map<std::string, SiteCrawlStats> sites;
  std::int64_t robots_fetches = 0;

  SiteCrawlStats Total() const;
  // failed / pages over every site; 0 when nothing was fetched.
  double FailureRatio() const;
  // "newscrawl: 120 pages, 95 articles (90 new, 3 updated, 2 unchanged), 1 duplicate, 4 errors,
  // 2 robots-denied in 12.3 s (9.8 pages/s)"
  std::string SummaryLine(double seconds) const;
  // Short live form with per-site article counts, for the terminal.
  std::string ProgressLine(double seconds) const;
  // The run record's figures (what EndRun stores), for a run that ended at `ended_at`.
  RunSummary Summary(int exit_status, std::int64_t ended_at) const;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWL_STATS_H_
