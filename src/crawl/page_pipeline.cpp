#include "page_pipeline.h"

#include <chrono>

#include "newscrawl/fetch/charset.h"
#include "newscrawl/discovery/feed.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/core/log.h"
#include "newscrawl/discovery/sitemap.h"
#include "newscrawl/core/time_parse.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

// `link` as found on `page_url`, absolute and canonical; nullopt if it is no URL.
std::optional<std::string> CanonicalLink(const std::string& page_url, const std::string& link) {
  Result<std::string> abs = ResolveUrl(page_url, link);
  if (!abs.ok()) return std::nullopt;
  Result<std::string> url = CanonicalUrl(*abs);
  if (!url.ok()) return std::nullopt;
  return std::move(*url);
}

}  // namespace

void AnalysePage(PageWork& w, const ExtractorRegistry& registry, std::size_t max_page_bytes) {
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
  HtmlParseOptions parse;
  // Unless decoding to UTF-8 made the page larger: the error then names max_body_bytes.
  parse.max_bytes = max_page_bytes;
  if (w.task.entry.kind == UrlKind::kArticle) {
    Result<Article> article = registry.Extract(
        w.html, ExtractRequest{.url = w.task.fetch_url, .site = w.task.site->config->extractor, .parse = parse});
    if (article.ok()) {
      w.article = std::move(article).value();
    } else {
      w.error = article.status();
    }
    return;
  }
  Result<HtmlDocument> doc = HtmlDocument::Parse(w.html, parse);
  if (!doc.ok()) {
    w.parse_warning = doc.status().ToString();
    return;
  }
  w.links = w.task.site->links.Extract(*doc, w.task.fetch_url);
}

FetchLogEntry FetchLogOf(const FetchTask& task, const FetchResult& r, std::int64_t now) {
  FetchLogEntry log;
  log.url = task.fetch_url;
  log.site = task.entry.site;
  log.fetched_at = now;
  log.http_status = static_cast<int>(r.status_code);
  log.bytes = static_cast<std::int64_t>(r.body.size());
  log.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.total_time).count();
  if (!r.ok()) {
    log.error = r.error.kind();
    log.error_message = r.error.message();
  } else if (r.status_code >= 500 || (r.status_code >= 400 && !task.robots)) {
    log.error = ErrorKind::kHttpStatus;
    log.error_message = "HTTP " + std::to_string(r.status_code);
  }
  return log;
}

std::vector<DiscoveredUrl> ListingUrls(const PageLinks& links) {
  std::vector<DiscoveredUrl> out;
  out.reserve(links.articles.size() + links.follow.size() + 1);
  for (const std::string& a : links.articles) out.push_back({a, UrlKind::kArticle, std::nullopt});
  if (links.next_page) out.push_back({*links.next_page, UrlKind::kListing, std::nullopt});
  for (const std::string& f : links.follow) out.push_back({f, UrlKind::kListing, std::nullopt});
  return out;
}

Result<std::vector<DiscoveredUrl>> FeedUrls(const CrawlSite& site, const std::string& page_url, std::string_view body) {
  Result<Feed> feed = ParseFeed(body);
  if (!feed.ok()) return Status::ParseError("not a feed: " + feed.status().ToString());
  SortNewestFirst(feed->items);
  std::vector<DiscoveredUrl> out;
  for (const FeedItem& item : feed->items) {
    if (item.link.empty()) continue;
    std::optional<std::string> url = CanonicalLink(page_url, item.link);
    if (!url || !site.links.IsArticleUrl(*url)) continue;
    std::optional<std::int64_t> published;
    if (!item.published.empty()) published = ToUnixSeconds(item.published);
    out.push_back({std::move(*url), UrlKind::kArticle, published});
  }
  return out;
}

Result<std::vector<DiscoveredUrl>> SitemapUrls(const CrawlSite& site, const std::string& page_url,
                                               std::string_view body) {
  Result<Sitemap> sm = ParseSitemap(body);
  if (!sm.ok()) return Status::ParseError("not a sitemap: " + sm.status().ToString());
  if (sm->kind != SitemapKind::kIndex) SortNewestFirst(sm->entries);
  std::vector<DiscoveredUrl> out;
  for (const SitemapEntry& e : sm->entries) {
    std::optional<std::string> url = CanonicalLink(page_url, e.loc);
    if (!url) continue;
    if (sm->kind == SitemapKind::kIndex) {
      // The frontier admits a sitemap once per run: an index that lists itself (or a cycle of
      // indexes) ends there.
      out.push_back({std::move(*url), UrlKind::kSitemap, std::nullopt});
      continue;
    }
    if (site.links.IsArticleUrl(*url)) {
      const std::string& date = !e.news_publication_date.empty() ? e.news_publication_date : e.lastmod;
      std::optional<std::int64_t> published;
      if (!date.empty()) published = ToUnixSeconds(date);
      out.push_back({std::move(*url), UrlKind::kArticle, published});
    } else if (site.links.IsFollowUrl(*url)) {
      out.push_back({std::move(*url), UrlKind::kListing, std::nullopt});
    }
  }
  return out;
}

}  // namespace newscrawl
