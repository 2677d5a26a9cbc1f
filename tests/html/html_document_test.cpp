#include "newscrawl/html/html_document.h"

#include <gtest/gtest.h>

#include <string>

namespace newscrawl {
namespace {

HtmlDocument MustParse(std::string_view html) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return std::move(doc).value();
}

TEST(HtmlDocumentTest, ParsesAndExposesTree) {
  HtmlDocument doc = MustParse("<title>T</title><div id=a class='x  y'><p>Hello <b>world</b></p></div>");
  ASSERT_TRUE(doc.Body());
  HtmlNode div = doc.Body().ElementChildren().at(0);
  EXPECT_EQ(div.Tag(), "div");
  EXPECT_EQ(div.Id(), "a");
  EXPECT_TRUE(div.HasClass("x"));
  EXPECT_TRUE(div.HasClass("y"));
  EXPECT_FALSE(div.HasClass("x y"));
  EXPECT_EQ(div.Text(), "Hello world");
  EXPECT_EQ(div.Parent(), doc.Body());
}

TEST(HtmlDocumentTest, TextSeparatesBlocksAndBreaks) {
  HtmlDocument doc = MustParse("<div><p>One</p><p>Two<br>Three</p>Four&nbsp;&amp; five</div>");
  HtmlNode div = doc.Body().ElementChildren().at(0);
  EXPECT_EQ(div.Text(), "One Two Three Four & five");
  EXPECT_EQ(div.TextWithBreaks(), "One\nTwo\nThree\nFour & five");
}

TEST(HtmlDocumentTest, ScriptsStylesAndCommentsNeverReachText) {
  HtmlDocument doc = MustParse(
      "<body><style>.a{}</style><script>var s='</div>';</script><!-- note --><p>Text</p>"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></body>");
  EXPECT_EQ(doc.Body().Text(), "Text");
  // JSON-LD survives the pre-pass; other script bodies do not.
  Result<std::string> prepared = PrepareHtml("<script>x()</script><script type='application/ld+json'>{}</script>", {});
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(*prepared, "<script></script><script type='application/ld+json'>{}</script>");
}

TEST(HtmlDocumentTest, NulBytesAndInvalidUtf8AreRepaired) {
  const std::string html("<p>a\0b\xFF</p>", 11);
  HtmlDocument doc = MustParse(html);
  EXPECT_EQ(doc.Body().Text(), "ab\xEF\xBF\xBD");
}

TEST(HtmlDocumentTest, RejectsDeepNestingBeforeGumbo) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  Result<HtmlDocument> doc = HtmlDocument::Parse(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().kind(), ErrorKind::kTooDeep);
}

TEST(HtmlDocumentTest, ClosedAndVoidElementsDoNotCountAsDepth) {
  std::string flat;
  for (int i = 0; i < 5000; ++i) flat += "<div><p>x<br><img src=a.jpg></div><span><a>y</span>";
  EXPECT_TRUE(HtmlDocument::Parse(flat).ok());
}

TEST(HtmlDocumentTest, RejectsOversizedInput) {
  HtmlParseOptions small;
  small.max_bytes = 10;
  Result<HtmlDocument> doc = HtmlDocument::Parse("<p>more than ten bytes</p>", small);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().kind(), ErrorKind::kTooLarge);
}

TEST(HtmlDocumentTest, EmptyInputGivesEmptyDocument) {
  HtmlDocument doc = MustParse("");
  EXPECT_TRUE(doc.Root());
  EXPECT_EQ(doc.Body().Text(), "");
}

TEST(HtmlDocumentTest, WalkIsIterativeOnDeepButAllowedTrees) {
  std::string html;
  for (int i = 0; i < 1000; ++i) html += "<section>";
  html += "deep";
  HtmlDocument doc = MustParse(html);
  EXPECT_EQ(doc.Body().Text(), "deep");
  EXPECT_GE(doc.AllElements().size(), 1000u);
}

}  // namespace
}  // namespace newscrawl
