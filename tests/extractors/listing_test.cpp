// Listing pages of the papers with their own CMS (fixtures/<site>/*.listing.html): the site's
// registry LinkRules must find every article linked from the page's story lists, resolved,
// canonical, unique, on the site, and nothing else (no section, navigation, ad or asset links), plus
// the next page where the listing has one. The expected article set is computed here from the raw
// HTML by a regex over href attributes, independently of the HTML parser and the selector engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "newscrawl/extractor_registry.h"
#include "newscrawl/fixtures.h"
#include "newscrawl/html_document.h"
#include "newscrawl/link_extractor.h"
#include "newscrawl/url.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

struct ListingCase {
  std::string site;
  std::string file;       // under fixtures/
  std::string page_url;   // where the listing lives
  std::string id_regex;   // raw href → article id (group 2 = the whole path, group 3 = id)
  std::string origin;     // to resolve root-relative hrefs
  // The part of the raw page holding the story lists (empty = the whole page).
  std::string region_start, region_end;
  std::optional<std::string> next_page;
  std::size_t min_articles;
};

void PrintTo(const ListingCase& c, std::ostream* os) { *os << c.file; }

std::string Read(const std::string& rel) {
  Result<std::string> s = ReadFileToString(fs::path(NEWSCRAWL_SOURCE_DIR) / "fixtures" / rel, 8u << 20);
  return s.ok() ? *s : std::string();
}

// Article URLs by a regex over the raw bytes: href="(https://host)?/slug-<id>.html".
std::set<std::string> RawArticleUrls(const ListingCase& c, const std::string& html) {
  std::string region = html;
  if (!c.region_start.empty()) {
    const std::size_t b = html.find(c.region_start);
    const std::size_t e = html.find(c.region_end, b == std::string::npos ? 0 : b);
    region = html.substr(b, e == std::string::npos ? std::string::npos : e - b);
  }
  std::set<std::string> urls;
  const std::regex re(c.id_regex);
  for (std::sregex_iterator it(region.begin(), region.end(), re), end; it != end; ++it) {
    urls.insert(c.origin + (*it)[2].str());
  }
  return urls;
}

class ListingTest : public ::testing::TestWithParam<ListingCase> {};

TEST_P(ListingTest, FindsEveryListedArticleAndTheNextPage) {
  const ListingCase& c = GetParam();
  const std::string html = Read(c.file);
  ASSERT_FALSE(html.empty()) << c.file;
  const SiteEntry* site = ExtractorRegistry::Builtin().FindSite(c.site);
  ASSERT_NE(site, nullptr);
  Result<LinkExtractor> links = LinkExtractor::Create(site->links);
  ASSERT_TRUE(links.ok()) << links.status().ToString();
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  ASSERT_TRUE(doc.ok());
  const PageLinks found = links->Extract(*doc, c.page_url);

  const std::regex article_re(site->links.article_url);
  std::set<std::string> unique;
  for (const std::string& url : found.articles) {
    EXPECT_TRUE(unique.insert(url).second) << "duplicate " << url;
    EXPECT_TRUE(std::regex_search(url, article_re)) << url;
    Result<std::string> canon = CanonicalUrl(url);
    ASSERT_TRUE(canon.ok());
    EXPECT_EQ(*canon, url) << "not canonical";
    EXPECT_EQ(url.rfind(c.origin + "/", 0), 0u) << "off-site " << url;
  }
  const std::set<std::string> expected = RawArticleUrls(c, html);
  EXPECT_GE(expected.size(), c.min_articles);
  EXPECT_EQ(unique.size(), expected.size());
  for (const std::string& url : expected) EXPECT_TRUE(unique.count(url)) << "missed " << url;
  for (const std::string& url : unique) EXPECT_TRUE(expected.count(url)) << "not in the story lists: " << url;
  EXPECT_EQ(found.next_page, c.next_page);
}

