// Listing pages of the papers with their own CMS (fixtures/<site>/*.listing.html): the site's
// registry LinkRules must find every article linked from the page's story lists, resolved,
// canonical, unique, on the site, and nothing else (no section, navigation, ad or asset links), plus
// the next page where the listing has one. The expected article set is computed here from the raw
// HTML by a regex over href attributes, independently of the HTML parser and the selector engine.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/extract/fixtures.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/discovery/link_extractor.h"
#include "newscrawl/url/url.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

struct ListingCase {
  std::string site;       // the fixtures folder
  std::string file;       // under fixtures/
  std::string spec;       // the .listing.json it came from; "" when missing or not valid
  std::string page_url;   // where the listing lives
  std::string id_regex;   // raw href → article id (group 2 = the whole path, group 3 = id)
  std::string origin;     // to resolve root-relative hrefs
  // The part of the raw page holding the story lists (empty = the whole page).
  std::string region_start, region_end;
  std::optional<std::string> next_page;
  std::size_t min_articles = 0;
};

void PrintTo(const ListingCase& c, std::ostream* os) { *os << c.file; }

// Every saved listing page, fixtures/<site>/<name>.listing.html, with what it must give beside it in
// <name>.listing.json: page_url, article_href (the independent regex), origin, optional
// region_start / region_end, next_page (null = none), min_articles, and a note on the page's trap.
// So a paper's listing checks come with its fixtures folder, not as rows in this file.
std::vector<ListingCase> LoadCases() {
  std::vector<ListingCase> cases;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(fs::path(NEWSCRAWL_SOURCE_DIR) / "fixtures", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.ends_with(".listing.html")) continue;
    ListingCase c;
    c.site = it->path().parent_path().filename().string();
    c.file = c.site + "/" + name;
    const fs::path spec = it->path().parent_path() / (name.substr(0, name.size() - 5) + ".json");
    Result<std::string> text = ReadFileToString(spec, 1 << 20);
    const nlohmann::json j = text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (j.is_object() && j.contains("page_url") && j.contains("article_href") && j.contains("origin") &&
        j.contains("min_articles")) {
      c.spec = spec.string();
      c.page_url = j["page_url"].get<std::string>();
      c.id_regex = j["article_href"].get<std::string>();
      c.origin = j["origin"].get<std::string>();
      c.region_start = j.value("region_start", "");
      c.region_end = j.value("region_end", "");
      if (j.contains("next_page") && j["next_page"].is_string()) c.next_page = j["next_page"].get<std::string>();
      c.min_articles = j["min_articles"].get<std::size_t>();
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const ListingCase& a, const ListingCase& b) { return a.file < b.file; });
  return cases;
}

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
  ASSERT_FALSE(c.spec.empty()) << c.file << " has no valid .listing.json beside it";
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

// The seven listing pages of Znews, VTC News, Báo Cần Thơ, VnExpress and Dân trí, at least.
TEST(ListingSetTest, EverySavedListingPageIsChecked) {
  const std::vector<ListingCase> cases = LoadCases();
  EXPECT_GE(cases.size(), 7u);
  for (const ListingCase& c : cases) EXPECT_FALSE(c.spec.empty()) << c.file << " has no valid .listing.json";
}

INSTANTIATE_TEST_SUITE_P(Listings, ListingTest, ::testing::ValuesIn(LoadCases()),
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
