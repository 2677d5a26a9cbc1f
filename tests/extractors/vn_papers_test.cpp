// The extractors of Vietnam's most-read papers (issue 19) on their real pages and on hostile
// variants made by editing copies of them (fixtures/<site>/variant-*.html, see each SOURCES.md):
// each test states what a reader of the page sees and checks the record says exactly that.
// The full expected records are the fixture .json files (fixtures_test.cpp); these tests pin the
// traps each template sets, so a regenerated expectation cannot quietly accept one.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/extract/fixtures.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

const std::string kVne = "vnexpress/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html";
const std::string kVneVideo = "vnexpress/chay-bai-rac-lon-nhat-nghe-an-lua-lan-sang-rung-phong-ho-5099243.abridged.html";
const std::string kVnn = "vietnamnet/phuc-hoi-dieu-tra-vu-an-tngt-khien-nu-sinh-o-vinh-long-tu-vong-2537078.abridged.html";
const std::string kDt = "dantri/mien-bac-giam-mua-nhieu-noi-nang-nong-20260720215519144.abridged.html";
const std::string kTn = "thanhnien/lu-quet-o-lai-chau-lam-1-nguoi-chet-hon-4600-nguoi-bi-co-lap-185260717213044074.abridged.html";

fs::path FixturePath(const std::string& rel) { return fs::path(NEWSCRAWL_SOURCE_DIR) / "fixtures" / rel; }

// The page through the registry as a crawl would see it: site chosen by the canonical URL.
Article Extract(const std::string& rel) {
  Result<std::string> html = ReadFileToString(FixturePath(rel), 8u << 20);
  EXPECT_TRUE(html.ok()) << rel;
  if (!html.ok()) return {};
  Result<Article> a = ExtractorRegistry::Builtin().Extract(*html, ExtractRequest{});
  EXPECT_TRUE(a.ok()) << rel << ": " << a.status().ToString();
  return a.ok() ? *a : Article{};
}

bool Has(const std::optional<std::string>& field, const std::string& text) {
  return field && field->find(text) != std::string::npos;
}

TEST(VnPapersTest, ExtractAutoNamesEachPapersExtractor) {
  const std::pair<std::string, std::string> pages[] = {
      {"vnexpress", kVne}, {"vnexpress", kVneVideo}, {"vietnamnet", kVnn}, {"dantri", kDt}, {"thanhnien", kTn}};
  for (const auto& [site, file] : pages) {
    testing::CliResult r = testing::RunNewscrawl("extract --site auto '" + FixturePath(file).string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"extractor\": \"" + site + "\""), std::string::npos) << file;
  }
}

TEST(VnPapersTest, VnExpressSignatureIsTheBylineNotABodyParagraph) {
  const Article a = Extract(kVne);
  EXPECT_EQ(a.byline, "Lê Phương");
  ASSERT_TRUE(a.body);
  EXPECT_FALSE(Has(a.body, "Lê Phương"));
  EXPECT_EQ(a.lead, "Người đàn ông 63 tuổi đau bụng kéo dài, bác sĩ chẩn đoán ung thư lymphoma ruột non - căn bệnh ít "
                    "gặp trong hệ tiêu hóa.");
  EXPECT_EQ(a.body->rfind("Ngày 22/10, BS.CK2 Cao Thị Hồng", 0), 0u) << "the lead is not repeated in the body";
  EXPECT_TRUE(a.body->ends_with("có thể phẫu thuật, hóa trị hoặc xạ trị."));
  // The article's figure at its full size (w=0), not the og:image crop, with caption and credit.
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].url,
            "https://vcdn1-suckhoe.vnecdn.net/2025/10/22/no-i-soi-be-nh-nha-n-176112077-8348-8268-1761120970.jpg"
            "?w=0&h=0&q=100&dpr=2&fit=crop&s=sIem2SJ0gSWA0xsprjOs8w");
  EXPECT_EQ(a.images[0].caption, "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp");
  EXPECT_FALSE(Has(a.body, "Y bác sĩ nội soi"));
  EXPECT_EQ(a.published_at, "2025-10-22T19:25:52+07:00");
  EXPECT_EQ(a.section, "Tin tức");
}

