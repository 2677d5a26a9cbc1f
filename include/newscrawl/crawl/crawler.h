// Crawler: one crawl run's lifecycle. Wires the CrawlFrontier (URLs, host queues), the
// PolitenessGate (robots.txt, host slots, backoff), the Fetcher, the page pipeline (discovery,
// extraction) and the database into one run (data flow in the comment atop
// src/crawl/crawler.cpp). Everything runs on one Asio event loop on the calling thread, except
// the decoding, parsing and extraction of pages, which run on `extract_threads` workers owned by
// the run and hand their results back to the loop; the one SQLite connection is used only from
// the loop thread.
//
// The caller owns the database and, on SQLite, must hold the database's RunLock for the whole Run(): Run()
// resets URLs left in progress by a killed run. RequestStop() is the only thread-safe method.
#ifndef NEWSCRAWL_CRAWLER_H_
#define NEWSCRAWL_CRAWLER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newscrawl/config/config.h"
#include "newscrawl/store/crawl_database.h"
#include "newscrawl/crawl/crawl_stats.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct CrawlOptions {
  // Site keys to crawl; empty = every configured site. Default: empty.
  std::vector<std::string> sites;
  // Overrides every site's max_pages. Default: none.
  std::optional<int> max_pages;
  // Stop on SIGINT/SIGTERM (no new work, in-flight transfers finish). Default: false.
  bool handle_signals = false;
  // Live one-line progress on stderr, refreshed twice a second. Default: false.
  bool progress = false;
  // Stop as on SIGINT once this many pages were fetched (tests: "a crawl stopped midway").
  // 0 = never. Default: 0.
  std::int64_t stop_after_pages = 0;
};

struct CrawlResult {
  std::int64_t run_id = 0;
  CrawlStats stats;
  double seconds = 0;
  bool interrupted = false;
  int exit_code = 0;  // kExitOk, kExitFailureRatio or kExitInterrupted
};

class Crawler {
 public:
  // `config` and `db` must outlive the Crawler.
  Crawler(const Config& config, CrawlDatabase& db, CrawlOptions options = {});
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  // Crawls until nothing is left for the selected sites (or their max_pages are reached, or a
  // stop was requested). Errors: InvalidArgument for an unknown site, kStorage failures.
  Result<CrawlResult> Run();

  // Asks a running crawl to stop: no new requests, in-flight ones finish, the rest is put back.
  // Thread-safe; may be called before Run().
  void RequestStop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_H_
