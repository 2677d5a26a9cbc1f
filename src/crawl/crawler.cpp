// One run's lifecycle, wiring the parts of the data flow:
//  1. The run's sites go into the CrawlFrontier; URLs a killed run left in progress are put back;
//     every site's start pages, feeds and sitemaps are enqueued, or made due again.
//  2. Pump: the frontier fills its per-host queues with due URLs; Dispatch asks the
//     PolitenessGate which host may start first and whether robots.txt allows the URL at the
//     front of its queue (fetching robots.txt first, through the same gate, once per origin);
//     the request goes out through the Fetcher. One request = one HTTP exchange; a redirect hop
//     is queued again for its target host, so every hop is polite.
//  3. Every response goes through the gate (slots, backoff), then one way through the page
//     pipeline: feeds, sitemaps, start and listing pages yield URLs that the frontier admits;
//     article pages are stored raw, extracted (on `extract_threads` workers) and upserted, then
//     their URL is marked done (same transaction batch, record first: crash safety). Failures
//     are retried with the gate's backoff.
//  4. The run ends when nothing is due, queued or in flight for its sites (retries scheduled in
//     this run are waited for), or on a stop request; URLs taken but not fetched are put back,
//     everything is flushed, EndRun records the summary.
#include "newscrawl/crawl/crawler.h"

#include <chrono>
#include <cstdio>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "newscrawl/frontier/crawl_frontier.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/fetch/fetcher.h"
#include "newscrawl/core/log.h"
#include "newscrawl/politeness/politeness_gate.h"
#include "newscrawl/url/url.h"
#include "page_pipeline.h"

namespace newscrawl {
namespace {

using std::chrono::milliseconds;

constexpr int kMaxRedirects = 10;
constexpr int kMaxRobotsRedirects = 5;

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

FetchOptions FetchOpts(const CrawlerConfig& c) {
  FetchOptions o;
  o.user_agent = c.user_agent;
  o.total_timeout = milliseconds(static_cast<std::int64_t>(c.timeout_s * 1000));
  o.connect_timeout = milliseconds(static_cast<std::int64_t>(c.timeout_s * 1000 / 3));
  o.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
  o.allow_private_addresses = c.allow_private_addresses;
  o.max_total_connections = c.max_concurrency;
  return o;
}

}  // namespace

class Crawler::Impl {
 public:
  Impl(const Config& config, CrawlDatabase& db, CrawlOptions options, std::atomic<bool>* stop_flag)
      : config_(config),
        db_(db),
        options_(std::move(options)),
        stop_flag_(stop_flag),
        frontier_(db, std::max<std::size_t>(1000, static_cast<std::size_t>(config.crawler.max_concurrency) * 16)),
        gate_(config.crawler, db.SharedPoliteness()),
        fetcher_(io_, FetchOpts(config.crawler)),
        wake_timer_(io_),
        progress_timer_(io_),
        signals_(io_),
        registry_(ExtractorRegistry::Builtin()),
        log_(Logger("crawl")) {}

  Result<CrawlResult> Run();
  void PostStop() {
    boost::asio::post(io_, [this] { Pump(); });
  }

 private:
  bool Stopping() const { return stopping_ || stop_flag_->load(); }
  Status Fail(const Status& s) {
    if (!fatal_.ok()) return fatal_;
    fatal_ = s;
    log_->error("{}", s.ToString());
    return s;
  }
  void Check(const Status& s) {
    if (!s.ok()) Fail(s);
  }
  SiteCrawlStats& StatsOf(const FetchTask& t) { return stats_.sites[t.entry.site]; }

