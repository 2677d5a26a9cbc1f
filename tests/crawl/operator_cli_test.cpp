// Issue 16 through the real binary, as cron and operators run it: the bugs found (each test
// here failed before its fix), quiet runs, JSON logs, the config search path and `config
// check` / `config show`. Crawls go to a loopback news site (news_site.h).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "newscrawl/config/config.h"
#include "newscrawl/config/config_locator.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/store/run_lock.h"
#include "newscrawl/store/sqlite_store.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::CliEnv;
using testing::CliResult;
using testing::CrawlerToml;
using testing::NewsSite;
using testing::RunNewscrawl;
using testing::RunNewscrawlWith;

class OperatorCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_operator_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "home");
    db_ = (dir_ / "crawl.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  // An environment with no config of the user's or the machine's in reach.
  CliEnv Isolated(const std::string& cwd = "") const {
    CliEnv env;
    env.cwd = cwd.empty() ? dir_.string() : cwd;
    env.unset = {"NEWSCRAWL_CONFIG", "XDG_CONFIG_HOME"};
    env.set = {{"HOME", (dir_ / "home").string()}};
    return env;
  }
  static std::string Generic(std::string site_toml) {
    return std::regex_replace(site_toml, std::regex("extractor = \"baogialai\""), "extractor = \"generic\"");
  }
  std::size_t Versions() {
    auto store = SqliteStore::Open(db_);
    std::size_t n = 0;
    EXPECT_TRUE((*store)->ForEachArticle({}, [&](const StoredArticle& a) {
      auto v = (*store)->GetVersions(a.id);
      if (v.ok()) n += v->size();
      return Status::Ok();
    }).ok());
    return n;
  }

  fs::path dir_;
  std::string db_;
};

// --- The bugs -------------------------------------------------------------------------------------

TEST_F(OperatorCliTest, ReextractOfGenericPagesChangesNothingTheSecondTime) {
  NewsSite site;
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + Generic(site.SiteToml("testsite")));
  CliResult run = RunNewscrawl({"--config", config});
  ASSERT_EQ(run.exit_code, kExitOk) << run.err;
  const std::size_t versions = Versions();  // archived versions: none after one crawl
  for (int i = 0; i < 2; ++i) {
    CliResult re = RunNewscrawl({"reextract", "--config", config});
    ASSERT_EQ(re.exit_code, kExitOk) << re.err;
    EXPECT_NE(re.err.find(" 0 updated"), std::string::npos) << "pass " << i << ": " << re.err;
  }
  EXPECT_EQ(Versions(), versions) << "reextract with nothing changed added versions";
}

TEST_F(OperatorCliTest, ReextractOfAnUnknownSiteIsAUsageError) {
  NewsSite site;
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + site.SiteToml("baogialai"));
  ASSERT_EQ(RunNewscrawl({"--config", config}).exit_code, kExitOk);
  CliResult re = RunNewscrawl({"reextract", "--config", config, "--site", "nosuch"});
  EXPECT_EQ(re.exit_code, kExitUsage);
  EXPECT_NE(re.err.find("unknown site 'nosuch'"), std::string::npos) << re.err;
  // A site with stored records but no longer configured is still known.
  const std::string other = Write("other.toml", CrawlerToml(db_, 5) + site.SiteToml("renamed"));
  re = RunNewscrawl({"reextract", "--config", other, "--site", "baogialai"});
  EXPECT_EQ(re.exit_code, kExitOk) << re.err;
}

