#include "newscrawl/frontier/crawl_frontier.h"

#include <algorithm>

#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

// Frontier order (higher first): discovery documents, then articles, then deeper listings, so
// a max_pages budget goes to articles before pagination.
int PriorityOf(UrlKind kind) {
  switch (kind) {
    case UrlKind::kSitemap:
    case UrlKind::kFeed:
    case UrlKind::kRobots: return 30;
    case UrlKind::kStart: return 20;
    case UrlKind::kArticle: return 10;
    case UrlKind::kListing: return 5;
  }
  return 0;
}

}  // namespace

void FetchTask::SetFetchUrl(std::string url) {
  fetch_url = std::move(url);
  Result<Url> u = Url::Parse(fetch_url);
  if (!u.ok()) {
    host.clear();
    origin.clear();
    path_and_query = "/";
    return;
  }
  host = u->HostPort();
  origin = u->Origin();
  path_and_query = u->path() + (u->query() ? "?" + *u->query() : "");
}

CrawlFrontier::CrawlFrontier(CrawlDatabase& db, std::size_t max_buffered)
    : db_(db), storage_(db), max_buffered_(max_buffered) {}

Status CrawlFrontier::AddSite(const SiteConfig& config, int max_pages) {
  Result<LinkExtractor> links = LinkExtractor::Create(config.links);
  if (!links.ok()) return links.status();
  sites_.insert_or_assign(config.key, CrawlSite{&config, std::move(*links), max_pages, 0, 0});
  return Status::Ok();
}

Result<std::int64_t> CrawlFrontier::Resume() { return storage_.ResetInProgress(); }

Status CrawlFrontier::PutBack() {
  Result<std::int64_t> put_back = storage_.ResetInProgress();
  return put_back.ok() ? Status::Ok() : put_back.status();
}

Status CrawlFrontier::Seed(std::int64_t now) {
  for (const auto& [key, site] : sites_) {
    const SiteConfig& c = *site.config;
    const std::pair<const std::vector<std::string>*, UrlKind> seeds[] = {
        {&c.sitemaps, UrlKind::kSitemap}, {&c.feeds, UrlKind::kFeed}, {&c.start_urls, UrlKind::kStart}};
    for (const auto& [urls, kind] : seeds) {
      for (const std::string& u : *urls) {
        UrlEntry e;
        e.url = u;
        e.site = key;
        e.kind = kind;
        e.priority = PriorityOf(kind);
        if (Status s = EnqueueOrRevisit(e, now); !s.ok()) return s;
      }
    }
  }
  return db_.Flush();
}

Status CrawlFrontier::EnqueueOrRevisit(const UrlEntry& e, std::int64_t now) {
  seen_run_.insert(e.url);
  Result<bool> added = storage_.Enqueue(e);
  if (!added.ok()) return added.status();
  if (*added) return Status::Ok();
  Result<bool> r = storage_.Reschedule(e.url, now);
  return r.ok() ? Status::Ok() : r.status();
}

bool CrawlFrontier::InScope(const CrawlSite& site, const std::string& url) const {
  const std::string host = HostOf(url);
  if (host.empty()) return false;
  return std::any_of(site.config->domains.begin(), site.config->domains.end(),
                     [&](const std::string& d) { return HostInDomain(host, d); });
}

Status CrawlFrontier::Admit(const CrawlSite& site, const DiscoveredUrl& found, const UrlEntry& from, std::int64_t now) {
  if (!InScope(site, found.url)) return Status::Ok();
  if (found.kind == UrlKind::kArticle) {
    // An article stored under another URL (a redirect target, a canonical link) is not
    // fetched again under this one.
    Result<std::optional<std::int64_t>> known = db_.FindArticleByUrl(found.url);
    if (known.ok() && known->has_value()) return Status::Ok();
  } else if (seen_run_.count(found.url)) {
    return Status::Ok();
  }
  UrlEntry e;
  e.url = found.url;
  e.site = site.config->key;
  e.kind = found.kind;
  e.priority = PriorityOf(found.kind);
  e.published_at = found.published_at;
  e.depth = from.depth + 1;
  e.discovered_from = from.url;
  if (found.kind == UrlKind::kArticle) {
    Result<bool> r = storage_.Enqueue(e);
    return r.ok() ? Status::Ok() : r.status();
  }
  // Listings, feeds and sitemaps are revisited on every run: known ones are made due again.
  return EnqueueOrRevisit(e, now);
}

