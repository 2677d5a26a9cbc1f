// The crawler end to end on PostgreSQL, through the `newscrawl` binary as a user runs it: the
// same loopback news sites as crawl_integration_test, `--db postgresql://...`, then export,
// stats and report on that database. Runs under scripts/with-postgres.sh (ctest:
// crawl_postgres); without NEWSCRAWL_TEST_PG it is skipped, or fails under CI=true.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/url/url.h"
#include "pg_connection.h"
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

// A `newscrawl crawl` process with stderr to `log`; returns its pid.
pid_t StartWorker(const std::string& config, const std::string& db, const std::string& log,
                  const std::string& site = "") {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDERR_FILENO);
      ::dup2(fd, STDOUT_FILENO);
    }
    if (site.empty()) {
      ::execl(NEWSCRAWL_BINARY, NEWSCRAWL_BINARY, "crawl", "--config", config.c_str(), "--db", db.c_str(),
              static_cast<char*>(nullptr));
    } else {
      ::execl(NEWSCRAWL_BINARY, NEWSCRAWL_BINARY, "crawl", "--config", config.c_str(), "--db", db.c_str(), "--site",
              site.c_str(), static_cast<char*>(nullptr));
    }
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid` up to `limit`; its exit status, or -1 (killed and reaped) on timeout.
int WaitWorker(pid_t pid, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Issue 14's acceptance crawl, scaled to the test machine: three workers on one database crawl
// four loopback sites with a 200 ms per-host delay; one is killed with SIGKILL part-way and
// started again. Each site's own request log must show no two starts closer than the delay and
// never two requests in flight, across all workers; the export must hold every article once.
TEST_F(PostgresCrawlTest, ThreeWorkersOneKilledCrawlFourSitesPolitelyAndCompletely) {
  constexpr int kDelayMs = 200;
  constexpr int kExtraArticles = 16;  // per site, beside NewsSite's 14
  std::vector<std::unique_ptr<NewsSite>> sites;
  std::string toml = CrawlerToml("unused.db", kDelayMs);
  for (int i = 0; i < 4; ++i) {
    auto site = std::make_unique<NewsSite>(static_cast<std::uint64_t>(1000 * (i + 1)));
    std::vector<std::string> extra;
    for (int n = 0; n < kExtraArticles; ++n) {
      const std::string path = "/thoi-su/them-" + std::to_string(n) + "-post" + std::to_string(200000 + n) + ".html";
      site->AddArticle(path, static_cast<std::uint64_t>(1000 * (i + 1) + 100 + n));
      extra.push_back(path);
    }
    site->BuildStartPage(extra);
    toml += site->SiteToml("site" + std::to_string(i));
    sites.push_back(std::move(site));
  }
  const std::string config = WriteConfig(toml);
  const std::string log = (dir_ / "workers.log").string();

  std::vector<pid_t> workers;
  for (int i = 0; i < 3; ++i) workers.push_back(StartWorker(config, db_->name(), log));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  // The worker that has fetched most so far (its run's worker name is host:pid) dies without
  // any chance to clean up, holding host leases and claimed URLs.
  std::size_t victim = 0;
  {
    pg::PgConnection db(db_->name());
    pg::Rows busiest = db.Exec(
        "SELECT r.worker FROM runs r JOIN fetches f ON f.run_id = r.id GROUP BY r.worker ORDER BY COUNT(*) DESC LIMIT 1");
    ASSERT_EQ(busiest.size(), 1) << "no worker has fetched anything after 3 s";
    const std::string worker = busiest.Text(0, 0);
    const pid_t pid = static_cast<pid_t>(std::stol(worker.substr(worker.rfind(':') + 1)));
    victim = static_cast<std::size_t>(std::find(workers.begin(), workers.end(), pid) - workers.begin());
    ASSERT_LT(victim, workers.size()) << worker;
  }
  ASSERT_EQ(::kill(workers[victim], SIGKILL), 0);
  int status = 0;
  ::waitpid(workers[victim], &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  workers[victim] = StartWorker(config, db_->name(), log);
  for (pid_t w : workers) EXPECT_EQ(WaitWorker(w, std::chrono::seconds(300)), kExitOk) << testing::Slurp(log);

  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::vector<RequestRecord> requests = sites[i]->server.Requests();
    ASSERT_FALSE(requests.empty()) << "site" << i;
    for (std::size_t r = 1; r < requests.size(); ++r) {
      EXPECT_GE(requests[r].start - requests[r - 1].start, std::chrono::milliseconds(kDelayMs))
          << "site" << i << ": " << requests[r - 1].target << " then " << requests[r].target;
    }
    for (const RequestRecord& r : requests) EXPECT_LE(r.concurrent_at_start, 1) << "site" << i << " " << r.target;
  }

  const auto exported = RunNewscrawl({"export", "--db", db_->name()});
  ASSERT_EQ(exported.exit_code, kExitOk) << exported.err;
  std::set<std::string> urls;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(urls.insert(j.at("url").get<std::string>()).second) << "stored twice: " << j.at("url");
  }
  std::set<std::string> expected;
  for (const auto& site : sites) {
    for (const std::string& path : site->article_paths) expected.insert(*CanonicalUrl(site->server.Url(path)));
  }
  EXPECT_EQ(expected.size(), 4U * (14 + kExtraArticles));
  EXPECT_EQ(urls, expected);
  // Each worker's summary line counts its own pages (four processes ran to the end or died).
  std::istringstream out(testing::Slurp(log));
  int summaries = 0;
  for (std::string line; std::getline(out, line);) summaries += line.rfind("newscrawl: ", 0) == 0 ? 1 : 0;
  EXPECT_EQ(summaries, 3) << testing::Slurp(log);
  // The killed worker was part-way: its run never ended, and it had fetched pages.
  pg::PgConnection db(db_->name());
  pg::Rows runs = db.Exec(
      "SELECT r.ended_at IS NULL, COUNT(f.id) FROM runs r LEFT JOIN fetches f ON f.run_id = r.id GROUP BY r.id ORDER BY r.id");
  ASSERT_EQ(runs.size(), 4);
  int unfinished = 0;
  for (int i = 0; i < runs.size(); ++i) {
    if (runs.Text(i, 0) == "t") {
      ++unfinished;
      EXPECT_GT(runs.Int(i, 1), 0) << "the killed worker had fetched nothing";
    }
  }
  EXPECT_EQ(unfinished, 1);
}

// Two configured sites served by one host, each crawled by its own worker (`--site`), so the two
// site leases never serialise them: only the shared politeness state (host reservations and
// releases in the database) keeps the host's log polite. The robots.txt answer one worker
// fetched is the other's too: the host sees one robots.txt request.
TEST_F(PostgresCrawlTest, TwoWorkersOnTwoSitesOfOneHostKeepItsDelayAndShareRobots) {
  constexpr int kDelayMs = 200;
  NewsSite site(7000);
  std::vector<std::string> extra;
  for (int n = 0; n < 10; ++n) {
    const std::string path = "/thoi-su/chung-" + std::to_string(n) + "-post" + std::to_string(300000 + n) + ".html";
    site.AddArticle(path, static_cast<std::uint64_t>(7100 + n));
    extra.push_back(path);
  }
  site.BuildStartPage(extra);
  const std::string port = std::to_string(site.server.port());
  auto block = [&](const std::string& key, const std::string& sources) {
    return "[sites." + key + "]\nname = \"" + key + "\"\nextractor = \"baogialai\"\n" + sources +
           "article_url = '-post\\d+\\.html$'\nfollow_url = '^http://127\\.0\\.0\\.1:" + port +
           "/[a-z0-9-]+/(trang-\\d+\\.html)?$'\n\n";
  };
  const std::string config = WriteConfig(
      CrawlerToml("unused.db", kDelayMs) + block("front", "start_urls = [\"" + site.Base() + "/\"]\n") +
      block("feed", "feeds = [\"" + site.Base() + "/rss/home.rss\"]\nsitemaps = [\"" + site.Base() +
                        "/sitemap-index.xml\"]\n"));
  const std::string log = (dir_ / "workers.log").string();
  const pid_t a = StartWorker(config, db_->name(), log, "front");
  const pid_t b = StartWorker(config, db_->name(), log, "feed");
  EXPECT_EQ(WaitWorker(a, std::chrono::seconds(300)), kExitOk) << testing::Slurp(log);
  EXPECT_EQ(WaitWorker(b, std::chrono::seconds(300)), kExitOk) << testing::Slurp(log);

  const std::vector<RequestRecord> requests = site.server.Requests();
  ASSERT_GT(requests.size(), 20U);
  int robots = 0;
  for (std::size_t r = 0; r < requests.size(); ++r) {
    robots += requests[r].target == "/robots.txt" ? 1 : 0;
    EXPECT_LE(requests[r].concurrent_at_start, 1) << requests[r].target;
    if (r == 0) continue;
    EXPECT_GE(requests[r].start - requests[r - 1].start, std::chrono::milliseconds(kDelayMs))
        << requests[r - 1].target << " then " << requests[r].target;
  }
  EXPECT_EQ(robots, 1);
  // Both workers fetched from the host (neither was idle behind the other's site lease).
  pg::PgConnection db(db_->name());
  pg::Rows per_run = db.Exec("SELECT COUNT(*) FROM fetches GROUP BY run_id");
  ASSERT_EQ(per_run.size(), 2);
  for (int i = 0; i < per_run.size(); ++i) EXPECT_GT(per_run.Int(i, 0), 0);
  // Every article once.
  const auto exported = RunNewscrawl({"export", "--db", db_->name()});
  ASSERT_EQ(exported.exit_code, kExitOk) << exported.err;
  std::set<std::string> urls;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(urls.insert(nlohmann::json::parse(line).at("url").get<std::string>()).second) << line;
  }
  std::set<std::string> expected;
  for (const std::string& path : site.article_paths) expected.insert(*CanonicalUrl(site.server.Url(path)));
  EXPECT_EQ(urls, expected);
}

}  // namespace
}  // namespace newscrawl