  Status AddSites();
  void Pump();
  void Dispatch();
  // What the gate says of the task at the front of `host`'s queue; true when it may go out now
  // (the caller starts it), false when the queue changed or the host must wait.
  bool Admit(const std::string& host);
  void StartFetch(FetchTask task);
  void OnRobotsFetched(FetchTask task, FetchResult r);
  // `retry_after`: what the gate read off a throttling answer, a floor for the retry.
  void OnFetched(FetchTask task, FetchResult r, std::optional<milliseconds> retry_after);
  // A 3xx answer: the next hop is queued for its own host (false: the task failed instead).
  bool FollowRedirect(FetchTask& task, const FetchResult& r);
  void LogFetch(const FetchTask& task, const FetchResult& r, std::int64_t now);
  void HandleFailure(FetchTask& task, const FetchResult& r, ErrorKind kind, const std::string& message,
                     std::optional<milliseconds> retry_after);
  void ProcessBody(FetchTask task, FetchResult r);
  void ApplyPage(PageWork& work);
  void StoreArticle(FetchTask& task, const FetchResult& r, std::uint64_t page_hash, Article article);
  void AdmitAll(FetchTask& task, const std::vector<DiscoveredUrl>& found);
  void AdmitSitemaps(const FetchTask& task, const std::vector<std::string>& sitemaps);
  void ArmWake(SteadyClock::time_point at);
  void MaybeFinish();
  bool HeldBack();
  void ShowProgress();
  CrawlResult Summarise(std::int64_t run_id);

  const Config& config_;
  CrawlDatabase& db_;
  CrawlOptions options_;
  std::atomic<bool>* stop_flag_;

  boost::asio::io_context io_;
  CrawlFrontier frontier_;
  PolitenessGate gate_;
  Fetcher fetcher_;
  boost::asio::steady_timer wake_timer_;
  std::optional<SteadyClock::time_point> wake_at_;
  boost::asio::steady_timer progress_timer_;
  boost::asio::signal_set signals_;
  const ExtractorRegistry& registry_;
  std::shared_ptr<spdlog::logger> log_;

