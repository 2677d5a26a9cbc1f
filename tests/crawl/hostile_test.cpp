// Issue 6: nothing a server sends may crash newscrawl, hang it, blow up its memory, or cost
// records already stored. Each test crawls a small loopback site once while it behaves, then
// again with one hostile URL (or robots.txt / sitemap) added next to one new good article, and
// checks that (a) the run returns and the good article is stored exactly as the extractor gives
// it, (b) the hostile URL has a clear error in the fetch log or the frontier, (c) the first run's
// records are untouched and the database is intact.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "crawl/news_site.h"
#include "newscrawl/config/config.h"
#include "newscrawl/crawl/crawler.h"
#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/store/sqlite_store.h"
#include "newscrawl/core/text.h"
#include "newscrawl/url/url.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;
using testing::ArticlePage;
using testing::CrawlerToml;

// gzip of `size` zero bytes, compressed piece by piece so the bomb never exists decompressed
// in the test either.
std::string GzipOfZeros(std::size_t size) {
  struct Z {
    z_stream zs{};
    Z() {
      if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
    }
    ~Z() { deflateEnd(&zs); }
  } z;
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buf[1 << 16];
  for (std::size_t left = size;;) {
    const std::size_t n = std::min(left, zeros.size());
    left -= n;
    z.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.zs.avail_in = static_cast<uInt>(n);
    const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.zs.next_out = reinterpret_cast<Bytef*>(buf);
      z.zs.avail_out = sizeof buf;
      rc = deflate(&z.zs, flush);
      out.append(buf, sizeof buf - z.zs.avail_out);
    } while (z.zs.avail_out == 0);
    if (flush == Z_FINISH) {
      if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
      return out;
    }
  }
}

// A small news site: a start page linking article pages made from the saved fixture.
struct SmallSite {
  TestSiteServer server;
  std::map<std::string, std::string> articles;  // path → served HTML
  std::vector<std::string> links;               // start page links, in order

  std::string Base() const { return server.BaseUrl(); }

  static std::string ArticlePath(int n) {
    return "/tin/bai-" + std::to_string(n) + "-post" + std::to_string(1000000 + n).substr(1) + ".html";
  }
  void AddArticle(int n) {
    const std::string path = ArticlePath(n);
    articles[path] = ArticlePage(server.Url(path), 5000 + static_cast<std::uint64_t>(n));
    server.AddRoute(path, Response::Html(articles[path]));
    AddLink(path);
  }
  void AddLink(const std::string& href) {
    links.push_back(href);
    std::string start = "<html><head><title>Trang chủ</title></head><body>\n";
    for (const std::string& l : links) start += "<a href=\"" + l + "\">tin</a>\n";
    start += "</body></html>";
    server.AddRoute("/", Response::Html(start));
  }
  // The [sites.KEY] block; `extra` adds keys (sitemaps = [...]).
  std::string SiteToml(const std::string& key, int max_pages = 1000, const std::string& extra = "") const {
    return "[sites." + key + "]\nextractor = \"baogialai\"\nstart_urls = [\"" + Base() + "/\"]\n" + extra +
           "article_url = '-post\\d+\\.html$'\nfollow_url = '^http://127\\.0\\.0\\.1:" + std::to_string(server.port()) +
           "/[a-z]+/$'\nmax_pages = " + std::to_string(max_pages) + "\n\n";
  }
};

