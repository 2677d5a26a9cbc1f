#include "newscrawl/export/metrics_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "export/prometheus_parser.h"
#include "newscrawl/export/atomic_file.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::ParsePrometheusText;
using testing::PromText;

RunMetrics SampleRun() {
  RunMetrics m;
  SiteCrawlStats& a = m.stats.sites["baogialai"];
  a.pages = 120;
  a.failed = 4;
  a.articles_new = 90;
  a.articles_updated = 3;
  a.articles_unchanged = 2;
  a.duplicates = 1;
  a.robots_denied = 2;
  a.retries = 5;
  a.bytes = 123456789;
  a.errors_by_kind = {{"http_status", 3}, {"timeout", 1}};
  // A hostile site key: quotes, a backslash and a line feed must be escaped, not break lines.
  SiteCrawlStats& b = m.stats.sites["we\"ird\\site\nkey"];
  b.pages = 7;
  m.duration_seconds = 12.25;
  m.exit_code = 0;
  m.finished_at = 1760000000;
  FillRates f;
  f.articles = 90;
  f.rate = {{"title", 1.0}, {"byline", 0.5}, {"lead", 0.9}, {"body", 0.75}, {"images", 0.0}, {"date", 1.0}};
  m.run_fill["baogialai"] = f;
  f.articles = 900;
  f.rate["body"] = 0.95;
  m.stored_fill["baogialai"] = f;
  FillRates none;  // a site with no new article in the run: no rates
  m.run_fill["quiet"] = none;
  return m;
}

TEST(MetricsFileTest, EveryLineParsesAndCarriesTheRunsFigures) {
  const std::string text = RenderMetrics(SampleRun(), std::nullopt);
  PromText p;
  ASSERT_NO_THROW(p = ParsePrometheusText(text)) << text;
  for (const auto& [name, fam] : p.families) {
    EXPECT_EQ(name.rfind("newscrawl_", 0), 0U) << name;
    EXPECT_EQ(fam.type, "gauge") << name;
    EXPECT_FALSE(fam.help.empty()) << name;
  }
  EXPECT_EQ(p.Value("newscrawl_run_pages", {{"site", "baogialai"}}), 120);
  EXPECT_EQ(p.Value("newscrawl_run_pages", {{"site", "we\"ird\\site\nkey"}}), 7);
  EXPECT_EQ(p.Value("newscrawl_run_articles", {{"site", "baogialai"}, {"outcome", "new"}}), 90);
  EXPECT_EQ(p.Value("newscrawl_run_articles", {{"site", "baogialai"}, {"outcome", "updated"}}), 3);
  EXPECT_EQ(p.Value("newscrawl_run_articles", {{"site", "baogialai"}, {"outcome", "duplicate"}}), 1);
  EXPECT_EQ(p.Value("newscrawl_run_errors", {{"site", "baogialai"}, {"kind", "http_status"}}), 3);
  EXPECT_EQ(p.Value("newscrawl_run_errors", {{"site", "baogialai"}, {"kind", "timeout"}}), 1);
  EXPECT_EQ(p.Value("newscrawl_run_failed_exchanges", {{"site", "baogialai"}}), 4);
  EXPECT_EQ(p.Value("newscrawl_run_robots_denied", {{"site", "baogialai"}}), 2);
  EXPECT_EQ(p.Value("newscrawl_run_bytes", {{"site", "baogialai"}}), 123456789);
  EXPECT_EQ(p.Value("newscrawl_run_fill_rate", {{"site", "baogialai"}, {"field", "body"}}), 0.75);
  EXPECT_EQ(p.Value("newscrawl_run_fill_rate", {{"site", "baogialai"}, {"field", "byline"}}), 0.5);
  EXPECT_EQ(p.Value("newscrawl_run_fill_articles", {{"site", "baogialai"}}), 90);
  EXPECT_EQ(p.Value("newscrawl_stored_fill_rate", {{"site", "baogialai"}, {"field", "body"}}), 0.95);
  EXPECT_FALSE(p.Has("newscrawl_run_fill_rate", {{"site", "quiet"}, {"field", "body"}}));
  EXPECT_EQ(p.Series("newscrawl_run_fill_rate").size(), FillRateFields().size());
  EXPECT_EQ(p.Value("newscrawl_run_duration_seconds"), 12.25);
  EXPECT_EQ(p.Value("newscrawl_run_exit_code"), 0);
  EXPECT_EQ(p.Value("newscrawl_run_end_timestamp_seconds"), 1760000000);
  EXPECT_EQ(p.Value("newscrawl_last_success_timestamp_seconds"), 1760000000);
}