  int in_flight_ = 0;
  int analysing_ = 0;  // pages handed to the workers and not applied yet
  std::optional<boost::asio::thread_pool> workers_;
  bool stopping_ = false;
  bool finished_ = false;
  Status fatal_;
  CrawlStats stats_;
  std::chrono::steady_clock::time_point started_;
};

Status Crawler::Impl::AddSites() {
  if (options_.sites.empty()) {
    for (const SiteConfig& s : config_.sites) options_.sites.push_back(s.key);
  }
  if (options_.sites.empty()) return Status::InvalidArgument("no sites configured");
  for (const std::string& key : options_.sites) {
    const SiteConfig* c = config_.FindSite(key);
    if (!c) return Status::InvalidArgument("unknown site '" + key + "'");
    if (Status s = frontier_.AddSite(*c, options_.max_pages.value_or(c->max_pages)); !s.ok()) return s;
    stats_.sites[key];
  }
  return Status::Ok();
}

void Crawler::Impl::Dispatch() {
  // Pages waiting for a worker count against max_concurrency: fetching never runs ahead of
  // extraction by more than that many bodies.
  while (!Stopping() && in_flight_ + analysing_ < config_.crawler.max_concurrency && fatal_.ok()) {
    std::vector<std::string> hosts = frontier_.HostsWithWork();
    // A host whose next URL waits for its origin's robots.txt (being fetched) has nothing to do.
    std::erase_if(hosts, [&](const std::string& h) {
      const FetchTask& front = frontier_.Front(h);
      return !front.robots && gate_.RobotsPending(front.origin);
    });
    if (hosts.empty()) return;
    std::optional<std::string> picked = gate_.PickHost(hosts);
    if (!picked) return;  // every host with work is at its concurrency limit
    const std::string host = *picked;
    if (!gate_.CanStart(host)) {
      // The host allowed to start first is not ready yet, so none is: wake up then.
      ArmWake(gate_.NextStartAt(host));
      return;
    }
    if (Admit(host)) StartFetch(frontier_.PopFront(host));
  }
}

bool Crawler::Impl::Admit(const std::string& host) {
  FetchTask& front = frontier_.Front(host);
  const std::int64_t now = UnixNow();
  if (front.robots) {
    // Another worker may have fetched this robots.txt while this task waited for the host.
    Result<std::optional<std::vector<std::string>>> adopted = gate_.AdoptShared(front.origin, now);
    if (!adopted.ok()) {
      Fail(adopted.status());
      return false;
    }
    if (adopted->has_value()) {
      FetchTask done = frontier_.PopFront(host);
      AdmitSitemaps(done, **adopted);
      return false;
    }
  } else {
    if (front.site->dispatched >= front.site->max_pages && front.earlier_hops.empty()) {
      // Over budget: left in progress, put back at the end of the run.
      frontier_.PopFront(host);
      return false;
    }
    Result<PolitenessGate::Admission> admission = gate_.Admit(front.origin, front.path_and_query, now);
    if (!admission.ok()) {
      Fail(admission.status());
      return false;
    }
    AdmitSitemaps(front, admission->sitemaps);
    switch (admission->verdict) {
      case PolitenessGate::Verdict::kAllowed: break;
      case PolitenessGate::Verdict::kPending: return false;  // Dispatch skips the host until then
      case PolitenessGate::Verdict::kFetchRobots: frontier_.PushRobotsFetch(front); return false;
      case PolitenessGate::Verdict::kDenied: {
        FetchTask denied = frontier_.PopFront(host);
        ++StatsOf(denied).robots_denied;
        log_->info("robots.txt disallows {}", denied.fetch_url);
        Check(frontier_.Failed(denied, admission->why, admission->retry_at, false));
        return false;
      }
    }
  }
  Result<bool> reserved = gate_.Reserve(host);
  if (!reserved.ok()) {
    Fail(reserved.status());
    return false;
  }
  return *reserved;
}

void Crawler::Impl::StartFetch(FetchTask task) {
  gate_.OnDispatch(task.host);
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
  auto shared = std::make_shared<FetchTask>(std::move(task));
  fetcher_.Fetch(std::move(req), [this, shared](FetchResult r) {
    --in_flight_;
    const std::optional<milliseconds> retry_after = gate_.OnResponse(shared->host, r);
    if (shared->robots) {
      OnRobotsFetched(std::move(*shared), std::move(r));
    } else {
      OnFetched(std::move(*shared), std::move(r), retry_after);
    }
    Pump();
  });
}

void Crawler::Impl::LogFetch(const FetchTask& task, const FetchResult& r, std::int64_t now) {
  Check(db_.RecordFetch(FetchLogOf(task, r, now)));
}

void Crawler::Impl::OnRobotsFetched(FetchTask task, FetchResult r) {
  const ScopedLogContext log_context(task.entry.site, task.fetch_url);
  ++stats_.robots_fetches;
  // In the fetch log like every request (a 5xx here is why a whole site is not crawled).
  LogFetch(task, r, UnixNow());
  if (r.ok() && r.status_code >= 300 && r.status_code < 400 && !r.location.empty() &&
      static_cast<int>(task.earlier_hops.size()) < kMaxRobotsRedirects) {
    Check(gate_.Release(task.host));
    const std::string origin = task.origin;  // the rules stay the first origin's
    task.earlier_hops.push_back(task.fetch_url);
    task.SetFetchUrl(r.location);
    task.origin = origin;
    frontier_.PushFront(std::move(task));
    return;
  }
  Result<std::vector<std::string>> sitemaps = gate_.OnRobotsAnswer(task.origin, task.host, r, UnixNow());
  if (sitemaps.ok()) {
    AdmitSitemaps(task, *sitemaps);
  } else {
    Fail(sitemaps.status());
  }
}

void Crawler::Impl::AdmitSitemaps(const FetchTask& task, const std::vector<std::string>& sitemaps) {
  // Sitemap: lines feed discovery of the site whose URL asked for these rules.
  const std::int64_t now = UnixNow();
  for (const std::string& sm : sitemaps) {
    Check(frontier_.Admit(*task.site, DiscoveredUrl{sm, UrlKind::kSitemap, std::nullopt}, task.entry, now));
  }
}

void Crawler::Impl::OnFetched(FetchTask task, FetchResult r, std::optional<milliseconds> retry_after) {
  const ScopedLogContext log_context(task.entry.site, task.fetch_url);
  Check(gate_.Release(task.host));
  SiteCrawlStats& st = StatsOf(task);
  ++st.pages;
  st.bytes += static_cast<std::int64_t>(r.body.size());
  const std::int64_t now = UnixNow();
  LogFetch(task, r, now);
  if (!r.ok()) return HandleFailure(task, r, r.error.kind(), r.error.message(), std::nullopt);
  const long code = r.status_code;
  if (code >= 300 && code < 400 && code != 304) {
    if (FollowRedirect(task, r)) ++st.redirects;
    return;
  }
  if (code == 304) {
    ++st.articles_unchanged;
    Check(frontier_.Unchanged(task, now, gate_.RecheckAt(now)));
    return;
  }
  if (code >= 400 || code < 200) {
    return HandleFailure(task, r, ErrorKind::kHttpStatus, "HTTP " + std::to_string(code), retry_after);
  }
  ProcessBody(std::move(task), std::move(r));
}

bool Crawler::Impl::FollowRedirect(FetchTask& task, const FetchResult& r) {
  if (r.location.empty()) {
    HandleFailure(task, r, ErrorKind::kHttpStatus, "redirect without Location", std::nullopt);
    return false;
  }
  if (static_cast<int>(task.earlier_hops.size()) >= kMaxRedirects) {
    HandleFailure(task, r, ErrorKind::kTooManyRedirects, "more than " + std::to_string(kMaxRedirects) + " redirects",
                  std::nullopt);
    return false;
  }
  Result<std::string> next = CanonicalUrl(r.location);
  if (!next.ok()) {
    HandleFailure(task, r, ErrorKind::kParseError, "bad Location: " + r.location, std::nullopt);
    return false;
  }
  task.earlier_hops.push_back(task.fetch_url);
  task.SetFetchUrl(std::move(*next));
  frontier_.PushFront(std::move(task));
  return true;
}

void Crawler::Impl::HandleFailure(FetchTask& task, const FetchResult& r, ErrorKind kind, const std::string& message,
                                  std::optional<milliseconds> retry_after) {
  SiteCrawlStats& st = StatsOf(task);
  ++st.failed;
  ++st.errors_by_kind[std::string(ErrorKindName(kind))];
  const int attempts = task.entry.attempts + 1;
  const std::string error = std::string(ErrorKindName(kind)) + ": " + message;
  const PolitenessGate::RetryPlan plan = gate_.PlanRetry(attempts, kind, r, retry_after);
  if (plan.retry) {
    ++st.retries;
    log_->info("{} failed ({}), attempt {} of {}, retry in {:.1f} s", task.fetch_url, error, attempts,
               config_.crawler.max_retries + 1, plan.delay_ms / 1000.0);
    Check(frontier_.Failed(task, error, plan.due, true));
    return;
  }
  ++st.gone;
  if (kind != ErrorKind::kHttpStatus || r.status_code >= 500) {
    log_->warn("giving up on {}: {}", task.fetch_url, error);
  } else {
    log_->info("{}: {}", task.fetch_url, error);
  }
  Check(frontier_.Failed(task, error, std::nullopt, false));
}

void Crawler::Impl::ProcessBody(FetchTask task, FetchResult r) {
  if (task.entry.kind == UrlKind::kFeed || task.entry.kind == UrlKind::kSitemap) {
    Result<std::vector<DiscoveredUrl>> found = task.entry.kind == UrlKind::kFeed
                                                   ? FeedUrls(*task.site, task.fetch_url, r.body)
                                                   : SitemapUrls(*task.site, task.fetch_url, r.body);
    if (found.ok()) {
      AdmitAll(task, *found);
    } else {
      log_->warn("{}: {}", task.fetch_url, found.status().message());
    }
    if (fatal_.ok()) Check(frontier_.Done(task, Validators{}, std::nullopt));
    return;
  }
  auto work = std::make_shared<PageWork>();
  work->task = std::move(task);
  work->fetch = std::move(r);
  const auto max_bytes = static_cast<std::size_t>(config_.crawler.max_body_bytes);
  if (!workers_) {
    AnalysePage(*work, registry_, max_bytes);
    ApplyPage(*work);
    return;
  }
  ++analysing_;
  // The guard keeps io_.run() from returning while a page is with a worker.
  auto guard = std::make_shared<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
      io_.get_executor());
  boost::asio::post(*workers_, [this, work, guard, max_bytes] {
    AnalysePage(*work, registry_, max_bytes);
    boost::asio::post(io_, [this, work, guard] {
      --analysing_;
      ApplyPage(*work);
      guard->reset();
      Pump();
    });
  });
}

