// The rebuilt seed page against what the seed text dump shows (its .reference.json, written when
// the page was rebuilt, independent of the extractor), plus the baolaocai byline named in issue 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "newscrawl/extract/fixtures.h"

namespace newscrawl {
namespace {

const std::filesystem::path kDir = std::filesystem::path(NEWSCRAWL_SOURCE_DIR) / "fixtures";

Article ExtractOrDie(const std::string& site_dir, const std::string& stem) {
  Fixture f;
  f.html = kDir / site_dir / (stem + ".html");
  Result<std::string> src = ReadFileToString(kDir / site_dir / (stem + ".source.json"), 1 << 20);
  EXPECT_TRUE(src.ok());
  f.url = nlohmann::json::parse(*src)["url"].get<std::string>();
  Result<Article> a = ExtractFixture(f);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? *a : Article{};
}

TEST(SeedReferenceTest, RecordIsWhatTheSeedShows) {
  const std::string stem = "nhat-tu-choi-tham-gia-nato-post000001";
  Result<std::string> ref_text = ReadFileToString(kDir / "baogialai" / (stem + ".reference.json"), 1 << 20);
  ASSERT_TRUE(ref_text.ok());
  const nlohmann::json ref = nlohmann::json::parse(*ref_text)["expected"];
  const Article a = ExtractOrDie("baogialai", stem);

  EXPECT_EQ(a.url, ref["url"].get<std::string>());
  EXPECT_EQ(a.site, ref["site"].get<std::string>());
  EXPECT_EQ(a.title, ref["title"].get<std::string>());
  EXPECT_EQ(a.byline, std::nullopt);
  EXPECT_EQ(a.lead, ref["lead"].get<std::string>());
  EXPECT_EQ(a.body, ref["body"].get<std::string>());
  ASSERT_EQ(a.images.size(), ref["images"].size());
  EXPECT_EQ(a.images[0].url, ref["images"][0]["url"].get<std::string>());
  EXPECT_EQ(a.images[0].caption, ref["images"][0]["caption"].get<std::string>());
  // The reference keeps the page's compact offset; the record writes it with a colon.
  EXPECT_EQ(a.published_at, "2023-05-24T10:15:00+07:00");
  EXPECT_EQ(ref["published_at"].get<std::string>(), "2023-05-24T10:15:00+0700");

  const std::string record = ArticleToJson(a).dump();
  for (const auto& banned : ref["not_in_record"]) {
    const std::string text = banned.get<std::string>();
    if (text == "null") {
      // The literal word, as text inside a field, not JSON's null.
      EXPECT_EQ(record.find("\"null"), std::string::npos);
      EXPECT_EQ(record.find("null\""), std::string::npos);
    } else {
      EXPECT_EQ(record.find(text), std::string::npos) << "boilerplate leaked: " << text;
    }
  }
}

TEST(SeedReferenceTest, CaptionAppearsOnceAndOnlyInImages) {
  const Article a = ExtractOrDie("baogialai", "nhat-tu-choi-tham-gia-nato-post000001");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("Tổng thư ký NATO và Thủ tướng Nhật tại Tokyo"), std::string::npos);
  EXPECT_EQ(a.body->find("\n\n\n"), std::string::npos);
}

TEST(SeedReferenceTest, BaolaocaiTrailingAuthorBlockIsTheByline) {
  const Article a = ExtractOrDie("baolaocai", "song-dep-tu-nhung-dieu-gian-di-post404649");
  EXPECT_EQ(a.byline, "Anh Dũng");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("Anh Dũng"), std::string::npos);
  EXPECT_EQ(a.body->find(".t2"), std::string::npos);  // the inline <style> is not text
}

}  // namespace
}  // namespace newscrawl