struct FetchRow {
  std::string url;
  int http_status = 0;
  std::string error_kind;
  std::string error_message;
};

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_hostile_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "crawl.db").string();
    for (int n = 1; n <= 3; ++n) site_.AddArticle(n);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The [crawler] block for hostile runs: short timeouts, a 1 MiB body cap, no retries.
  std::string HostileCrawlerToml(std::int64_t max_body = 1 << 20) const {
    std::string t = CrawlerToml(db_, 20, 1, 0);
    const std::string k = "timeout_s = 10";
    t.replace(t.find(k), k.size(), "timeout_s = 3");
    return t + "max_body_bytes = " + std::to_string(max_body) + "\n\n";
  }

  CrawlResult Crawl(const std::string& toml) {
    Result<Config> config = ParseConfig(toml, "test.toml");
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    if (!config.ok()) return {};
    auto store = SqliteStore::Open(db_);
    EXPECT_TRUE(store.ok());
    Crawler crawler(*config, **store);
    Result<CrawlResult> r = crawler.Run();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CrawlResult{};
  }

  std::map<std::string, Article> Records() {
    auto store = SqliteStore::Open(db_);
    std::map<std::string, Article> out;
    EXPECT_TRUE((*store)->ForEachArticle({}, [&](const StoredArticle& a) {
      out[a.article.url.value_or("")] = a.article;
      return Status::Ok();
    }).ok());
    return out;
  }

  std::string Canonical(const std::string& path) const { return *CanonicalUrl(site_.server.Url(path)); }

  // The first run: the well-behaved site, all three articles stored.
  void FirstRun() {
    Crawl(CrawlerToml(db_, 20) + site_.SiteToml("baogialai"));
    first_records_ = Records();
    ASSERT_EQ(first_records_.size(), 3u);
    site_.server.ClearRequests();  // request counts below are the hostile run's
  }

  // (a) and (c): the new article 4 is stored as the extractor gives it, the first run's records
  // are unchanged, the database is intact.
  void ExpectGoodArticlesAndNothingLost() {
    const std::map<std::string, Article> now = Records();
    for (const auto& [url, article] : first_records_) {
      ASSERT_TRUE(now.count(url)) << url << " lost";
      EXPECT_EQ(now.at(url), article) << url << " changed";
    }
    const std::string path = SmallSite::ArticlePath(4);
    const std::string url = Canonical(path);
    ASSERT_TRUE(now.count(url)) << "good article not stored next to the hostile one";
    Result<Article> expected =
        ExtractorRegistry::Builtin().Extract(site_.articles[path], {.url = url, .site = "baogialai", .parse = {}});
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(now.at(url), *expected);
    auto store = SqliteStore::Open(db_);
    EXPECT_TRUE((*store)->IntegrityCheck().ok());
  }

  std::vector<FetchRow> Fetches(const std::string& url) {
    SQLite::Database db(db_, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT url, http_status, error_kind, error_message FROM fetches WHERE url = ? ORDER BY id");
    q.bind(1, url);
    std::vector<FetchRow> rows;
    while (q.executeStep()) {
      rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString(),
                      q.getColumn(3).getString()});
    }
    return rows;
  }
  std::int64_t CountSql(const std::string& sql) {
    SQLite::Database db(db_, SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  std::optional<UrlEntry> Frontier(const std::string& url) {
    auto store = SqliteStore::Open(db_);
    Result<std::optional<UrlEntry>> e = (*store)->GetUrl(url);
    EXPECT_TRUE(e.ok());
    return e.ok() ? *e : std::nullopt;
  }

  // (b): the URL was given up (failed or gone) with last_error naming `kind`, and if
  // `in_fetch_log`, its last fetch log line carries that kind too.
  void ExpectGivenUp(const std::string& url, const std::string& kind, bool in_fetch_log = true) {
    std::optional<UrlEntry> e = Frontier(url);
    ASSERT_TRUE(e.has_value()) << url << " not in the frontier";
    EXPECT_TRUE(e->status == UrlStatus::kGone || e->status == UrlStatus::kFailed) << UrlStatusName(e->status);
    ASSERT_TRUE(e->last_error.has_value());
    EXPECT_EQ(e->last_error->rfind(kind, 0), 0u) << *e->last_error;
    if (in_fetch_log) {
      const std::vector<FetchRow> rows = Fetches(url);
      ASSERT_FALSE(rows.empty()) << url;
      EXPECT_EQ(rows.back().error_kind, kind) << rows.back().error_message;
      EXPECT_FALSE(rows.back().error_message.empty());
    }
    EXPECT_EQ(Records().count(url), 0u) << url << " stored as an article";
  }

  // Adds the good article 4 and `hostile_path` (if any) to the start page.
  void LinkNew(const std::string& hostile_path = "") {
    site_.AddArticle(4);
    if (!hostile_path.empty()) site_.AddLink(hostile_path);
  }

  CurlGlobal curl_;
  fs::path dir_;
  std::string db_;
  SmallSite site_;
  std::map<std::string, Article> first_records_;
};

TEST_F(HostileTest, GzipBombIsCutAtTheBodyCap) {
  FirstRun();
  const std::string path = "/tin/bom-post000100.html";
  Response bomb{200, {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}}, GzipOfZeros(std::size_t{256} << 20), {}};
  ASSERT_LT(bomb.body.size(), 1u << 20);  // small on the wire, 256 MiB decoded
  site_.server.AddRoute(path, bomb);
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "too_large");
}

