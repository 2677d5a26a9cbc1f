#include "newscrawl/extract/extractor_registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "newscrawl/extract/fixtures.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

const ExtractorRegistry& R() { return ExtractorRegistry::Builtin(); }

TEST(RegistryTest, HostsMapToSitesIncludingSubdomains) {
  ASSERT_NE(R().SiteForHost("baogialai.com.vn"), nullptr);
  EXPECT_EQ(R().SiteForHost("baogialai.com.vn")->key, "baogialai");
  EXPECT_EQ(R().SiteForHost("www.baogialai.com.vn")->key, "baogialai");
  EXPECT_EQ(R().SiteForHost("cn.nhandan.vn")->key, "nhandan");
  EXPECT_EQ(R().SiteForHost("notbaogialai.com.vn"), nullptr);
  EXPECT_EQ(R().SiteForHost("example.com"), nullptr);
}

// A site file that the build left out of the registry would leave its fixtures to the generic
// extractor: every folder of article fixtures must be a registered site, serving its pages' host.
TEST(RegistryTest, EveryFixtureFolderIsARegisteredSite) {
  Result<std::vector<Fixture>> fixtures = ListFixtures(std::filesystem::path(NEWSCRAWL_SOURCE_DIR) / "fixtures");
  ASSERT_TRUE(fixtures.ok()) << fixtures.status().ToString();
  std::set<std::string> folders;
  for (const Fixture& f : *fixtures) {
    const std::string folder = f.html.parent_path().filename().string();
    if (folder == "generic") continue;  // pages of papers without an extractor of their own
    folders.insert(folder);
    const SiteEntry* site = R().FindSite(folder);
    ASSERT_NE(site, nullptr) << "fixtures/" << folder << "/ has no registered site";
    if (f.url.empty()) continue;
    const SiteEntry* by_host = R().SiteForHost(HostOf(f.url));
    ASSERT_NE(by_host, nullptr) << f.url;
    EXPECT_EQ(by_host->key, folder) << f.url;
  }
  EXPECT_GE(folders.size(), 11u);
  // And every site knows what it is.
  for (const SiteEntry& site : R().sites()) {
    EXPECT_FALSE(site.key.empty());
    EXPECT_FALSE(site.display_name.empty()) << site.key;
    EXPECT_FALSE(site.domains.empty()) << site.key;
    EXPECT_EQ(site.default_offset, "+07:00") << site.key;
    EXPECT_EQ(site.language, "vi") << site.key;
    EXPECT_NE(site.extractor, nullptr) << site.key;
    EXPECT_FALSE(site.links.article_url.empty()) << site.key;
  }
}

TEST(RegistryTest, AutoUsesCanonicalLinkWhenNoUrl) {
  const std::string page =
      "<link rel=canonical href='https://baogialai.com.vn/a-post1.html'>"
      "<h1 class='article__title cms-title'>T</h1><div class='article__body cms-body'><p>Body</p></div>";
  Result<Article> a = R().Extract(page, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->site, "baogialai");
  EXPECT_EQ(a->extractor, "cms-family");
  EXPECT_EQ(a->url, "https://baogialai.com.vn/a-post1.html");
  EXPECT_EQ(a->title, "T");
}

