#include "newscrawl/discovery/feed.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "gzip_helper.h"

namespace newscrawl {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/discovery/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(FeedTest, VnExpressRss2) {
  const std::string xml = ReadFixture("vnexpress.net-tin-moi-nhat.rss.xml");
  ASSERT_FALSE(xml.empty());
  const auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, FeedFormat::kRss2);
  EXPECT_EQ(feed->title, "Tin mới nhất - VnExpress RSS");  // not the <image><title>
  ASSERT_EQ(feed->items.size(), 54u);
  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.link, "https://vnexpress.net/tich-thu-qua-nhieu-ma-tuy-bi-thieu-lo-tieu-huy-4538839.html");
  EXPECT_EQ(first.title, "Tịch thu quá nhiều ma túy, Bỉ thiếu lò tiêu hủy");
  EXPECT_EQ(first.published, "2022-11-21T21:18:04+07:00");
  EXPECT_EQ(first.guid, first.link);
  EXPECT_FALSE(feed->malformed);
  for (const FeedItem& item : feed->items) {
    EXPECT_EQ(item.link.rfind("https://vnexpress.net/", 0), 0u) << item.link;
    EXPECT_FALSE(item.published.empty()) << item.link;
  }
}

TEST(FeedTest, ThanhNienRss2WithAtomSelfLinksAndCdataTitles) {
  const std::string xml = ReadFixture("thanhnien.vn-home.rss.xml");
  ASSERT_FALSE(xml.empty());
  const auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->title, "Báo Thanh Niên");
  ASSERT_EQ(feed->items.size(), 100u);
  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.link,
            "https://thanhnien.vn/luong-nguyet-anh-khoe-thanh-tich-khung-trong-am-nhac-post1523962.html");
  EXPECT_EQ(first.title, "Lương Nguyệt Anh khoe thành tích 'khủng' trong âm nhạc");
  EXPECT_EQ(first.published, "2022-11-21T21:15:26+07:00");
  // CDATA title with trailing space is cleaned.
  EXPECT_EQ(feed->items[1].title.back(), 'n');
}

TEST(FeedTest, AtomPrefersAlternateLink) {
  const char* xml = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Ví dụ Atom</title>
  <link rel="self" href="https://example.vn/atom.xml"/>
  <entry>
    <title>Bài một</title>
    <link rel="self" href="https://example.vn/api/1"/>
    <link rel="alternate" type="text/html" href="https://example.vn/bai-mot.html"/>
    <id>urn:uuid:1</id>
    <updated>2025-06-17T08:00:00Z</updated>
    <published>2025-06-17T06:00:00Z</published>
  </entry>
  <entry>
    <title type="html"><![CDATA[Bài <b>hai</b>]]></title>
    <link href="https://example.vn/bai-hai.html"/>
    <id>urn:uuid:2</id>
    <updated>2025-06-18T08:00:00+07:00</updated>
  </entry>
  <entry>
    <title>Bài ba</title>
    <link rel="enclosure" href="https://example.vn/ba.mp3"/>
    <id>urn:uuid:3</id>
  </entry>
</feed>)";
  auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, FeedFormat::kAtom);
  EXPECT_EQ(feed->title, "Ví dụ Atom");
  ASSERT_EQ(feed->items.size(), 3u);
  EXPECT_EQ(feed->items[0].link, "https://example.vn/bai-mot.html");
  EXPECT_EQ(feed->items[0].published, "2025-06-17T06:00:00+00:00");  // published over updated
  EXPECT_EQ(feed->items[0].guid, "urn:uuid:1");
  EXPECT_EQ(feed->items[1].link, "https://example.vn/bai-hai.html");  // no rel = alternate
  EXPECT_EQ(feed->items[1].published, "2025-06-18T08:00:00+07:00");  // falls back to updated
  EXPECT_EQ(feed->items[1].title, "Bài <b>hai</b>");
  EXPECT_EQ(feed->items[2].link, "https://example.vn/ba.mp3");  // only link there is
  EXPECT_EQ(feed->items[2].published, "");

  SortNewestFirst(feed->items);
  EXPECT_EQ(feed->items[0].guid, "urn:uuid:2");  // 18 June 08:00+07:00 = 01:00Z, a day later
  EXPECT_EQ(feed->items[1].guid, "urn:uuid:1");
  EXPECT_EQ(feed->items[2].guid, "urn:uuid:3");
}