TEST_F(HostileTest, BodyOverMaxBodyBytesIsTooLarge) {
  FirstRun();
  const std::string path = "/tin/to-post000101.html";
  site_.server.AddRoute(path, Response::Html("<html><body><p>" + std::string(3 << 20, 'a') + "</p></body></html>"));
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "too_large");
}

TEST_F(HostileTest, EndlessChunkedStreamIsTooLarge) {
  FirstRun();
  const std::string path = "/tin/vo-tan-post000102.html";
  Response endless = Response::Html("<p>" + std::string(8000, 'x') + "</p>\n");
  endless.options.endless = true;
  site_.server.AddRoute(path, endless);
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "too_large");
}

TEST_F(HostileTest, OneBytePerSecondIsCutByTheTimeout) {
  FirstRun();
  const std::string path = "/tin/cham-post000103.html";
  Response slow = Response::Html(ArticlePage(site_.server.Url(path), 103));
  slow.options.slow_chunk_bytes = 1;
  slow.options.slow_interval = std::chrono::milliseconds(1000);
  site_.server.AddRoute(path, slow);
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "timeout");
}

TEST_F(HostileTest, RedirectLoopStopsAtTenRedirects) {
  FirstRun();
  const std::string a = "/tin/vong-a-post000104.html", b = "/tin/vong-b-post000105.html";
  site_.server.AddRoute(a, Response::Redirect(302, b));
  site_.server.AddRoute(b, Response::Redirect(302, a));
  LinkNew(a);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(a), "too_many_redirects", /*in_fetch_log=*/false);
  // The first request and ten redirects followed, then no more.
  EXPECT_EQ(site_.server.CountRequests(a) + site_.server.CountRequests(b), 11u);
}

TEST_F(HostileTest, ThirtyStepRedirectChainStopsAtTenRedirects) {
  FirstRun();
  const std::string first = "/tin/chuoi-post000106.html";
  site_.server.AddRoute(first, Response::Redirect(301, "/chuoi/1"));
  for (int i = 1; i < 30; ++i) {
    site_.server.AddRoute("/chuoi/" + std::to_string(i), Response::Redirect(302, "/chuoi/" + std::to_string(i + 1)));
  }
  site_.server.AddRoute("/chuoi/30", Response::Html(ArticlePage(site_.server.Url("/chuoi/30"), 106)));
  LinkNew(first);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(first), "too_many_redirects", false);
  EXPECT_EQ(site_.server.CountRequests(first), 1u);
  EXPECT_EQ(site_.server.CountRequests("/chuoi/10"), 1u);
  EXPECT_EQ(site_.server.CountRequests("/chuoi/11"), 0u);
  EXPECT_EQ(site_.server.CountRequests("/chuoi/30"), 0u);
}

TEST_F(HostileTest, TenMegabyteRobotsTxtIsCappedAndItsRulesObeyed) {
  FirstRun();
  std::string robots = "User-agent: *\nDisallow: /private/\n\n";
  while (robots.size() < (std::size_t{10} << 20)) robots += "# " + std::string(78, 'p') + "\n";
  site_.server.AddRoute("/robots.txt", Response{200, {{"Content-Type", "text/plain"}}, robots, {}});
  const std::string secret = "/private/bi-mat-post000107.html";
  site_.server.AddRoute(secret, Response::Html(ArticlePage(site_.server.Url(secret), 107)));
  LinkNew(secret);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  EXPECT_EQ(site_.server.CountRequests("/robots.txt"), 1u);
  EXPECT_EQ(site_.server.CountRequests(secret), 0u);
  ExpectGivenUp(Canonical(secret), "robots_disallowed", false);
  // The robots.txt requests are in the fetch log like any other: the first run's 404 ("no
  // rules") and this run's 10 MB file, read up to the cap.
  const std::vector<FetchRow> rows = Fetches(site_.Base() + "/robots.txt");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].http_status, 404);
  EXPECT_EQ(rows[1].http_status, 200);
  EXPECT_EQ(rows[0].error_kind + rows[1].error_kind, "");
}

