// Crawls loopback news sites (tests/crawl/news_site.h) end to end into SQLite and checks the
// issue's promises from the server's request log and the store.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "newscrawl/config/config.h"
#include "newscrawl/crawl/crawler.h"
#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/store/run_lock.h"
#include "newscrawl/store/sqlite_store.h"
#include "newscrawl/url/url.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::CrawlerToml;
using testing::NewsSite;

class CrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_crawl_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "crawl.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  Config MakeConfig(const std::string& toml) {
    Result<Config> c = ParseConfig(toml, "test.toml");
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Config{};
  }
  std::string WriteConfig(const std::string& toml) {
    const std::string path = (dir_ / "config.toml").string();
    std::ofstream(path) << toml;
    return path;
  }
  CrawlResult Crawl(const Config& config, CrawlOptions options = {}) {
    auto store = SqliteStore::Open(db_);
    EXPECT_TRUE(store.ok());
    Crawler crawler(config, **store, options);
    Result<CrawlResult> r = crawler.Run();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CrawlResult{};
  }
  // Canonical URL → stored record.
  std::map<std::string, Article> Records() {
    auto store = SqliteStore::Open(db_);
    std::map<std::string, Article> out;
    EXPECT_TRUE((*store)->ForEachArticle({}, [&](const StoredArticle& a) {
      out[a.article.url.value_or("")] = a.article;
      return Status::Ok();
    }).ok());
    return out;
  }

  // Politeness from the server's own log: starts to this host never closer than the delay,
  // never more in flight than allowed.
  static void ExpectPolite(const TestSiteServer& server, std::chrono::milliseconds delay, int per_host) {
    const std::vector<RequestRecord> log = server.Requests();
    ASSERT_FALSE(log.empty());
    for (std::size_t i = 1; i < log.size(); ++i) {
      const auto gap = std::chrono::duration_cast<std::chrono::microseconds>(log[i].start - log[i - 1].start);
      EXPECT_GE(gap.count(), delay.count() * 1000)
          << log[i - 1].target << " then " << log[i].target;
    }
    for (const RequestRecord& r : log) EXPECT_LE(r.concurrent_at_start, per_host) << r.target;
  }

  CurlGlobal curl_;
  fs::path dir_;
  std::string db_;
};

TEST_F(CrawlTest, CrawlsSiteEndToEndPolitelyAndStoresEachArticleOnce) {
  NewsSite site;
  const Config config = MakeConfig(CrawlerToml(db_, 50) + site.SiteToml("baogialai"));
  const CrawlResult result = Crawl(config);
  EXPECT_EQ(result.exit_code, kExitOk);

  const std::map<std::string, Article> records = Records();
  EXPECT_EQ(records.size(), site.article_paths.size());
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  for (const std::string& path : site.article_paths) {
    const std::string url = *CanonicalUrl(site.server.Url(path));
    ASSERT_TRUE(records.count(url)) << url;
    Result<Article> expected = registry.Extract(site.articles[path], {.url = url, .site = "baogialai", .parse = {}});
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(records.at(url), *expected) << url;
    EXPECT_TRUE(records.at(url).body->find("Bài số") != std::string::npos);
  }
  // Robots: the disallowed article linked from two pages was never requested.
  EXPECT_EQ(site.server.CountRequests("/private/bi-mat-post000999.html"), 0u);
  EXPECT_EQ(site.server.CountRequests("/robots.txt"), 1u);
  // Each article fetched once, except the two that failed first (retried once each).
  for (const std::string& path : site.article_paths) {
    const std::size_t expected = (path.find("bai-9-") != std::string::npos || path.find("bai-10-") != std::string::npos) ? 2 : 1;
    EXPECT_EQ(site.server.CountRequests(path), expected) << path;
  }
  EXPECT_EQ(site.server.CountRequests("/thoi-su/mat-post000404.html"), 1u);  // 404: not retried
  EXPECT_EQ(site.server.CountRequests(site.redirect_source), 1u);
  EXPECT_EQ(site.server.CountRequests("/r/step-1"), 1u);
  // The self-listing sitemap index was fetched once.
  EXPECT_EQ(site.server.CountRequests("/sitemap-index.xml"), 1u);
  EXPECT_EQ(site.server.CountRequests("/category/trang-2.html"), 1u);
  // The redirect source resolves to the article stored under the final URL.
  auto store = SqliteStore::Open(db_);
  auto by_source = (*store)->FindArticleByUrl(*CanonicalUrl(site.server.Url(site.redirect_source)));
  auto by_target = (*store)->FindArticleByUrl(*CanonicalUrl(site.server.Url(site.redirect_target)));
  ASSERT_TRUE(by_source.ok() && by_source->has_value());
  EXPECT_EQ(**by_source, **by_target);
  EXPECT_EQ(result.stats.Total().retries, 2);
  EXPECT_EQ(result.stats.Total().robots_denied, 1);
  ExpectPolite(site.server, std::chrono::milliseconds(50), 1);
  EXPECT_TRUE((*store)->IntegrityCheck().ok());
}

