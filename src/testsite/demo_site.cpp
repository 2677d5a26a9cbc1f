#include "newscrawl/testsite/demo_site.h"

#include <chrono>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "newscrawl/extract/fixtures.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// "2024-06-05T08:00:00+07:00" → "Wed, 05 Jun 2024 08:00:00 +0700" (the local time is kept).
std::string Rfc822(const std::string& iso) {
  const std::optional<std::string> n = NormalizeDateTime(iso);
  if (!n || n->size() < 25) return {};
  using namespace std::chrono;
  const int y = std::stoi(n->substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(n->substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(n->substr(8, 2)));
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const weekday wd{sys_days{year{y} / month{m} / day{d}}};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %s %s%s", kDays[wd.c_encoding()], d, kMonths[m - 1], y,
                n->substr(11, 8).c_str(), n->substr(19, 3).c_str(), n->substr(23, 2).c_str());
  return buf;
}

Response Xml(std::string body, const char* type = "application/xml") {
  return Response{200, {{"Content-Type", type}}, std::move(body), {}};
}

std::string Link(const std::string& href, const std::string& text) {
  return "<li><a href=\"" + XmlEscape(href) + "\">" + XmlEscape(text) + "</a></li>\n";
}

std::string Listing(const std::string& title, const std::string& items, const std::string& next) {
  std::string head = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + XmlEscape(title) +
                     "</title>";
  if (!next.empty()) head += "<link rel=\"next\" href=\"" + next + "\">";
  return head + "</head><body><h1>" + XmlEscape(title) + "</h1><ul>\n" + items + "</ul></body></html>";
}

// Paper keys in the order the demo lists them, with how many fixture articles each serves.
struct PaperSpec {
  const char* dir;
  const char* name;
  const char* extractor;
  std::size_t max_articles;
};
constexpr PaperSpec kPapers[] = {
    {"baogialai", "Báo Gia Lai", "baogialai", 4}, {"baolaocai", "Báo Lào Cai", "baolaocai", 4},
    {"nhandan", "Nhân Dân", "nhandan", 4},        {"plo", "Pháp Luật TP.HCM", "plo", 4},
    {"znews", "Znews", "znews", 4},               {"vtcnews", "VTC News", "vtcnews", 4},
    {"baocantho", "Báo Cần Thơ", "baocantho", 4}, {"generic", "Other sites (generic extractor)", "generic", 2},
};

}  // namespace

std::string RobotsTxt(const std::vector<std::string>& disallow, const std::string& sitemap_url) {
  std::string out = "User-agent: *\n";
  for (const std::string& d : disallow) out += "Disallow: " + d + "\n";
  if (!sitemap_url.empty()) out += "\nSitemap: " + sitemap_url + "\n";
  return out;
}

std::string SitemapIndexXml(const std::vector<std::string>& sitemap_urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const std::string& u : sitemap_urls) out += "<sitemap><loc>" + XmlEscape(u) + "</loc></sitemap>\n";
  return out + "</sitemapindex>\n";
}

std::string NewsSitemapXml(const std::vector<SitemapItem>& items) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const SitemapItem& i : items) {
    out += "<url><loc>" + XmlEscape(i.url) + "</loc>";
    if (!i.publication_date.empty()) {
      out += "<news:news><news:publication_date>" + XmlEscape(i.publication_date) +
             "</news:publication_date><news:title>" + XmlEscape(i.title) + "</news:title></news:news>";
    }
    out += "</url>\n";
  }
  return out + "</urlset>\n";
}

std::string RssXml(const std::string& title, const std::vector<SitemapItem>& items) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>" +
                    XmlEscape(title) + "</title>\n";
  for (const SitemapItem& i : items) {
    out += "<item><title>" + XmlEscape(i.title) + "</title><link>" + XmlEscape(i.url) + "</link>";
    if (const std::string date = Rfc822(i.publication_date); !date.empty()) out += "<pubDate>" + date + "</pubDate>";
    out += "</item>\n";
  }
  return out + "</channel></rss>\n";
}

