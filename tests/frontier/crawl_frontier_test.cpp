#include "newscrawl/frontier/crawl_frontier.h"

#include <gtest/gtest.h>

#include "newscrawl/store/sqlite_store.h"

namespace newscrawl {
namespace {

class CrawlFrontierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(*opened);
    site_.key = "a";
    site_.domains = {"a.vn"};
    site_.start_urls = {"https://a.vn/"};
    site_.feeds = {"https://a.vn/rss"};
    site_.links.article_url = "-post\\d+\\.html$";
  }

  // Every task the frontier's queues hold now, host by host.
  std::vector<FetchTask> Drain(CrawlFrontier& f) {
    std::vector<FetchTask> out;
    while (f.HasQueued()) out.push_back(f.PopFront(f.HostsWithWork().front()));
    return out;
  }

  UrlEntry From(const std::string& url) {
    UrlEntry e;
    e.url = url;
    e.site = "a";
    return e;
  }

  std::unique_ptr<SqliteStore> db_;
  SiteConfig site_;
};

TEST_F(CrawlFrontierTest, TaskParsesItsUrlOncePerHop) {
  FetchTask t;
  t.SetFetchUrl("https://a.vn:8443/x/y?q=1#frag");
  EXPECT_EQ(t.host, "a.vn:8443");
  EXPECT_EQ(t.origin, "https://a.vn:8443");
  EXPECT_EQ(t.path_and_query, "/x/y?q=1");
  t.SetFetchUrl("http://b.vn/");
  EXPECT_EQ(t.host, "b.vn:80");
  EXPECT_EQ(t.origin, "http://b.vn");
  EXPECT_EQ(t.path_and_query, "/");
}

TEST_F(CrawlFrontierTest, SeedsDiscoveryBeforeStartPagesAndQueuesThemPerHost) {
  CrawlFrontier f(*db_, 100);
  ASSERT_TRUE(f.AddSite(site_, 10).ok());
  ASSERT_TRUE(f.Seed(1000).ok());
  ASSERT_TRUE(f.Fill(1000).ok());
  EXPECT_TRUE(f.drained());
  ASSERT_EQ(f.HostsWithWork(), std::vector<std::string>{"a.vn:443"});
  std::vector<FetchTask> tasks = Drain(f);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].fetch_url, "https://a.vn/rss");  // feeds first: discovery outranks start pages
  EXPECT_EQ(tasks[0].entry.kind, UrlKind::kFeed);
  EXPECT_EQ(tasks[1].fetch_url, "https://a.vn/");
  EXPECT_FALSE(f.HasQueued());
}

TEST_F(CrawlFrontierTest, AdmitsInScopeUrlsOnceAndListingsOncePerRun) {
  CrawlFrontier f(*db_, 100);
  ASSERT_TRUE(f.AddSite(site_, 10).ok());
  const CrawlSite& site = f.sites().at("a");
  const UrlEntry from = From("https://a.vn/");
  ASSERT_TRUE(f.Admit(site, {"https://other.vn/x-post1.html", UrlKind::kArticle, std::nullopt}, from, 1000).ok());
  ASSERT_TRUE(f.Admit(site, {"https://a.vn/x-post1.html", UrlKind::kArticle, std::nullopt}, from, 1000).ok());
  ASSERT_TRUE(f.Admit(site, {"https://a.vn/x-post1.html", UrlKind::kArticle, std::nullopt}, from, 1000).ok());
  ASSERT_TRUE(f.Admit(site, {"https://a.vn/trang-2", UrlKind::kListing, std::nullopt}, from, 1000).ok());
  ASSERT_TRUE(f.Admit(site, {"https://a.vn/trang-2", UrlKind::kListing, std::nullopt}, from, 1000).ok());
  ASSERT_TRUE(f.Fill(1000).ok());
  std::vector<FetchTask> tasks = Drain(f);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].fetch_url, "https://a.vn/x-post1.html");  // articles before deeper listings
  EXPECT_EQ(tasks[0].entry.depth, 1);
  EXPECT_EQ(tasks[0].entry.discovered_from, "https://a.vn/");
  EXPECT_EQ(tasks[1].fetch_url, "https://a.vn/trang-2");
}

TEST_F(CrawlFrontierTest, FillsNoMoreThanTheWindowNorTheSitesBudget) {
  CrawlFrontier window(*db_, 3);
  ASSERT_TRUE(window.AddSite(site_, 100).ok());
  const CrawlSite& site = window.sites().at("a");
  for (int i = 0; i < 10; ++i) {
    const std::string url = "https://a.vn/x-post" + std::to_string(i) + ".html";
    ASSERT_TRUE(window.Admit(site, {url, UrlKind::kArticle, std::nullopt}, From("https://a.vn/"), 1000).ok());
  }
  ASSERT_TRUE(window.Fill(1000).ok());
  EXPECT_FALSE(window.drained());
  EXPECT_EQ(Drain(window).size(), 3u);
  EXPECT_EQ(site.queued, 0);

  CrawlFrontier budget(*db_, 100);
  ASSERT_TRUE(budget.AddSite(site_, 2).ok());
  ASSERT_TRUE(budget.Resume().ok());  // the first frontier's tasks go back to pending
  ASSERT_TRUE(budget.Fill(1000).ok());
  EXPECT_EQ(Drain(budget).size(), 2u);
}

TEST_F(CrawlFrontierTest, WaitsForItsRetriesUntilTheyAreHandedOutOrDoneElsewhere) {
  CrawlFrontier f(*db_, 100);
  ASSERT_TRUE(f.AddSite(site_, 10).ok());
  const CrawlSite& site = f.sites().at("a");
  for (const char* url : {"https://a.vn/x-post1.html", "https://a.vn/x-post2.html"}) {
    ASSERT_TRUE(f.Admit(site, {url, UrlKind::kArticle, std::nullopt}, From("https://a.vn/"), 1000).ok());
  }
  ASSERT_TRUE(f.Fill(1000).ok());
  std::vector<FetchTask> tasks = Drain(f);
  ASSERT_EQ(tasks.size(), 2u);
  ASSERT_TRUE(f.Failed(tasks[0], "timeout: slow", 1005, true).ok());
  ASSERT_TRUE(f.Failed(tasks[1], "timeout: slow", 1010, true).ok());
  EXPECT_EQ(f.NextRetryDue(), 1005);
  // The second is finished by someone else (another worker) before it is due.
  ASSERT_TRUE(db_->MarkDone(tasks[1].entry.url, Validators{}, std::nullopt).ok());
  ASSERT_TRUE(f.Fill(1005).ok());
  ASSERT_EQ(Drain(f).size(), 1u);  // the first, handed out again
  EXPECT_EQ(f.NextRetryDue(), 1010);
  ASSERT_TRUE(f.Fill(1010).ok());
  EXPECT_TRUE(f.drained());
  EXPECT_FALSE(f.HasQueued());
  EXPECT_FALSE(f.NextRetryDue().has_value());
}

}  // namespace
}  // namespace newscrawl