TEST_F(OperatorCliTest, ExtractRefusesEmptyAndBinaryInputAndReadsStandardInput) {
  const std::string empty = Write("empty.html", "");
  CliResult r = RunNewscrawl({"extract", empty});
  EXPECT_EQ(r.exit_code, kExitError);
  EXPECT_NE(r.err.find("the page is empty"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR", 8) + std::string(200, '\x7f');
  const std::string binary = Write("image.html", png);
  r = RunNewscrawl({"extract", binary});
  EXPECT_EQ(r.exit_code, kExitError);
  EXPECT_NE(r.err.find("not an HTML page: binary data"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;

  const std::string page =
      std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/baogialai/nhat-tu-choi-tham-gia-nato-post000001.html";
  ASSERT_TRUE(fs::exists(page)) << page;
  const CliResult from_file = RunNewscrawl({"extract", "--site", "baogialai", page});
  const CliResult from_stdin = testing::RunShell("cat " + testing::ShellQuote(page) + " | " +
                                                 testing::ShellQuote(NEWSCRAWL_BINARY) + " extract --site baogialai -");
  ASSERT_EQ(from_stdin.exit_code, kExitOk) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, from_file.out);
  EXPECT_NE(from_stdin.out.find("\"title\""), std::string::npos);
}

TEST_F(OperatorCliTest, ReadersTakeTheDatabaseFromTheConfigAndSayTheSameWhenItIsMissing) {
  NewsSite site;
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + site.SiteToml("baogialai"));
  ASSERT_EQ(RunNewscrawl({"--config", config}).exit_code, kExitOk);
  CliResult exported = RunNewscrawl({"export", "--config", config});
  ASSERT_EQ(exported.exit_code, kExitOk) << exported.err;
  EXPECT_EQ(static_cast<std::size_t>(std::count(exported.out.begin(), exported.out.end(), '\n')),
            site.article_paths.size());
  CliResult stats = RunNewscrawl({"stats", "--json", "--config", config});
  ASSERT_EQ(stats.exit_code, kExitOk) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["sites"][0]["site"], "baogialai");
  const std::string report = (dir_ / "report.html").string();
  CliResult rep = RunNewscrawl({"report", "--config", config, "--out", report});
  ASSERT_EQ(rep.exit_code, kExitOk) << rep.err;
  EXPECT_TRUE(fs::exists(report));
  EXPECT_EQ(RunNewscrawl({"dedup", "links", "--config", config}).exit_code, kExitOk);

  // One message, one exit code, for every reader, when the database is not there.
  const std::string missing = (dir_ / "nothing-here.db").string();
  const std::string none = Write("none.toml", CrawlerToml(missing, 5) + site.SiteToml("baogialai"));
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"export"}, {"stats"}, {"report"}, {"dedup", "links"}, {"dedup", "recheck"}}) {
    std::vector<std::string> args = cmd;
    args.insert(args.end(), {"--config", none});
    CliResult r = RunNewscrawl(args);
    EXPECT_EQ(r.exit_code, kExitError) << cmd[0];
    EXPECT_NE(r.err.find("no database at " + missing + " (crawl first"), std::string::npos) << cmd[0] << ": " << r.err;
    EXPECT_FALSE(fs::exists(missing)) << cmd[0] << " created the database";
  }
}

TEST_F(OperatorCliTest, AFailedOpenLeavesNoLockFile) {
  const std::string not_a_db = Write("garbage.db", std::string(8192, 'x'));
  const std::string config = Write("config.toml", CrawlerToml(not_a_db, 5) +
                                                      "[sites.a]\nextractor = \"generic\"\nstart_urls = "
                                                      "[\"http://127.0.0.1:9/\"]\n");
  for (const char* cmd : {"crawl", "reextract"}) {
    CliResult r = RunNewscrawl({cmd, "--config", config});
    EXPECT_EQ(r.exit_code, kExitError) << cmd << ": " << r.err;
    EXPECT_FALSE(fs::exists(RunLock::LockPathFor(not_a_db))) << cmd << " left its lock file";
  }
  // A lock file that was there before stays (it may be another run's).
  Write("garbage.db.lock", "");
  EXPECT_EQ(RunNewscrawl({"crawl", "--config", config}).exit_code, kExitError);
  EXPECT_TRUE(fs::exists(RunLock::LockPathFor(not_a_db)));
}

