#include "newscrawl/config/config.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

TEST(ConfigTest, ShippedConfigLoadsWithDocumentedDefaults) {
  Result<Config> c = LoadConfig("config/newscrawl.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->crawler.per_host_concurrency, 1);
  EXPECT_EQ(c->crawler.per_host_delay_ms, 1000);
  EXPECT_EQ(c->crawler.max_concurrency, 64);
  EXPECT_FALSE(c->crawler.allow_private_addresses);
  const SiteConfig* s = c->FindSite("baogialai");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->extractor, "baogialai");
  EXPECT_EQ(s->start_urls, std::vector<std::string>{"https://baogialai.com.vn/"});
  EXPECT_EQ(s->max_pages, 1000);
  EXPECT_EQ(s->links.article_url, "-post\\d+\\.html$");
  EXPECT_EQ(s->domains, std::vector<std::string>{"baogialai.com.vn"});
  EXPECT_GE(c->sites.size(), 4u);
}

TEST(ConfigTest, DefaultsWhenKeysAreLeftOut) {
  Result<Config> c = ParseConfig("[sites.plo]\nstart_urls = [\"https://plo.vn/\"]\n", "x.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->crawler.max_retries, 3);
  EXPECT_DOUBLE_EQ(c->crawler.max_failure_ratio, 0.5);
  EXPECT_EQ(c->crawler.log_file, "");
  EXPECT_EQ(c->crawler.extract_threads, 2);
  const SiteConfig& s = c->sites.at(0);
  EXPECT_EQ(s.extractor, "plo");  // the key names the extractor by default
  EXPECT_EQ(s.name, "plo");
  EXPECT_EQ(s.links.article_url, "-post\\d+\\.html$");  // the registry's default rules
}

TEST(ConfigTest, NewKeysAreRead) {
  Result<Config> c = ParseConfig(
      "[crawler]\nmax_failure_ratio = 0.25\nlog_file = \"/tmp/x.log\"\nrecheck_after_h = 12\nextract_threads = 0\n"
      "[sites.a]\nextractor = \"generic\"\nstart_urls = [\"https://a.vn/\"]\narticle_links = \"h3 a\"\n",
      "x.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_DOUBLE_EQ(c->crawler.max_failure_ratio, 0.25);
  EXPECT_EQ(c->crawler.log_file, "/tmp/x.log");
  EXPECT_DOUBLE_EQ(c->crawler.recheck_after_h, 12);
  EXPECT_EQ(c->crawler.extract_threads, 0);
  EXPECT_EQ(c->sites[0].links.article_links, "h3 a");
}

void ExpectRejected(const std::string& toml, const std::string& message) {
  Result<Config> c = ParseConfig(toml, "bad.toml");
  ASSERT_FALSE(c.ok()) << toml;
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(c.status().message().find(message), std::string::npos) << c.status().message();
}

TEST(ConfigTest, UnknownKeysAreRejectedWithFileAndLine) {
  ExpectRejected("[crawler]\nmax_concurrency = 4\nper_host_delay = 5\n", "bad.toml:3: unknown key 'per_host_delay' in [crawler]");
  ExpectRejected("[sites.a]\nstart_urls = [\"https://a.vn/\"]\nfeed = []\n", "bad.toml:3: unknown key 'feed' in [sites.a]");
  ExpectRejected("[crawlr]\n", "bad.toml:1: unknown table or key 'crawlr'");
}

TEST(ConfigTest, WrongTypesAreRejectedWithFileAndLine) {
  ExpectRejected("[crawler]\nmax_concurrency = \"8\"\n", "bad.toml:2: 'max_concurrency' in [crawler] must be an integer");
  ExpectRejected("[crawler]\nallow_private_addresses = 1\n", "bad.toml:2: 'allow_private_addresses'");
  ExpectRejected("[crawler]\nper_host_concurrency = 0\n", "bad.toml:2: 'per_host_concurrency' in [crawler] must be between");
  ExpectRejected("[sites.a]\nstart_urls = \"https://a.vn/\"\n", "bad.toml:2: 'start_urls' in [sites.a] must be an array");
  ExpectRejected("[sites.a]\nstart_urls = [\"ftp://a.vn/\"]\n", "bad.toml:2: bad URL");
}

TEST(ConfigTest, BadRegexSelectorAndExtractorAreRejected) {
  ExpectRejected("[sites.a]\nstart_urls = [\"https://a.vn/\"]\n\narticle_url = '-post(\\d+\\.html$'\n",
                 "bad.toml:4: bad regex in 'article_url' of [sites.a]");
  ExpectRejected("[sites.a]\nextractor = \"nosuch\"\nstart_urls = [\"https://a.vn/\"]\n",
                 "bad.toml:2: unknown extractor 'nosuch'");
  ExpectRejected("[sites.a]\nextractor = \"generic\"\nstart_urls = [\"https://a.vn/\"]\narticle_links = \"a[[\"\n",
                 "bad.toml:1: [sites.a]: ");
  ExpectRejected("[sites.a]\nextractor = \"generic\"\nname = \"x\"\n", "needs at least one of start_urls, feeds or sitemaps");
}

TEST(ConfigTest, UserAgentProductTokenMustBeLetters) {
  ExpectRejected("[crawler]\nuser_agent = \"news-crawl2/1.0\"\n", "bad.toml:2: user_agent");
  EXPECT_TRUE(ParseConfig("[crawler]\nuser_agent = \"newscrawl/1.0 (+https://x.org)\"\n", "ok.toml").ok());
}

TEST(ConfigTest, TomlSyntaxErrorsCarryTheLine) {
  ExpectRejected("[crawler]\nmax_concurrency = = 3\n", "bad.toml:2:");
}

TEST(ConfigTest, MissingFileIsAnIoError) {
  Result<Config> c = LoadConfig("/nonexistent/newscrawl.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kIoError);
}

}  // namespace
}  // namespace newscrawl