TEST(VnPapersTest, VnExpressVideoEmbedIsNeitherTextNorPhoto) {
  const Article a = Extract(kVneVideo);
  EXPECT_EQ(a.byline, "Đức Hùng");
  EXPECT_EQ(a.title, "Cháy bãi rác lớn nhất Nghệ An, lửa lan sang rừng phòng hộ");
  ASSERT_TRUE(a.body);
  // Title and lead sit inside article.fck_detail on this template.
  EXPECT_EQ(a.body->rfind("Khoảng 13h, lửa bốc lên", 0), 0u);
  EXPECT_FALSE(Has(a.body, "Video: Hùng Lê"));
  EXPECT_FALSE(Has(a.body, "Hiện trường vụ cháy bãi rác"));
  EXPECT_FALSE(Has(a.body, "Đức Hùng"));
  ASSERT_EQ(a.images.size(), 2u);
  for (const Image& i : a.images) {
    EXPECT_EQ(i.url.find("iv1cdn.vnecdn.net"), std::string::npos) << "video poster taken as a photo";
    EXPECT_NE(i.url.find("w=0&h=0"), std::string::npos) << i.url;
  }
  EXPECT_EQ(a.images[1].caption, "Đám cháy tại bãi rác Nghi Yên nhìn từ trên cao. Ảnh: Đức Hùng");
}

TEST(VnPapersTest, VnExpressVideoArticleHasNoPhotos) {
  const Article a = Extract("vnexpress/variant-video-article.html");
  EXPECT_TRUE(a.images.empty());
  EXPECT_EQ(a.byline, "Đức Hùng");
  EXPECT_FALSE(Has(a.body, "Video:"));
  EXPECT_TRUE(Has(a.body, "Sáu xe chuyên dụng cùng khoảng 400 người được huy động"));
}

TEST(VnPapersTest, FigureWithoutCaptionKeepsTheImageAndTheBody) {
  const Article real = Extract(kVne);
  const Article a = Extract("vnexpress/variant-figure-without-caption.html");
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].url, real.images.at(0).url);
  EXPECT_EQ(a.images[0].caption, std::nullopt);  // not the alt text, not a neighbouring paragraph
  EXPECT_EQ(a.body, real.body);
  EXPECT_EQ(a.byline, real.byline);
}

TEST(VnPapersTest, TableInTheBodyIsReadRowByRowInPlace) {
  const Article real = Extract(kVne);
  const Article a = Extract("vnexpress/variant-table.html");
  ASSERT_TRUE(a.body && real.body);
  const std::string cells = "Vị trí\n\nTỷ lệ\n\nRuột non\n\n15-25%\n\nDạ dày\n\ngần 5%\n\nĐại trực tràng\n\n0,2-1%";
  const std::size_t at = a.body->find(cells);
  ASSERT_NE(at, std::string::npos) << *a.body;
  EXPECT_LT(a.body->find("Theo bác sĩ Hồng, lymphoma"), at);
  EXPECT_GT(a.body->find("Bệnh xuất hiện chủ yếu ở người trên 60 tuổi"), at);
  EXPECT_EQ(a.images, real.images);  // a table without a picture is not a figure
  EXPECT_EQ(a.byline, "Lê Phương");
}

TEST(VnPapersTest, VietNamNetTakesThePrintedHeadlineAndLead) {
  const Article a = Extract(kVnn);
  EXPECT_EQ(a.title, "Phục hồi điều tra vụ tai nạn giao thông khiến nữ sinh ở Vĩnh Long tử vong");
  EXPECT_EQ(a.lead, "Sau hơn một năm tạm đình chỉ, Cơ quan CSĐT Công an tỉnh Vĩnh Long đã phục hồi điều tra vụ án tai "
                    "nạn giao thông khiến nữ sinh 14 tuổi tử vong.");
  EXPECT_EQ(a.byline, "Đàm Đệ");
  EXPECT_FALSE(Has(a.body, "Công an Vĩnh Long: Không thể từ sai phạm"));  // in-body related box
  EXPECT_TRUE(a.body->ends_with("\"Không truy cứu trách nhiệm hình sự người có tội\"."));
  ASSERT_EQ(a.images.size(), 2u);
  EXPECT_EQ(a.images[0].caption, "Hiện trường vụ TNGT khiến nữ sinh Nguyễn Ngọc Bảo Trân tử vong. Ảnh: Tư liệu.");
  EXPECT_EQ(a.published_at, "2026-07-19T14:30:00+07:00");
  EXPECT_EQ(a.updated_at, "2026-07-19T14:45:37+07:00");
  EXPECT_EQ(a.section, "Pháp luật");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"công an", "Nữ Sinh", "Vĩnh Long"}));
}

