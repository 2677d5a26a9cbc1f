// ElementPattern and the pre-pass's pruning (HtmlParseOptions::prune): what is emptied, what
// ends an emptied element, and that a page whose nesting the pre-pass cannot follow is kept whole.
#include <gtest/gtest.h>

#include <string>

#include "newscrawl/html/element_pattern.h"
#include "newscrawl/html/html_document.h"

namespace newscrawl {
namespace {

HtmlParseOptions Prune(std::initializer_list<std::string_view> patterns) {
  HtmlParseOptions o;
  o.prune = ElementPattern::MustParseAll(patterns);
  return o;
}

std::string Prepared(std::string_view html, const HtmlParseOptions& o, int* pruned = nullptr) {
  Result<std::string> r = PrepareHtml(html, o, pruned);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::string();
}

TEST(ElementPatternTest, ParsesTagClassAndIdCompounds) {
  const ElementPattern p = ElementPattern::MustParse("DIV.box.related#side");
  EXPECT_EQ(p.tag(), "div");
  EXPECT_EQ(p.ToString(), "div#side.box.related");
  EXPECT_TRUE(p.Matches("div", "side", "x related  box"));
  EXPECT_FALSE(p.Matches("div", "side", "related"));         // every class is required
  EXPECT_FALSE(p.Matches("div", "other", "box related"));
  EXPECT_FALSE(p.Matches("section", "side", "box related"));
  // Class names are whole tokens, never substrings.
  EXPECT_FALSE(ElementPattern::MustParse(".sub-col").Matches("div", "", "sub-column"));
  EXPECT_TRUE(ElementPattern::MustParse(".sub-col").Matches("div", "", "\tsub-col\n"));
  EXPECT_TRUE(ElementPattern::MustParse("nav").Matches("nav", "", ""));
}

TEST(ElementPatternTest, RejectsWhatThePrePassCannotMatch) {
  for (const char* bad : {"", ".", "#", "div .x", "div > p", "[id=x]", "a:not(.b)", "#a#b", "*"}) {
    EXPECT_FALSE(ElementPattern::Parse(bad).ok()) << bad;
  }
}

TEST(PruneTest, EmptiesMatchingElementsAndKeepsTheirTags) {
  int pruned = -1;
  const std::string out = Prepared(
      "<div class=main><p>Kept</p></div><div class='side x'><ul><li><a href=/a>A</a></ul></div><p>After</p>",
      Prune({"div.side"}), &pruned);
  EXPECT_EQ(out, "<div class=main><p>Kept</p></div><div class='side x'></div><p>After</p>");
  EXPECT_EQ(pruned, 1);
}

TEST(PruneTest, NestedElementsOfTheSameTagDoNotEndTheRegionEarly) {
  const std::string out =
      Prepared("<div id=s><div><div>x</div></div><div>y</div></div><p>After</p>", Prune({"#s"}));
  EXPECT_EQ(out, "<div id=s></div><p>After</p>");
}

TEST(PruneTest, AnAncestorsEndTagEndsTheRegionAsTheTreeBuilderWould) {
  const std::string out = Prepared("<section><div class=side>x</section><p>After</p>", Prune({".side"}));
  EXPECT_EQ(out, "<section><div class=side></div></section><p>After</p>");
}

TEST(PruneTest, MarkupInsideScriptsAndCommentsDoesNotEndTheRegion) {
  const std::string out = Prepared(
      "<div class=side><script>document.write('</div>')</script><!-- </div> -->x</div><p>After</p>",
      Prune({".side"}));
  EXPECT_EQ(out, "<div class=side></div><p>After</p>");
}

TEST(PruneTest, AnElementThatNeverEndsIsKeptWhole) {
  const std::string page = "<div class=side><p>One<div>Two</div><p>Three";
  int pruned = -1;
  EXPECT_EQ(Prepared(page, Prune({".side"}), &pruned), Prepared(page, HtmlParseOptions{}));
  EXPECT_EQ(pruned, 0);
}

TEST(PruneTest, AttributeSyntaxVariantsAreRead) {
  EXPECT_EQ(Prepared("<DIV CLASS=\"a side\">x</DIV>", Prune({"div.side"})), "<DIV CLASS=\"a side\"></div>");
  EXPECT_EQ(Prepared("<div data-class='side' class = 'side'>x</div>", Prune({".side"})),
            "<div data-class='side' class = 'side'></div>");
  // The first class attribute counts, as in the tree builder.
  EXPECT_EQ(Prepared("<div class=main class=side>x</div>", Prune({".side"})), "<div class=main class=side>x</div>");
  // Void and self-closing elements have no content to prune.
  EXPECT_EQ(Prepared("<img class=side src=a.jpg><p>x</p>", Prune({".side"})), "<img class=side src=a.jpg><p>x</p>");
}

TEST(PruneTest, DepthCapStillAppliesInsidePrunedRegions) {
  std::string page = "<div class=side>";
  for (int i = 0; i < 2000; ++i) page += "<div>";
  HtmlParseOptions o = Prune({".side"});
  Result<std::string> r = PrepareHtml(page, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kTooDeep);
}

TEST(PruneTest, ParsedDocumentHasTheEmptiedElementAndEverythingAround) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(
      "<body><div class=side><a href=/x>x</a></div><article><p>Body text</p></article></body>", Prune({".side"}));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->PrunedElements(), 1);
  EXPECT_EQ(doc->Body().Text(), "Body text");
  EXPECT_EQ(doc->Body().ElementChildren().at(0).ChildCount(), 0u);
}

}  // namespace
}  // namespace newscrawl