TEST(FeedTest, Rss1Rdf) {
  const char* xml = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.vn/rss"><title>RDF kênh</title>
    <items><rdf:Seq><rdf:li rdf:resource="https://example.vn/1"/></rdf:Seq></items></channel>
  <item rdf:about="https://example.vn/1">
    <title>Một</title><link>https://example.vn/1</link><dc:date>2025-06-17T10:00:00+07:00</dc:date>
  </item>
  <item rdf:about="https://example.vn/2"><title>Hai</title></item>
</rdf:RDF>)";
  const auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, FeedFormat::kRss1);
  EXPECT_EQ(feed->title, "RDF kênh");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].published, "2025-06-17T10:00:00+07:00");
  EXPECT_EQ(feed->items[0].guid, "https://example.vn/1");
  EXPECT_EQ(feed->items[1].link, "https://example.vn/2");  // from rdf:about
}

TEST(FeedTest, RssGuidPermalinkFallback) {
  const char* xml =
      "<rss version=\"2.0\"><channel><title>t</title>"
      "<item><title>a</title><guid>https://example.vn/a</guid></item>"
      "<item><title>b</title><guid isPermaLink=\"false\">https://example.vn/b</guid></item>"
      "</channel></rss>";
  const auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].link, "https://example.vn/a");
  EXPECT_EQ(feed->items[1].link, "");
  EXPECT_EQ(feed->items[1].guid, "https://example.vn/b");
}

TEST(FeedTest, InvalidUtf8AndMalformedTailDoNotCrash) {
  const std::string xml =
      "<rss><channel><title>t\xFF\xFE</title>"
      "<item><title>b\xC3\x28</title><link>https://example.vn/1</link></item>"
      "<item><title>ok</title><link>https://example.vn/2</link></item>"
      "<item><title>cut</title><link>https://exa";
  const auto feed = ParseFeed(xml);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_TRUE(feed->malformed);
  ASSERT_GE(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].title, "b\xEF\xBF\xBD(");
  EXPECT_EQ(feed->items[1].link, "https://example.vn/2");
}

TEST(FeedTest, ItemCapCountsExcess) {
  std::string xml = "<rss><channel>";
  for (int i = 0; i < 30; ++i) xml += "<item><link>https://example.vn/" + std::to_string(i) + "</link></item>";
  xml += "</channel></rss>";
  FeedLimits limits;
  limits.max_items = 25;
  const auto feed = ParseFeed(xml, limits);
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed->items.size(), 25u);
  EXPECT_EQ(feed->dropped, 5u);
}

TEST(FeedTest, GzippedFeedAndBomb) {
  const auto gz = ParseFeed(testing::GzipCompress(ReadFixture("vnexpress.net-tin-moi-nhat.rss.xml")));
  ASSERT_TRUE(gz.ok()) << gz.status().ToString();
  EXPECT_EQ(gz->items.size(), 54u);
  FeedLimits limits;
  limits.max_bytes = 1024 * 1024;
  const auto bomb = ParseFeed(testing::GzipCompress(std::string(8 * 1024 * 1024, ' ')), limits);
  EXPECT_EQ(bomb.status().kind(), ErrorKind::kTooLarge);
}

TEST(FeedTest, NotAFeed) {
  EXPECT_EQ(ParseFeed("<urlset/>").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(ParseFeed("plain text").status().kind(), ErrorKind::kParseError);
}

}  // namespace
}  // namespace newscrawl
