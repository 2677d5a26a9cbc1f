// Issue 16 end to end through the real binary: a crawl of a loopback news site with
// --metrics-file (checked line by line with a strict exposition-format parser, against the
// summary line, the server's own log and the exported records), and `export --format warc`
// read back both by an independent C++ reader and by warcio.js, which checks every digest.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "export/prometheus_parser.h"
#include "export/warc_reader.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/store/sqlite_store.h"
#include "newscrawl/export/warc_writer.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::NewsSite;
using testing::PromText;
using testing::RunNewscrawl;

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class ExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_export_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "crawl.db").string();
    metrics_ = (dir_ / "newscrawl.prom").string();
    config_ = (dir_ / "config.toml").string();
    std::ofstream(config_) << testing::CrawlerToml(db_, 10) + site_.SiteToml("baogialai");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The one-off form cron uses.
  CliResult Crawl(const std::string& site = "baogialai") {
    return RunNewscrawl({"--config", config_, "--site", site, "--metrics-file", metrics_, "--db", db_});
  }
  PromText Metrics() { return testing::ParsePrometheusText(testing::Slurp(metrics_)); }
  std::vector<nlohmann::json> Exported() {
    const CliResult r = RunNewscrawl({"export", "--db", db_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<nlohmann::json> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
  // Files in the test folder other than the ones the test made: leftover temporary files.
  std::set<std::string> FolderNames() {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.insert(e.path().filename().string());
    return names;
  }

  NewsSite site_;
  fs::path dir_;
  std::string db_, metrics_, config_;
};

// "newscrawl: 30 pages, 14 articles (14 new, 0 updated, 0 unchanged), 0 duplicates, 3 errors, 2 retries, 1 robots-denied in ..."
std::map<std::string, long long> SummaryFigures(const std::string& err) {
  static const std::regex re(
      "newscrawl: (\\d+) pages, (\\d+) articles \\((\\d+) new, (\\d+) updated, (\\d+) unchanged\\), (\\d+) duplicates, "
      "(\\d+) errors, (\\d+) retries, (\\d+) robots-denied");
  std::smatch m;
  if (!std::regex_search(err, m, re)) return {};
  return {{"pages", std::stoll(m[1])},      {"new", std::stoll(m[3])},     {"updated", std::stoll(m[4])},
          {"unchanged", std::stoll(m[5])},  {"duplicates", std::stoll(m[6])}, {"errors", std::stoll(m[7])},
          {"retries", std::stoll(m[8])},    {"robots", std::stoll(m[9])}};
}

TEST_F(ExportCliTest, MetricsFileHoldsTheRunsFiguresAndKeepsTheLastSuccessThroughAFailedRun) {
  const std::int64_t before = UnixNow();
  const CliResult run = Crawl();
  ASSERT_EQ(run.exit_code, kExitOk) << run.err;
  const std::int64_t after = UnixNow();
  const auto summary = SummaryFigures(run.err);
  ASSERT_FALSE(summary.empty()) << run.err;

  PromText p;
  ASSERT_NO_THROW(p = Metrics()) << testing::Slurp(metrics_);
  const std::map<std::string, std::string> site = {{"site", "baogialai"}};
  auto outcome = [](const char* o) { return std::map<std::string, std::string>{{"site", "baogialai"}, {"outcome", o}}; };
  // The same figures as the summary line...
  EXPECT_EQ(p.Value("newscrawl_run_pages", site), summary.at("pages"));
  EXPECT_EQ(p.Value("newscrawl_run_articles", outcome("new")), summary.at("new"));
  EXPECT_EQ(p.Value("newscrawl_run_articles", outcome("updated")), summary.at("updated"));
  EXPECT_EQ(p.Value("newscrawl_run_articles", outcome("unchanged")), summary.at("unchanged"));
  EXPECT_EQ(p.Value("newscrawl_run_articles", outcome("duplicate")), summary.at("duplicates"));
  EXPECT_EQ(p.Value("newscrawl_run_failed_exchanges", site), summary.at("errors"));
  EXPECT_EQ(p.Value("newscrawl_run_retries", site), summary.at("retries"));
  EXPECT_EQ(p.Value("newscrawl_run_robots_denied", site), summary.at("robots"));
  // ...and what the site knows: every article new, one disallowed URL, and the error statuses
  // the server sent (a 404, a 500 and a 429) counted under http_status.
  EXPECT_EQ(p.Value("newscrawl_run_articles", outcome("new")), static_cast<double>(site_.article_paths.size()));
  EXPECT_EQ(p.Value("newscrawl_run_robots_denied", site), 1);
  std::size_t error_statuses = 0, page_requests = 0;
  for (const RequestRecord& r : site_.server.Requests()) {
    if (r.target == "/robots.txt") continue;
    ++page_requests;
    if (r.status >= 400) ++error_statuses;
  }
  EXPECT_EQ(p.Value("newscrawl_run_errors", {{"site", "baogialai"}, {"kind", "http_status"}}),
            static_cast<double>(error_statuses));
  EXPECT_EQ(p.Value("newscrawl_run_pages", site), static_cast<double>(page_requests));
  EXPECT_GT(p.Value("newscrawl_run_bytes", site), 14 * 10000.0);

  // Fill rates equal the shares counted on the exported records.
  const std::vector<nlohmann::json> records = Exported();
  ASSERT_EQ(records.size(), site_.article_paths.size());
  const std::map<std::string, std::string> json_field = {{"title", "title"}, {"byline", "byline"}, {"lead", "lead"},
                                                         {"body", "body"},   {"images", "images"}, {"date", "published_at"}};
  for (const auto& [field, key] : json_field) {
    int filled = 0;
    for (const auto& r : records) {
      const auto& v = r[key];
      if (!v.is_null() && !v.empty() && !(v.is_string() && v.get<std::string>().empty())) ++filled;
    }
    const double expected = filled / static_cast<double>(records.size());
    EXPECT_DOUBLE_EQ(p.Value("newscrawl_run_fill_rate", {{"site", "baogialai"}, {"field", field}}), expected) << field;
    EXPECT_DOUBLE_EQ(p.Value("newscrawl_stored_fill_rate", {{"site", "baogialai"}, {"field", field}}), expected) << field;
  }
  EXPECT_EQ(p.Value("newscrawl_run_fill_articles", site), static_cast<double>(records.size()));
  EXPECT_EQ(p.Value("newscrawl_run_exit_code"), 0);
  const double ended = p.Value("newscrawl_run_end_timestamp_seconds");
  EXPECT_GE(ended, before);
  EXPECT_LE(ended, after);
  EXPECT_EQ(p.Value("newscrawl_last_success_timestamp_seconds"), ended);
  EXPECT_GT(p.Value("newscrawl_run_duration_seconds"), 0);
  EXPECT_LE(p.Value("newscrawl_run_duration_seconds"), static_cast<double>(after - before + 1));
  EXPECT_EQ(FolderNames(), (std::set<std::string>{"config.toml", "crawl.db", "crawl.db.lock", "newscrawl.prom"}));

  // A failed run (an unknown site: exit 2) rewrites the file with its exit code and keeps the
  // last success time.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const CliResult bad = Crawl("nosuchsite");
  ASSERT_EQ(bad.exit_code, kExitUsage) << bad.err;
  PromText failed;
  ASSERT_NO_THROW(failed = Metrics());
  EXPECT_EQ(failed.Value("newscrawl_run_exit_code"), kExitUsage);
  EXPECT_GT(failed.Value("newscrawl_run_end_timestamp_seconds"), ended);
  EXPECT_EQ(failed.Value("newscrawl_last_success_timestamp_seconds"), ended);
  EXPECT_TRUE(failed.Series("newscrawl_run_pages").empty());

  // The next run finds only the two articles published since: the run's rates are over those.
  site_.AddArticle("/thoi-su/bai-21-post000021.html", 21);
  site_.AddArticle("/thoi-su/bai-22-post000022.html", 22);
  site_.BuildStartPage({"/thoi-su/bai-21-post000021.html", "/thoi-su/bai-22-post000022.html"});
  const CliResult again = Crawl();
  ASSERT_EQ(again.exit_code, kExitOk) << again.err;
  PromText second;
  ASSERT_NO_THROW(second = Metrics());
  EXPECT_EQ(second.Value("newscrawl_run_articles", outcome("new")), 2);
  EXPECT_EQ(second.Value("newscrawl_run_fill_articles", site), 2);
  EXPECT_GT(second.Value("newscrawl_last_success_timestamp_seconds"), ended);
}

TEST_F(ExportCliTest, OutputFileIsWhatStdoutWouldHaveBeenAndFailuresLeaveNothing) {
  ASSERT_EQ(Crawl().exit_code, kExitOk);
  for (const char* format : {"jsonl", "csv"}) {
    const std::string out = (dir_ / (std::string("export.") + format)).string();
    const CliResult to_stdout = RunNewscrawl({"export", "--format", format, "--db", db_});
    ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
    ASSERT_FALSE(to_stdout.out.empty());
    const CliResult to_file = RunNewscrawl({"export", "--format", format, "--db", db_, "--output", out});
    ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
    EXPECT_TRUE(to_file.out.empty());
    EXPECT_EQ(testing::Slurp(out), to_stdout.out) << format;
  }
  // A folder that does not exist: an error, and no file.
  const std::string nowhere = (dir_ / "missing" / "out.jsonl").string();
  const CliResult bad = RunNewscrawl({"export", "--db", db_, "--output", nowhere});
  EXPECT_EQ(bad.exit_code, kExitError);
  EXPECT_NE(bad.err.find("io_error"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(nowhere));
  // A failing export (no such database) keeps the previous file as it was.
  const std::string keep = (dir_ / "export.jsonl").string();
  const std::string before = testing::Slurp(keep);
  EXPECT_EQ(RunNewscrawl({"export", "--db", (dir_ / "none.db").string(), "--output", keep}).exit_code, kExitError);
  EXPECT_EQ(testing::Slurp(keep), before);
  EXPECT_EQ(FolderNames(), (std::set<std::string>{"config.toml", "crawl.db", "crawl.db.lock", "newscrawl.prom", "export.jsonl", "export.csv"}));
}

TEST_F(ExportCliTest, WarcHoldsEveryStoredPageAndWarcioVerifiesEveryDigest) {
  const std::int64_t before = UnixNow();
  ASSERT_EQ(Crawl().exit_code, kExitOk);
  const std::int64_t after = UnixNow();
  // What the store keeps: URL → (page, stored_at), for the articles a default export lists.
  std::map<std::string, std::pair<std::string, std::int64_t>> stored;
  {
    auto store = SqliteStore::Open(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->ForEachStoredPage(std::nullopt, [&](const StoredPage& page) {
      stored[page.url] = {page.html, page.stored_at};
      return Status::Ok();
    }).ok());
  }
  ASSERT_EQ(stored.size(), site_.article_paths.size());

  const std::string warc = (dir_ / "pages.warc.gz").string();
  const CliResult r = RunNewscrawl({"export", "--format", "warc", "--db", db_, "--output", warc});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = testing::Slurp(warc);

  // The independent reader: record boundaries, one record per gzip member.
  std::vector<testing::WarcRecordRead> records;
  ASSERT_NO_THROW(records = testing::ReadWarcGz(bytes));
  ASSERT_EQ(records.size(), 1 + 2 * stored.size());
  EXPECT_EQ(records[0].headers.at("WARC-Type"), "warcinfo");
  EXPECT_EQ(records[0].headers.at("WARC-Filename"), "pages.warc.gz");
  std::set<std::string> seen;
  for (std::size_t i = 1; i < records.size(); i += 2) {
    const auto& req = records[i].headers;
    const auto& resp = records[i + 1].headers;
    ASSERT_EQ(req.at("WARC-Type"), "request");
    ASSERT_EQ(resp.at("WARC-Type"), "response");
    const std::string url = resp.at("WARC-Target-URI");
    ASSERT_TRUE(stored.count(url)) << url;
    seen.insert(url);
    EXPECT_EQ(req.at("WARC-Target-URI"), url);
    EXPECT_EQ(req.at("WARC-Concurrent-To"), resp.at("WARC-Record-ID"));
    const auto& [html, stored_at] = stored.at(url);
    EXPECT_GE(stored_at, before);
    EXPECT_LE(stored_at, after);
    EXPECT_EQ(resp.at("WARC-Date"), WarcDate(stored_at));
    const std::string& block = records[i + 1].block;
    EXPECT_EQ(block.substr(block.find("\r\n\r\n") + 4), html) << url;
  }
  EXPECT_EQ(seen.size(), stored.size());

  // warcio.js (installed by the warcio_install test fixture) reads it and the digests check.
  const std::string check = std::string(NEWSCRAWL_SOURCE_DIR) + "/tests/export/warc_check.mjs";
  ASSERT_TRUE(fs::exists(std::string(WARCIO_PREFIX) + "/node_modules/warcio/package.json"))
      << "warcio is not installed in " << WARCIO_PREFIX << " (the warcio_install test sets it up)";
  const std::string cmd = testing::ShellQuote(NODE_BINARY) + " " + testing::ShellQuote(check) + " " +
                          testing::ShellQuote(WARCIO_PREFIX) + " " + testing::ShellQuote(warc);
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = ::pclose(pipe);
  ASSERT_EQ(status, 0) << out;
  const nlohmann::json result = nlohmann::json::parse(out);
  EXPECT_TRUE(result["ok"].get<bool>()) << result["errors"].dump();
  const nlohmann::json& recs = result["records"];
  ASSERT_EQ(recs.size(), records.size());
  EXPECT_EQ(recs[0]["type"], "warcinfo");
  std::map<std::string, std::string> ids;  // record id → type
  for (const auto& rec : recs) ids[rec["id"].get<std::string>()] = rec["type"].get<std::string>();
  EXPECT_EQ(ids.size(), recs.size());
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const auto& rec = recs[i];
    EXPECT_EQ(rec["version"], "WARC/1.1");
    EXPECT_EQ(rec["block_digest"], rec["block_digest_computed"]);
    EXPECT_EQ(rec["block_digest"], records[i].headers.at("WARC-Block-Digest"));
    if (i > 0) {
      EXPECT_EQ(rec["warcinfo_id"], recs[0]["id"]);
    }
    if (rec["type"] == "response") {
      const std::string url = rec["uri"];
      EXPECT_EQ(rec["http_status"], 200);
      EXPECT_EQ(rec["http_content_type"], "text/html; charset=utf-8");
      EXPECT_EQ(rec["content_type"], "application/http;msgtype=response");
      EXPECT_EQ(rec["payload_digest"], rec["payload_digest_computed"]);
      // node's SHA-1 of warcio's payload equals ours of the stored page.
      EXPECT_EQ(rec["payload_digest_computed"], WarcSha1Digest(stored.at(url).first)) << url;
      EXPECT_EQ(ids[rec["concurrent_to"].get<std::string>()], "request");
    } else if (rec["type"] == "request") {
      EXPECT_EQ(rec["http_method"], "GET");
      EXPECT_EQ(ids[rec["concurrent_to"].get<std::string>()], "response");
    }
  }

  // --site selects the site's pages; stdout carries the same WARC form without --output.
  const CliResult other = RunNewscrawl({"export", "--format", "warc", "--site", "other", "--db", db_});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(testing::ReadWarcGz(other.out).size(), 1U);  // warcinfo only
}

}  // namespace
}  // namespace newscrawl
