// Data flow of one run (the Scrapy architecture page, in newscrawl terms):
//  1. BeginRun; ResetInProgress (URLs a killed run left in flight go back to pending).
//  2. Every selected site's start pages, feeds and sitemaps are enqueued, or made due again.
//  3. Fill: due URLs are taken from the frontier (marked in progress) into per-host queues.
//  4. Dispatch: HostSlots picks the host allowed to start first; the URL's origin must have
//     its robots.txt (fetched first, through the same gate, one fetch per origin); the request
//     goes out through the Fetcher. One request = one HTTP exchange; a redirect hop is queued
//     again for its target host, so every hop is polite.
//  5. The answer: feeds, sitemaps, start and listing pages yield links (within the site's
//     scope regexes and domains) that are enqueued; article pages are stored raw, extracted
//     with the site's extractor and upserted, then their URL is marked done (same transaction
//     batch, record first: crash safety). Failures are retried with backoff and jitter.
//     Decoding, parsing and extraction (Gumbo: most of a page's CPU) run on `extract_threads`
//     worker threads; what they produce is applied on the loop thread, which alone touches the
//     frontier, the store, the host slots and the statistics.
//  6. The run ends when nothing is due, queued or in flight for the selected sites (retries
//     scheduled in this run are waited for), or on a stop request; URLs taken but not fetched
//     are put back, everything is flushed, EndRun records the summary.
#include "newscrawl/crawler.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "newscrawl/charset.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/extractor_registry.h"
#include "newscrawl/feed.h"
#include "newscrawl/fetcher.h"
#include "newscrawl/host_slots.h"
#include "newscrawl/html_document.h"
#include "newscrawl/link_extractor.h"
#include "newscrawl/log.h"
#include "newscrawl/politeness_ledger.h"
#include "newscrawl/robots_cache.h"
#include "newscrawl/sitemap.h"
#include "newscrawl/time_parse.h"
#include "newscrawl/url.h"

namespace newscrawl {
namespace {

using std::chrono::milliseconds;

constexpr int kMaxRedirects = 10;
constexpr int kMaxRobotsRedirects = 5;
// Frontier order (higher first): discovery documents, then articles, then deeper listings, so
// a max_pages budget goes to articles before pagination.
constexpr int kPriorityDiscovery = 30;
constexpr int kPriorityStart = 20;
constexpr int kPriorityArticle = 10;
constexpr int kPriorityListing = 5;

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t UnixNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct SiteState {
  const SiteConfig* config = nullptr;
  std::optional<LinkExtractor> links;
  std::optional<std::regex> article_re;
  std::optional<std::regex> follow_re;
  int max_pages = 0;
  std::int64_t dispatched = 0;  // requests started for the site's URLs (hops and retries too)
  std::int64_t queued = 0;      // its URLs waiting in the host queues (robots.txt tasks not counted)
};

// One URL's journey through the gate, possibly over several hops.
struct Task {
  UrlEntry entry;         // as the frontier gave it (robots tasks: a synthetic entry)
  std::string fetch_url;  // the URL of the current hop
  std::vector<std::string> earlier_hops;
  bool robots = false;
  std::string robots_origin;  // robots tasks: the origin the rules are for
  SiteState* site = nullptr;
};

// One fetched HTML page on its way through a worker: the worker fills html and either article
// (article pages) or links (start and listing pages), or error; the loop thread applies it.
struct PageWork {
  Task task;
  FetchResult fetch;
  Status error;                       // the body could not be decoded, or the page not extracted
  bool decoded = false;
  std::string html;                   // the decoded page, what the store keeps
  std::optional<Article> article;
  std::optional<PageLinks> links;
  std::string parse_warning;          // a listing page that did not parse
};

std::string HostKey(std::string_view url) {
  Result<Url> u = Url::Parse(url);
  return u.ok() ? u->HostPort() : std::string();
}

std::string PathAndQuery(std::string_view url) {
  Result<Url> u = Url::Parse(url);
  if (!u.ok()) return "/";
  return u->path() + (u->query() ? "?" + *u->query() : "");
}

}  // namespace

class Crawler::Impl {
 public:
  Impl(const Config& config, Frontier& frontier, ArticleStore& store, CrawlOptions options,
       std::atomic<bool>* stop_flag)
      : config_(config),
        frontier_(frontier),
        store_(store),
        options_(std::move(options)),
        stop_flag_(stop_flag),
        ledger_(frontier.SharedPoliteness()),
        slots_(SlotOptions(config.crawler)),
        fetcher_(io_, FetchOpts(config.crawler)),
        wake_timer_(io_),
        progress_timer_(io_),
        signals_(io_),
        registry_(ExtractorRegistry::Builtin()),
        rng_(std::random_device{}()),
        log_(Logger("crawl")) {}

  Result<CrawlResult> Run();
  void PostStop() {
    boost::asio::post(io_, [this] { Pump(); });
  }

 private:
  static HostSlotsOptions SlotOptions(const CrawlerConfig& c) {
    HostSlotsOptions o;
    o.per_host_concurrency = c.per_host_concurrency;
    o.per_host_delay = milliseconds(c.per_host_delay_ms);
    o.max_crawl_delay = milliseconds(static_cast<std::int64_t>(c.max_crawl_delay_s * 1000));
    o.initial_backoff = std::max(milliseconds(c.per_host_delay_ms), milliseconds(500));
    return o;
  }
  static FetchOptions FetchOpts(const CrawlerConfig& c) {
    FetchOptions o;
    o.user_agent = c.user_agent;
    o.total_timeout = milliseconds(static_cast<std::int64_t>(c.timeout_s * 1000));
    o.connect_timeout = milliseconds(static_cast<std::int64_t>(c.timeout_s * 1000 / 3));
    o.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
    o.allow_private_addresses = c.allow_private_addresses;
    o.max_total_connections = c.max_concurrency;
    return o;
  }

