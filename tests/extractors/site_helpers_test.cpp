// The shared helpers the per-site extractors use: printed dates, JSON-LD dates, credit labels.
#include <gtest/gtest.h>

#include "common/extract_helpers.h"

namespace newscrawl::extract {
namespace {

TEST(PrintedDateTimeTest, ReadsTheFormsPapersPrint) {
  EXPECT_EQ(PrintedDateTime("Thứ ba, 23/12/2025 09:02 (GMT+7)", "+07:00"), "2025-12-23T09:02:00+07:00");
  EXPECT_EQ(PrintedDateTime("Thứ Tư, 24/12/2025 09:30:00 +07:00", ""), "2025-12-24T09:30:00+07:00");
  EXPECT_EQ(PrintedDateTime("08/01/2026 - 18:21", "+07:00"), "2026-01-08T18:21:00+07:00");
  EXPECT_EQ(PrintedDateTime("1/2/2026 7:05 GMT-3", "+07:00"), "2026-02-01T07:05:00-03:00");
  EXPECT_EQ(PrintedDateTime("08/01/2026", "+07:00"), std::nullopt);  // no time of day
  EXPECT_EQ(PrintedDateTime("31/02/2026 10:00", "+07:00"), std::nullopt);
  EXPECT_EQ(PrintedDateTime("1 giờ trước", "+07:00"), std::nullopt);
}

TEST(JsonLdDateTimeTest, RefusesDateOnlyValues) {
  auto meta_for = [](const std::string& date) {
    const std::string html = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"datePublished\":\"" +
                             date + "\"}</script>";
    Result<HtmlDocument> doc = HtmlDocument::Parse(html);
    return PageMetadata::Build(*doc);
  };
  EXPECT_EQ(JsonLdDateTime(meta_for("2026-01-08"), "datePublished", "+07:00"), std::nullopt);
  EXPECT_EQ(JsonLdDateTime(meta_for("2025-12-24T09:30:00"), "datePublished", "+07:00"), "2025-12-24T09:30:00+07:00");
  EXPECT_EQ(JsonLdDateTime(meta_for("2025-12-24T09:30:00+07:00"), "dateModified", "+07:00"), std::nullopt);
}

TEST(StripCreditLabelTest, RemovesOnlyCreditWords) {
  EXPECT_EQ(StripCreditLabel("Tin, ảnh: P.Y"), "P.Y");
  EXPECT_EQ(StripCreditLabel("Bài và ảnh: Minh Anh"), "Minh Anh");
  EXPECT_EQ(StripCreditLabel("ẢNH: Reuters"), "Reuters");
  EXPECT_EQ(StripCreditLabel(" Lương Ý "), "Lương Ý");
  EXPECT_EQ(StripCreditLabel("Nguyễn Văn A: phóng viên"), "Nguyễn Văn A: phóng viên");
}

}  // namespace
}  // namespace newscrawl::extract
