// CrawlFrontier: a run's URLs, from admission to acknowledgement. It owns
//  - admission: which discovered URLs enter (the site's domains; an article already stored under
//    another URL is not fetched again; listings, feeds and sitemaps once per run, made due again
//    when known), and their priority (discovery documents, then articles, then deeper listings);
//  - the run's sites: their link rules, compiled once, and their page budgets;
//  - the per-host queues: a bounded in-memory window over the durable queue, filled with due
//    URLs of sites that have budget left;
//  - the durable state, through the narrow `Frontier` storage interface each backend implements
//    (one row per canonical URL: the URL dedup, status, due time, validators, attempts).
// A FetchTask carries one URL through the gate, hop by hop; its URL is parsed once per hop.
//
// Owned by the crawl run and driven from its event loop only (not thread-safe). The database
// (`CrawlDatabase`: the storage and the article store on one connection) and the config must
// outlive it.
#ifndef NEWSCRAWL_CRAWL_FRONTIER_H_
#define NEWSCRAWL_CRAWL_FRONTIER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "newscrawl/config/config.h"
#include "newscrawl/store/crawl_database.h"
#include "newscrawl/discovery/link_extractor.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

// One site of the run: its rules, compiled once, and its budget.
struct CrawlSite {
  const SiteConfig* config = nullptr;
  LinkExtractor links;  // listing pages' links; which URLs are articles, which listings
  int max_pages = 0;
  std::int64_t dispatched = 0;  // requests started for the site's URLs (hops and retries too)
  std::int64_t queued = 0;      // its URLs in the host queues (robots.txt tasks not counted)

  bool HasBudget() const { return dispatched + queued < max_pages; }
};

// One URL's journey through the gate, possibly over several hops.
struct FetchTask {
  UrlEntry entry;          // as the frontier gave it (robots tasks: a synthetic entry)
  std::string fetch_url;   // the URL of the current hop
  std::string host;        // its "host:port" (the politeness key)
  std::string origin;      // its "scheme://host[:port]" (the robots.txt key)
  std::string path_and_query;  // what robots.txt rules are matched against
  std::vector<std::string> earlier_hops;
  bool robots = false;     // a robots.txt fetch for `origin`
  CrawlSite* site = nullptr;

  // Moves the task to `url` (a new hop), parsing it once for host, origin and path.
  void SetFetchUrl(std::string url);
};

// A URL found on a fetched page (listing, feed, sitemap, robots.txt) for admission.
struct DiscoveredUrl {
  std::string url;  // canonical
  UrlKind kind = UrlKind::kArticle;
  std::optional<std::int64_t> published_at;
};

class CrawlFrontier {
 public:
  CrawlFrontier(CrawlDatabase& db, std::size_t max_buffered);

  // Adds a site to the run with its page budget. Errors: bad link rules.
  Status AddSite(const SiteConfig& config, int max_pages);
  const std::map<std::string, CrawlSite>& sites() const { return sites_; }

  // Run start: URLs a killed run left in progress are put back (their count); then every site's
  // sitemaps, feeds and start pages are enqueued or made due again.
  Result<std::int64_t> Resume();
  Status Seed(std::int64_t now);
  // Run end: what was taken but not fetched goes back to pending.
  Status PutBack();

  // Admits a URL found on `from`'s page for its site (see above).
  Status Admit(const CrawlSite& site, const DiscoveredUrl& found, const UrlEntry& from, std::int64_t now);

  // Tops the host queues up with due URLs of sites with budget left.
  Status Fill(std::int64_t now);
  // Whether the last Fill found nothing more due.
  bool drained() const { return drained_; }
  bool HasQueued() const { return !queues_.empty(); }
  // Hosts with a queued task, in key order.
  std::vector<std::string> HostsWithWork() const;
  FetchTask& Front(const std::string& host) { return queues_.at(host).front(); }
  FetchTask PopFront(const std::string& host);
  // Puts a task first in its host's queue: the next hop of a redirect.
  void PushFront(FetchTask task);
  // Puts the fetch of `waiting`'s origin's robots.txt first in its host's queue, so it goes
  // next, through the same gate.
  void PushRobotsFetch(const FetchTask& waiting);

  // --- the durable state ---------------------------------------------------------------
  Status Done(const FetchTask& task, const Validators& validators, std::optional<std::int64_t> recheck_at) {
    return storage_.MarkDone(task.entry.url, validators, recheck_at);
  }
  Status Unchanged(const FetchTask& task, std::int64_t seen_at, std::optional<std::int64_t> recheck_at) {
    return storage_.MarkUnchanged(task.entry.url, seen_at, recheck_at);
  }
  // Failed; due again at `retry_at` (a retry scheduled in this run, which the run waits for) or
  // given up.
  Status Failed(const FetchTask& task, const std::string& error, std::optional<std::int64_t> retry_at,
                bool retry_in_this_run);
  // The earliest retry of this run still to be handed out, if any.
  std::optional<std::int64_t> NextRetryDue();
  // Several workers on one frontier: how long to wait for work another worker holds back.
  Result<std::optional<std::int64_t>> HeldBackRetryMs();

 private:
  Status EnqueueOrRevisit(const UrlEntry& e, std::int64_t now);
  bool InScope(const CrawlSite& site, const std::string& url) const;
  void Push(FetchTask task, bool front);

  CrawlDatabase& db_;
  Frontier& storage_;
  std::size_t max_buffered_;
  std::map<std::string, CrawlSite> sites_;
  // host key -> its tasks; a host leaves the map when its queue empties.
  std::map<std::string, std::deque<FetchTask>> queues_;
  std::unordered_set<std::string> seen_run_;             // URLs taken or revisited in this run
  struct Retry {
    std::string site;
    std::int64_t due = 0;  // Unix s
  };
  // Retries scheduled in this run, by URL. One that a drained Fill at or after its due time did
  // not hand out is no longer failed (another worker finished it) and stops counting, as does
  // one of a site without budget left.
  std::map<std::string, Retry> retries_;
  std::int64_t last_fill_ = 0;
  bool drained_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWL_FRONTIER_H_