  bool Stopping() const { return stopping_ || stop_flag_->load(); }
  Status Fail(const Status& s) {
    if (!fatal_.ok()) return fatal_;
    fatal_ = s;
    log_->error("{}", s.ToString());
    return s;
  }

  Status Seed();
  Status EnqueueOrRevisit(const UrlEntry& e);
  void EnqueueDiscovered(SiteState& site, const std::string& url, UrlKind kind, int priority,
                         std::optional<std::int64_t> published_at, const UrlEntry& from);
  void Pump();
  void Fill();
  void Dispatch();
  void StartFetch(Task task, const std::string& host);
  void OnFetched(Task task, const std::string& host, FetchResult r);
  void OnRobotsFetched(Task task, const std::string& host, FetchResult r);
  void LogFetch(const Task& task, const FetchResult& r, std::int64_t now);
  // With a shared ledger: takes `host` for one request across workers; false (and the host
  // blocked locally until the other worker's hold ends) when another worker has it.
  bool ReserveShared(const std::string& host);
  // With a shared ledger: tells the other workers when `host` may be asked next.
  void ReleaseShared(const std::string& host);
  // With a shared ledger: the robots.txt answer for `origin` another worker fetched, if still
  // fresh, is put in force here (true) instead of fetching it again.
  bool AdoptSharedRobots(const Task& front, const std::string& origin);
  // What a robots.txt answer in force means beyond its rules: Crawl-delay and Sitemap lines.
  void ApplyRobots(const RobotsRules& rules, const std::string& origin, SiteState& site, const UrlEntry& from);
  void HandleFailure(Task& task, const FetchResult& r, ErrorKind kind, const std::string& message,
                     std::optional<milliseconds> retry_after);
  void Requeue(Task task);
  // Every change to the host queues goes through these two, which keep the counts right.
  void Enqueue(std::deque<Task>& q, Task task, bool front);
  Task PopFront(std::deque<Task>& q);
  void ProcessBody(Task task, FetchResult r);
  // Worker side: touches only `work` and immutable state (registry, site rules).
  void AnalysePage(PageWork& work) const;
  // Loop side: stores what AnalysePage produced.
  void ApplyPage(PageWork& work);
  void StoreArticle(Task& task, const FetchResult& r, std::uint64_t page_hash, Article article);
  void EnqueueListingLinks(Task& task, const PageLinks& links);
  void ProcessFeed(Task& task, const FetchResult& r);
  void ProcessSitemap(Task& task, const FetchResult& r);
  void ArmWake(SteadyClock::time_point at);
  void MaybeFinish();
  bool HeldBack();
  void ShowProgress();
  bool InScope(const SiteState& site, const std::string& url) const;
  SiteCrawlStats& StatsOf(const Task& t) { return stats_.sites[t.entry.site]; }
  void Check(const Status& s) {
    if (!s.ok()) Fail(s);
  }

  const Config& config_;
  Frontier& frontier_;
  ArticleStore& store_;
  CrawlOptions options_;
  std::atomic<bool>* stop_flag_;
  // Politeness state shared with other workers (PostgreSQL), owned by the frontier; nullptr
  // when this process crawls alone and HostSlots / RobotsCache hold all of it.
  PolitenessLedger* ledger_;

  boost::asio::io_context io_;
  HostSlots slots_;
  RobotsCache robots_;
  Fetcher fetcher_;
  boost::asio::steady_timer wake_timer_;
  std::optional<SteadyClock::time_point> wake_at_;
  boost::asio::steady_timer progress_timer_;
  boost::asio::signal_set signals_;
  const ExtractorRegistry& registry_;
  std::mt19937_64 rng_;
  std::shared_ptr<spdlog::logger> log_;