TEST_F(OperatorCliTest, MaxPagesZeroSaysWhatIsAllowed) {
  CliResult r = RunNewscrawl({"crawl", "--max-pages", "0", "--db", db_});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("--max-pages"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Value 0 not in range 1 to 100000000"), std::string::npos) << r.err;
  EXPECT_LT(r.err.size(), 200u) << r.err;
  EXPECT_FALSE(std::regex_search(r.err, std::regex("[0-9]{20}"))) << r.err;
}

TEST_F(OperatorCliTest, ThePageCapIsMaxBodyBytes) {
  // One setting: the parser's default cap is the fetcher's default body cap.
  EXPECT_EQ(HtmlParseOptions{}.max_bytes, static_cast<std::size_t>(CrawlerConfig{}.max_body_bytes));
  // A 9 MiB page (under the 10 MiB body cap, over the parser's old 8 MiB) is crawled and extracted.
  NewsSite site;
  const std::string path = site.article_paths[0];
  std::string& page = site.articles[path];
  const std::size_t body_end = page.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  page.insert(body_end, "<!-- " + std::string(9u << 20, 'p') + " -->");
  site.server.AddRoute(path, Response::Html(page));
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + site.SiteToml("baogialai"));
  CliResult run = RunNewscrawl({"--config", config});
  ASSERT_EQ(run.exit_code, kExitOk) << run.err;
  CliResult exported = RunNewscrawl({"export", "--config", config});
  EXPECT_EQ(static_cast<std::size_t>(std::count(exported.out.begin(), exported.out.end(), '\n')),
            site.article_paths.size())
      << run.err;
  // Over the cap, the parser's error names the setting.
  Result<HtmlDocument> doc = HtmlDocument::Parse(std::string(12u << 20, ' '));
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("max_body_bytes"), std::string::npos) << doc.status().message();
}

// --- Quiet runs and logs -------------------------------------------------------------------------

TEST_F(OperatorCliTest, QuietCrawlWritesNothing) {
  NewsSite site;
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + site.SiteToml("baogialai"));
  CliResult plain = RunNewscrawl({"--config", config, "--site", "baogialai"});
  ASSERT_EQ(plain.exit_code, kExitOk);
  EXPECT_NE(plain.err.find("newscrawl: "), std::string::npos) << "the summary line stays without -q";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-q", "--config", config, "--site", "baogialai"},
        {"--config", config, "-q"},
        {"crawl", "--config", config, "--quiet"},
        {"reextract", "-q", "--config", config},
        {"-q", "report", "--config", config, "--out", (dir_ / "r.html").string()}}) {
    CliResult r = RunNewscrawl(args);
    EXPECT_EQ(r.exit_code, kExitOk) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(r.out, "") << args[0] << " " << args[1];
    EXPECT_EQ(r.err, "") << args[0] << " " << args[1];
  }
  // Errors still show.
  CliResult bad = RunNewscrawl({"-q", "--config", config, "--site", "nosuch"});
  EXPECT_EQ(bad.exit_code, kExitUsage);
  EXPECT_NE(bad.err.find("unknown site"), std::string::npos);
}

TEST_F(OperatorCliTest, QuietDemoUnderAScriptPrintsNothing) {
  const std::string fixtures = std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures";
  CliResult r = RunNewscrawl({"demo", "-q", "--dir", (dir_ / "demo").string(), "--fixtures", fixtures});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(fs::exists(dir_ / "demo" / "demo.db"));
}

TEST_F(OperatorCliTest, JsonLogLinesNameTheRunSiteAndUrl) {
  NewsSite site;
  const std::string config = Write("config.toml", CrawlerToml(db_, 5) + site.SiteToml("baogialai"));
  const std::string log = (dir_ / "crawl.log").string();
  CliResult r = RunNewscrawl({"--config", config, "-v", "--log-format", "json", "--log-file", log});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  std::size_t lines = 0, with_url = 0;
  std::set<long long> runs;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    ++lines;
    const nlohmann::json j = nlohmann::json::parse(line);  // throws (fails) on a bad line
    for (const char* key : {"time", "level", "logger", "run_id", "site", "url", "event"}) {
      EXPECT_TRUE(j.contains(key)) << key << " missing in " << line;
    }
    if (j["run_id"].is_number()) runs.insert(j["run_id"].get<long long>());
    if (j["url"].is_string()) {
      ++with_url;
      EXPECT_EQ(j["site"], "baogialai") << line;
      EXPECT_EQ(j["url"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u) << line;
    }
  }
  EXPECT_GT(lines, 0u);
  EXPECT_GT(with_url, 0u) << "no line named its page";
  EXPECT_EQ(runs.size(), 1u);
  // stderr got the same lines (the log file is an extra sink).
  EXPECT_NE(r.err.find("{\"time\":"), std::string::npos);
}

