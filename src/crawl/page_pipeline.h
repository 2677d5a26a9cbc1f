// The page pipeline: what happens to a fetched body on its one way through the crawl
// (fetch -> decode -> extract -> dedup -> store -> discovered links back to the frontier).
// This file holds the parts that need no crawl state: the worker-side analysis of an HTML page
// (decode, parse, extract or read its links) and the reading of feeds and sitemaps into
// discovered URLs. The crawler applies their results on its event loop, which alone touches the
// frontier, the store and the statistics.
#ifndef NEWSCRAWL_CRAWL_PAGE_PIPELINE_H_
#define NEWSCRAWL_CRAWL_PAGE_PIPELINE_H_

#include <optional>
#include <string>
#include <vector>

#include "newscrawl/core/article.h"
#include "newscrawl/store/article_store.h"
#include "newscrawl/frontier/crawl_frontier.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/fetch/fetcher.h"
#include "newscrawl/discovery/link_extractor.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

// One fetched HTML page on its way through a worker: AnalysePage fills html and either article
// (article pages) or links (start and listing pages), or error; the loop thread applies it.
// The worker owns it while it works; the task's site is read, never written, there.
struct PageWork {
  FetchTask task;
  FetchResult fetch;
  Status error;         // the body could not be decoded, or the page not extracted
  bool decoded = false;
  std::string html;     // the decoded page, what the store keeps
  std::optional<Article> article;
  std::optional<PageLinks> links;
  std::string parse_warning;  // a listing page that did not parse
};

// Worker side: decodes the body to UTF-8 and extracts the article (article pages) or reads the
// links (the site's link rules). Reads only `work`, the registry and the site's rules. The
// fetcher's body cap is the parser's too: a page it accepted is never refused for its size.
void AnalysePage(PageWork& work, const ExtractorRegistry& registry, std::size_t max_page_bytes);

// The fetch log's line for one exchange of `task`. A robots.txt 4xx is no error: it means "no
// rules" (RFC 9309 §2.3.1.3).
FetchLogEntry FetchLogOf(const FetchTask& task, const FetchResult& r, std::int64_t now);

// The URLs a listing page's links name, for admission.
std::vector<DiscoveredUrl> ListingUrls(const PageLinks& links);
// The article URLs of a feed (newest first; the site's article_url rule decides), or why the
// body is not a feed.
Result<std::vector<DiscoveredUrl>> FeedUrls(const CrawlSite& site, const std::string& page_url, std::string_view body);
// A sitemap's URLs: an index's sitemaps, or a sitemap's articles (newest first) and followed
// listings, by the site's rules; or why the body is not a sitemap.
Result<std::vector<DiscoveredUrl>> SitemapUrls(const CrawlSite& site, const std::string& page_url, std::string_view body);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWL_PAGE_PIPELINE_H_
