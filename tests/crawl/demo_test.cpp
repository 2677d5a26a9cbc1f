// `newscrawl demo` end to end: the fixture sites are crawled politely into a fresh database, and
// what it prints agrees with what was stored.
#include <gtest/gtest.h>

#include <filesystem>

#include "newscrawl/testsite/demo_site.h"
#include "newscrawl/discovery/feed.h"
#include "newscrawl/politeness/robots.h"
#include "newscrawl/discovery/sitemap.h"
#include "newscrawl/store/sqlite_store.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::RunNewscrawl;

TEST(DemoSiteTest, DocumentsParseWithOurOwnParsers) {
  const std::string index = SitemapIndexXml({"http://127.0.0.1:1/sitemaps/news.xml.gz"});
  Result<Sitemap> parsed_index = ParseSitemap(index);
  ASSERT_TRUE(parsed_index.ok());
  EXPECT_EQ(parsed_index->kind, SitemapKind::kIndex);
  Result<Sitemap> news = ParseSitemap(NewsSitemapXml({{"http://h/a & b.html", "2025-06-17T13:43:02+07:00", "T <1>"}}));
  ASSERT_TRUE(news.ok());
  ASSERT_EQ(news->entries.size(), 1u);
  EXPECT_EQ(news->entries[0].loc, "http://h/a & b.html");
  EXPECT_EQ(news->entries[0].news_publication_date, "2025-06-17T13:43:02+07:00");
  Result<Feed> feed = ParseFeed(RssXml("Báo", {{"http://h/x.html", "2024-06-05T08:00:00+07:00", "Bài"}}));
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].published, "2024-06-05T08:00:00+07:00");
  RobotsRules robots = RobotsRules::Parse(RobotsTxt({"/bai/nhap-"}, "http://h/sitemap.xml"));
  EXPECT_FALSE(robots.Allowed("newscrawl", "/bai/nhap-chua-dang.html"));
  EXPECT_TRUE(robots.Allowed("newscrawl", "/bai/x.html"));
  EXPECT_EQ(robots.Sitemaps(), std::vector<std::string>{"http://h/sitemap.xml"});
}

TEST(DemoTest, CrawlsTheFixtureSitesAndReportsWhatItDid) {
  const fs::path dir = fs::temp_directory_path() / ("newscrawl_demo_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto run = RunNewscrawl("demo --dir " + testing::ShellQuote(dir.string()) + " --fixtures " +
                                testing::ShellQuote(std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures"));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("articles stored"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("requests for the forbidden drafts that reached a server: 0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("[znews] Giá vàng thế giới cao nhất mọi thời đại"), std::string::npos) << run.out;

  // Every served article is stored once; the tracking-parameter link and the copy add none.
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open((dir / "demo.db").string());
  ASSERT_TRUE(store.ok());
  Result<std::unique_ptr<DemoSite>> site = DemoSite::Start(fs::path(NEWSCRAWL_SOURCE_DIR) / "fixtures");
  ASSERT_TRUE(site.ok());
  std::size_t stored = 0;
  ASSERT_TRUE((*store)->ForEachArticle(ExportFilter{}, [&](const StoredArticle&) {
    ++stored;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(stored, (*site)->ArticleCount());
  EXPECT_NE(run.out.find("articles stored         " + std::to_string(stored)), std::string::npos) << run.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newscrawl
