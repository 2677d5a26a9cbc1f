#include "newscrawl/extract/page_metadata.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

PageMetadata Meta(std::string_view html, HtmlDocument* keep = nullptr) {
  Result<HtmlDocument> d = HtmlDocument::Parse(html);
  EXPECT_TRUE(d.ok());
  return PageMetadata::Build(*d);
}

TEST(PageMetadataTest, JsonLdGraphListsAndLenientStrings) {
  PageMetadata m = Meta(R"(<html lang="en-GB"><head>
    <script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"S"},
      {"@type":["NewsArticle"],"headline":"H","author":[{"@type":"Person","name":"A. Writer"},{"name":"B"}],
       "datePublished":"2024-01-02T03:04:05Z","keywords":["x","y"]}]}</script>
    <script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[
      {"@type":"ListItem","position":1,"item":{"@id":"/","name":"Home"}},
      {"@type":"ListItem","position":2,"name":"World"}]}</script>
    </head></html>)");
  ASSERT_NE(m.JsonLdArticle(), nullptr);
  EXPECT_EQ(m.language(), "en");
  EXPECT_EQ(m.JsonLdBreadcrumb(), (std::vector<std::string>{"Home", "World"}));
  Article a = FillFromMetadata(m, {});
  EXPECT_EQ(a.title, "H");
  EXPECT_EQ(a.byline, "A. Writer, B");
  EXPECT_EQ(a.published_at, "2024-01-02T03:04:05+00:00");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.language, "en");
}

TEST(PageMetadataTest, RawNewlinesInsideJsonLdStringsAreTolerated) {
  PageMetadata m = Meta("<script type='application/ld+json'>{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}</script>");
  ASSERT_NE(m.JsonLdArticle(), nullptr);
  EXPECT_EQ(FillFromMetadata(m, {}).title, "Two lines");
}

TEST(PageMetadataTest, OpenGraphAndPublisherIsNotAByline) {
  PageMetadata m = Meta(R"(<head><meta property="og:title" content=" OG title ">
    <meta property="og:site_name" content="Báo Gia Lai điện tử"><meta name="author" content="Báo Gia Lai điện tử">
    <meta property="article:published_time" content="2023-05-24T10:15:00+0700">
    <meta property="article:tag" content="A, B"><meta property="article:tag" content="C">
    <link rel="canonical" href="/p-post1.html"><meta name="description" content="undefined"></head>)");
  Article a = FillFromMetadata(m, {.base_url = "https://baogialai.com.vn/x", .default_offset = "+07:00"});
  EXPECT_EQ(a.title, "OG title");
  EXPECT_EQ(a.byline, std::nullopt);
  EXPECT_EQ(a.lead, std::nullopt);  // "undefined" is a placeholder, not a lead
  EXPECT_EQ(a.published_at, "2023-05-24T10:15:00+07:00");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(a.canonical_url, "https://baogialai.com.vn/p-post1.html");
}

TEST(PageMetadataTest, BrokenJsonLdIsIgnored) {
  PageMetadata m = Meta("<script type='application/ld+json'>{\"@type\": \"Article\", </script><title>T</title>");
  EXPECT_EQ(m.JsonLdArticle(), nullptr);
  EXPECT_EQ(FillFromMetadata(m, {}).title, "T");
}

}  // namespace
}  // namespace newscrawl