TEST_F(HostileTest, SixtyThousandUrlSitemapIsCappedAndMaxPagesHolds) {
  FirstRun();
  LinkNew();
  const std::string base = site_.Base();
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
      "<url><loc>" + base + SmallSite::ArticlePath(4) +
      "</loc><news:news><news:publication_date>2030-01-01T00:00:00Z</news:publication_date></news:news></url>\n";
  for (int i = 0; i < 60'000; ++i) xml += "<url><loc>" + base + "/s/x-post" + std::to_string(100000 + i) + ".html</loc></url>\n";
  xml += "</urlset>\n";
  site_.server.AddRoute("/sitemap-big.xml", Response{200, {{"Content-Type", "application/xml"}}, xml, {}});
  const int max_pages = 10;
  Crawl(HostileCrawlerToml(8 << 20) +
        site_.SiteToml("baogialai", max_pages, "sitemaps = [\"" + base + "/sitemap-big.xml\"]\n"));
  ExpectGoodArticlesAndNothingLost();
  EXPECT_EQ(site_.server.CountRequests("/sitemap-big.xml"), 1u);
  // At most the protocol's 50,000 entries were taken from the file...
  EXPECT_LE(CountSql("SELECT COUNT(*) FROM urls WHERE url LIKE '%/s/x-post%'"), 50'000);
  EXPECT_GT(CountSql("SELECT COUNT(*) FROM urls WHERE url LIKE '%/s/x-post%'"), 0);
  // ...and max_pages still bounds what was fetched (robots.txt excluded).
  std::size_t fetched = 0;
  for (const RequestRecord& r : site_.server.Requests()) fetched += r.target != "/robots.txt";
  EXPECT_LE(fetched, static_cast<std::size_t>(max_pages));
}

TEST_F(HostileTest, SitemapIndexListingItselfIsFetchedOnce) {
  FirstRun();
  LinkNew();
  const std::string base = site_.Base();
  site_.server.AddRoute("/sitemap-index.xml",
                        Response{200, {{"Content-Type", "application/xml"}},
                                 "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                                 "<sitemap><loc>" + base + "/sitemap-index.xml</loc></sitemap>\n"
                                 "<sitemap><loc>/sitemap-index.xml?again=1</loc></sitemap>\n"
                                 "</sitemapindex>\n", {}});
  site_.server.AddRoute("/sitemap-index.xml?again=1",
                        Response{200, {{"Content-Type", "application/xml"}},
                                 "<sitemapindex><sitemap><loc>" + base + "/sitemap-index.xml</loc></sitemap></sitemapindex>", {}});
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai", 1000, "sitemaps = [\"" + base + "/sitemap-index.xml\"]\n"));
  ExpectGoodArticlesAndNothingLost();
  EXPECT_EQ(site_.server.CountRequests("/sitemap-index.xml"), 1u);
  EXPECT_EQ(site_.server.CountRequests("/sitemap-index.xml?again=1"), 1u);
}

TEST_F(HostileTest, InvalidUtf8AndWrongCharsetStillGiveValidUtf8Records) {
  FirstRun();
  LinkNew();
  // Invalid bytes inside the body text, under a UTF-8 label.
  const std::string bad = "/tin/hong-post000108.html";
  std::string html = ArticlePage(site_.server.Url(bad), 108);
  html.insert(html.find("Bài số 108") + std::string("Bài số 108").size(), " \xff\xfe\xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 ");
  ASSERT_FALSE(IsValidUtf8(html));
  site_.server.AddRoute(bad, Response::Html(html));
  site_.AddLink(bad);
  // UTF-8 bytes declared as ISO-8859-1 in the header.
  const std::string wrong = "/tin/sai-post000109.html";
  site_.server.AddRoute(wrong, Response{200, {{"Content-Type", "text/html; charset=iso-8859-1"}},
                                        ArticlePage(site_.server.Url(wrong), 109), {}});
  site_.AddLink(wrong);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  const std::map<std::string, Article> records = Records();
  for (const std::string& p : {bad, wrong}) {
    ASSERT_TRUE(records.count(Canonical(p))) << p;
    const Article& a = records.at(Canonical(p));
    ASSERT_TRUE(a.body.has_value()) << p;
    EXPECT_TRUE(IsValidUtf8(*a.body)) << p;
    EXPECT_TRUE(IsValidUtf8(a.title.value_or(""))) << p;
  }
  EXPECT_NE(records.at(Canonical(bad)).body->find("Bài số 108"), std::string::npos);
}

TEST_F(HostileTest, HtmlNestedHundredThousandDeepIsTooDeep) {
  FirstRun();
  const std::string path = "/tin/sau-post000110.html";
  std::string html = "<html><head><title>Sâu</title></head><body>";
  for (int i = 0; i < 100'000; ++i) html += "<div>";
  html += "đáy";  // never closed (HTML allows it): 500 KB, under the 1 MiB body cap
  site_.server.AddRoute(path, Response::Html(html));
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "too_deep", false);
}

TEST_F(HostileTest, BinaryServedAsHtmlIsNeverStored) {
  FirstRun();
  // A PNG (NUL bytes early) and high-entropy bytes without any NUL, both labelled text/html.
  const std::string png = "/tin/anh-post000111.html", noise = "/tin/nhieu-post000112.html";
  std::string png_bytes = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  std::string noise_bytes;
  std::mt19937 rng(42);
  for (int i = 0; i < 200'000; ++i) {
    png_bytes += static_cast<char>(rng() & 0xff);
    noise_bytes += static_cast<char>(1 + rng() % 255);
  }
  site_.server.AddRoute(png, Response{200, {{"Content-Type", "text/html"}}, png_bytes, {}});
  site_.server.AddRoute(noise, Response{200, {{"Content-Type", "text/html"}}, noise_bytes, {}});
  LinkNew(png);
  site_.AddLink(noise);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(png), "unsupported", false);
  ExpectGivenUp(Canonical(noise), "unsupported", false);
  EXPECT_EQ(Records().size(), 4u);
}