// Extraction on worker threads (the default) and on the loop thread store the same records and
// make the same requests.
TEST_F(CrawlTest, ExtractionThreadsChangeNothingButSpeed) {
  NewsSite site;
  std::map<int, std::map<std::string, Article>> records;
  std::map<int, std::size_t> requests;
  for (const int threads : {0, 3}) {
    db_ = (dir_ / ("threads" + std::to_string(threads) + ".db")).string();
    const std::size_t before = site.server.Requests().size();
    const Config config = MakeConfig(CrawlerToml(db_, 0, 4) + "extract_threads = " + std::to_string(threads) +
                                     "\n\n" + site.SiteToml("baogialai"));
    ASSERT_EQ(config.crawler.extract_threads, threads);
    EXPECT_EQ(Crawl(config).exit_code, kExitOk);
    records[threads] = Records();
    requests[threads] = site.server.Requests().size() - before;
  }
  EXPECT_EQ(records[0].size(), site.article_paths.size());
  EXPECT_EQ(records[0], records[3]);
  // The second crawl's retried pages succeed at once (fail_first is spent), so it makes two
  // requests fewer.
  EXPECT_EQ(requests[0], requests[3] + 2);
}

TEST_F(CrawlTest, FourSitesAtOnceArePoliteEachAndAllStored) {
  std::vector<std::unique_ptr<NewsSite>> sites;
  std::string toml = CrawlerToml(db_, 100);
  for (int i = 0; i < 4; ++i) {
    sites.push_back(std::make_unique<NewsSite>(100 * (i + 1)));
    toml += sites.back()->SiteToml("site" + std::to_string(i));
  }
  const auto started = std::chrono::steady_clock::now();
  const CrawlResult result = Crawl(MakeConfig(toml));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(Records().size(), 4 * sites[0]->article_paths.size());
  std::size_t slowest_site_requests = 0;
  for (const auto& s : sites) {
    EXPECT_EQ(s->server.CountRequests("/private/bi-mat-post000999.html"), 0u);
    ExpectPolite(s->server, std::chrono::milliseconds(100), 1);
    slowest_site_requests = std::max(slowest_site_requests, s->server.Requests().size());
  }
  // Sites are crawled side by side, not one after another: the run takes about as long as one
  // site's requests at 100 ms each (plus retry waits), far less than four sites' worth.
  EXPECT_LT(took, std::chrono::milliseconds(100) * (slowest_site_requests * 2) + std::chrono::seconds(4));
}