TEST(MetricsFileTest, LabelEscaping) {
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(MetricsFileTest, ParserRejectsMalformedText) {
  // The parser must be able to fail, or the test above proves nothing.
  EXPECT_THROW(ParsePrometheusText("newscrawl_x 1\n"), std::runtime_error);  // no HELP/TYPE
  EXPECT_THROW(ParsePrometheusText("# HELP a h\n# TYPE a gauge\na{s=\"x\ny\"} 1\n"), std::runtime_error);
  EXPECT_THROW(ParsePrometheusText("# HELP a h\n# TYPE a gauge\na{s=\"x\\q\"} 1\n"), std::runtime_error);
  EXPECT_THROW(ParsePrometheusText("# HELP a h\n# TYPE a gauge\na 1\na 2\n"), std::runtime_error);
  EXPECT_THROW(ParsePrometheusText("# HELP a h\n# TYPE a gauge\na one\n"), std::runtime_error);
  EXPECT_THROW(ParsePrometheusText("# HELP a h\n# TYPE a gauge\na 1"), std::runtime_error);
  EXPECT_NO_THROW(ParsePrometheusText("# HELP a h\\\\ \\n\n# TYPE a gauge\na{s=\"x\\\"\"} -1.5e3\n"));
}

class MetricsFileOnDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_metrics_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "newscrawl.prom").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  PromText Read() { return ParsePrometheusText(testing::Slurp(path_)); }

  fs::path dir_;
  std::string path_;
};

TEST_F(MetricsFileOnDiskTest, LastSuccessSurvivesFailedRuns) {
  RunMetrics m = SampleRun();
  m.exit_code = 1;
  m.finished_at = 1000;
  ASSERT_TRUE(WriteMetricsFile(path_, m).ok());
  EXPECT_EQ(Read().Value("newscrawl_last_success_timestamp_seconds"), 0);  // never succeeded

  m.exit_code = 0;
  m.finished_at = 2000;
  ASSERT_TRUE(WriteMetricsFile(path_, m).ok());
  EXPECT_EQ(Read().Value("newscrawl_last_success_timestamp_seconds"), 2000);

  for (int code : {4, 5, 3}) {
    m.exit_code = code;
    m.finished_at += 100;
    ASSERT_TRUE(WriteMetricsFile(path_, m).ok());
    const PromText p = Read();
    EXPECT_EQ(p.Value("newscrawl_last_success_timestamp_seconds"), 2000);
    EXPECT_EQ(p.Value("newscrawl_run_exit_code"), code);
    EXPECT_EQ(p.Value("newscrawl_run_end_timestamp_seconds"), m.finished_at);
  }
  m.exit_code = 0;
  m.finished_at = 9000;
  ASSERT_TRUE(WriteMetricsFile(path_, m).ok());
  EXPECT_EQ(Read().Value("newscrawl_last_success_timestamp_seconds"), 9000);
  // Nothing but the file is left in the folder: the temporary file was renamed over it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(MetricsFileOnDiskTest, ReadLastSuccessIgnoresOtherSeriesAndGarbage) {
  EXPECT_EQ(ReadLastSuccess(path_), std::nullopt);
  std::ofstream(path_) << "newscrawl_last_success_timestamp_seconds_other 5\n"
                          "newscrawl_last_success_timestamp_seconds 1234\n";
  EXPECT_EQ(ReadLastSuccess(path_), 1234);
  std::ofstream(path_) << "newscrawl_last_success_timestamp_seconds soon\n";
  EXPECT_EQ(ReadLastSuccess(path_), std::nullopt);
}

TEST_F(MetricsFileOnDiskTest, AtomicFileKeepsTheOldFileUntilCommit) {
  std::ofstream(path_) << "old\n";
  {
    Result<AtomicFile> f = AtomicFile::Create(path_);
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE(f->Write("new\n").ok());
    EXPECT_EQ(testing::Slurp(path_), "old\n");  // not visible before Commit
    EXPECT_TRUE(fs::exists(f->temp_path()));
    EXPECT_EQ(fs::path(f->temp_path()).parent_path(), dir_);
  }  // abandoned: the temporary file goes, the old file stays
  EXPECT_EQ(testing::Slurp(path_), "old\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  Result<AtomicFile> f = AtomicFile::Create(path_);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->Write("new\n").ok());
  ASSERT_TRUE(f->Commit().ok());
  EXPECT_EQ(testing::Slurp(path_), "new\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  EXPECT_EQ(fs::status(path_).permissions() & fs::perms::owner_read, fs::perms::owner_read);

  EXPECT_EQ(AtomicFile::Create((dir_ / "missing" / "x").string()).status().kind(), ErrorKind::kIoError);
}

}  // namespace
}  // namespace newscrawl
