// Every fixture page through extraction, compared field by field with its expected record.
#include <gtest/gtest.h>

#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/extract/fixtures.h"

namespace newscrawl {
namespace {

std::vector<Fixture> AllFixtures() {
  Result<std::vector<Fixture>> f = ListFixtures(std::filesystem::path(NEWSCRAWL_SOURCE_DIR) / "fixtures");
  return f.ok() ? *f : std::vector<Fixture>{};
}

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, RecordMatchesExpected) {
  const Fixture& f = GetParam();
  Result<Article> expected = ReadExpected(f);
  ASSERT_TRUE(expected.ok()) << f.expected << ": " << expected.status().ToString()
                             << " (run `newscrawl fixture update` and review the diff)";
  Result<Article> actual = ExtractFixture(f);
  ASSERT_TRUE(actual.ok()) << actual.status().ToString();
  EXPECT_EQ(*expected, *actual) << f.html << " differs from " << f.expected << ":\n"
                                << DiffArticles(*expected, *actual);
}

std::string FixtureName(const ::testing::TestParamInfo<Fixture>& info) {
  std::string name = info.param.html.parent_path().filename().string() + "_" + info.param.html.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name.substr(0, 90);
}

// Pruning (Extractor::PrunedRegions) may change what a page costs, never the record it gives.
TEST_P(FixtureTest, PrunedParseGivesTheSameRecordAsAFullParse) {
  const Fixture& f = GetParam();
  Result<std::string> html = ReadFileToString(f.html, 64u << 20);
  ASSERT_TRUE(html.ok());
  Result<Article> full = ExtractorRegistry::Builtin().Extract(
      *html, ExtractRequest{.url = f.url, .site = f.site, .parse = {}, .full_parse = true});
  Result<Article> pruned = ExtractFixture(f);
  ASSERT_TRUE(full.ok() && pruned.ok());
  EXPECT_EQ(*full, *pruned) << f.html << ": full parse vs pruned parse:\n" << DiffArticles(*full, *pruned);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(AllFixtures()), FixtureName);

TEST(FixtureSetTest, EveryFixtureHasAnExpectedRecord) {
  const std::vector<Fixture> all = AllFixtures();
  EXPECT_GE(all.size(), 6u);
  for (const Fixture& f : all) EXPECT_TRUE(std::filesystem::exists(f.expected)) << f.expected;
}

TEST(FixtureSetTest, DiffNamesTheChangedField) {
  Article a, b;
  a.title = "A";
  b.title = "B";
  const std::string diff = DiffArticles(a, b);
  EXPECT_NE(diff.find("title"), std::string::npos);
  EXPECT_EQ(diff.find("body"), std::string::npos);
  EXPECT_EQ(DiffArticles(a, a), "");
}

}  // namespace
}  // namespace newscrawl
