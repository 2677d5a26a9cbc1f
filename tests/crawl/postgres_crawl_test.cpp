// The crawler end to end on PostgreSQL, through the `newscrawl` binary as a user runs it: the
// same loopback news sites as crawl_integration_test, `--db postgresql://...`, then export,
// stats and report on that database. Runs under scripts/with-postgres.sh (ctest:
// crawl_postgres); without NEWSCRAWL_TEST_PG it is skipped, or fails under CI=true.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/url.h"
#include "store/test_database.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::CrawlerToml;
using testing::NewsSite;
using testing::RunNewscrawl;
using testing::TestDatabase;

class PostgresCrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(DatabaseKind::kPostgres);
    if (!db_->available()) GTEST_SKIP() << "no PostgreSQL server (NEWSCRAWL_TEST_PG unset)";
    dir_ = fs::temp_directory_path() / ("newscrawl_pgcrawl_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string WriteConfig(const std::string& toml) {
    const std::string path = (dir_ / "config.toml").string();
    std::ofstream(path) << toml;
    return path;
  }

  std::unique_ptr<TestDatabase> db_;
  fs::path dir_;
};

TEST_F(PostgresCrawlTest, CrawlExportStatsAndReportWorkOnPostgres) {
  NewsSite site;
  const std::string config = WriteConfig(CrawlerToml("unused.db", 50) + site.SiteToml("baogialai"));
  const auto crawl = RunNewscrawl({"crawl", "--config", config, "--db", db_->name()});
  ASSERT_EQ(crawl.exit_code, kExitOk) << crawl.err;
  EXPECT_NE(crawl.err.find("newscrawl: "), std::string::npos) << crawl.err;
  EXPECT_FALSE(fs::exists("unused.db"));  // the --db URI, not the config's file, was used

  // Politeness from the server's log, as for SQLite.
  const std::vector<RequestRecord> log = site.server.Requests();
  ASSERT_FALSE(log.empty());
  for (std::size_t i = 1; i < log.size(); ++i) {
    EXPECT_GE(log[i].start - log[i - 1].start, std::chrono::milliseconds(50)) << log[i].target;
  }
  for (const RequestRecord& r : log) EXPECT_LE(r.concurrent_at_start, 1) << r.target;

  const auto exported = RunNewscrawl({"export", "--db", db_->name()});
  ASSERT_EQ(exported.exit_code, kExitOk) << exported.err;
  std::set<std::string> urls;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(urls.insert(j.at("url").get<std::string>()).second) << "stored twice: " << line;
  }
  std::set<std::string> expected;
  for (const std::string& path : site.article_paths) expected.insert(*CanonicalUrl(site.server.Url(path)));
  EXPECT_EQ(urls, expected);

  // A second run fetches nothing new and stores no article twice.
  const auto again = RunNewscrawl({"crawl", "--config", config, "--db", db_->name()});
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  const auto exported2 = RunNewscrawl({"export", "--db", db_->name()});
  EXPECT_EQ(exported2.out, exported.out);

  const auto stats = RunNewscrawl({"stats", "--json", "--db", db_->name()});
  ASSERT_EQ(stats.exit_code, kExitOk) << stats.err;
  const auto sj = nlohmann::json::parse(stats.out);
  ASSERT_EQ(sj.at("sites").size(), 1U) << stats.out;
  EXPECT_EQ(sj["sites"][0]["site"], "baogialai");
  EXPECT_EQ(sj["sites"][0]["articles"].get<std::size_t>(), expected.size());
  EXPECT_EQ(sj["sites"][0]["new_in_last_run"], 0);  // the second run found nothing new

  const std::string report = (dir_ / "report.html").string();
  const auto rep = RunNewscrawl({"report", "--db", db_->name(), "--out", report});
  ASSERT_EQ(rep.exit_code, kExitOk) << rep.err;
  EXPECT_NE(testing::Slurp(report).find("baogialai"), std::string::npos);
}

}  // namespace
}  // namespace newscrawl