void Crawler::Impl::ApplyPage(PageWork& w) {
  const ScopedLogContext log_context(w.task.entry.site, w.task.fetch_url);
  if (w.task.entry.kind == UrlKind::kArticle && w.decoded) {
    // The raw page is kept even when extraction failed: `reextract` can try again later.
    Result<std::uint64_t> page = db_.StorePage(w.task.fetch_url, w.html);
    if (!page.ok()) {
      Fail(page.status());
      return;
    }
    if (w.article) return StoreArticle(w.task, w.fetch, *page, std::move(*w.article));
  }
  if (!w.error.ok()) return HandleFailure(w.task, w.fetch, w.error.kind(), w.error.message(), std::nullopt);
  if (w.links) {
    AdmitAll(w.task, ListingUrls(*w.links));
  } else {
    log_->warn("{}: cannot parse: {}", w.task.fetch_url, w.parse_warning);
  }
  if (!fatal_.ok()) return;
  Check(frontier_.Done(w.task, Validators{}, std::nullopt));
}

void Crawler::Impl::AdmitAll(FetchTask& task, const std::vector<DiscoveredUrl>& found) {
  const std::int64_t now = UnixNow();
  for (const DiscoveredUrl& d : found) Check(frontier_.Admit(*task.site, d, task.entry, now));
}

