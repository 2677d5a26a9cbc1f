// The generic extractor's pieces on small hand-made pages: candidate scoring, boilerplate hints,
// title suffixes, metadata fallbacks.
#include "generic/generic_extractor.h"

#include <gtest/gtest.h>

#include "generic/boilerplate_hints.h"
#include "generic/content_scoring.h"
#include "generic/generic_metadata.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/html/selector.h"

namespace newscrawl {
namespace {

struct Page {
  HtmlDocument doc;
  PageMetadata meta;
};

Page Load(std::string_view html) {
  Result<HtmlDocument> d = HtmlDocument::Parse(html);
  EXPECT_TRUE(d.ok());
  PageMetadata m = PageMetadata::Build(*d);
  return Page{std::move(d).value(), std::move(m)};
}

Article Extract(std::string_view html, std::string url = "https://news.example.com/a/1") {
  Page p = Load(html);
  return GenericExtractor().Extract(p.doc, p.meta, {.url = std::move(url), .site = "", .default_offset = ""});
}

std::string Para(std::string_view words, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.append(words).append(i % 3 == 2 ? ", and then " : " ");
  return s + ".";
}

TEST(GenericContentTest, ParagraphBlockBeatsLinkHeavyBlock) {
  std::string links;
  for (int i = 0; i < 30; ++i) links += "<li><a href='/x" + std::to_string(i) + "'>A long related headline number " + std::to_string(i) + " here</a></li>";
  const std::string html = "<html><body><div id='a'><ul>" + links + "</ul></div><div id='b'><p>" + Para("Story text words", 12) +
                           "</p><p>" + Para("More of the story", 12) + "</p><p>" + Para("Third paragraph words", 12) +
                           "</p></div></body></html>";
  Page p = Load(html);
  const generic::MainContent c = generic::FindMainContent(p.doc.Body(), {});
  ASSERT_EQ(c.roots.size(), 1u);
  EXPECT_EQ(c.roots[0].Id(), "b");
  const Article a = Extract(html);
  ASSERT_TRUE(a.body);
  EXPECT_NE(a.body->find("Third paragraph words"), std::string::npos);
  EXPECT_EQ(a.body->find("related headline"), std::string::npos);
}

TEST(GenericContentTest, NegativeClassHintsLoseAndAreDroppedInsideTheBody) {
  const std::string html =
      "<html><body><div class='comments'><p>" + Para("A reader comment saying things", 15) + "</p><p>" +
      Para("Another reader comment", 15) + "</p></div><article><h1>The headline</h1><div class='byline'>By A. Writer</div><p>" +
      Para("Body words of the story", 10) + "</p><div class='share-bar'>Share on Facebook Share on X</div><p>" +
      Para("Second body paragraph", 10) + "</p><div class='newsletter-signup'>Sign up for our newsletter today</div></article></body></html>";
  const Article a = Extract(html);
  ASSERT_TRUE(a.body);
  EXPECT_NE(a.body->find("Body words of the story"), std::string::npos);
  EXPECT_NE(a.body->find("Second body paragraph"), std::string::npos);
  EXPECT_EQ(a.body->find("reader comment"), std::string::npos);
  EXPECT_EQ(a.body->find("Share on"), std::string::npos);
  EXPECT_EQ(a.body->find("newsletter"), std::string::npos);
  EXPECT_EQ(a.body->find("The headline"), std::string::npos);
  EXPECT_EQ(a.body->find("By A. Writer"), std::string::npos);
  EXPECT_EQ(a.byline, "By A. Writer");
}

TEST(GenericContentTest, CaptionsGoToImagesNotBody) {
  const Article a = Extract("<html><body><article><p>" + Para("Story text words", 10) +
                            "</p><figure><img src='/p.jpg' width='600'><figcaption>A caption line</figcaption></figure><p>" +
                            Para("After the figure", 10) + "</p></article></body></html>");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("A caption line"), std::string::npos);
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].url, "https://news.example.com/p.jpg");
  EXPECT_EQ(a.images[0].caption, "A caption line");
}

// Issue 19: the lead printed above the body inside the content block (VnExpress's p.description)
// is the lead, once; a body that opens with the meta description's text and has no more keeps it.
TEST(GenericContentTest, LeadRepeatedAtTheTopOfTheBodyStaysOnlyTheLead) {
  const std::string lead = "Người đàn ông 63 tuổi đau bụng kéo dài, bác sĩ chẩn đoán ung thư ruột non.";
  const std::string head = "<html><head><meta name='description' content='" + lead + "'></head><body><article><h1>Tiêu đề</h1>";
  const Article a = Extract(head + "<p class='description'>" + lead + "</p><p>" + Para("Thân bài thứ nhất", 10) +
                            "</p><p>" + Para("Thân bài thứ hai", 10) + "</p></article></body></html>");
  ASSERT_TRUE(a.lead && a.body);
  EXPECT_EQ(*a.lead, lead);
  EXPECT_EQ(a.body->find(lead), std::string::npos) << *a.body;
  EXPECT_EQ(a.body->rfind("Thân bài thứ nhất", 0), 0u) << *a.body;
  // Only paragraph: nothing to dedupe against, the body keeps it.
  const Article only = Extract(head + "<p>" + lead + "</p></article></body></html>");
  ASSERT_TRUE(only.body);
  EXPECT_EQ(*only.body, lead);
}

