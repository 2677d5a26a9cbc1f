// The HTML renderer: sections present, database text escaped, nothing loaded from the network.
#include <gtest/gtest.h>

#include <regex>

#include "newscrawl/report/run_report.h"
#include "newscrawl/core/text.h"
#include "report/report_test_util.h"

namespace newscrawl {
namespace {

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

class RunReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(dir_.File("report.db"));
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
  }

  std::string Render(const ReportOptions& options = {}) {
    auto d = store_->ComputeReportData(options);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (!d.ok()) return "";
    RunReportOptions render;
    render.database = "db/news.db";
    render.generated_at = testing::kRun2Start + 3600;
    return RenderRunReport(*d, render);
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST(HtmlEscapeTest, EscapesMarkupAndQuotesAndRepairsUtf8) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Đắk Lắk"), "Đắk Lắk");
  EXPECT_TRUE(IsValidUtf8(HtmlEscape("bad \xC3\x28 byte")));
}

TEST_F(RunReportTest, EmptyDatabaseSaysThereIsNothingYet) {
  const std::string html = Render();
  EXPECT_NE(html.find("Nothing here yet"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST_F(RunReportTest, HasEverySectionForEverySite) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  const std::string html = Render();
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("db/news.db"), std::string::npos);
  EXPECT_NE(html.find("<h2>Runs</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Sites</h2>"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  for (const char* site : {"alpha", "beta", "gamma"}) {
    EXPECT_NE(html.find(std::string("id=\"site-") + site + "\""), std::string::npos) << site;
    EXPECT_NE(html.find(std::string("href=\"#site-") + site + "\""), std::string::npos) << site;
  }
  // One of each chart and table per site.
  EXPECT_EQ(Count(html, "New articles per day"), 3U);
  EXPECT_EQ(Count(html, "Fetch results by run"), 3U);
  EXPECT_EQ(Count(html, "Response time"), 3U);
  EXPECT_EQ(Count(html, "Field fill rates"), 3U);
  EXPECT_EQ(Count(html, "Latest articles"), 3U);
  // alpha and beta have every chart; gamma only fetch results and response times.
  EXPECT_EQ(Count(html, "<svg"), 2U * 3U + 2U);
  // Latest articles: titles linked to their URLs, with leads, Vietnamese kept as is.
  EXPECT_NE(html.find("<a href=\"https://alpha.vn/bai-5.html\" rel=\"noopener noreferrer\">Tiêu đề số 5</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<p>Tóm tắt 5</p>"), std::string::npos);
  EXPECT_LT(html.find("Tiêu đề số 5"), html.find("Tiêu đề số 4"));
  // Percentiles of alpha (p50 90 ms, p90 800 ms, p99 1.5 s) and the run's exit status.
  EXPECT_NE(html.find("p50 <b>90 ms</b> · p90 <b>800 ms</b> · p99 <b>1.5 s</b>"), std::string::npos);
  EXPECT_NE(html.find("too many failures"), std::string::npos);
  EXPECT_NE(html.find("timeout 1"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(html));
}

TEST_F(RunReportTest, TitlesLeadsAndUrlsFromTheDatabaseAreEscaped) {
  ASSERT_TRUE(store_->BeginRun(testing::kRun1Start).ok());
  Article a = testing::SyntheticArticle(1, "evil");
  a.title = "<script>alert('x')</script> & <b>bold</b>";
  a.lead = "<img src=\"http://tracker.example/p.gif\" onerror=\"x()\">";
  a.url = "https://evil.vn/a\"onmouseover=\"x().html";
  a.canonical_url = a.url;
  ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, a, testing::kRun1Start));
  Article js = testing::SyntheticArticle(2, "evil");
  js.url = "javascript:alert(1)";
  js.canonical_url = js.url;
  js.title = "Liên kết JS";
  ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, js, testing::kRun1Start));
  ASSERT_TRUE(store_->EndRun({testing::kRun1Start + 1, 0, 0, 2, 0, 0, 0}).ok());

  const std::string html = Render();
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://evil.vn/a&quot;onmouseover=&quot;x().html\""), std::string::npos);
  // A javascript: URL is shown as text, never as a link.
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_NE(html.find("Liên kết JS"), std::string::npos);
}

TEST_F(RunReportTest, UntitledArticlesAreShownByTheirUrl) {
  ASSERT_TRUE(store_->BeginRun(testing::kRun1Start).ok());
  Article a = testing::SyntheticArticle(7, "plo");
  a.title.reset();
  ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, a, testing::kRun1Start));
  ASSERT_TRUE(store_->EndRun({testing::kRun1Start + 1, 0, 0, 1, 0, 0, 0}).ok());
  const std::string html = Render();
  EXPECT_NE(html.find("<a href=\"https://plo.vn/bai-7.html\" rel=\"noopener noreferrer\">https://plo.vn/bai-7.html</a> "
                      "<span class=\"dim\">(no title)</span>"),
            std::string::npos);
}

TEST_F(RunReportTest, NothingIsLoadedFromTheNetwork) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  const std::string html = Render();
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("srcset"), std::string::npos);
  // No src= at all; every href is an in-page anchor or a link to an article (on <a>).
  EXPECT_EQ(std::regex_search(html, std::regex(R"(\ssrc\s*=)", std::regex::icase)), false);
  const std::regex href(R"re(<(\w+)[^>]*\shref="([^"]*)")re", std::regex::icase);
  int links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    const std::string tag = (*it)[1];
    const std::string target = (*it)[2];
    EXPECT_EQ(tag, "a") << target;
    EXPECT_TRUE(target.starts_with("#") || target.starts_with("https://alpha.vn/") || target.starts_with("https://beta.vn/"))
        << target;
    ++links;
  }
  EXPECT_GT(links, 6);
}

TEST_F(RunReportTest, LayoutDriftIsHighlighted) {
  ASSERT_TRUE(store_->BeginRun(testing::kRun1Start).ok());
  for (std::uint64_t seed = 100; seed < 110; ++seed) {
    ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, testing::SyntheticArticle(seed, "delta"), testing::kRun1Start));
  }
  ASSERT_TRUE(store_->EndRun({testing::kRun1Start + 60, 0, 10, 10, 0, 0, 0}).ok());
  ASSERT_TRUE(store_->BeginRun(testing::kRun2Start).ok());
  for (std::uint64_t seed = 110; seed < 120; ++seed) {
    Article a = testing::SyntheticArticle(seed, "delta");
    a.lead.reset();
    ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, a, testing::kRun2Start));
  }
  ASSERT_TRUE(store_->EndRun({testing::kRun2Start + 60, 0, 10, 10, 0, 0, 0}).ok());

  const std::string html = Render();
  auto stats = store_->ComputeStats();
  ASSERT_TRUE(stats.ok());
  const std::vector<std::string> warnings = LayoutDriftWarnings(*stats);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_NE(html.find(HtmlEscape(warnings[0])), std::string::npos);
  EXPECT_EQ(Count(html, "<tr class=\"drift\">"), 1U);
  const std::size_t row = html.find("<tr class=\"drift\">");
  EXPECT_EQ(html.compare(row, 26, "<tr class=\"drift\"><td>lead"), 0);
  EXPECT_NE(html.find("card warn"), std::string::npos);
}

}  // namespace
}  // namespace newscrawl