// --- The config search path ----------------------------------------------------------------------

TEST(ConfigLocatorTest, SearchOrder) {
  ConfigSearch s;
  s.flag = "/x/flag.toml";
  s.env_config = "/x/env.toml";
  s.xdg_config_home = "/x/xdg";
  s.home = "/x/home";
  std::vector<std::string> paths;
  for (const ConfigCandidate& c : ConfigCandidates(s)) paths.push_back(c.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/x/flag.toml", "/x/env.toml", "newscrawl.toml", "config/newscrawl.toml",
                                             "/x/xdg/newscrawl/newscrawl.toml", "/etc/newscrawl/newscrawl.toml"}));
  s = ConfigSearch{};
  s.home = "/x/home";
  s.xdg_config_home = "relative/is/ignored";
  paths.clear();
  for (const ConfigCandidate& c : ConfigCandidates(s)) paths.push_back(c.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"newscrawl.toml", "config/newscrawl.toml",
                                             "/x/home/.config/newscrawl/newscrawl.toml", "/etc/newscrawl/newscrawl.toml"}));
  EXPECT_EQ(RelativeToConfig("news.db", "/etc/newscrawl/newscrawl.toml"), "/etc/newscrawl/news.db");
  EXPECT_EQ(RelativeToConfig("../data/news.db", "conf/newscrawl.toml"), "data/news.db");
  EXPECT_EQ(RelativeToConfig("/var/lib/n.db", "/etc/newscrawl/newscrawl.toml"), "/var/lib/n.db");
  EXPECT_EQ(RelativeToConfig("postgresql://db/news", "/etc/newscrawl/newscrawl.toml"), "postgresql://db/news");
  EXPECT_EQ(RelativeToConfig("news.db", "newscrawl.toml"), "news.db");
}