  std::map<std::string, SiteState> sites_;
  std::map<std::string, std::deque<Task>> queues_;  // host key → tasks
  std::size_t queued_ = 0;
  std::map<std::string, std::string> robots_errors_;  // origin → why its robots.txt failed
  std::set<std::string> waiting_robots_;       // hosts whose robots.txt another task is fetching
  std::unordered_set<std::string> seen_run_;   // URLs taken or revisited in this run
  std::map<std::string, std::int64_t> retries_waiting_;  // URL → due (Unix s), scheduled this run
  int in_flight_ = 0;
  int analysing_ = 0;  // pages handed to the workers and not applied yet
  std::optional<boost::asio::thread_pool> workers_;
  bool stopping_ = false;
  bool finished_ = false;
  bool frontier_drained_ = false;
  Status fatal_;
  CrawlStats stats_;
  std::int64_t pages_total_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::size_t max_buffered_ = 1000;
};

bool Crawler::Impl::InScope(const SiteState& site, const std::string& url) const {
  const std::string host = HostOf(url);
  if (host.empty()) return false;
  for (const std::string& d : site.config->domains) {
    if (HostInDomain(host, d)) return true;
  }
  return false;
}

Status Crawler::Impl::EnqueueOrRevisit(const UrlEntry& e) {
  seen_run_.insert(e.url);
  Result<bool> added = frontier_.Enqueue(e);
  if (!added.ok()) return added.status();
  if (!*added) {
    Result<bool> r = frontier_.Reschedule(e.url, UnixNow());
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

Status Crawler::Impl::Seed() {
  for (auto& [key, site] : sites_) {
    const SiteConfig& c = *site.config;
    auto add = [&](const std::vector<std::string>& urls, UrlKind kind, int priority) -> Status {
      for (const std::string& u : urls) {
        UrlEntry e;
        e.url = u;
        e.site = key;
        e.kind = kind;
        e.priority = priority;
        if (Status s = EnqueueOrRevisit(e); !s.ok()) return s;
      }
      return Status::Ok();
    };
    if (Status s = add(c.sitemaps, UrlKind::kSitemap, kPriorityDiscovery); !s.ok()) return s;
    if (Status s = add(c.feeds, UrlKind::kFeed, kPriorityDiscovery); !s.ok()) return s;
    if (Status s = add(c.start_urls, UrlKind::kStart, kPriorityStart); !s.ok()) return s;
  }
  return store_.Flush();
}

void Crawler::Impl::EnqueueDiscovered(SiteState& site, const std::string& url, UrlKind kind, int priority,
                                      std::optional<std::int64_t> published_at, const UrlEntry& from) {
  if (!InScope(site, url)) return;
  if (kind == UrlKind::kArticle) {
    // An article stored under another URL (a redirect target, a canonical link) is not
    // fetched again under this one.
    Result<std::optional<std::int64_t>> known = store_.FindArticleByUrl(url);
    if (known.ok() && known->has_value()) return;
  } else if (seen_run_.count(url)) {
    return;
  }
  UrlEntry e;
  e.url = url;
  e.site = site.config->key;
  e.kind = kind;
  e.priority = priority;
  e.published_at = published_at;
  e.depth = from.depth + 1;
  e.discovered_from = from.url;
  if (kind == UrlKind::kArticle) {
    Result<bool> r = frontier_.Enqueue(e);
    if (!r.ok()) Fail(r.status());
    return;
  }
  // Listings, feeds and sitemaps are revisited on every run: known ones are made due again.
  Check(EnqueueOrRevisit(e));
}

void Crawler::Impl::Fill() {
  if (Stopping()) return;
  const std::int64_t now = UnixNow();
  frontier_drained_ = false;
  // Only sites of this run with budget left: another site's URLs stay untouched in the frontier.
  std::vector<std::string> open_sites;
  for (const auto& [key, site] : sites_) {
    if (site.dispatched + site.queued < site.max_pages) open_sites.push_back(key);
  }
  if (open_sites.empty()) {
    frontier_drained_ = true;
    return;
  }
  while (queued_ < max_buffered_) {
    Result<std::optional<UrlEntry>> next = frontier_.Next(now, open_sites);
    if (!next.ok()) {
      Fail(next.status());
      return;
    }
    if (!next->has_value()) {
      frontier_drained_ = true;
      return;
    }
    UrlEntry e = std::move(**next);
    retries_waiting_.erase(e.url);
    auto it = sites_.find(e.site);
    // A site that ran out of budget since open_sites was made: its URL stays in progress until
    // the run ends and is then put back (ResetInProgress) for a later run.
    if (it == sites_.end() || it->second.dispatched >= it->second.max_pages) continue;
    seen_run_.insert(e.url);
    Task t;
    t.fetch_url = e.url;
    t.entry = std::move(e);
    t.site = &it->second;
    const std::string host = HostKey(t.fetch_url);
    Enqueue(queues_[host], std::move(t), false);
    // This site's budget is spoken for: take no more of its URLs in this fill.
    if (it->second.dispatched + it->second.queued >= it->second.max_pages) {
      std::erase(open_sites, it->first);
      if (open_sites.empty()) return;
    }
  }
}

void Crawler::Impl::Requeue(Task task) {
  const std::string host = HostKey(task.fetch_url);
  Enqueue(queues_[host], std::move(task), true);
}

void Crawler::Impl::Enqueue(std::deque<Task>& q, Task task, bool front) {
  if (!task.robots) ++task.site->queued;
  ++queued_;
  if (front) {
    q.push_front(std::move(task));
  } else {
    q.push_back(std::move(task));
  }
}

Task Crawler::Impl::PopFront(std::deque<Task>& q) {
  Task task = std::move(q.front());
  q.pop_front();
  --queued_;
  if (!task.robots) --task.site->queued;
  return task;
}

void Crawler::Impl::Dispatch() {
  // Pages waiting for a worker count against max_concurrency: fetching never runs ahead of
  // extraction by more than that many bodies.
  while (!Stopping() && in_flight_ + analysing_ < config_.crawler.max_concurrency && fatal_.ok()) {
    std::vector<std::string> candidates;
    for (auto& [host, q] : queues_) {
      if (!q.empty() && !waiting_robots_.count(host)) candidates.push_back(host);
    }
    if (candidates.empty()) return;
    std::optional<std::string> picked = slots_.PickHost(candidates);
    if (!picked) return;  // every host with work is at its concurrency limit
    const std::string host = *picked;
    if (!slots_.CanStart(host)) {
      // The host allowed to start first is not ready yet, so none is: wake up then.
      ArmWake(slots_.NextStartAt(host));
      return;
    }
    std::deque<Task>& q = queues_[host];
    Task& front = q.front();
    if (!front.robots) {
      if (front.site->dispatched >= front.site->max_pages && front.earlier_hops.empty()) {
        // Over budget: left in progress, put back at the end of the run.
        PopFront(q);
        continue;
      }
      const std::string origin = RobotsCache::OriginOf(front.fetch_url);
      RobotsCache::Lookup lookup = robots_.Get(origin, UnixNow());
      if (lookup.state == RobotsCache::State::kPending) {
        waiting_robots_.insert(host);
        continue;
      }
      if (lookup.state == RobotsCache::State::kFetch && AdoptSharedRobots(front, origin)) continue;
      if (lookup.state == RobotsCache::State::kFetch) {
        Task robots;
        robots.robots = true;
        robots.robots_origin = origin;
        robots.fetch_url = origin + "/robots.txt";
        robots.entry.url = robots.fetch_url;
        robots.entry.site = front.entry.site;
        robots.entry.kind = UrlKind::kRobots;
        robots.site = front.site;
        Enqueue(q, std::move(robots), true);
        continue;  // dispatched on the next turn, through the same gate
      }
      if (!lookup.rules->Allowed(config_.crawler.user_agent, PathAndQuery(front.fetch_url))) {
        Task denied = PopFront(q);
        SiteCrawlStats& st = StatsOf(denied);
        ++st.robots_denied;
        log_->info("robots.txt disallows {}", denied.fetch_url);
        // Unavailable robots.txt (5xx): try again when the cache asks for it again.
        std::optional<std::int64_t> retry;
        if (lookup.unavailable) retry = UnixNow() + RobotsCacheOptions{}.error_retry_s;
        std::string why = lookup.unavailable ? "robots_unavailable" : "robots_disallowed";
        if (auto e = robots_errors_.find(origin); lookup.unavailable && e != robots_errors_.end()) {
          why += ": robots.txt " + e->second;  // e.g. "network: Could not resolve host: ..."
        }
        Check(frontier_.MarkFailed(denied.entry.url, why, retry));
        continue;
      }
    }
    if (front.robots && ledger_ && AdoptSharedRobots(front, front.robots_origin)) {
      // Another worker fetched this robots.txt while this task waited for the host.
      PopFront(q);
      waiting_robots_.clear();
      continue;
    }
    if (ledger_ && !ReserveShared(host)) continue;
    StartFetch(PopFront(q), host);
  }
}

void Crawler::Impl::StartFetch(Task task, const std::string& host) {
  slots_.OnDispatch(host);
  ++in_flight_;
  if (!task.robots) ++task.site->dispatched;
  FetchRequest req;
  req.url = task.fetch_url;
  // A huge robots.txt is read up to the prefix the parser keeps and obeyed as far as it goes
  // (RFC 9309 §2.5), rather than failing with too_large and counting as unreachable, which
  // would disallow the whole origin.
  if (task.robots) req.truncate_body_at = RobotsRules::kMaxBodyBytes;
  if (task.entry.kind == UrlKind::kArticle && task.earlier_hops.empty()) {
    // A recheck of a stored article: let the server answer 304 if nothing changed.
    if (task.entry.validators.etag) req.headers.push_back("If-None-Match: " + *task.entry.validators.etag);
    if (task.entry.validators.last_modified) {
      req.headers.push_back("If-Modified-Since: " + *task.entry.validators.last_modified);
    }
  }
  log_->debug("GET {}", req.url);
  auto shared = std::make_shared<Task>(std::move(task));
  fetcher_.Fetch(std::move(req), [this, shared, host](FetchResult r) {
    if (shared->robots) {
      OnRobotsFetched(std::move(*shared), host, std::move(r));
    } else {
      OnFetched(std::move(*shared), host, std::move(r));
    }
    Pump();
  });
}

void Crawler::Impl::LogFetch(const Task& task, const FetchResult& r, std::int64_t now) {
  FetchLogEntry log;
  log.url = task.fetch_url;
  log.site = task.entry.site;
  log.fetched_at = now;
  log.http_status = static_cast<int>(r.status_code);
  log.bytes = static_cast<std::int64_t>(r.body.size());
  log.duration_ms = std::chrono::duration_cast<milliseconds>(r.total_time).count();
  if (!r.ok()) {
    log.error = r.error.kind();
    log.error_message = r.error.message();
  } else if (r.status_code >= 500 || (r.status_code >= 400 && !task.robots)) {
    // A robots.txt 4xx is no error: it means "no rules" (RFC 9309 §2.3.1.3).
    log.error = ErrorKind::kHttpStatus;
    log.error_message = "HTTP " + std::to_string(r.status_code);
  }
  Check(store_.RecordFetch(log));
}

void Crawler::Impl::OnRobotsFetched(Task task, const std::string& host, FetchResult r) {
  const ScopedLogContext log_context(task.entry.site, task.fetch_url);
  --in_flight_;
  ++stats_.robots_fetches;
  // In the fetch log like every request (a 5xx here is why a whole site is not crawled).
  LogFetch(task, r, UnixNow());
  slots_.OnRequestStarted(host, r.started_at);
  const bool throttled = r.status_code == 429 || r.status_code == 503;
  std::optional<milliseconds> retry_after;
  if (auto ra = ParseRetryAfter(r.retry_after); ra && throttled) retry_after = *ra;
  slots_.OnFinish(host, r.ok() && r.status_code < 500, throttled, retry_after);
  if (r.ok() && r.status_code >= 300 && r.status_code < 400 && !r.location.empty() &&
      static_cast<int>(task.earlier_hops.size()) < kMaxRobotsRedirects) {
    ReleaseShared(host);
    task.earlier_hops.push_back(task.fetch_url);
    task.fetch_url = r.location;
    Requeue(std::move(task));
    return;
  }
  const long status = r.ok() ? r.status_code : 0;
  // Kept so the URLs this makes unavailable say why (e.g. a name that does not resolve).
  if (!r.ok()) {
    robots_errors_[task.robots_origin] = r.error.ToString();
  } else {
    robots_errors_.erase(task.robots_origin);
  }
  const std::int64_t now = UnixNow();
  const RobotsRules& rules = robots_.Complete(task.robots_origin, status, r.body, now);
  waiting_robots_.clear();
  log_->info("robots.txt {} -> {}", task.robots_origin + "/robots.txt", status);
  if (ledger_) {
    // A 5xx / unreachable answer is shared too: the other workers then wait out the same
    // error_retry instead of each hammering a failing server for robots.txt.
    // Stored before the host is released, so a worker waiting for the host to fetch the same
    // robots.txt finds this answer instead (Dispatch) and fetches nothing.
    Check(ledger_->SaveRobots(task.robots_origin, StoredRobots{status, r.body, now}));
  }
  ReleaseShared(host);
  ApplyRobots(rules, task.robots_origin, *task.site, task.entry);
}

void Crawler::Impl::ApplyRobots(const RobotsRules& rules, const std::string& origin, SiteState& site,
                                const UrlEntry& from) {
  if (std::optional<double> delay = rules.CrawlDelay(config_.crawler.user_agent)) {
    slots_.SetCrawlDelay(HostKey(origin + "/"), *delay);
  }
  // Sitemap: lines feed discovery of the site whose URL asked for these rules.
  for (const std::string& sm : rules.Sitemaps()) {
    Result<std::string> abs = ResolveUrl(origin + "/robots.txt", sm);
    if (!abs.ok()) continue;
    Result<std::string> canonical = CanonicalUrl(*abs);
    if (canonical.ok()) {
      EnqueueDiscovered(site, *canonical, UrlKind::kSitemap, kPriorityDiscovery, std::nullopt, from);
    }
  }
}

bool Crawler::Impl::AdoptSharedRobots(const Task& front, const std::string& origin) {
  if (!ledger_) return false;
  Result<std::optional<StoredRobots>> stored = ledger_->LoadRobots(origin);
  if (!stored.ok()) {
    Check(stored.status());  // ends the run; the robots.txt task below is never dispatched
    return false;
  }
  if (!stored->has_value()) return false;
  const StoredRobots& got = **stored;
  // The same freshness RobotsCache applies to its own answers: good ones for a day, a server
  // error for error_retry_s, after which this worker fetches robots.txt itself.
  const RobotsCacheOptions cache;
  const bool good = got.status >= 200 && got.status < 500;
  const std::int64_t fresh_until = got.fetched_at + (good ? cache.ttl_s : cache.error_retry_s);
  if (fresh_until <= UnixNow()) return false;
  const RobotsRules& rules = robots_.Complete(origin, got.status, got.body, got.fetched_at);
  log_->info("robots.txt {} -> {} (fetched by another worker)", origin + "/robots.txt", got.status);
  ApplyRobots(rules, origin, *front.site, front.entry);
  return true;
}

bool Crawler::Impl::ReserveShared(const std::string& host) {
  // Held for as long as a request may take, so a host of concurrency 1 never has two workers'
  // requests out at once; ReleaseShared replaces the hold when the exchange ends, and a killed
  // worker's hold runs out by itself.
  const std::int64_t hold_ms = static_cast<std::int64_t>(config_.crawler.timeout_s * 1000) + 1000;
  Result<std::int64_t> wait = ledger_->Reserve(host, UnixNowMs(), hold_ms);
  if (!wait.ok()) {
    Check(wait.status());
    return false;
  }
  if (*wait == 0) return true;
  log_->debug("host {} is another worker's for {} ms", host, *wait);
  slots_.BlockUntil(host, slots_.Now() + milliseconds(*wait));
  return false;
}

void Crawler::Impl::ReleaseShared(const std::string& host) {
  if (!ledger_) return;
  // Whatever this worker now knows of the host (delay, Crawl-delay, Retry-After, backoff) is in
  // its next start time; the others get it as wall-clock time.
  const auto wait = std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(slots_.NextStartAt(host) - slots_.Now()));
  Check(ledger_->Release(host, UnixNowMs() + wait.count()));
}

void Crawler::Impl::OnFetched(Task task, const std::string& host, FetchResult r) {
  const ScopedLogContext log_context(task.entry.site, task.fetch_url);
  --in_flight_;
  ++pages_total_;
  slots_.OnRequestStarted(host, r.started_at);
  const bool throttled = r.ok() && (r.status_code == 429 || r.status_code == 503);
  std::optional<milliseconds> retry_after;
  if (throttled) {
    if (auto ra = ParseRetryAfter(r.retry_after)) retry_after = *ra;
  }
  const bool server_trouble = !r.ok() || r.status_code >= 500 || throttled;
  slots_.OnFinish(host, !server_trouble, throttled, retry_after);
  ReleaseShared(host);

  SiteCrawlStats& st = StatsOf(task);
  ++st.pages;
  st.bytes += static_cast<std::int64_t>(r.body.size());
  const std::int64_t now = UnixNow();
  LogFetch(task, r, now);

  if (!r.ok()) {
    HandleFailure(task, r, r.error.kind(), r.error.message(), std::nullopt);
    return;
  }
  const long code = r.status_code;
  if (code >= 300 && code < 400 && code != 304) {
    if (r.location.empty()) {
      HandleFailure(task, r, ErrorKind::kHttpStatus, "redirect without Location", std::nullopt);
      return;
    }
    if (static_cast<int>(task.earlier_hops.size()) >= kMaxRedirects) {
      HandleFailure(task, r, ErrorKind::kTooManyRedirects, "more than 10 redirects", std::nullopt);
      return;
    }
    Result<std::string> next = CanonicalUrl(r.location);
    if (!next.ok()) {
      HandleFailure(task, r, ErrorKind::kParseError, "bad Location: " + r.location, std::nullopt);
      return;
    }
    ++st.redirects;
    task.earlier_hops.push_back(task.fetch_url);
    task.fetch_url = *next;
    Requeue(std::move(task));
    return;
  }
  if (code == 304) {
    ++st.articles_unchanged;
    const std::optional<std::int64_t> recheck =
        config_.crawler.recheck_after_h > 0
            ? std::optional<std::int64_t>(now + static_cast<std::int64_t>(config_.crawler.recheck_after_h * 3600))
            : std::nullopt;
    Check(frontier_.MarkUnchanged(task.entry.url, now, recheck));
    return;
  }
  if (code >= 400 || code < 200) {
    HandleFailure(task, r, ErrorKind::kHttpStatus, "HTTP " + std::to_string(code), retry_after);
    return;
  }
  ProcessBody(std::move(task), std::move(r));
}

void Crawler::Impl::HandleFailure(Task& task, const FetchResult& r, ErrorKind kind, const std::string& message,
                                  std::optional<milliseconds> retry_after) {
  SiteCrawlStats& st = StatsOf(task);
  ++st.failed;
  ++st.errors_by_kind[std::string(ErrorKindName(kind))];
  const int attempts = task.entry.attempts + 1;
  const bool retryable = kind != ErrorKind::kTooManyRedirects && kind != ErrorKind::kParseError &&
                         kind != ErrorKind::kTooLarge && IsRetryable(r);
  const std::string error = std::string(ErrorKindName(kind)) + ": " + message;
  if (retryable && attempts <= config_.crawler.max_retries) {
    // Exponential backoff with jitter (0.5–1.5×) from the host delay; Retry-After is a floor.
    const double base_ms = std::max<double>(static_cast<double>(config_.crawler.per_host_delay_ms), 500.0);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    double delay_ms = base_ms * std::pow(2.0, attempts - 1) * jitter(rng_);
    if (retry_after) delay_ms = std::max(delay_ms, static_cast<double>(retry_after->count()));
    const std::int64_t due = UnixNow() + static_cast<std::int64_t>(std::ceil(delay_ms / 1000.0));
    ++st.retries;
    log_->info("{} failed ({}), attempt {} of {}, retry in {:.1f} s", task.fetch_url, error, attempts,
               config_.crawler.max_retries + 1, delay_ms / 1000.0);
    Check(frontier_.MarkFailed(task.entry.url, error, due));
    retries_waiting_[task.entry.url] = due;
    return;
  }
  ++st.gone;
  if (kind != ErrorKind::kHttpStatus || r.status_code >= 500) {
    log_->warn("giving up on {}: {}", task.fetch_url, error);
  } else {
    log_->info("{}: {}", task.fetch_url, error);
  }
  Check(frontier_.MarkFailed(task.entry.url, error, std::nullopt));
}

void Crawler::Impl::ProcessBody(Task task, FetchResult r) {
  if (task.entry.kind == UrlKind::kFeed || task.entry.kind == UrlKind::kSitemap) {
    if (task.entry.kind == UrlKind::kFeed) {
      ProcessFeed(task, r);
    } else {
      ProcessSitemap(task, r);
    }
    if (fatal_.ok()) Check(frontier_.MarkDone(task.entry.url, Validators{}, std::nullopt));
    return;
  }
  auto work = std::make_shared<PageWork>();
  work->task = std::move(task);
  work->fetch = std::move(r);
  if (!workers_) {
    AnalysePage(*work);
    ApplyPage(*work);
    return;
  }
  ++analysing_;
  // The guard keeps io_.run() from returning while a page is with a worker.
  auto guard = std::make_shared<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
      io_.get_executor());
  boost::asio::post(*workers_, [this, work, guard] {
    AnalysePage(*work);
    boost::asio::post(io_, [this, work, guard] {
      --analysing_;
      ApplyPage(*work);
      guard->reset();
      Pump();
    });
  });
}

void Crawler::Impl::AnalysePage(PageWork& w) const {
  const ScopedLogContext log_context(w.task.entry.site, w.task.fetch_url);
  Result<std::string> html = DecodeToUtf8(w.fetch.body, w.fetch.content_type);
  if (!html.ok()) {
    w.error = html.status();
    return;
  }
  w.html = std::move(html).value();
  w.decoded = true;
  w.fetch.body.clear();
  w.fetch.body.shrink_to_fit();  // the decoded copy is the one kept from here on
  if (w.task.entry.kind == UrlKind::kArticle) {
    // The fetcher's body cap is the parser's too: a page it accepted is never refused here,
    // unless decoding to UTF-8 made it larger (the error then names max_body_bytes).
    HtmlParseOptions parse;
    parse.max_bytes = static_cast<std::size_t>(config_.crawler.max_body_bytes);
    Result<Article> article = registry_.Extract(
        w.html, ExtractRequest{.url = w.task.fetch_url, .site = w.task.site->config->extractor, .parse = parse});
    if (article.ok()) {
      w.article = std::move(article).value();
    } else {
      w.error = article.status();
    }
    return;
  }
  HtmlParseOptions parse;
  parse.max_bytes = static_cast<std::size_t>(config_.crawler.max_body_bytes);
  Result<HtmlDocument> doc = HtmlDocument::Parse(w.html, parse);
  if (!doc.ok()) {
    w.parse_warning = doc.status().ToString();
    return;
  }
  w.links = w.task.site->links->Extract(*doc, w.task.fetch_url);
}

void Crawler::Impl::ApplyPage(PageWork& w) {
  const ScopedLogContext log_context(w.task.entry.site, w.task.fetch_url);
  if (w.task.entry.kind == UrlKind::kArticle && w.decoded) {
    // The raw page is kept even when extraction failed: `reextract` can try again later.
    Result<std::uint64_t> page = store_.StorePage(w.task.fetch_url, w.html);
    if (!page.ok()) {
      Fail(page.status());
      return;
    }
    if (w.article) {
      StoreArticle(w.task, w.fetch, *page, std::move(*w.article));
      return;
    }
  }
  if (!w.error.ok()) {
    HandleFailure(w.task, w.fetch, w.error.kind(), w.error.message(), std::nullopt);
    return;
  }
  if (w.links) {
    EnqueueListingLinks(w.task, *w.links);
  } else {
    log_->warn("{}: cannot parse: {}", w.task.fetch_url, w.parse_warning);
  }
  if (!fatal_.ok()) return;
  Check(frontier_.MarkDone(w.task.entry.url, Validators{}, std::nullopt));
}

void Crawler::Impl::StoreArticle(Task& task, const FetchResult& r, std::uint64_t page_hash, Article article) {
  SiteCrawlStats& st = StatsOf(task);
  const std::int64_t now = UnixNow();
  if (!article.site) article.site = task.entry.site;
  StoredMeta meta;
  meta.site = task.entry.site;
  meta.url = task.fetch_url;
  if (article.canonical_url) {
    if (Result<std::string> c = CanonicalUrl(*article.canonical_url); c.ok()) meta.canonical_url = *c;
  }
  meta.fetched_at = now;
  meta.page_hash = page_hash;
  Result<StoreOutcome> outcome = store_.UpsertArticle(article, meta);
  if (!outcome.ok()) {
    Fail(outcome.status());
    return;
  }
  switch (outcome->kind) {
    case StoreOutcomeKind::kInserted: ++st.articles_new; break;
    case StoreOutcomeKind::kUpdated: ++st.articles_updated; break;
    case StoreOutcomeKind::kUnchanged: ++st.articles_unchanged; break;
    case StoreOutcomeKind::kAliasOfExisting:
    case StoreOutcomeKind::kNearDuplicateOf: ++st.duplicates; break;
  }
  // Redirect sources resolve to the article too (the frontier URL first).
  if (task.entry.url != task.fetch_url) Check(store_.AddAlias(task.entry.url, outcome->article_id));
  for (const std::string& hop : task.earlier_hops) {
    if (hop != task.entry.url) Check(store_.AddAlias(hop, outcome->article_id));
  }
  Validators v;
  if (!r.etag.empty()) v.etag = r.etag;
  if (!r.last_modified.empty()) v.last_modified = r.last_modified;
  const std::optional<std::int64_t> recheck =
      config_.crawler.recheck_after_h > 0
          ? std::optional<std::int64_t>(now + static_cast<std::int64_t>(config_.crawler.recheck_after_h * 3600))
          : std::nullopt;
  // After UpsertArticle, on the same store: record and acknowledgement commit together.
  Check(frontier_.MarkDone(task.entry.url, v, recheck));
}

void Crawler::Impl::EnqueueListingLinks(Task& task, const PageLinks& links) {
  SiteState& site = *task.site;
  for (const std::string& a : links.articles) {
    EnqueueDiscovered(site, a, UrlKind::kArticle, kPriorityArticle, std::nullopt, task.entry);
  }
  if (links.next_page) {
    EnqueueDiscovered(site, *links.next_page, UrlKind::kListing, kPriorityListing, std::nullopt, task.entry);
  }
  for (const std::string& f : links.follow) {
    EnqueueDiscovered(site, f, UrlKind::kListing, kPriorityListing, std::nullopt, task.entry);
  }
}

void Crawler::Impl::ProcessFeed(Task& task, const FetchResult& r) {
  Result<Feed> feed = ParseFeed(r.body);
  if (!feed.ok()) {
    log_->warn("{}: not a feed: {}", task.fetch_url, feed.status().ToString());
    return;
  }
  SortNewestFirst(feed->items);
  SiteState& site = *task.site;
  for (const FeedItem& item : feed->items) {
    if (item.link.empty()) continue;
    Result<std::string> abs = ResolveUrl(task.fetch_url, item.link);
    if (!abs.ok()) continue;
    Result<std::string> url = CanonicalUrl(*abs);
    if (!url.ok()) continue;
    std::optional<std::int64_t> published;
    if (!item.published.empty()) published = ToUnixSeconds(item.published);
    if (site.article_re && std::regex_search(*url, *site.article_re)) {
      EnqueueDiscovered(site, *url, UrlKind::kArticle, kPriorityArticle, published, task.entry);
    }
  }
}

void Crawler::Impl::ProcessSitemap(Task& task, const FetchResult& r) {
  Result<Sitemap> sm = ParseSitemap(r.body);
  if (!sm.ok()) {
    log_->warn("{}: not a sitemap: {}", task.fetch_url, sm.status().ToString());
    return;
  }
  SiteState& site = *task.site;
  if (sm->kind != SitemapKind::kIndex) SortNewestFirst(sm->entries);
  for (const SitemapEntry& e : sm->entries) {
    Result<std::string> abs = ResolveUrl(task.fetch_url, e.loc);
    if (!abs.ok()) continue;
    Result<std::string> url = CanonicalUrl(*abs);
    if (!url.ok()) continue;
    if (sm->kind == SitemapKind::kIndex) {
      // seen_run_ stops an index that lists itself (or a cycle of indexes).
      EnqueueDiscovered(site, *url, UrlKind::kSitemap, kPriorityDiscovery, std::nullopt, task.entry);
      continue;
    }
    std::optional<std::int64_t> published;
    const std::string& date = !e.news_publication_date.empty() ? e.news_publication_date : e.lastmod;
    if (!date.empty()) published = ToUnixSeconds(date);
    if (site.article_re && std::regex_search(*url, *site.article_re)) {
      EnqueueDiscovered(site, *url, UrlKind::kArticle, kPriorityArticle, published, task.entry);
    } else if (site.follow_re && std::regex_search(*url, *site.follow_re)) {
      EnqueueDiscovered(site, *url, UrlKind::kListing, kPriorityListing, std::nullopt, task.entry);
    }
  }
}

void Crawler::Impl::ArmWake(SteadyClock::time_point at) {
  if (wake_at_ && *wake_at_ <= at) return;
  wake_at_ = at;
  wake_timer_.expires_at(at);
  wake_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // re-armed earlier, or shut down
    wake_at_.reset();
    Pump();
  });
}

