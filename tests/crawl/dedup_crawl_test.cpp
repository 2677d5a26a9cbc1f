// Issue 13's crawl, end to end through the real binary: four loopback sites on Báo Gia Lai's
// real article template, 150 articles each (most of them formulaic reports of one phrase book:
// the texts a provincial paper publishes daily), 13 of them republished copies (same text, a new
// ID, one extra line; nine on another site). Crawled politely (200 ms per host, one request in
// flight), every distinct article must be exported and no copy exported as a second article.
// Then the sites publish more and the crawler runs again, killed with SIGKILL part-way and
// resumed: every new article exported, nothing lost or doubled.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawl/news_site.h"
#include "dedup/pair_set.h"
#include "newscrawl/store/sqlite_store.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::string HtmlText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

struct PageText {
  std::string title, lead, body, published_at;  // body: paragraphs separated by blank lines
};

// The saved Báo Gia Lai template with its title, lead, body, date and canonical URL replaced.
std::string TemplatePage(const std::string& url, const PageText& t) {
  std::string html = testing::FixturePage();
  html = ReplaceAll(html, "https://baogialai.com.vn/nhat-tu-choi-tham-gia-nato-post000001.html", url);
  const std::string kLead =
      "(GLO)-Theo Hãng tin Reuters, sáng 24/5, Thủ tướng Nhật Bản Kishida Fumio khẳng định quốc gia Đông Á này không có ý "
      "định gia nhập khối liên minh quân sự Hiệp ước Bắc Đại Tây Dương (NATO). Song ông thừa nhận NATO đang lên kế hoạch mở "
      "văn phòng đại diện tại Nhật Bản.";
  html = ReplaceAll(html, kLead, HtmlText(t.lead));
  html = ReplaceAll(html, "Nhật từ chối tham gia NATO", HtmlText(t.title));
  std::string date = t.published_at;  // 2025-05-12T08:30:00+07:00 → the template's +0700 form
  if (date.size() == 25) date = date.substr(0, 22) + date.substr(23);
  html = ReplaceAll(html, "2023-05-24T10:15:00+0700", date);
  const std::string kBody = "<div class=\"article__body zce-content-body cms-body\"";
  const std::size_t open = html.find(kBody);
  const std::size_t inner = html.find('>', open) + 1;
  int depth = 1;
  std::size_t pos = inner;
  while (depth > 0) {
    const std::size_t next_open = html.find("<div", pos), next_close = html.find("</div>", pos);
    if (next_open < next_close) {
      ++depth;
      pos = next_open + 4;
    } else {
      --depth;
      pos = next_close + 6;
    }
  }
  std::string paragraphs;
  for (const std::string& p : testing::Paragraphs(t.body)) paragraphs += "<p>" + HtmlText(p) + "</p>\n";
  html.replace(inner, pos - 6 - inner, paragraphs);
  return html;
}

// One loopback paper: robots.txt, a start page linking five listing pages, and its articles.
struct FormulaicSite {
  TestSiteServer server;
  std::map<std::string, PageText> articles;  // path → text
  std::vector<std::string> listing;          // article paths, newest last

  void Add(const std::string& path, const PageText& t) {
    articles[path] = t;
    listing.push_back(path);
    server.AddRoute(path, Response::Html(TemplatePage(server.Url(path), t)));
  }
  void Publish() {
    server.AddRoute("/robots.txt", Response{200, {{"Content-Type", "text/plain"}}, "User-agent: *\nDisallow: /private/\n", {}});
    std::string start = "<html><head><title>Trang chủ</title></head><body>\n";
    const std::size_t per_page = 40;
    for (std::size_t page = 0; page * per_page < listing.size(); ++page) {
      const std::string lp = "/tin-moi/trang-" + std::to_string(page + 1) + ".html";
      start += "<a href=\"" + lp + "\">Trang " + std::to_string(page + 1) + "</a>\n";
      std::string body = "<html><body>\n";
      for (std::size_t i = page * per_page; i < listing.size() && i < (page + 1) * per_page; ++i) {
        body += "<a href=\"" + listing[i] + "\">" + HtmlText(articles[listing[i]].title) + "</a>\n";
      }
      server.AddRoute(lp, Response::Html(body + "</body></html>"));
    }
    server.AddRoute("/", Response::Html(start + "</body></html>"));
  }
  std::string SiteToml(const std::string& key) const {
    return "[sites." + key + "]\nname = \"" + key + "\"\nextractor = \"baogialai\"\nstart_urls = [\"" + server.BaseUrl() +
           "/\"]\narticle_url = '-post\\d+\\.html$'\nfollow_url = '/tin-moi/trang-\\d+\\.html$'\nmax_pages = 2000\n\n";
  }
};

class DedupCrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newscrawl_dedupcrawl_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "crawl.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Canonical URL of each exported (default export: near duplicates left out) article.
  std::set<std::string> Exported() {
    const testing::CliResult r = testing::RunNewscrawl("export --format jsonl --db " + db_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> urls;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      EXPECT_TRUE(urls.insert(j["url"].get<std::string>()).second) << "exported twice: " << j["url"];
    }
    return urls;
  }

  static void ExpectPolite(const TestSiteServer& server, std::chrono::milliseconds delay) {
    const std::vector<RequestRecord> log = server.Requests();
    ASSERT_FALSE(log.empty());
    for (std::size_t i = 1; i < log.size(); ++i) {
      EXPECT_GE(std::chrono::duration_cast<std::chrono::milliseconds>(log[i].start - log[i - 1].start).count(), delay.count())
          << log[i - 1].target << " then " << log[i].target;
    }
    for (const RequestRecord& r : log) EXPECT_LE(r.concurrent_at_start, 1) << r.target;
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(DedupCrawlTest, FormulaicSitesExportEveryDistinctArticleAndNoCopy) {
  constexpr int kSites = 4, kPerSite = 150, kDelayMs = 200;
  std::vector<std::unique_ptr<FormulaicSite>> sites;
  for (int s = 0; s < kSites; ++s) sites.push_back(std::make_unique<FormulaicSite>());
  const std::vector<testing::PairText> real = testing::RealTexts();
  // Each distinct article: the URLs it is served under (its page, and its copies' pages).
  // Which of them the crawl meets first is up to the crawl; exactly one must be exported.
  std::map<std::string, std::set<std::string>> groups;  // first URL → all URLs
  auto path_of = [](int s, int n) {
    return "/thoi-su/bai-" + std::to_string(s) + "-" + std::to_string(n) + "-post" + std::to_string(100000 + s * 1000 + n) + ".html";
  };
  // The text of article n of site s: one in eight a real article's text (each used once), the
  // others formulaic reports.
  auto make_text = [&](int s, int n) {
    const std::size_t real_index = static_cast<std::size_t>(s * 200 + n) / 8;
    if (n % 8 == 7 && real_index < real.size()) {
      const testing::PairText& r = real[real_index];
      return PageText{r.title.empty() ? "Bài viết số " + std::to_string(s * 1000 + n) : r.title,
                      "Tóm tắt bài " + std::to_string(n) + ".", r.body, "2025-05-12T08:30:00+07:00"};
    }
    const testing::FormulaicArticle f =
        testing::MakeFormulaicArticle(n % testing::kFormulaicKinds, static_cast<std::uint64_t>(s * 1000 + n));
    return PageText{f.title, f.lead, f.Body(), f.published_at};
  };
  auto add_copy = [&](int s, int n, int from_site, int from_n) {
    PageText t = make_text(from_site, from_n);
    t.body += "\n\nBài viết được đăng lại từ Báo Gia Lai điện tử.";
    sites[static_cast<std::size_t>(s)]->Add(path_of(s, n), t);
    groups[sites[static_cast<std::size_t>(from_site)]->server.Url(path_of(from_site, from_n))].insert(
        sites[static_cast<std::size_t>(s)]->server.Url(path_of(s, n)));
  };
  // 13 republished copies: same title and text, a new ID, one extra line; nine on another site.
  const int kCopies = 13;
  int copies_placed = 0;
  for (int s = 0; s < kSites; ++s) {
    for (int n = 0; n < kPerSite; ++n) {
      if (n >= 100 && n % 11 == 0 && copies_placed < kCopies) {
        add_copy(s, n, copies_placed < 9 ? (s + 1) % kSites : s, 3 + copies_placed * 7);
        ++copies_placed;
        continue;
      }
      sites[static_cast<std::size_t>(s)]->Add(path_of(s, n), make_text(s, n));
      const std::string url = sites[static_cast<std::size_t>(s)]->server.Url(path_of(s, n));
      groups[url].insert(url);
    }
  }
  ASSERT_EQ(copies_placed, kCopies);
  // Exported URLs → how many distinct articles have exactly one URL exported, and how many
  // have more than one (a copy exported as a second article).
  auto count = [&](const std::set<std::string>& exported, std::size_t& once, std::size_t& twice) {
    once = twice = 0;
    for (const auto& [first, urls] : groups) {
      std::size_t n = 0;
      for (const std::string& u : urls) n += exported.count(u);
      once += n == 1;
      twice += n > 1;
    }
  };
  std::string toml = testing::CrawlerToml(db_, kDelayMs);
  for (int s = 0; s < kSites; ++s) {
    sites[static_cast<std::size_t>(s)]->Publish();
    toml += sites[static_cast<std::size_t>(s)]->SiteToml("paper" + std::to_string(s));
  }
  const std::string config = (dir_ / "config.toml").string();
  std::ofstream(config) << toml;

  const testing::CliResult first = testing::RunNewscrawl("crawl --config " + config);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::set<std::string> exported = Exported();
  std::size_t once = 0, twice = 0;
  count(exported, once, twice);
  std::printf("first crawl: %zu of %zu distinct articles exported once, %zu more than once; %zu exported in all\n", once,
              groups.size(), twice, exported.size());
  EXPECT_GE(once * 100, groups.size() * 99);
  EXPECT_EQ(once, groups.size()) << "every distinct article, on this set";
  EXPECT_EQ(twice, 0U) << "a republished copy exported as a second article";
  EXPECT_EQ(exported.size(), groups.size());
  for (const auto& s : sites) ExpectPolite(s->server, std::chrono::milliseconds(kDelayMs));

  // The decision behind each link is on record: each link joins two URLs of one article.
  const testing::CliResult links = testing::RunNewscrawl("dedup links --db " + db_);
  ASSERT_EQ(links.exit_code, 0);
  std::istringstream in(links.out);
  std::size_t linked = 0;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    bool same_article = false;
    for (const auto& [first, urls] : groups) same_article |= urls.count(j["url"]) && urls.count(j["original_url"]);
    EXPECT_TRUE(same_article) << "a distinct article was linked: " << line;
    ++linked;
  }
  EXPECT_EQ(linked, static_cast<std::size_t>(kCopies));

  // The sites publish 20 more articles each (one more copy among them); the crawler runs
  // again, is killed with SIGKILL part-way, and is run once more to the end.
  for (int s = 0; s < kSites; ++s) {
    for (int n = kPerSite; n < kPerSite + 20; ++n) {
      sites[static_cast<std::size_t>(s)]->Add(path_of(s, n), make_text(s, n));
      const std::string url = sites[static_cast<std::size_t>(s)]->server.Url(path_of(s, n));
      groups[url].insert(url);
    }
  }
  add_copy(1, 999, 0, 40);
  for (auto& s : sites) s->Publish();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::freopen("/dev/null", "w", stderr);
    ::execl(NEWSCRAWL_BINARY, NEWSCRAWL_BINARY, "crawl", "--config", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // A scheduler starts the next run later than this; the pause keeps the killed run's last
  // request and the new run's first one a delay apart (politeness memory is per process).
  std::this_thread::sleep_for(std::chrono::milliseconds(kDelayMs + 100));
  const testing::CliResult resumed = testing::RunNewscrawl("crawl --config " + config);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;

  exported = Exported();  // fails on any URL exported twice
  count(exported, once, twice);
  std::printf("after the re-crawl (killed and resumed): %zu of %zu distinct articles exported once, %zu more than once\n",
              once, groups.size(), twice);
  EXPECT_EQ(once, groups.size());
  EXPECT_EQ(twice, 0U);
  EXPECT_EQ(exported.size(), groups.size()) << "nothing but one URL of each distinct article";
  auto store = SqliteStore::Open(db_);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->IntegrityCheck().ok());
  std::size_t rows = 0;
  ExportFilter all;
  all.include_duplicates = true;
  ASSERT_TRUE((*store)->ForEachArticle(all, [&](const StoredArticle&) {
    ++rows;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(rows, groups.size() + kCopies + 1) << "each page stored once";
  for (const auto& s : sites) ExpectPolite(s->server, std::chrono::milliseconds(kDelayMs));
}

}  // namespace
}  // namespace newscrawl