Result<std::unique_ptr<DemoSite>> DemoSite::Start(const fs::path& fixtures_root) {
  Result<std::vector<Fixture>> fixtures = ListFixtures(fixtures_root);
  if (!fixtures.ok()) return fixtures.status();
  std::map<std::string, std::vector<const Fixture*>> by_dir;
  for (const Fixture& f : *fixtures) by_dir[f.html.parent_path().filename().string()].push_back(&f);

  auto site = std::make_unique<DemoSite>();
  for (const PaperSpec& spec : kPapers) {
    auto it = by_dir.find(spec.dir);
    if (it == by_dir.end()) continue;
    DemoPaper paper{spec.dir, spec.name, spec.extractor, {}, std::make_unique<TestSiteServer>()};
    TestSiteServer& server = *paper.server;
    const std::string base = server.BaseUrl();
    std::vector<SitemapItem> items;
    for (const Fixture* f : it->second) {
      if (items.size() == spec.max_articles) break;
      Result<std::string> html = ReadFileToString(f->html, 16u << 20);
      if (!html.ok()) return html.status();
      Result<Article> expected = ReadExpected(*f);
      const std::string path = "/bai/" + f->html.stem().string().substr(0, 80) + ".html";
      server.AddRoute(path, Response::Html(*html));
      paper.article_paths.push_back(path);
      SitemapItem item{base + path, "", path};
      if (expected.ok()) {
        if (expected->title) item.title = *expected->title;
        if (expected->published_at) item.publication_date = *expected->published_at;
      }
      items.push_back(std::move(item));
    }
    // Half the articles are announced by the news sitemap, the rest by the feed; all of them are
    // on the listing pages too, and the crawler fetches each once.
    const std::size_t half = (items.size() + 1) / 2;
    const std::vector<SitemapItem> in_sitemap(items.begin(), items.begin() + static_cast<long>(half));
    const std::vector<SitemapItem> in_feed(items.begin() + static_cast<long>(half), items.end());
    server.AddRoute("/robots.txt", Response{200, {{"Content-Type", "text/plain"}},
                                            RobotsTxt({"/bai/nhap-"}, base + "/sitemap.xml"), {}});
    server.AddRoute("/sitemap.xml", Xml(SitemapIndexXml({base + "/sitemaps/news.xml.gz"})));
    server.AddRoute("/sitemaps/news.xml.gz",
                    Response{200, {{"Content-Type", "application/x-gzip"}}, GzipCompress(NewsSitemapXml(in_sitemap)), {}});
    server.AddRoute("/rss/home.rss", Xml(RssXml(spec.name, in_feed), "application/rss+xml"));
    std::string first, second;
    for (std::size_t i = 0; i < items.size(); ++i) {
      (i % 2 == 0 ? first : second) += Link(paper.article_paths[i], items[i].title);
    }
    // A draft that looks like an article but robots.txt forbids.
    first += Link("/bai/nhap-chua-dang.html", "Bản nháp");
    // The same article again under tracking parameters, as shared links arrive (URL dedup), and
    // the same page under a second address (content dedup).
    second += Link(paper.article_paths[0] + "?utm_source=zalo&utm_medium=social", items[0].title + " (shared)");
    const std::string copy_path = "/bai/ban-sao-" + paper.article_paths[0].substr(5);
    Result<std::string> first_html = ReadFileToString(it->second.front()->html, 16u << 20);
    if (first_html.ok()) {
      server.AddRoute(copy_path, Response::Html(*first_html));
      second += Link(copy_path, items[0].title + " (copy)");
    }
    server.AddRoute("/", Response::Html(Listing(spec.name, first, "/trang-2.html")));
    server.AddRoute("/trang-2.html", Response::Html(Listing(std::string(spec.name) + " – trang 2", second, "")));
    server.AddRoute("/bai/nhap-chua-dang.html", Response::Html("<p>draft</p>"));
    site->papers_.push_back(std::move(paper));
  }
  if (site->papers_.empty()) return Status::NotFound("no fixtures under " + fixtures_root.string());
  return site;
}

std::size_t DemoSite::ArticleCount() const {
  std::size_t n = 0;
  for (const DemoPaper& p : papers_) n += p.article_paths.size();
  return n;
}

std::string DemoSite::SitesToml() const {
  std::string out;
  for (const DemoPaper& p : papers_) {
    const std::string base = p.server->BaseUrl();
    const std::string port = std::to_string(p.server->port());
    out += "[sites." + p.key + "]\nname = \"" + p.name + "\"\nextractor = \"" + p.extractor + "\"\n" +
           "start_urls = [\"" + base + "/\"]\nfeeds = [\"" + base + "/rss/home.rss\"]\nsitemaps = [\"" + base +
           "/sitemap.xml\"]\narticle_url = '^http://127\\.0\\.0\\.1:" + port + "/bai/[^/?]+\\.html$'\n" +
           "follow_url = '^http://127\\.0\\.0\\.1:" + port + "/trang-\\d+\\.html$'\nmax_pages = 100\n\n";
  }
  return out;
}

std::size_t DemoSite::DisallowedRequests() const {
  std::size_t n = 0;
  for (const DemoPaper& p : papers_) {
    for (const RequestRecord& r : p.server->Requests()) n += r.target.starts_with("/bai/nhap-");
  }
  return n;
}

std::size_t DemoSite::TotalRequests() const {
  std::size_t n = 0;
  for (const DemoPaper& p : papers_) n += p.server->Requests().size();
  return n;
}

void DemoSite::Stop() {
  for (DemoPaper& p : papers_) p.server->Stop();
}

}  // namespace newscrawl