void Crawler::Impl::Pump() {
  if (finished_) return;
  if (!fatal_.ok()) stopping_ = true;
  if (options_.stop_after_pages > 0 && pages_total_ >= options_.stop_after_pages) stopping_ = true;
  if (!Stopping()) {
    Fill();
    Dispatch();
  }
  MaybeFinish();
}

void Crawler::Impl::MaybeFinish() {
  if (in_flight_ > 0 || analysing_ > 0) return;
  if (!Stopping()) {
    if (queued_ > 0 || !frontier_drained_) return;  // Dispatch armed a wake-up
    if (!retries_waiting_.empty()) {
      // Sleep until the earliest retry of this run is due; the frontier hands it out then.
      std::int64_t due = INT64_MAX;
      for (const auto& [url, at] : retries_waiting_) due = std::min(due, at);
      const auto wait = std::chrono::seconds(std::max<std::int64_t>(0, due - UnixNow())) + milliseconds(20);
      ArmWake(SteadyClock::now() + wait);
      // Retries the frontier no longer holds as failed (done elsewhere) must not keep us here.
      for (auto it = retries_waiting_.begin(); it != retries_waiting_.end();) {
        Result<std::optional<UrlEntry>> u = frontier_.GetUrl(it->first);
        if (u.ok() && u->has_value() && (*u)->status == UrlStatus::kFailed) {
          ++it;
        } else {
          it = retries_waiting_.erase(it);
        }
      }
      if (!retries_waiting_.empty()) return;
    }
    if (HeldBack()) return;
  }
  finished_ = true;
  wake_timer_.cancel();
  progress_timer_.cancel();
  signals_.cancel();
}