TEST_F(HostileTest, HundredKilobyteUrlIsRejectedWithoutARequest) {
  FirstRun();
  const std::string huge = "/tin/" + std::string(100 * 1024, 'a') + "-post000113.html";
  site_.server.AddRoute(huge, Response::Html("<p>never</p>"));
  LinkNew(huge);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  for (const RequestRecord& r : site_.server.Requests()) EXPECT_LT(r.target.size(), 1000u);
  EXPECT_EQ(CountSql("SELECT COUNT(*) FROM urls WHERE length(url) > 16384"), 0);
  EXPECT_EQ(CountSql("SELECT COUNT(*) FROM fetches WHERE length(url) > 16384"), 0);
}

TEST_F(HostileTest, ConnectionResetMidBodyIsANetworkError) {
  FirstRun();
  const std::string path = "/tin/dut-post000114.html";
  Response reset = Response::Html(ArticlePage(site_.server.Url(path), 114));
  reset.options.reset_after_bytes = 4000;
  site_.server.AddRoute(path, reset);
  LinkNew(path);
  Crawl(HostileCrawlerToml() + site_.SiteToml("baogialai"));
  ExpectGoodArticlesAndNothingLost();
  ExpectGivenUp(Canonical(path), "network");
}

TEST_F(HostileTest, UnresolvableNameFailsWithNetworkErrorAndOtherSitesGoOn) {
  FirstRun();
  LinkNew();
  const std::string ghost = "http://no-such-host.invalid/a-post000001.html";
  const std::string toml = HostileCrawlerToml() + site_.SiteToml("baogialai") +
                           "[sites.ghost]\nextractor = \"baogialai\"\nstart_urls = [\"" + ghost + "\"]\n\n";
  Crawl(toml);
  ExpectGoodArticlesAndNothingLost();
  std::optional<UrlEntry> e = Frontier(*CanonicalUrl(ghost));
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->status == UrlStatus::kFailed || e->status == UrlStatus::kGone);
  ASSERT_TRUE(e->last_error.has_value());
  EXPECT_NE(e->last_error->find("network"), std::string::npos) << *e->last_error;
  // Both robots.txt requests are logged: the ghost's as the network error that blocked the
  // site, the good site's 404 ("no rules") as no error.
  const std::vector<FetchRow> ghost_robots = Fetches("http://no-such-host.invalid/robots.txt");
  ASSERT_EQ(ghost_robots.size(), 1u);
  EXPECT_EQ(ghost_robots[0].error_kind, "network");
  const std::vector<FetchRow> good_robots = Fetches(site_.Base() + "/robots.txt");
  ASSERT_FALSE(good_robots.empty());
  EXPECT_EQ(good_robots.back().http_status, 404);
  EXPECT_EQ(good_robots.back().error_kind, "");
}

TEST_F(HostileTest, FixtureCaptureRefusesNamesThatLeaveTheFixtureFolder) {
  const std::string path = SmallSite::ArticlePath(1);
  const fs::path root = dir_ / "fixtures";
  fs::create_directories(root);
  for (const std::string& args : {std::string("--site baogialai --name '../../escaped'"),
                                  std::string("--site '../escaped' --name x"),
                                  std::string("--site baogialai --name '..'")}) {
    testing::CliResult r = testing::RunNewscrawl("fixture capture '" + site_.server.Url(path) +
                                                 "' --allow-private --root '" + root.string() + "' " + args);
    EXPECT_EQ(r.exit_code, kExitUsage) << args << ": " << r.err;
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().string().find("escaped"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace newscrawl
