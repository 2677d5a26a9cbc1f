#include "newscrawl/extractor_registry.h"

#include <gtest/gtest.h>

#include <random>

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

TEST(RegistryTest, HostileInputsFailCleanlyOrGiveEmptyRecords) {
  // Empty file: an empty record.
  Result<Article> empty = R().Extract("", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->body, std::nullopt);
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