// Several workers on one frontier (PostgreSQL): work another worker's host lease holds back
// may come to this one, so the run waits and asks again instead of ending.
bool Crawler::Impl::HeldBack() {
  std::vector<std::string> sites;
  for (const auto& [key, site] : sites_) {
    if (site.dispatched < site.max_pages) sites.push_back(key);
  }
  if (sites.empty()) return false;
  Result<std::optional<std::int64_t>> wait = frontier_.HeldBackRetryMs(sites);
  if (!wait.ok()) {
    Fail(wait.status());
    return false;
  }
  if (!wait->has_value()) return false;
  ArmWake(SteadyClock::now() + milliseconds(**wait));
  return true;
}

void Crawler::Impl::ShowProgress() {
  const double secs = std::chrono::duration<double>(SteadyClock::now() - started_).count();
  std::fprintf(stderr, "\r\033[K%s", stats_.ProgressLine(secs).c_str());
  std::fflush(stderr);
  progress_timer_.expires_after(milliseconds(500));
  progress_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !finished_) ShowProgress();
  });
}

Result<CrawlResult> Crawler::Impl::Run() {
  started_ = SteadyClock::now();
  // Sites of this run.
  if (options_.sites.empty()) {
    for (const SiteConfig& s : config_.sites) options_.sites.push_back(s.key);
  }
  if (options_.sites.empty()) return Status::InvalidArgument("no sites configured");
  for (const std::string& key : options_.sites) {
    const SiteConfig* c = config_.FindSite(key);
    if (!c) return Status::InvalidArgument("unknown site '" + key + "'");
    SiteState s;
    s.config = c;
    Result<LinkExtractor> links = LinkExtractor::Create(c->links);
    if (!links.ok()) return links.status();
    s.links.emplace(std::move(*links));
    if (!c->links.article_url.empty()) s.article_re.emplace(c->links.article_url, std::regex::ECMAScript);
    if (!c->links.follow_url.empty()) s.follow_re.emplace(c->links.follow_url, std::regex::ECMAScript);
    s.max_pages = options_.max_pages.value_or(c->max_pages);
    sites_.emplace(key, std::move(s));
    stats_.sites[key];
  }
  max_buffered_ = std::max<std::size_t>(1000, static_cast<std::size_t>(config_.crawler.max_concurrency) * 16);
  if (config_.crawler.extract_threads > 0) workers_.emplace(static_cast<std::size_t>(config_.crawler.extract_threads));

  Result<std::int64_t> run_id = store_.BeginRun(UnixNow());
  if (!run_id.ok()) return run_id.status();
  SetLogRunId(*run_id);
  Result<std::int64_t> reset = frontier_.ResetInProgress();
  if (!reset.ok()) return reset.status();
  if (*reset > 0) log_->info("resuming: {} URLs left in progress by an earlier run put back", *reset);
  if (Status s = Seed(); !s.ok()) return s;

  if (options_.handle_signals) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      log_->warn("signal {}: finishing transfers in flight, then stopping", sig);
      stopping_ = true;
      Pump();
    });
  }
  if (options_.progress) ShowProgress();
  boost::asio::post(io_, [this] { Pump(); });
  io_.run();
  if (workers_) workers_->join();  // idle by now: the run ends only with nothing being analysed

  // Put back what was taken but not fetched (other sites, budgets, stop), then save everything.
  Result<std::int64_t> put_back = frontier_.ResetInProgress();
  if (!put_back.ok()) Fail(put_back.status());
  if (options_.progress) std::fprintf(stderr, "\r\033[K");

  CrawlResult result;
  result.run_id = *run_id;
  result.stats = stats_;
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started_).count();
  result.interrupted = stopping_ || stop_flag_->load();
  if (result.interrupted) {
    result.exit_code = kExitInterrupted;
  } else if (stats_.FailureRatio() > config_.crawler.max_failure_ratio) {
    result.exit_code = kExitFailureRatio;
  } else {
    result.exit_code = kExitOk;
  }
  const SiteCrawlStats total = stats_.Total();
  RunSummary summary;
  summary.ended_at = UnixNow();
  summary.exit_status = result.exit_code;
  summary.fetched = total.pages;
  summary.articles_new = total.articles_new;
  summary.articles_updated = total.articles_updated;
  summary.duplicates = total.duplicates;
  summary.errors = total.failed;
  if (Status s = store_.EndRun(summary); !s.ok()) Fail(s);
  if (Status s = store_.Flush(); !s.ok()) Fail(s);
  if (!fatal_.ok()) return fatal_;
  return result;
}

Crawler::Crawler(const Config& config, Frontier& frontier, ArticleStore& store, CrawlOptions options)
    : impl_(std::make_unique<Impl>(config, frontier, store, std::move(options), &stop_requested_)) {}

Crawler::~Crawler() = default;

Result<CrawlResult> Crawler::Run() { return impl_->Run(); }

void Crawler::RequestStop() {
  stop_requested_ = true;
  impl_->PostStop();
}

}  // namespace newscrawl
