// Runs the real `newscrawl report` as a user would.
#include <gtest/gtest.h>

#include "report/report_test_util.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

class ReportCliTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(ReportCliTest, WritesTheHtmlFile) {
  const std::string db = dir_.File("news.db");
  {
    auto store = SqliteStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_NO_FATAL_FAILURE(testing::FillHistory(**store));
  }
  const std::string out = dir_.File("report.html");
  const testing::CliResult r = testing::RunNewscrawl("report --db " + db + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("wrote " + out), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  const std::string html = testing::Slurp(out);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find(db), std::string::npos);
  EXPECT_NE(html.find("id=\"site-alpha\""), std::string::npos);
  EXPECT_NE(html.find("Tiêu đề số 5"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp"));
}

TEST_F(ReportCliTest, DashWritesToStdoutAndLatestLimits) {
  const std::string db = dir_.File("news.db");
  {
    auto store = SqliteStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_NO_FATAL_FAILURE(testing::FillHistory(**store));
  }
  const testing::CliResult r = testing::RunNewscrawl("report --db " + db + " --out - --latest 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(r.out.find("Tiêu đề số 5"), std::string::npos);
  EXPECT_EQ(r.out.find("Tiêu đề số 4"), std::string::npos);  // only the latest one
}

TEST_F(ReportCliTest, EmptyDatabaseGivesAPageSayingSo) {
  const std::string db = dir_.File("empty.db");
  ASSERT_TRUE(SqliteStore::Open(db).ok());
  const testing::CliResult r = testing::RunNewscrawl("report --db " + db + " --out -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Nothing here yet"), std::string::npos);
}

TEST_F(ReportCliTest, MissingDatabaseIsAnErrorAndCreatesNothing) {
  const std::string db = dir_.File("missing.db");
  const std::string out = dir_.File("report.html");
  const testing::CliResult r = testing::RunNewscrawl("report --db " + db + " --out " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no database at " + db), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(ReportCliTest, UnwritableOutputIsAnError) {
  const std::string db = dir_.File("news.db");
  ASSERT_TRUE(SqliteStore::Open(db).ok());
  const testing::CliResult r = testing::RunNewscrawl("report --db " + db + " --out " + dir_.File("no/such/dir/r.html"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace newscrawl