// Issue 19: VnExpress names its figures for their captions (figure.tplCaption), a "caption" class
// hint that once dropped them as boilerplate; the figure is an image with its caption.
TEST(GenericContentTest, FigureNamedForItsCaptionKeepsItsImage) {
  const std::string p = "<p>" + Para("Thân bài có nhiều chữ", 10) + "</p>";
  const Article a = Extract("<html><body><article>" + p +
                            "<figure class='tplCaption'><div class='fig-picture'><picture><source data-srcset='https://i.vn/a.jpg?w=680 1x'>"
                            "<img class='lazy' src='data:image/gif;base64,R0lGOD' data-src='https://i.vn/a.jpg?w=680'></picture></div>"
                            "<figcaption><p class='Image'>Y bác sĩ nội soi. Ảnh: <em>Bệnh viện</em></p></figcaption></figure>" +
                            p + p + "</article></body></html>");
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].url, "https://i.vn/a.jpg?w=680");
  EXPECT_EQ(a.images[0].caption, "Y bác sĩ nội soi. Ảnh: Bệnh viện");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("nội soi"), std::string::npos) << "a caption is never body text";
}

// Issue 19: a right-aligned signature closing the body is the byline, not body text; a
// right-aligned sentence is body text.
TEST(GenericContentTest, RightAlignedSignatureLineIsTheByline) {
  const std::string body = "<html><body><article><h1>Tiêu đề</h1><p>" + Para("Thân bài thứ nhất", 10) + "</p><p>" +
                           Para("Thân bài thứ hai", 10) + "</p>";
  const Article a = Extract(body + "<p class='Normal' style='text-align:right;'><strong>Lê Phương</strong></p>"
                                   "<span id='article-end'></span></article></body></html>");
  EXPECT_EQ(a.byline, "Lê Phương");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("Lê Phương"), std::string::npos) << *a.body;
  const Article sentence = Extract(body + "<p style='text-align:right'>Hà Nội, ngày 1 tháng 1.</p></article></body></html>");
  EXPECT_EQ(sentence.byline, std::nullopt);
  ASSERT_TRUE(sentence.body);
  EXPECT_NE(sentence.body->find("Hà Nội, ngày 1 tháng 1."), std::string::npos);
  const Article left = Extract(body + "<p><strong>Lê Phương</strong></p></article></body></html>");
  EXPECT_EQ(left.byline, std::nullopt) << "bold alone is no signature for the generic extractor";
}

TEST(GenericContentTest, CountTextMeasuresCodePointsAndCommasOfSeveralScripts) {
  std::size_t chars = 0, commas = 0;
  generic::CountText("a b,\u00a0東京、大阪，日本", chars, commas);
  EXPECT_EQ(chars, 11u);  // a b , 東 京 、 大 阪 ， 日 本
  EXPECT_EQ(commas, 3u);
}

TEST(GenericHintsTest, ClassAndIdHints) {
  EXPECT_TRUE(generic::HintsOfString("article-body").positive);
  EXPECT_FALSE(generic::HintsOfString("article-body").negative);
  EXPECT_TRUE(generic::HintsOfString("social-share").boilerplate);
  EXPECT_TRUE(generic::HintsOfString("top ad-slot").negative);      // "ad" as a token
  EXPECT_FALSE(generic::HintsOfString("masthead-shadow").boilerplate);
  EXPECT_FALSE(generic::HintsOfString("thread").negative);          // "ad" inside a word
  EXPECT_TRUE(generic::HintsOfString("post-comments").positive);
  EXPECT_TRUE(generic::HintsOfString("post-comments").boilerplate);
  EXPECT_EQ(generic::HintsOfString("entry-content").Weight(), 25);
  EXPECT_EQ(generic::HintsOfString("sidebar").Weight(), -25);
}

TEST(GenericMetadataTest, TitleLosesSiteSuffixAndPrefix) {
  const std::vector<std::string> names{"Daily Planet", "dailyplanet"};
  EXPECT_EQ(generic::StripSiteName("Big news today | Daily Planet", names), "Big news today");
  EXPECT_EQ(generic::StripSiteName("Big news today - Daily Planet", names), "Big news today");
  EXPECT_EQ(generic::StripSiteName("Big news today — DailyPlanet.com", names), "Big news today");
  EXPECT_EQ(generic::StripSiteName("Daily Planet: Big news today", {"Daily Planet:"}), "Daily Planet: Big news today");
  EXPECT_EQ(generic::StripSiteName("Daily Planet | Big news today here", names), "Big news today here");
  // " | " with a short tail is a site or section name even when the page does not say so.
  EXPECT_EQ(generic::StripSiteName("A long headline about events | Other Paper", names), "A long headline about events");
  // A dash inside the headline stays.
  EXPECT_EQ(generic::StripSiteName("Spider-Man - the return of a hero", names), "Spider-Man - the return of a hero");
}