void Crawler::Impl::StoreArticle(FetchTask& task, const FetchResult& r, std::uint64_t page_hash, Article article) {
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
  Result<StoreOutcome> outcome = db_.UpsertArticle(article, meta);
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
  if (task.entry.url != task.fetch_url) Check(db_.AddAlias(task.entry.url, outcome->article_id));
  for (const std::string& hop : task.earlier_hops) {
    if (hop != task.entry.url) Check(db_.AddAlias(hop, outcome->article_id));
  }
  Validators v;
  if (!r.etag.empty()) v.etag = r.etag;
  if (!r.last_modified.empty()) v.last_modified = r.last_modified;
  // After UpsertArticle, on the same database: record and acknowledgement commit together.
  Check(frontier_.Done(task, v, gate_.RecheckAt(now)));
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
  if (options_.stop_after_pages > 0 && stats_.Total().pages >= options_.stop_after_pages) stopping_ = true;
  if (!Stopping()) {
    Check(frontier_.Fill(UnixNow()));
    Dispatch();
  }
  MaybeFinish();
}

void Crawler::Impl::MaybeFinish() {
  if (in_flight_ > 0 || analysing_ > 0) return;
  if (!Stopping()) {
    if (frontier_.HasQueued() || !frontier_.drained()) return;  // Dispatch armed a wake-up
    if (std::optional<std::int64_t> due = frontier_.NextRetryDue()) {
      // Sleep until the earliest retry of this run is due; the frontier hands it out then.
      ArmWake(SteadyClock::now() + std::chrono::seconds(std::max<std::int64_t>(0, *due - UnixNow())) +
              milliseconds(20));
      return;
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
  Result<std::optional<std::int64_t>> wait = frontier_.HeldBackRetryMs();
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
  if (Status s = AddSites(); !s.ok()) return s;
  if (config_.crawler.extract_threads > 0) workers_.emplace(static_cast<std::size_t>(config_.crawler.extract_threads));

  Result<std::int64_t> run_id = db_.BeginRun(UnixNow());
  if (!run_id.ok()) return run_id.status();
  SetLogRunId(*run_id);
  Result<std::int64_t> reset = frontier_.Resume();
  if (!reset.ok()) return reset.status();
  if (*reset > 0) log_->info("resuming: {} URLs left in progress by an earlier run put back", *reset);
  if (Status s = frontier_.Seed(UnixNow()); !s.ok()) return s;

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
  Check(frontier_.PutBack());
  if (options_.progress) std::fprintf(stderr, "\r\033[K");
  CrawlResult result = Summarise(*run_id);
  if (!fatal_.ok()) return fatal_;
  return result;
}

CrawlResult Crawler::Impl::Summarise(std::int64_t run_id) {
  CrawlResult result;
  result.run_id = run_id;
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
  Check(db_.EndRun(stats_.Summary(result.exit_code, UnixNow())));
  Check(db_.Flush());
  return result;
}

Crawler::Crawler(const Config& config, CrawlDatabase& db, CrawlOptions options)
    : impl_(std::make_unique<Impl>(config, db, std::move(options), &stop_requested_)) {}

Crawler::~Crawler() = default;

Result<CrawlResult> Crawler::Run() { return impl_->Run(); }

void Crawler::RequestStop() {
  stop_requested_ = true;
  impl_->PostStop();
}

}  // namespace newscrawl