TEST_F(CrawlTest, StoppedCrawlResumesWithoutRefetchingDoneArticles) {
  NewsSite site;
  const Config config = MakeConfig(CrawlerToml(db_, 20) + site.SiteToml("baogialai"));
  CrawlOptions stop_early;
  stop_early.stop_after_pages = 12;
  const CrawlResult first = Crawl(config, stop_early);
  EXPECT_EQ(first.exit_code, kExitInterrupted);
  const std::size_t stored_first = Records().size();
  EXPECT_GT(stored_first, 0u);
  EXPECT_LT(stored_first, site.article_paths.size());
  std::map<std::string, std::size_t> first_counts;
  for (const std::string& p : site.article_paths) first_counts[p] = site.server.CountRequests(p);

  site.server.ClearRequests();
  const CrawlResult second = Crawl(config);
  EXPECT_EQ(second.exit_code, kExitOk);
  EXPECT_EQ(Records().size(), site.article_paths.size());
  // Articles fetched before the stop (the ones retried or redirected aside, whose first
  // attempt may not have completed) are not fetched again.
  for (const std::string& p : site.article_paths) {
    if (first_counts[p] > 0 && p.find("bai-9-") == std::string::npos && p.find("bai-10-") == std::string::npos &&
        p != site.redirect_target) {
      EXPECT_EQ(site.server.CountRequests(p), 0u) << p << " was fetched again";
    }
  }
  // Nothing was left behind in progress.
  auto store = SqliteStore::Open(db_);
  auto counts = (*store)->CountByStatus();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->count(UrlStatus::kInProgress), 0u);
}

TEST_F(CrawlTest, SecondRunFetchesNoStoredArticleButPicksUpNewOnes) {
  NewsSite site;
  const Config config = MakeConfig(CrawlerToml(db_, 20) + site.SiteToml("baogialai"));
  Crawl(config);
  ASSERT_EQ(Records().size(), site.article_paths.size());
  const std::vector<std::string> old_paths = site.article_paths;
  site.server.ClearRequests();
  site.AddArticle("/thoi-su/bai-moi-post000777.html", 777);
  site.BuildStartPage({"/thoi-su/bai-moi-post000777.html"});

  const CrawlResult second = Crawl(config);
  EXPECT_EQ(second.exit_code, kExitOk);
  for (const std::string& p : old_paths) EXPECT_EQ(site.server.CountRequests(p), 0u) << p;
  EXPECT_EQ(site.server.CountRequests(site.redirect_source), 0u);
  EXPECT_EQ(site.server.CountRequests("/thoi-su/bai-moi-post000777.html"), 1u);
  // Feeds, sitemaps and listings are revisited.
  EXPECT_EQ(site.server.CountRequests("/rss/home.rss"), 1u);
  EXPECT_EQ(site.server.CountRequests("/category/"), 1u);
  EXPECT_EQ(Records().size(), old_paths.size() + 1);
  EXPECT_EQ(second.stats.Total().articles_new, 1);
}

TEST_F(CrawlTest, CliCrawlMatchesExtractAndReextractFetchesNothing) {
  NewsSite site;
  const std::string config = WriteConfig(CrawlerToml(db_, 20) + site.SiteToml("baogialai"));
  testing::CliResult run = testing::RunNewscrawl("--config " + config + " --site baogialai");
  ASSERT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_NE(run.err.find("newscrawl: "), std::string::npos);  // the one-line summary
  const std::map<std::string, Article> records = Records();
  ASSERT_EQ(records.size(), site.article_paths.size());

  // What `newscrawl extract` gives on the same page equals the stored record.
  const std::string path = site.article_paths[0];
  const std::string url = *CanonicalUrl(site.server.Url(path));
  const std::string page = (dir_ / "page.html").string();
  std::ofstream(page, std::ios::binary) << site.articles[path];
  testing::CliResult extract = testing::RunNewscrawl("extract --site baogialai --url '" + url + "' " + page);
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  Result<Article> from_cli = ArticleFromJson(nlohmann::ordered_json::parse(extract.out));
  ASSERT_TRUE(from_cli.ok());
  EXPECT_EQ(records.at(url), *from_cli);

  // Damage one record as an old extractor might have; reextract repairs it without a fetch.
  {
    auto store = SqliteStore::Open(db_);
    auto id = (*store)->FindArticleByUrl(url);
    Article broken = records.at(url);
    broken.title = "wrong";
    ASSERT_TRUE((*store)->UpdateExtracted(**id, broken, 1).ok());
    ASSERT_TRUE((*store)->Flush().ok());
  }
  site.server.ClearRequests();
  testing::CliResult re = testing::RunNewscrawl("reextract --config " + config);
  EXPECT_EQ(re.exit_code, kExitOk) << re.err;
  EXPECT_TRUE(site.server.Requests().empty());
  EXPECT_EQ(Records().at(url), records.at(url));
}