TEST(GenericMetadataTest, SiteNamesIncludeTheHostLabel) {
  Page p = Load("<html><head><meta property='og:site_name' content='The Paper'></head></html>");
  const std::vector<std::string> names = generic::SiteNames(p.meta, "www.thepaper.co.uk");
  EXPECT_NE(std::find(names.begin(), names.end(), "The Paper"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "thepaper"), names.end());
  const Article a = Extract("<html><head><title>Storm hits the coast - The Paper</title></head><body></body></html>");
  EXPECT_EQ(a.title, "Storm hits the coast - The Paper");  // the host is news.example.com: no site name known
  const Article b = Extract("<html><head><title>Storm hits the coast - The Paper</title></head><body></body></html>",
                            "https://thepaper.com/x");
  EXPECT_EQ(b.title, "Storm hits the coast");
}

TEST(GenericMetadataTest, TitleFromTheHeadlineWhenThePageStatesNone) {
  const Article a = Extract("<html><body><h1> Flood  waters recede </h1><article><p>" + Para("Story text words", 10) +
                            "</p></article></body></html>");
  EXPECT_EQ(a.title, "Flood waters recede");
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->find("Flood"), std::string::npos);
}

TEST(GenericMetadataTest, MainImageFromOpenGraphWhenTheBodyHasNone) {
  const Article a = Extract("<html><head><meta property='og:image' content='/img/lead.jpg'></head><body><article><p>" +
                            Para("Story text words", 10) + "</p></article></body></html>");
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].url, "https://news.example.com/img/lead.jpg");
  // A body image wins over og:image.
  const Article b = Extract("<html><head><meta property='og:image' content='/img/lead.jpg'></head><body><article><p>" +
                            Para("Story text words", 10) + "</p><figure><img src='/in.jpg'></figure></article></body></html>");
  ASSERT_EQ(b.images.size(), 1u);
  EXPECT_EQ(b.images[0].url, "https://news.example.com/in.jpg");
}

TEST(GenericMetadataTest, DublinCoreAndTimeDates) {
  const Article a = Extract("<html><head><meta name='DCTERMS.issued' content='2019-11-18T10:00:00Z'>"
                            "<meta name='dcterms.modified' content='2019-11-19T08:30:00+01:00'></head><body></body></html>");
  EXPECT_EQ(a.published_at, "2019-11-18T10:00:00+00:00");
  EXPECT_EQ(a.updated_at, "2019-11-19T08:30:00+01:00");
  const Article b = Extract("<html><body><p>x</p><time datetime='2020-02-03T04:05:06Z'>3 Feb</time></body></html>");
  EXPECT_EQ(b.published_at, "2020-02-03T04:05:06+00:00");
}

TEST(GenericMetadataTest, BylineFromRelAuthorAndItemprop) {
  const Article a = Extract("<html><body><p>By <a rel='author' href='/u/1'>Ann Lee</a> and "
                            "<a rel='author' href='/u/2'>Bo Kim</a></p></body></html>");
  EXPECT_EQ(a.byline, "Ann Lee, Bo Kim");
  const Article b = Extract("<html><body><span itemprop='author' itemscope><span itemprop='name'>Cy Doe</span>"
                            "<span>staff writer</span></span></body></html>");
  EXPECT_EQ(b.byline, "Cy Doe");
  // JSON-LD comes first.
  const Article c = Extract("<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
                            "\"author\":{\"@type\":\"Person\",\"name\":\"Di Ray\"}}</script></head><body>"
                            "<a rel='author' href='/u/1'>Ann Lee</a></body></html>");
  EXPECT_EQ(c.byline, "Di Ray");
}

}  // namespace
}  // namespace newscrawl

namespace newscrawl {
namespace {

TEST(GenericFallbackTest, SiteExtractorWithoutBodyFallsBackToGenericBody) {
  // A known site (baogialai) whose layout changed: no .article__body, the text is in a new block.
  const std::string page =
      "<html><head><title>Tin mới | Báo Gia Lai</title></head><body><div class='new-layout'><p>" +
      Para("Nội dung bài báo tiếng Việt", 8) + "</p><p>" + Para("Đoạn văn thứ hai của bài", 8) + "</p></div></body></html>";
  Result<Article> a = ExtractorRegistry::Builtin().Extract(
      page, {.url = "https://baogialai.com.vn/tin-moi-post1.html", .site = "auto", .parse = {}});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->extractor, "cms-family+generic");
  ASSERT_TRUE(a->body);
  EXPECT_NE(a->body->find("Đoạn văn thứ hai"), std::string::npos);
}

}  // namespace
}  // namespace newscrawl