const ListingCase kCases[] = {
    {"znews", "znews/kinh-doanh-tai-chinh.listing.html", "https://znews.vn/kinh-doanh-tai-chinh.html",
     R"(href="(https://znews\.vn)?(/[a-z0-9-]+-post(\d+)\.html)\")", "https://znews.vn", "", "",
     "https://znews.vn/kinh-doanh-tai-chinh/trang2.html", 60},
    {"znews", "znews/home.listing.html", "https://znews.vn/",
     R"(href="(https://znews\.vn)?(/[a-z0-9-]+-post(\d+)\.html)\")", "https://znews.vn", "", "", std::nullopt, 150},
    {"vtcnews", "vtcnews/tin-moi-hom-nay.listing.html", "https://vtcnews.vn/tin-moi-hom-nay.html",
     R"(href="(https://vtcnews\.vn)?(/[a-z0-9-]+-ar(\d+)\.html)\")", "https://vtcnews.vn", "", "",
     "https://vtcnews.vn/tin-moi-hom-nay/trang-2.html", 30},
    {"vtcnews", "vtcnews/home.listing.html", "https://vtcnews.vn/",
     R"(href="(https://vtcnews\.vn)?(/[a-z0-9-]+-ar(\d+)\.html)\")", "https://vtcnews.vn", "", "", std::nullopt, 30},
    // The header's mega menu previews stories of other sections: navigation, outside the region.
    {"baocantho", "baocantho/thoi-su.listing.html", "https://baocantho.com.vn/thoi-su/",
     R"(href="(https://baocantho\.com\.vn)?(/[a-z0-9-]+-a(\d+)\.html)\")", "https://baocantho.com.vn",
     "<div id=\"content\">", "id=\"footer\"", std::nullopt, 30},
    // Every story card is an <article>; links carry "#box_comment_vne" fragments on the comment counts.
    {"vnexpress", "vnexpress/thoi-su.prettified.listing.html", "https://vnexpress.net/thoi-su",
     R"(href="(https://vnexpress\.net)?(/[a-z0-9-]+-(\d{6,})\.html)[#"])", "https://vnexpress.net", "", "",
     "https://vnexpress.net/thoi-su-p2", 40},
    // The 2019 home page (old template): no narrower container than the page, ids of 10 or 17 digits.
    {"dantri", "dantri/home-2019.listing.html", "https://dantri.com.vn/",
     R"(href="(https://dantri\.com\.vn)?((?:/[a-z0-9-]+)+-(\d{10,})\.htm)\")", "https://dantri.com.vn", "", "",
     std::nullopt, 100},
};

INSTANTIATE_TEST_SUITE_P(Listings, ListingTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<ListingCase>& info) {
                           std::string n = info.param.file;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(ListingTest, BaoCanThoMegaMenuStoriesAreNavigationNotArticles) {
  const std::string html = Read("baocantho/thoi-su.listing.html");
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  ASSERT_TRUE(doc.ok());
  Result<LinkExtractor> links = LinkExtractor::Create(ExtractorRegistry::Builtin().FindSite("baocantho")->links);
  ASSERT_TRUE(links.ok());
  const PageLinks found = links->Extract(*doc, "https://baocantho.com.vn/thoi-su/");
  // A story shown only in the header's "Kinh tế" mega menu (found by reading the page).
  const std::string header = html.substr(0, html.find("<div id=\"content\">"));
  const std::regex re(R"(href="(https://baocantho\.com\.vn/[a-z0-9-]+-a\d+\.html)\")");
  std::size_t menu_only = 0;
  for (std::sregex_iterator it(header.begin(), header.end(), re), end; it != end; ++it) {
    if (std::find(found.articles.begin(), found.articles.end(), (*it)[1].str()) == found.articles.end()) ++menu_only;
  }
  EXPECT_GT(menu_only, 10u);
  // The pager has no "next" link, only page numbers: they are followed as listing pages.
  EXPECT_NE(std::find(found.follow.begin(), found.follow.end(), "https://baocantho.com.vn/thoi-su?p=2"),
            found.follow.end());
}

TEST(ListingTest, ExtractAutoPicksTheSiteByCanonicalUrl) {
  const std::pair<std::string, std::string> pages[] = {
      {"znews", "znews/gia-vang-the-gioi-cao-nhat-moi-thoi-dai-post1613516.html"},
      {"vtcnews", "vtcnews/mo-rong-duong-hon-2-000-ty-dong-giai-cuu-ket-xe-o-cua-ngo-phia-dong-tp-hcm-ar994669.html"},
      {"baocantho",
       "baocantho/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html"},
  };
  for (const auto& [site, file] : pages) {
    const std::string path = (fs::path(NEWSCRAWL_SOURCE_DIR) / "fixtures" / file).string();
    testing::CliResult r = testing::RunNewscrawl("extract --site auto '" + path + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"extractor\": \"" + site + "\""), std::string::npos) << r.out.substr(0, 300);
    EXPECT_NE(r.out.find("\"site\": \"" + site + "\""), std::string::npos);
  }
}

}  // namespace
}  // namespace newscrawl