TEST(RegistryTest, UnknownHostUsesGenericAndUnknownSiteIsAnError) {
  Result<Article> a = R().Extract("<title>Hello</title>", {.url = "https://example.com/a", .site = "auto", .parse = {}});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->extractor, "generic");
  EXPECT_EQ(a->site, "example.com");
  Result<Article> bad = R().Extract("<p>x", {.url = "", .site = "nosuchsite", .parse = {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kInvalidArgument);
}

const char* kSeedPage = NEWSCRAWL_SOURCE_DIR "/fixtures/baogialai/nhat-tu-choi-tham-gia-nato-post000001.html";

TEST(RegistryTest, SiteExtractorsPruneMostOfATemplatePageBeforeParsing) {
  Result<std::string> html = ReadFileToString(kSeedPage, 1u << 20);
  ASSERT_TRUE(html.ok());
  const SiteEntry* site = R().FindSite("baogialai");
  ASSERT_NE(site, nullptr);
  HtmlParseOptions pruned;
  pruned.prune = site->extractor->PrunedRegions();
  Result<HtmlDocument> full_doc = HtmlDocument::Parse(*html);
  Result<HtmlDocument> pruned_doc = HtmlDocument::Parse(*html, pruned);
  ASSERT_TRUE(full_doc.ok() && pruned_doc.ok());
  EXPECT_GE(pruned_doc->PrunedElements(), 4);
  // The sidebars, timeline and menus are most of the page: Gumbo sees under a third of it.
  EXPECT_LT(pruned_doc->ParsedBytes() * 3, full_doc->ParsedBytes());
}

TEST(RegistryTest, ABodyInsideAPrunedRegionIsFoundByParsingAgainWhole) {
  // A template change put the article in a column the extractor prunes.
  const std::string page =
      "<div class='sub-col'><div class='article'><h1 class='article__title'>Tiêu đề</h1>"
      "<div class='article__body cms-body'><p>Đoạn một của bài.</p><p>Đoạn hai.</p></div></div></div>";
  Result<Article> a = R().Extract(page, {.url = "https://baogialai.com.vn/a-post1.html", .site = "auto", .parse = {}});
  Result<Article> full = R().Extract(
      page, {.url = "https://baogialai.com.vn/a-post1.html", .site = "auto", .parse = {}, .full_parse = true});
  ASSERT_TRUE(a.ok() && full.ok());
  EXPECT_EQ(a->extractor, "cms-family");
  EXPECT_EQ(a->body, "Đoạn một của bài.\n\nĐoạn hai.");
  EXPECT_EQ(a->title, "Tiêu đề");
  EXPECT_EQ(*a, *full);
}

TEST(RegistryTest, GenericExtractionLeavesNavigationOutOfTheParse) {
  std::string page = "<title>Tiêu đề</title><nav>";
  for (int i = 0; i < 50; ++i) page += "<a href='/muc-" + std::to_string(i) + "'>Mục " + std::to_string(i) + "</a>";
  page += "</nav><article><h1>Tiêu đề</h1><p>" + std::string(30, 'x') + " đoạn một của bài viết khá dài.</p>"
          "<p>Đoạn hai của bài viết, cũng đủ dài để được tính.</p></article><aside>Tin liên quan</aside>";
  const ExtractRequest pruned{.url = "https://example.com/a", .site = "generic", .parse = {}};
  ExtractRequest full = pruned;
  full.full_parse = true;
  Result<Article> a = R().Extract(page, pruned);
  Result<Article> b = R().Extract(page, full);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  ASSERT_TRUE(a->body.has_value());
  EXPECT_EQ(a->body->find("Mục"), std::string::npos);
  HtmlParseOptions options;
  options.prune = R().Generic().PrunedRegions();
  Result<HtmlDocument> doc = HtmlDocument::Parse(page, options);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->PrunedElements(), 2);
}

TEST(RegistryTest, HostileInputsFailCleanlyOrGiveEmptyRecords) {
  // No page at all: an error saying so, not a record of nulls (issue 16).
  Result<Article> empty = R().Extract("", {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().kind(), ErrorKind::kParseError);
  Result<Article> blank = R().Extract(" \n\t ", {});
  ASSERT_FALSE(blank.ok());
  EXPECT_NE(blank.status().message().find("only whitespace"), std::string::npos);
  Result<Article> binary = R().Extract(std::string("GIF89a\0\0<p>x</p>", 16), {});
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(binary.status().kind(), ErrorKind::kUnsupported);
  EXPECT_NE(binary.status().message().find("offset 6"), std::string::npos) << binary.status().message();
  // Invalid UTF-8: repaired, never crashes.
  Result<Article> bad_utf8 = R().Extract("<title>\xff\xfe\xc3</title><p>\x80\x81</p>", {});
  ASSERT_TRUE(bad_utf8.ok());
  // 100,000 nested elements: a clear error before the parser sees them.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  Result<Article> too_deep = R().Extract(deep, {});
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.status().kind(), ErrorKind::kTooDeep);
}

TEST(RegistryTest, RandomTagSoupDoesNotCrash) {
  std::mt19937 rng(42);
  const char* tags[] = {"<div>", "</div>", "<p>", "<b>", "</b>", "<a href=x>", "</a>", "<table>", "<td>",
                        "<i>", "text ", "<img src=q>", "</p>", "<span>", "</span>", "<li>", "<font>"};
  std::string soup;
  while (soup.size() < 1 << 20) soup += tags[rng() % std::size(tags)];
  Result<Article> a = R().Extract(soup, {});
  // Either a record or a clean error; what matters is that it returns.
  if (!a.ok()) {
    EXPECT_EQ(a.status().kind(), ErrorKind::kTooDeep);
  }
}

}  // namespace
}  // namespace newscrawl