TEST(VnPapersTest, DanTriMidnightWithoutOffsetIsVietnamTime) {
  const Article a = Extract(kDt);
  EXPECT_EQ(a.published_at, "2026-07-21T00:00:00+07:00");
  EXPECT_EQ(a.byline, "Bạch An");
  EXPECT_EQ(a.lead->rfind("(Dân trí) - Khu vực Bắc Bộ", 0), 0u);
  ASSERT_EQ(a.images.size(), 1u);
  // data-original (2560 px) rather than data-src (the 1020 px thumbnail).
  EXPECT_EQ(a.images[0].url,
            "https://cdnphoto.dantri.com.vn/XJ7zY5hyWm8IL-aZXio0CbpftmA=/2026/05/14/nang-1778771209782.jpg?watermark=v1");
  EXPECT_EQ(a.images[0].caption, "Đồng bằng Bắc Bộ hai ngày tới nắng nóng (Ảnh: Thành Đông).");
  EXPECT_TRUE(Has(a.body, "Dự báo thời tiết ngày 21/7 các vùng trên cả nước:"));  // subheading kept
  EXPECT_EQ(a.tags, (std::vector<std::string>{"thời tiết TPHCM", "thời tiết miền Bắc", "thời tiết Hà Nội",
                                              "dự báo thời tiết"}));
}

TEST(VnPapersTest, GallerySeriesKeepsEachPhotoWithItsOwnCaption) {
  const Article real = Extract(kDt);
  const Article a = Extract("dantri/variant-gallery.html");
  ASSERT_EQ(a.images.size(), 3u);
  EXPECT_EQ(a.images[0].caption, "Đồng bằng Bắc Bộ hai ngày tới nắng nóng (Ảnh: Thành Đông).");
  EXPECT_EQ(a.images[1].caption, "Người dân che nắng trên phố Hà Nội (Ảnh: Thành Đông).");
  EXPECT_EQ(a.images[2].caption, "Mây dông chiều tối ở ngoại thành (Ảnh: Thành Đông).");
  EXPECT_NE(a.images[1].url.find("nang-2-1778771209790.jpg"), std::string::npos);
  EXPECT_EQ(a.body, real.body);  // no caption leaks into the text
}

TEST(VnPapersTest, ThanhNienJoinsTheSeparateCreditToTheCaption) {
  const Article a = Extract(kTn);
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].caption, "QL32 đi qua xã Mường Than bị chia cắt. ẢNH: CÔNG AN TỈNH LAI CHÂU");
  EXPECT_EQ(a.images[0].url,
            "https://images2.thanhnien.vn/528068263637045248/2026/7/17/"
            "2aoboql1u0kzx7sua4fygvxplchmv7vkyienzteo-1784285038319612358625.jpg");
  EXPECT_EQ(a.byline, "Đình Huy");  // not the e-mail printed next to it
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->rfind("Nạn nhân tử vong là anh Lò Văn Ch.", 0), 0u);  // character references decoded
  EXPECT_FALSE(Has(a.body, "Lũ lớn ở Lai Châu khiến 1 người chết, 4 người mất tích"));  // video caption
  EXPECT_FALSE(Has(a.body, "CÔNG AN TỈNH LAI CHÂU"));
  EXPECT_EQ(a.published_at, "2026-07-17T22:18:00+07:00");
  EXPECT_EQ(a.updated_at, "2026-07-17T22:33:18+07:00");
  EXPECT_EQ(a.section, "Thời sự");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"lai châu", "lũ quét", "sạt lở đất", "Mường Than"}));
}

TEST(VnPapersTest, LiveBlogKeepsEntriesInPageOrderAndTheLabelOutOfTheTitle) {
  const Article a = Extract("thanhnien/variant-live-blog.html");
  EXPECT_EQ(a.title, "Lũ quét ở Lai Châu làm 1 người chết, hơn 4.600 người bị cô lập");
  ASSERT_TRUE(a.body);
  const std::size_t e1 = a.body->find("22:30\n\nLực lượng cứu hộ đã tiếp cận bản Chít");
  const std::size_t e2 = a.body->find("21:45\n\nCông an tỉnh Lai Châu điều thêm");
  const std::size_t e3 = a.body->find("21:00\n\nQL32 đi qua xã Mường Than bị chia cắt tại Km 354.");
  ASSERT_NE(e1, std::string::npos) << *a.body;
  EXPECT_LT(e1, e2);
  EXPECT_LT(e2, e3);
  EXPECT_NE(e3, std::string::npos);
  EXPECT_FALSE(Has(a.body, "Trực tiếp"));
  EXPECT_FALSE(Has(a.body, "Nạn nhân tử vong"));
  EXPECT_EQ(a.byline, "Đình Huy");
  EXPECT_EQ(a.updated_at, "2026-07-17T22:33:18+07:00");
}

}  // namespace
}  // namespace newscrawl
