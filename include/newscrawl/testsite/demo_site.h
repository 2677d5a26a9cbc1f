// DemoSite: the offline stand-in for the real papers that `newscrawl demo` crawls. One loopback
// TestSiteServer per paper, each serving that paper's saved fixture pages as a small news site:
// robots.txt (a disallowed /bai/nhap-… draft that the home page links to, and a Sitemap: line), a sitemap
// index with a gzipped Google News sitemap, an RSS feed, a home page and a second listing page,
// the articles, one article again under tracking parameters and once more under a second
// address.
// Owns its servers; Stop() (or the destructor) stops them. Not thread-safe.
#ifndef NEWSCRAWL_DEMO_SITE_H_
#define NEWSCRAWL_DEMO_SITE_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "newscrawl/core/status.h"
#include "newscrawl/testsite/test_site_server.h"

namespace newscrawl {

struct DemoPaper {
  std::string key;        // config site key ("baogialai")
  std::string name;       // display name
  std::string extractor;  // registry name the config uses
  std::vector<std::string> article_paths;  // served paths of the articles
  std::unique_ptr<TestSiteServer> server;
};

class DemoSite {
 public:
  // Builds the papers from `fixtures_root` (the project's fixtures/ folder). Fails with NotFound
  // when the fixtures are missing.
  static Result<std::unique_ptr<DemoSite>> Start(const std::filesystem::path& fixtures_root);

  const std::vector<DemoPaper>& papers() const { return papers_; }
  std::size_t ArticleCount() const;
  // The [sites.*] blocks of a config that crawls every paper.
  std::string SitesToml() const;
  // Requests any server received for the draft robots.txt forbids: 0 in a polite crawl.
  std::size_t DisallowedRequests() const;
  std::size_t TotalRequests() const;
  void Stop();

 private:
  std::vector<DemoPaper> papers_;
};

// Documents of a small site, shared by the demo and the crawler tests.
std::string RobotsTxt(const std::vector<std::string>& disallow, const std::string& sitemap_url);
// A sitemap index listing `sitemap_urls`.
std::string SitemapIndexXml(const std::vector<std::string>& sitemap_urls);
struct SitemapItem {
  std::string url;
  std::string publication_date;  // ISO 8601; empty = none
  std::string title;
};
// A urlset with Google News tags where a publication date is given.
std::string NewsSitemapXml(const std::vector<SitemapItem>& items);
// An RSS 2.0 feed; SitemapItem::publication_date is given in ISO 8601 and written as RFC 822.
std::string RssXml(const std::string& title, const std::vector<SitemapItem>& items);

}  // namespace newscrawl

#endif  // NEWSCRAWL_DEMO_SITE_H_