Status CrawlFrontier::Fill(std::int64_t now) {
  last_fill_ = now;
  drained_ = false;
  // Only sites of this run with budget left: another site's URLs stay untouched in the frontier.
  std::vector<std::string> open_sites;
  std::size_t queued = 0;
  for (const auto& [key, site] : sites_) {
    if (site.HasBudget()) open_sites.push_back(key);
    queued += static_cast<std::size_t>(site.queued);
  }
  if (open_sites.empty()) {
    drained_ = true;
    return Status::Ok();
  }
  while (queued < max_buffered_) {
    Result<std::optional<UrlEntry>> next = storage_.Next(now, open_sites);
    if (!next.ok()) return next.status();
    if (!next->has_value()) {
      drained_ = true;
      return Status::Ok();
    }
    UrlEntry e = std::move(**next);
    retries_.erase(e.url);
    auto it = sites_.find(e.site);
    // A site that ran out of budget since open_sites was made: its URL stays in progress until
    // the run ends and is then put back (ResetInProgress) for a later run.
    if (it == sites_.end() || it->second.dispatched >= it->second.max_pages) continue;
    seen_run_.insert(e.url);
    FetchTask t;
    t.SetFetchUrl(e.url);
    t.entry = std::move(e);
    t.site = &it->second;
    Push(std::move(t), false);
    ++queued;
    // This site's budget is spoken for: take no more of its URLs in this fill.
    if (!it->second.HasBudget()) {
      std::erase(open_sites, it->first);
      if (open_sites.empty()) return Status::Ok();
    }
  }
  return Status::Ok();
}

std::vector<std::string> CrawlFrontier::HostsWithWork() const {
  std::vector<std::string> hosts;
  hosts.reserve(queues_.size());
  for (const auto& [host, q] : queues_) hosts.push_back(host);
  return hosts;
}

void CrawlFrontier::Push(FetchTask task, bool front) {
  if (!task.robots) ++task.site->queued;
  std::deque<FetchTask>& q = queues_[task.host];
  if (front) {
    q.push_front(std::move(task));
  } else {
    q.push_back(std::move(task));
  }
}

void CrawlFrontier::PushFront(FetchTask task) { Push(std::move(task), true); }

void CrawlFrontier::PushRobotsFetch(const FetchTask& waiting) {
  FetchTask robots;
  robots.robots = true;
  robots.SetFetchUrl(waiting.origin + "/robots.txt");
  robots.entry.url = robots.fetch_url;
  robots.entry.site = waiting.entry.site;
  robots.entry.kind = UrlKind::kRobots;
  robots.site = waiting.site;
  Push(std::move(robots), true);
}

FetchTask CrawlFrontier::PopFront(const std::string& host) {
  auto it = queues_.find(host);
  FetchTask task = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) queues_.erase(it);
  if (!task.robots) --task.site->queued;
  return task;
}

Status CrawlFrontier::Failed(const FetchTask& task, const std::string& error, std::optional<std::int64_t> retry_at,
                             bool retry_in_this_run) {
  if (retry_in_this_run && retry_at) retries_[task.entry.url] = Retry{task.entry.site, *retry_at};
  return storage_.MarkFailed(task.entry.url, error, retry_at);
}

std::optional<std::int64_t> CrawlFrontier::NextRetryDue() {
  std::optional<std::int64_t> earliest;
  for (auto it = retries_.begin(); it != retries_.end();) {
    auto site = sites_.find(it->second.site);
    const bool no_budget = site == sites_.end() || site->second.dispatched >= site->second.max_pages;
    if (no_budget || (drained_ && it->second.due <= last_fill_)) {
      it = retries_.erase(it);
      continue;
    }
    earliest = std::min(earliest.value_or(it->second.due), it->second.due);
    ++it;
  }
  return earliest;
}

Result<std::optional<std::int64_t>> CrawlFrontier::HeldBackRetryMs() {
  std::vector<std::string> open;
  for (const auto& [key, site] : sites_) {
    if (site.dispatched < site.max_pages) open.push_back(key);
  }
  if (open.empty()) return std::optional<std::int64_t>();
  return storage_.HeldBackRetryMs(open);
}

}  // namespace newscrawl
