// `newscrawl extract` as users run it: the built binary, its output and exit codes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;

using newscrawl::testing::CliResult;

CliResult Newscrawl(const std::string& args) { return newscrawl::testing::RunNewscrawl(args); }

const std::string kSeed = std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/baogialai/nhat-tu-choi-tham-gia-nato-post000001.html";
const std::string kLaocai = std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/baolaocai/song-dep-tu-nhung-dieu-gian-di-post404649.html";

TEST(ExtractCliTest, OneFilePrintsOneObject) {
  CliResult r = Newscrawl("extract " + kSeed);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["title"], "Nhật từ chối tham gia NATO");
  EXPECT_EQ(j["site"], "baogialai");
  EXPECT_FALSE(j.contains("file"));
}

TEST(ExtractCliTest, FullParseGivesTheSameRecordAsThePrunedDefault) {
  CliResult pruned = Newscrawl("extract --site baogialai " + kSeed);
  CliResult full = Newscrawl("extract --site baogialai --full-parse " + kSeed);
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_FALSE(nlohmann::json::parse(pruned.out)["body"].is_null());
  EXPECT_EQ(pruned.out, full.out);
}

TEST(ExtractCliTest, SeveralFilesPrintJsonLinesWithFile) {
  CliResult r = Newscrawl("extract --site auto " + kSeed + " " + kLaocai);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(lines, line)) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0]["file"], kSeed);
  EXPECT_EQ(objects[1]["site"], "baolaocai");
}

TEST(ExtractCliTest, GenericSiteAndErrors) {
  CliResult generic = Newscrawl("extract --site generic " + kSeed);
  ASSERT_EQ(generic.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(generic.out)["extractor"], "generic");
  EXPECT_EQ(Newscrawl("extract --site nosuch " + kSeed).exit_code, 2);
  EXPECT_EQ(Newscrawl("extract /nonexistent/file.html").exit_code, 2);
  CliResult version = Newscrawl("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("newscrawl"), std::string::npos);
}

TEST(ExtractCliTest, HostileFilesEndWithinSecondsWithErrorOrEmptyRecord) {
  const fs::path dir = fs::temp_directory_path() / ("nc_hostile_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "empty.html");
    std::ofstream deep(dir / "deep.html");
    for (int i = 0; i < 100000; ++i) deep << "<div>";
    std::ofstream bad(dir / "bad.html", std::ios::binary);
    bad << "<title>\xC3\x28 \xFF</title><p>\xE2\x82</p>";
    std::ofstream big(dir / "big.html");
    for (int i = 0; big.tellp() < 10 * 1000 * 1000; ++i) big << "<span class=x" << i % 7 << ">w</span><b>";
  }
  CliResult empty = Newscrawl("extract " + (dir / "empty.html").string());
  EXPECT_EQ(empty.exit_code, 1);  // says what is wrong (issue 16), no record of nulls
  EXPECT_NE(empty.err.find("the page is empty"), std::string::npos) << empty.err;
  EXPECT_TRUE(empty.out.empty());
  CliResult deep = Newscrawl("extract " + (dir / "deep.html").string());
  EXPECT_EQ(deep.exit_code, 1);
  EXPECT_NE(deep.err.find("too_deep"), std::string::npos);
  CliResult bad = Newscrawl("extract " + (dir / "bad.html").string());
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_NO_THROW(nlohmann::json::parse(bad.out));
  CliResult big = Newscrawl("extract " + (dir / "big.html").string());
  EXPECT_TRUE(big.exit_code == 0 || big.exit_code == 1) << big.err;
  fs::remove_all(dir);
}

}  // namespace
