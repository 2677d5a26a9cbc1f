#include "newscrawl/discovery/link_extractor.h"

#include <gtest/gtest.h>

#include "newscrawl/extract/fixtures.h"

namespace newscrawl {
namespace {

HtmlDocument Doc(std::string_view html) {
  Result<HtmlDocument> d = HtmlDocument::Parse(html);
  EXPECT_TRUE(d.ok());
  return std::move(d).value();
}

LinkRules Rules(std::string article, std::string follow = "", std::string links = "a[href]") {
  LinkRules r;
  r.article_url = std::move(article);
  r.follow_url = std::move(follow);
  r.article_links = std::move(links);
  return r;
}

LinkExtractor Make(const LinkRules& rules) {
  Result<LinkExtractor> e = LinkExtractor::Create(rules);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return std::move(e).value();
}

TEST(LinkExtractorTest, ResolvesCanonicalisesAndDeduplicates) {
  HtmlDocument d = Doc(R"html(
    <a href="/a-post1.html?utm_source=fb">A</a>
    <a href="https://x.vn/a-post1.html#comments">A again</a>
    <a href="b-post2.html">B</a>
    <a href="https://other.vn/c-post3.html">elsewhere</a>
    <a href="https://www.x.vn/d-post4.html">www is the same site</a>
    <a href="javascript:void(0)">js</a> <a href="mailto:a@x.vn">mail</a>
    <a href="/the-thao/">category</a> <a href="/the-thao/trang-2.html">page 2</a>
    <a href="/the-thao/">category again</a>)html");
  LinkExtractor e = Make(Rules(R"(-post\d+\.html$)", R"(^https://x\.vn/[a-z-]+/(trang-\d+\.html)?$)"));
  PageLinks links = e.Extract(d, "https://x.vn/the-thao/index.html");
  EXPECT_EQ(links.articles, (std::vector<std::string>{"https://x.vn/a-post1.html", "https://x.vn/the-thao/b-post2.html",
                                                      "https://www.x.vn/d-post4.html"}));
  EXPECT_EQ(links.follow, (std::vector<std::string>{"https://x.vn/the-thao/", "https://x.vn/the-thao/trang-2.html"}));
}

TEST(LinkExtractorTest, BaseHrefAndNextPage) {
  HtmlDocument d = Doc(R"html(<head><base href="https://x.vn/sub/"><link rel="next" href="?page=2"></head>
    <a href="a-post1.html">A</a>)html");
  PageLinks links = Make(Rules("-post")).Extract(d, "https://x.vn/list");
  EXPECT_EQ(links.articles, std::vector<std::string>{"https://x.vn/sub/a-post1.html"});
  EXPECT_EQ(links.next_page, "https://x.vn/sub/?page=2");
}

TEST(LinkExtractorTest, SelectorNarrowsArticleLinks) {
  HtmlDocument d = Doc(R"html(<nav><a href="/menu-post9.html">menu</a></nav>
    <article class="story"><h3><a href="/a-post1.html">A</a></h3></article>)html");
  PageLinks links = Make(Rules("-post", "", "article.story a")).Extract(d, "https://x.vn/");
  EXPECT_EQ(links.articles, std::vector<std::string>{"https://x.vn/a-post1.html"});
}

TEST(LinkExtractorTest, BadRulesAreRejectedWithTheirName) {
  Result<LinkExtractor> bad = LinkExtractor::Create(Rules("(unclosed"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("article_url"), std::string::npos);
  EXPECT_FALSE(LinkExtractor::Create(Rules("", "", "a[")).ok());
}

TEST(LinkExtractorTest, SeedPageListsOtherArticlesOnTheSite) {
  Result<std::string> html = ReadFileToString(
      std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/baogialai/nhat-tu-choi-tham-gia-nato-post000001.html", 1 << 22);
  ASSERT_TRUE(html.ok());
  HtmlDocument d = Doc(*html);
  PageLinks links = Make(Rules(R"(-post\d+\.html$)"))
                        .Extract(d, "https://baogialai.com.vn/nhat-tu-choi-tham-gia-nato-post000001.html");
  ASSERT_FALSE(links.articles.empty());
  for (const std::string& url : links.articles) {
    EXPECT_TRUE(url.starts_with("https://baogialai.com.vn/")) << url;
    EXPECT_TRUE(url.ends_with(".html")) << url;
  }
}

}  // namespace
}  // namespace newscrawl
