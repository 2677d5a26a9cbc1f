// A small news site for crawler tests and the crawl benchmark, served by a TestSiteServer on
// 127.0.0.1: robots.txt (with a disallowed path that pages link to, and a Sitemap: line), a
// sitemap index (listing itself) with a gzipped Google News sitemap, an RSS feed, a start page
// and listing pages with pagination, article pages made from a saved fixture page (each with its
// own canonical URL and a distinct generated paragraph so content dedup keeps them apart), a
// redirect chain, a 404, a 500 that succeeds on retry, a 429 with Retry-After and a slow page.
// Header-only test support.
#ifndef NEWSCRAWL_TESTS_CRAWL_NEWS_SITE_H_
#define NEWSCRAWL_TESTS_CRAWL_NEWS_SITE_H_

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "newscrawl/testsite/demo_site.h"
#include "newscrawl/testsite/test_site_server.h"

namespace newscrawl::testing {

inline std::string ReadFixture(const std::string& rel) {
  std::ifstream in(std::string(NEWSCRAWL_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const std::string& FixturePage() {
  static const std::string page = ReadFixture("fixtures/baogialai/nhat-tu-choi-tham-gia-nato-post000001.html");
  return page;
}

// Words for generated paragraphs (Vietnamese news vocabulary).
inline std::string GeneratedText(std::uint64_t seed, int words) {
  static const std::vector<std::string> kWords = {
      "tỉnh", "huyện", "người", "dân", "kinh", "tế", "phát", "triển", "dự", "án", "giao", "thông", "nông",
      "nghiệp", "cà", "phê", "hồ", "tiêu", "mưa", "lũ", "học", "sinh", "trường", "bệnh", "viện", "công",
      "an", "xã", "biên", "giới", "lễ", "hội", "văn", "hóa", "du", "lịch", "đầu", "tư", "ngân", "sách",
      "cán", "bộ", "đảng", "viên", "hội", "nghị", "thủ", "tướng", "quốc", "hội", "thị", "trường", "giá",
      "xăng", "điện", "nước", "rừng", "cao", "su", "thanh", "niên", "phụ", "nữ", "bóng", "đá", "giải"};
  std::mt19937_64 rng(seed * 7919 + 17);
  std::string out;
  for (int i = 0; i < words; ++i) {
    if (i) out += ' ';
    // Every fourth word is a number, so texts differ in their features, not only in word order
    // (content dedup's SimHash would otherwise find them near-identical).
    out += (i % 4 == 3) ? std::to_string(rng() % 100000) : kWords[rng() % kWords.size()];
  }
  return out;
}

// The fixture page as the article at `url`: its canonical URL replaced, and a distinct
// paragraph at the start of the body.
inline std::string ArticlePage(const std::string& url, std::uint64_t seed) {
  std::string html = FixturePage();
  const std::string kCanonical = "https://baogialai.com.vn/nhat-tu-choi-tham-gia-nato-post000001.html";
  for (std::size_t pos = 0; (pos = html.find(kCanonical, pos)) != std::string::npos; pos += url.size()) {
    html.replace(pos, kCanonical.size(), url);
  }
  const std::string kBody = "<div class=\"article__body zce-content-body cms-body\"";
  std::size_t at = html.find(kBody);
  if (at != std::string::npos) at = html.find('>', at);
  if (at != std::string::npos) {
    html.insert(at + 1, "<p>Bài số " + std::to_string(seed) + ": " + GeneratedText(seed, 150) + ".</p>");
  }
  return html;
}

struct NewsSite {
  TestSiteServer server;
  std::map<std::string, std::string> articles;  // path → served HTML (the final URL's page)
  std::set<std::string> disallowed_paths;
  std::vector<std::string> article_paths;       // every article that must end up stored
  std::string redirect_source = "/old-post8.html";
  std::string redirect_target = "/tin/bai-8-post000008.html";

  std::string Base() const { return server.BaseUrl(); }

  // A new article linked from the start page (for "picks up articles added in between").
  void AddArticle(const std::string& path, std::uint64_t seed) {
    const std::string html = ArticlePage(server.Url(path), seed);
    articles[path] = html;
    article_paths.push_back(path);
    server.AddRoute(path, Response::Html(html));
  }

  std::string Link(const std::string& path) const { return "<a href=\"" + path + "\">" + path + "</a>\n"; }

  void BuildStartPage(const std::vector<std::string>& extra_paths = {}) {
    std::string start = "<html><head><title>Trang chủ</title></head><body>\n";
    for (const char* p : {"/thoi-su/bai-6-post000006.html", "/thoi-su/bai-7-post000007.html",
                          "/private/bi-mat-post000999.html", "/old-post8.html", "/thoi-su/mat-post000404.html",
                          "/thoi-su/bai-9-post000009.html", "/thoi-su/bai-10-post000010.html",
                          "/thoi-su/bai-11-post000011.html", "/category/"}) {
      start += Link(p);
    }
    for (const std::string& p : extra_paths) start += Link(p);
    start += "</body></html>";
    server.AddRoute("/", Response::Html(start));
  }

  // `seed_base` keeps article texts of several sites apart.
  explicit NewsSite(std::uint64_t seed_base = 0) {
    const std::string base = server.BaseUrl();
    server.AddRoute("/robots.txt", Response{200, {{"Content-Type", "text/plain"}},
                                            RobotsTxt({"/private/"}, base + "/sitemap-index.xml"), {}});
    // Articles 1–3 from the news sitemap, 4–5 from the feed, 6–11 from the start page, 12–13
    // from /category/, 14 from its second page, 8 behind a redirect chain.
    auto article = [&](int n, const std::string& section) {
      const std::string path = "/" + section + "/bai-" + std::to_string(n) + "-post" + std::to_string(1000000 + n).substr(1) + ".html";
      return path;
    };
    std::map<int, std::string> paths;
    for (int n = 1; n <= 14; ++n) paths[n] = article(n, n <= 5 ? "tin" : "thoi-su");
    paths[8] = redirect_target;
    for (const auto& [n, p] : paths) {
      const std::string html = ArticlePage(server.Url(p), seed_base + static_cast<std::uint64_t>(n));
      articles[p] = html;
      article_paths.push_back(p);
      Response r = Response::Html(html);
      if (n == 9) {
        r.options.fail_first = 1;
        r.options.fail_status = 500;
      } else if (n == 10) {
        r.options.fail_first = 1;
        r.options.fail_status = 429;
        r.options.fail_retry_after = "1";
      } else if (n == 11) {
        r.options.slow_chunk_bytes = 32 * 1024;
        r.options.slow_interval = std::chrono::milliseconds(40);
      }
      server.AddRoute(p, r);
    }
    server.AddRoute(redirect_source, Response::Redirect(301, "/r/step-1"));
    server.AddRoute("/r/step-1", Response::Redirect(302, base + redirect_target));
    server.AddRoute("/thoi-su/mat-post000404.html", Response{404, {{"Content-Type", "text/html"}}, "gone", {}});
    disallowed_paths = {"/private/bi-mat-post000999.html", "/private/"};
    server.AddRoute("/private/bi-mat-post000999.html", Response::Html("<p>secret</p>"));

    // The index lists itself: the crawler must not loop.
    server.AddRoute("/sitemap-index.xml",
                    Response{200, {{"Content-Type", "application/xml"}},
                             SitemapIndexXml({base + "/sitemap-index.xml", base + "/sitemap-news.xml.gz"}), {}});
    std::vector<SitemapItem> news, feed;
    for (int n = 1; n <= 3; ++n) {
      news.push_back({base + paths[n], "2024-05-0" + std::to_string(n) + "T08:00:00+07:00", "Bài " + std::to_string(n)});
    }
    for (int n = 4; n <= 5; ++n) {
      feed.push_back({base + paths[n], "2024-06-0" + std::to_string(n) + "T08:00:00+07:00", "Bài " + std::to_string(n)});
    }
    server.AddRoute("/sitemap-news.xml.gz",
                    Response{200, {{"Content-Type", "application/x-gzip"}}, GzipCompress(NewsSitemapXml(news)), {}});
    server.AddRoute("/rss/home.rss", Response{200, {{"Content-Type", "application/rss+xml"}}, RssXml("Tin", feed), {}});
    BuildStartPage();
    server.AddRoute("/category/", Response::Html("<html><head><link rel=\"next\" href=\"/category/trang-2.html\"></head><body>" +
                                                 Link(paths[12]) + Link(paths[13]) +
                                                 Link("/private/bi-mat-post000999.html") + "</body></html>"));
    server.AddRoute("/category/trang-2.html", Response::Html("<html><body>" + Link(paths[14]) + Link("/category/") +
                                                             "</body></html>"));
  }

  // The [sites.KEY] block for this site.
  std::string SiteToml(const std::string& key, int max_pages = 1000) const {
    std::string port = std::to_string(server.port());
    return "[sites." + key + "]\nname = \"" + key + "\"\nextractor = \"baogialai\"\nstart_urls = [\"" + Base() +
           "/\"]\nfeeds = [\"" + Base() + "/rss/home.rss\"]\nsitemaps = [\"" + Base() + "/sitemap-index.xml\"]\n" +
           "article_url = '-post\\d+\\.html$'\nfollow_url = '^http://127\\.0\\.0\\.1:" + port +
           "/[a-z0-9-]+/(trang-\\d+\\.html)?$'\nmax_pages = " + std::to_string(max_pages) + "\n\n";
  }
};

// The [crawler] block for loopback tests.
inline std::string CrawlerToml(const std::string& db, int delay_ms, int per_host = 1, int max_retries = 3) {
  return "[crawler]\nuser_agent = \"newscrawl/0.1 (+https://example.org/newscrawl)\"\ndatabase = \"" + db +
         "\"\nmax_concurrency = 16\nper_host_concurrency = " + std::to_string(per_host) +
         "\nper_host_delay_ms = " + std::to_string(delay_ms) + "\nmax_crawl_delay_s = 2\ntimeout_s = 10\nmax_retries = " +
         std::to_string(max_retries) + "\nallow_private_addresses = true\n\n";
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_CRAWL_NEWS_SITE_H_
