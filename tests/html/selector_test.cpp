#include "newscrawl/html/selector.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

class SelectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<HtmlDocument> doc = HtmlDocument::Parse(R"(
      <div class="article">
        <h1 class="article__title cms-title ">Title</h1>
        <div class="article__body cms-body" itemprop="articleBody">
          <p id="p1">One</p>
          <div class="sda_middle"><div id="sdaWeb_SdaArticleMiddle" class="rennab fyi">ad</div></div>
          <p>Two <a href="https://x/a-post1.html" class="cms-relate">link</a></p>
          <figure><img data-src="https://cdn/x.jpg"><figcaption>Cap</figcaption></figure>
        </div>
      </div>
      <section class="suggest"><p>Other</p></section>)");
    ASSERT_TRUE(doc.ok());
    doc_.emplace(std::move(doc).value());
  }
  std::vector<std::string> Texts(std::string_view css) {
    std::vector<std::string> out;
    for (HtmlNode n : SelectAll(doc_->Root(), css)) out.push_back(n.Text());
    return out;
  }
  std::optional<HtmlDocument> doc_;
};

TEST_F(SelectorTest, TypeClassId) {
  EXPECT_EQ(Texts("h1.article__title.cms-title"), std::vector<std::string>{"Title"});
  EXPECT_EQ(Texts("#p1"), std::vector<std::string>{"One"});
  EXPECT_EQ(Texts("p"), (std::vector<std::string>{"One", "Two link", "Other"}));
  EXPECT_TRUE(Texts("h1.missing").empty());
}

TEST_F(SelectorTest, AttributeOperators) {
  EXPECT_EQ(Texts("[itemprop=articleBody] > p").size(), 2u);
  EXPECT_EQ(Texts("div[id^=sdaWeb_]"), std::vector<std::string>{"ad"});
  EXPECT_EQ(Texts("a[href$='post1.html']"), std::vector<std::string>{"link"});
  EXPECT_EQ(Texts("a[href*=\"a-post\"]"), std::vector<std::string>{"link"});
  EXPECT_EQ(Texts("[class~=fyi]"), std::vector<std::string>{"ad"});
  EXPECT_EQ(SelectAll(doc_->Root(), "img[data-src]").size(), 1u);
}

TEST_F(SelectorTest, Combinators) {
  EXPECT_EQ(Texts(".article .cms-body > p").size(), 2u);
  EXPECT_EQ(Texts(".article > p").size(), 0u);  // p is a grandchild, not a child
  EXPECT_EQ(Texts(".article p").size(), 2u);
  EXPECT_EQ(Texts("div.article  figure   figcaption"), std::vector<std::string>{"Cap"});
}

TEST_F(SelectorTest, ListsAndNot) {
  EXPECT_EQ(Texts("h1, figcaption"), (std::vector<std::string>{"Title", "Cap"}));
  EXPECT_EQ(Texts("p:not(#p1)"), (std::vector<std::string>{"Two link", "Other"}));
}

TEST_F(SelectorTest, SelectFirstInDocumentOrder) {
  EXPECT_EQ(SelectFirst(doc_->Root(), "p").Text(), "One");
  EXPECT_FALSE(SelectFirst(doc_->Root(), "table"));
}

TEST(SelectorParseTest, RejectsInvalid) {
  for (const char* bad : {"", "div[", "a[href=", ".", "#", "div >", "p:hover", "a[x='y]", ",p"}) {
    EXPECT_FALSE(Selector::Parse(bad).ok()) << bad;
  }
  EXPECT_TRUE(Selector::Parse("div.a#b[c][d=e]:not(.f) > span , p").ok());
}

}  // namespace
}  // namespace newscrawl