TEST_F(OperatorCliTest, ConfigIsFoundInSearchOrderAndItsDatabaseIsBesideIt) {
  NewsSite site;
  // A config in $XDG_CONFIG_HOME naming a relative database: the crawl writes it beside the
  // config, whatever the working directory.
  const std::string xdg = (dir_ / "xdg").string();
  Write("xdg/newscrawl/newscrawl.toml", CrawlerToml("xdg.db", 5) + site.SiteToml("fromxdg"));
  Write("work/.keep", "");
  CliEnv env = Isolated((dir_ / "work").string());
  env.set.push_back({"XDG_CONFIG_HOME", xdg});
  CliResult r = RunNewscrawlWith(env, {"-q"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "xdg" / "newscrawl" / "xdg.db"));
  EXPECT_FALSE(fs::exists(dir_ / "work" / "xdg.db"));
  CliResult stats = RunNewscrawlWith(env, {"stats", "--json"});
  ASSERT_EQ(stats.exit_code, kExitOk) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["sites"][0]["site"], "fromxdg");

  // ./newscrawl.toml comes before XDG ...
  Write("work/newscrawl.toml", CrawlerToml("here.db", 5) + site.SiteToml("fromcwd"));
  CliResult show = RunNewscrawlWith(env, {"config", "show"});
  ASSERT_EQ(show.exit_code, kExitOk) << show.err;
  EXPECT_NE(show.out.find("(from ./newscrawl.toml)"), std::string::npos) << show.out;
  // ... $NEWSCRAWL_CONFIG before that, and --config before everything.
  const std::string env_file = Write("env.toml", CrawlerToml("env.db", 5) + site.SiteToml("fromenv"));
  env.set.push_back({"NEWSCRAWL_CONFIG", env_file});
  show = RunNewscrawlWith(env, {"config", "show"});
  EXPECT_NE(show.out.find("(from $NEWSCRAWL_CONFIG)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("[sites.fromenv]"), std::string::npos);
  show = RunNewscrawlWith(env, {"config", "show", "--config", (dir_ / "work" / "newscrawl.toml").string()});
  EXPECT_NE(show.out.find("(from --config)"), std::string::npos) << show.out;
  // A named config that is not there is an error, not a reason to look further.
  env.set.back().second = (dir_ / "missing.toml").string();
  r = RunNewscrawlWith(env, {"config", "check"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("missing.toml (from $NEWSCRAWL_CONFIG) does not exist"), std::string::npos) << r.err;
}

TEST_F(OperatorCliTest, ConfigCheckGivesFileAndLine) {
  const std::string good = Write("good.toml", CrawlerToml(db_, 5) +
                                                  "[sites.a]\nextractor = \"generic\"\nstart_urls = [\"https://a.vn/\"]\n");
  CliResult r = RunNewscrawlWith(Isolated(), {"config", "check", "--config", good});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("good.toml: ok (1 sites"), std::string::npos) << r.out;
  EXPECT_EQ(RunNewscrawlWith(Isolated(), {"config", "check", "-q", "--config", good}).out, "");
  const std::string bad = Write("bad.toml", "[crawler]\nper_host_delay_ms = 100\nmax_concurency = 3\n");
  r = RunNewscrawlWith(Isolated(), {"config", "check", "--config", bad});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find(bad + ":3: unknown key 'max_concurency' in [crawler]"), std::string::npos) << r.err;
  // With no config anywhere there is nothing to check.
  r = RunNewscrawlWith(Isolated(), {"config", "check"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("no config file found"), std::string::npos) << r.err;
}

TEST_F(OperatorCliTest, ConfigShowFillsEveryDefaultAndReadsBackTheSame) {
  const std::string file = Write("conf/newscrawl.toml",
                                 "[crawler]\nper_host_delay_ms = 2500\ndatabase = \"data/news.db\"\ntimeout_s = 0.1\n\n"
                                 "[sites.baogialai]\nstart_urls = [\"https://baogialai.com.vn/\"]\nmax_pages = 40\n");
  CliResult r = RunNewscrawlWith(Isolated(), {"config", "show", "--config", file});
  ASSERT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("per_host_delay_ms = 2500  # " + file + ":2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("max_retries = 3  # default"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("database = \"" + (dir_ / "conf" / "data" / "news.db").string() + "\"  # " + file + ":3"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("max_pages = 40  # " + file + ":8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("timeout_s = 0.1  # " + file + ":4"), std::string::npos) << "shortest form, not 0.1000...01";
  // The output is a config itself, and it reads back as the same one.
  Result<Config> shown = ParseConfig(r.out, "shown.toml");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString() << "\n" << r.out;
  ConfigSearch search;
  search.flag = file;
  Result<LocatedConfig> original = LocateConfig(search);
  ASSERT_TRUE(original.ok());
  const CrawlerConfig& a = shown->crawler;
  const CrawlerConfig& b = original->config.crawler;
  EXPECT_EQ(a.user_agent, b.user_agent);
  EXPECT_EQ(a.database, b.database);
  EXPECT_EQ(a.per_host_delay_ms, b.per_host_delay_ms);
  EXPECT_EQ(a.max_crawl_delay_s, b.max_crawl_delay_s);
  EXPECT_EQ(a.timeout_s, b.timeout_s);
  EXPECT_EQ(a.max_body_bytes, b.max_body_bytes);
  EXPECT_EQ(a.max_failure_ratio, b.max_failure_ratio);
  EXPECT_EQ(a.extract_threads, b.extract_threads);
  ASSERT_EQ(shown->sites.size(), 1u);
  EXPECT_EQ(shown->sites[0].key, "baogialai");
  EXPECT_EQ(shown->sites[0].max_pages, 40);
  EXPECT_EQ(shown->sites[0].links.article_url, original->config.sites[0].links.article_url);
  EXPECT_EQ(shown->sites[0].links.article_links, original->config.sites[0].links.article_links);
  EXPECT_EQ(shown->sites[0].domains, original->config.sites[0].domains);
}

}  // namespace
}  // namespace newscrawl
