// Runs the real `newscrawl export` and `newscrawl stats` on a database the test fills.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "newscrawl/store/sqlite_store.h"
#include "store_test_util.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

using newscrawl::testing::CliResult;
using newscrawl::testing::RunNewscrawl;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class ExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("cli.db");
    auto store = SqliteStore::Open(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->BeginRun(1750000000).ok());
    original_ = testing::SyntheticArticle(1);
    original_.body = "Dòng đầu, có \"ngoặc kép\" và dấu phẩy.\n\n" + *original_.body;
    ASSERT_TRUE((*store)->UpsertArticle(original_, {"example", *original_.url, "", 1750000000, std::nullopt}).ok());
    Article copy = original_;
    copy.url = "https://other.vn/copy-1.html";
    copy.canonical_url = copy.url;
    copy.site = "other";
    copy.body = *original_.body + "\n\nNguồn: Example.";
    auto dup = (*store)->UpsertArticle(copy, {"other", *copy.url, "", 1750003600, std::nullopt});
    ASSERT_TRUE(dup.ok());
    ASSERT_EQ(dup->kind, StoreOutcomeKind::kNearDuplicateOf);
    const Article later = testing::SyntheticArticle(2);
    ASSERT_TRUE((*store)->UpsertArticle(later, {"example", *later.url, "", 1760000000, std::nullopt}).ok());
    ASSERT_TRUE((*store)->EndRun({1760000100, 0, 3, 2, 0, 1, 0}).ok());
  }

  testing::TempDir dir_;
  std::string db_;
  Article original_;
};

TEST_F(ExportCliTest, JsonLinesHaveTheRecordFieldsAndStoreFields) {
  const CliResult r = RunNewscrawl("export --db " + db_);
  ASSERT_EQ(r.exit_code, 0);
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2U);  // the near duplicate is left out
  const auto j = nlohmann::ordered_json::parse(lines[0]);
  auto back = ArticleFromJson(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, original_);
  EXPECT_EQ(j["id"], 1);
  EXPECT_EQ(j["first_seen"], "2025-06-15T15:06:40Z");
  EXPECT_TRUE(j["duplicate_of"].is_null());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  std::vector<std::string> expected_keys = ArticleFieldNames();
  for (const char* k : {"id", "first_seen", "last_seen", "duplicate_of"}) expected_keys.push_back(k);
  EXPECT_EQ(keys, expected_keys);

  const CliResult all = RunNewscrawl("export --include-duplicates --db " + db_);
  const auto all_lines = Lines(all.out);
  ASSERT_EQ(all_lines.size(), 3U);
  EXPECT_EQ(nlohmann::json::parse(all_lines[1])["duplicate_of"], 1);
}

TEST_F(ExportCliTest, FiltersBySiteAndSince) {
  EXPECT_EQ(Lines(RunNewscrawl("export --include-duplicates --site other --db " + db_).out).size(), 1U);
  const auto recent = Lines(RunNewscrawl("export --since 2025-10-01 --db " + db_).out);
  ASSERT_EQ(recent.size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(recent[0])["id"], 3);
  EXPECT_EQ(Lines(RunNewscrawl("export --since '15/06/2025 22:06:40 +07:00' --db " + db_).out).size(), 2U);
  EXPECT_EQ(RunNewscrawl("export --since yesterday --db " + db_).exit_code, 2);
  EXPECT_EQ(RunNewscrawl("export --db " + dir_.File("missing.db")).exit_code, 1);
}

TEST_F(ExportCliTest, CsvHasAHeaderAndQuotesPerRfc4180) {
  const CliResult r = RunNewscrawl("export --format csv --db " + db_);
  ASSERT_EQ(r.exit_code, 0);
  const std::string header =
      "id,url,canonical_url,site,extractor,title,byline,lead,body,images,published_at,updated_at,section,tags,"
      "language,first_seen,last_seen,duplicate_of\r\n";
  ASSERT_EQ(r.out.substr(0, header.size()), header);
  // The body field is quoted, its quotes doubled, its line breaks kept.
  EXPECT_NE(r.out.find(",\"Dòng đầu, có \"\"ngoặc kép\"\" và dấu phẩy.\n\n"), std::string::npos);
  EXPECT_NE(r.out.find("\"[\"\"tin tức\"\",\"\"số 1\"\"]\""), std::string::npos);
}

TEST_F(ExportCliTest, StatsReportsSitesAsJsonAndTable) {
  const CliResult r = RunNewscrawl("stats --json --db " + db_);
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["sites"].size(), 2U);
  EXPECT_EQ(j["sites"][0]["site"], "example");
  EXPECT_EQ(j["sites"][0]["articles"], 2);
  EXPECT_EQ(j["sites"][0]["new_in_last_run"], 2);
  EXPECT_EQ(j["sites"][0]["fill_rates"]["byline"], 1.0);
  EXPECT_EQ(j["sites"][1]["duplicates_merged"], 1);
  EXPECT_EQ(j["sites"][1]["near_duplicates"], 1);
  EXPECT_EQ(j["sites"][0]["near_duplicates"], 0);
  const CliResult table = RunNewscrawl("stats --db " + db_);
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("example"), std::string::npos);
  EXPECT_NE(table.out.find("byline"), std::string::npos);
}

TEST_F(ExportCliTest, DedupLinksSaysWhyTwoRecordsWereLinked) {
  const CliResult r = RunNewscrawl("dedup links --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1U);
  const auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j["url"], "https://other.vn/copy-1.html");
  EXPECT_EQ(j["duplicate_of"], 1);
  EXPECT_EQ(j["original_url"], *original_.url);
  EXPECT_EQ(j["evidence"]["coverage_short"], 1.0);
  EXPECT_EQ(j["evidence"]["reason"].get<std::string>().rfind("confirmed", 0), 0U);
  EXPECT_TRUE(Lines(RunNewscrawl("dedup links --site example --db " + db_).out).empty());

  const CliResult recheck = RunNewscrawl("dedup recheck --all --db " + db_);
  ASSERT_EQ(recheck.exit_code, 0) << recheck.err;
  EXPECT_NE(recheck.out.find("1 links checked: 1 kept, 0 relinked, 0 unlinked"), std::string::npos) << recheck.out;
  EXPECT_NE(RunNewscrawl("dedup links --db " + dir_.File("missing.db")).exit_code, 0);
}

}  // namespace
}  // namespace newscrawl
