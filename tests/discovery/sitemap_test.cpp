#include "newscrawl/discovery/sitemap.h"

#include <string>

#include <gtest/gtest.h>

#include "gzip_helper.h"

namespace newscrawl {
namespace {

using testing::GzipCompress;

constexpr char kIndex[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc> https://example.vn/sitemap-news.xml </loc>
    <lastmod>2025-06-17T13:43:02+07:00</lastmod>
  </sitemap>
  <sitemap><loc>https://example.vn/sitemap-2025-06.xml.gz</loc></sitemap>
  <sitemap><lastmod>2025-06-01</lastmod></sitemap>
</sitemapindex>)";

constexpr char kNewsUrlset[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:n="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://example.vn/thoi-su/bai-1-post1.html</loc>
    <lastmod>2025-06-17 13:50</lastmod>
    <image:image><image:loc>https://cdn.example.vn/a.jpg</image:loc></image:image>
    <n:news>
      <n:publication><n:name>Báo Ví Dụ</n:name><n:language>vi</n:language></n:publication>
      <n:publication_date>2025-06-17T13:43:02+07:00</n:publication_date>
      <n:title><![CDATA[Nhật  từ chối & tham gia]]></n:title>
    </n:news>
  </url>
  <url>
    <loc>/relative/bai-2-post2.html</loc>
    <news:news xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <news:publication_date>Tue, 17 Jun 2025 07:00:00 GMT</news:publication_date>
      <news:title>Tin &amp; ảnh</news:title>
    </news:news>
  </url>
  <url><loc>https://example.vn/undated.html</loc></url>
</urlset>)";

TEST(SitemapTest, IndexEntriesWithLastmod) {
  const auto sitemap = ParseSitemap(kIndex);
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  EXPECT_EQ(sitemap->kind, SitemapKind::kIndex);
  ASSERT_EQ(sitemap->entries.size(), 2u);  // the entry without <loc> is skipped
  EXPECT_EQ(sitemap->entries[0].loc, "https://example.vn/sitemap-news.xml");
  EXPECT_EQ(sitemap->entries[0].lastmod, "2025-06-17T13:43:02+07:00");
  EXPECT_EQ(sitemap->entries[1].loc, "https://example.vn/sitemap-2025-06.xml.gz");
  EXPECT_EQ(sitemap->entries[1].lastmod, "");
  EXPECT_FALSE(sitemap->malformed);
}

TEST(SitemapTest, UrlsetWithGoogleNewsTags) {
  const auto sitemap = ParseSitemap(kNewsUrlset);
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  EXPECT_EQ(sitemap->kind, SitemapKind::kUrlSet);
  ASSERT_EQ(sitemap->entries.size(), 3u);
  const SitemapEntry& first = sitemap->entries[0];
  EXPECT_EQ(first.loc, "https://example.vn/thoi-su/bai-1-post1.html");  // not the image:loc
  EXPECT_EQ(first.lastmod, "2025-06-17T13:50:00");
  EXPECT_EQ(first.news_publication_date, "2025-06-17T13:43:02+07:00");
  EXPECT_EQ(first.news_title, "Nhật từ chối & tham gia");
  EXPECT_EQ(sitemap->entries[1].loc, "/relative/bai-2-post2.html");  // left for the crawler
  EXPECT_EQ(sitemap->entries[1].news_publication_date, "2025-06-17T07:00:00+00:00");
  EXPECT_EQ(sitemap->entries[1].news_title, "Tin & ảnh");
  EXPECT_EQ(sitemap->entries[2].news_publication_date, "");
}

TEST(SitemapTest, SortNewestFirstPutsUndatedLast) {
  auto sitemap = ParseSitemap(kNewsUrlset);
  ASSERT_TRUE(sitemap.ok());
  SortNewestFirst(sitemap->entries);
  // bai-2 was published at 07:00Z = 14:00+07:00, after bai-1 (13:43+07:00).
  EXPECT_EQ(sitemap->entries[0].loc, "/relative/bai-2-post2.html");
  EXPECT_EQ(sitemap->entries[1].loc, "https://example.vn/thoi-su/bai-1-post1.html");
  EXPECT_EQ(sitemap->entries[2].loc, "https://example.vn/undated.html");
}

TEST(SitemapTest, GzippedSitemapIsTransparent) {
  const auto sitemap = ParseSitemap(GzipCompress(kNewsUrlset));
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  ASSERT_EQ(sitemap->entries.size(), 3u);
  EXPECT_EQ(sitemap->entries[0].news_title, "Nhật từ chối & tham gia");
}

TEST(SitemapTest, GzipBombRejected) {
  std::string xml = "<urlset>";
  xml += std::string(50 * 1024 * 1024, ' ');
  xml += "</urlset>";
  SitemapLimits limits;
  limits.max_bytes = 10 * 1024 * 1024;
  const auto sitemap = ParseSitemap(GzipCompress(xml), limits);
  ASSERT_FALSE(sitemap.ok());
  EXPECT_EQ(sitemap.status().kind(), ErrorKind::kTooLarge);
}

TEST(SitemapTest, UncompressedOverCapRejected) {
  SitemapLimits limits;
  limits.max_bytes = 1000;
  EXPECT_EQ(ParseSitemap("<urlset>" + std::string(2000, ' ') + "</urlset>", limits).status().kind(),
            ErrorKind::kTooLarge);
}

TEST(SitemapTest, SixtyThousandUrlsCappedAtFiftyThousand) {
  std::string xml = R"(<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">)";
  for (int i = 0; i < 60000; ++i) {
    xml += "<url><loc>https://example.vn/a-" + std::to_string(i) + ".html</loc></url>\n";
  }
  xml += "</urlset>";
  const auto sitemap = ParseSitemap(xml);
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  EXPECT_EQ(sitemap->entries.size(), 50000u);
  EXPECT_EQ(sitemap->dropped, 10000u);
  EXPECT_EQ(sitemap->entries.back().loc, "https://example.vn/a-49999.html");
}

TEST(SitemapTest, MalformedXmlKeepsWhatCameBefore) {
  const char* xml =
      "<urlset><url><loc>https://example.vn/ok-1</loc></url>"
      "<url><loc>https://example.vn/ok-2</loc></url>"
      "<url><loc>https://example.vn/broken</loc></oops><<<&&& \x01\x02 garbage";
  const auto sitemap = ParseSitemap(xml);
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  EXPECT_TRUE(sitemap->malformed);
  ASSERT_GE(sitemap->entries.size(), 2u);
  EXPECT_EQ(sitemap->entries[0].loc, "https://example.vn/ok-1");
  EXPECT_EQ(sitemap->entries[1].loc, "https://example.vn/ok-2");
}

TEST(SitemapTest, NotASitemap) {
  EXPECT_EQ(ParseSitemap("<html><body>404</body></html>").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(ParseSitemap("").status().kind(), ErrorKind::kParseError);
  EXPECT_EQ(ParseSitemap("<<<>>>").status().kind(), ErrorKind::kParseError);
}

// Entities declared in the DTD are never expanded: neither the exponential "billion laughs" nor an
// external file (XXE).
TEST(SitemapTest, EntitiesAreNotExpanded) {
  std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n<!ENTITY lol \"lol\">\n"
      "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n<urlset><url><loc>https://example.vn/&lol9;</loc></url></urlset>";
  const auto bomb = ParseSitemap(laughs);
  ASSERT_TRUE(bomb.ok()) << bomb.status().ToString();
  ASSERT_EQ(bomb->entries.size(), 1u);
  EXPECT_EQ(bomb->entries[0].loc, "https://example.vn/");  // the reference is dropped, not expanded

  const char* xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<urlset><url><loc>https://example.vn/&xxe;</loc></url></urlset>";
  const auto external = ParseSitemap(xxe);
  ASSERT_TRUE(external.ok()) << external.status().ToString();
  ASSERT_EQ(external->entries.size(), 1u);
  EXPECT_EQ(external->entries[0].loc.find("root:"), std::string::npos);
  EXPECT_EQ(external->entries[0].loc, "https://example.vn/");
}

TEST(SitemapTest, PlainTextSitemap) {
  const auto sitemap =
      ParseSitemap("https://example.vn/a.html\r\n\n  https://example.vn/b.html  \nnot a url\n"
                   "HTTP://EXAMPLE.VN/C\n");
  ASSERT_TRUE(sitemap.ok());
  EXPECT_EQ(sitemap->kind, SitemapKind::kText);
  ASSERT_EQ(sitemap->entries.size(), 3u);
  EXPECT_EQ(sitemap->entries[1].loc, "https://example.vn/b.html");
  EXPECT_EQ(sitemap->entries[2].loc, "HTTP://EXAMPLE.VN/C");
}

TEST(SitemapTest, InvalidUtf8IsRepaired) {
  const auto sitemap =
      ParseSitemap("<urlset><url><loc>https://example.vn/b\xC3\x28\xFF-x</loc></url>"
                   "<url><loc>https://example.vn/after</loc></url></urlset>");
  ASSERT_TRUE(sitemap.ok()) << sitemap.status().ToString();
  ASSERT_EQ(sitemap->entries.size(), 2u);
  EXPECT_EQ(sitemap->entries[0].loc, "https://example.vn/b\xEF\xBF\xBD(\xEF\xBF\xBD-x");
  EXPECT_EQ(sitemap->entries[1].loc, "https://example.vn/after");
}

// A sitemap index listing itself parses like any other; not re-fetching it is the crawler's job
// (its seen-set), so here the self-entry must simply come back once.
TEST(SitemapTest, IndexListingItselfParsesOnce) {
  const char* xml =
      "<sitemapindex><sitemap><loc>https://example.vn/sitemap.xml</loc></sitemap></sitemapindex>";
  const auto sitemap = ParseSitemap(xml);
  ASSERT_TRUE(sitemap.ok());
  ASSERT_EQ(sitemap->entries.size(), 1u);
  EXPECT_EQ(sitemap->entries[0].loc, "https://example.vn/sitemap.xml");
}

}  // namespace
}  // namespace newscrawl