TEST_F(CrawlTest, SecondRunOnLockedDatabaseExitsWithLockCode) {
  NewsSite site;
  const std::string config = WriteConfig(CrawlerToml(db_, 20) + site.SiteToml("baogialai"));
  Result<RunLock> held = RunLock::Acquire(db_);
  ASSERT_TRUE(held.ok());
  testing::CliResult run = testing::RunNewscrawl("crawl --config " + config);
  EXPECT_EQ(run.exit_code, kExitLocked);
  EXPECT_NE(run.err.find("another newscrawl run"), std::string::npos) << run.err;
  EXPECT_TRUE(site.server.Requests().empty());
}

TEST_F(CrawlTest, BadConfigExitsWithUsageCode) {
  const std::string config = WriteConfig("[crawler]\nmax_concurency = 3\n");
  testing::CliResult run = testing::RunNewscrawl("--config " + config);
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("config.toml:2: unknown key 'max_concurency' in [crawler]"), std::string::npos) << run.err;
}

// kill -9 at several points, then the same command again until it finishes: the records equal
// those of an uninterrupted crawl and the database is intact.
TEST_F(CrawlTest, KillNineAtSeveralPointsThenResumeGivesSameRecords) {
  NewsSite site;
  const std::string reference_db = (dir_ / "reference.db").string();
  {
    const Config config = MakeConfig(CrawlerToml(reference_db, 10) + site.SiteToml("baogialai"));
    auto store = SqliteStore::Open(reference_db);
    Crawler crawler(config, **store);
    ASSERT_TRUE(crawler.Run().ok());
  }
  NewsSite fresh;  // failure counters start again
  const std::string config = WriteConfig(CrawlerToml(db_, 40) + fresh.SiteToml("baogialai"));
  for (int kill_after_ms : {250, 700, 1200}) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::freopen("/dev/null", "w", stderr);
      ::execl(NEWSCRAWL_BINARY, NEWSCRAWL_BINARY, "crawl", "--config", config.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  testing::CliResult last = testing::RunNewscrawl("crawl --config " + config);
  ASSERT_EQ(last.exit_code, kExitOk) << last.err;

  auto store = SqliteStore::Open(db_);
  EXPECT_TRUE((*store)->IntegrityCheck().ok());
  // Same records as the uninterrupted crawl (URLs differ only by port).
  std::map<std::string, std::string> got, want;
  std::size_t got_rows = 0;
  auto key = [](const Article& a) { return a.body.value_or("").substr(0, 200); };
  ASSERT_TRUE((*store)->ForEachArticle({}, [&](const StoredArticle& a) {
    got[key(a.article)] = a.article.title.value_or("");
    ++got_rows;
    return Status::Ok();
  }).ok());
  auto ref = SqliteStore::Open(reference_db);
  ASSERT_TRUE((*ref)->ForEachArticle({}, [&](const StoredArticle& a) {
    want[key(a.article)] = a.article.title.value_or("");
    return Status::Ok();
  }).ok());
  EXPECT_EQ(got_rows, fresh.article_paths.size());  // none lost, none stored twice
  EXPECT_EQ(got, want);
}

// SIGTERM: no new work, in-flight transfers finish, state saved, exit code 5; the same command
// again finishes the crawl.
TEST_F(CrawlTest, SigtermStopsCleanlyAndTheNextRunFinishes) {
  NewsSite site;
  const std::string config = WriteConfig(CrawlerToml(db_, 60) + site.SiteToml("baogialai"));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::freopen("/dev/null", "w", stderr);
    ::execl(NEWSCRAWL_BINARY, NEWSCRAWL_BINARY, "--config", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kExitInterrupted);
  {
    auto store = SqliteStore::Open(db_);
    EXPECT_TRUE((*store)->IntegrityCheck().ok());
    EXPECT_LT(Records().size(), site.article_paths.size());
  }
  testing::CliResult again = testing::RunNewscrawl("--config " + config);
  EXPECT_EQ(again.exit_code, kExitOk) << again.err;
  EXPECT_EQ(Records().size(), site.article_paths.size());
}

}  // namespace
}  // namespace newscrawl
