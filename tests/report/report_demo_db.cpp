// report_demo_db OUT.db [FIXTURES_DIR]: writes the database behind docs/report-screenshot.png.
// The article fixtures (fixtures/<site>/*.html) are extracted and stored over two runs a day
// apart, with a fetch log of the kind a crawl of those sites writes: robots.txt, sitemap and
// section pages, the article pages, conditional re-fetches answered 304, and a few failures
// (a timeout, a 404, 503s, a refused connection). Fetch durations are drawn from a fixed seed,
// so the database (and the screenshot) is the same on every run. Not part of the test suite.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>

#include "newscrawl/fixtures.h"
#include "newscrawl/sqlite_store.h"

namespace newscrawl {
namespace {

constexpr std::int64_t kRun1 = 1767679200;  // 2026-01-06 06:00 UTC (13:00 in Vietnam)
constexpr std::int64_t kRun2 = kRun1 + 86400 + 1800;

struct Demo {
  SqliteStore& store;
  std::mt19937 rng{2026};
  std::int64_t now = 0;
  std::int64_t fetched = 0;
  std::int64_t errors = 0;

  // A duration around the site's median, log-normally spread like real response times.
  std::int64_t Duration(double median_ms) {
    std::lognormal_distribution<double> d(std::log(median_ms), 0.55);
    return std::max<std::int64_t>(8, static_cast<std::int64_t>(d(rng)));
  }

  bool Fetch(const std::string& site, const std::string& url, int status, std::int64_t ms,
             std::optional<ErrorKind> error = std::nullopt) {
    FetchLogEntry e;
    e.url = url;
    e.site = site;
    now += 1 + ms / 1000;
    e.fetched_at = now;
    e.http_status = status;
    e.bytes = status == 200 ? 40000 + static_cast<std::int64_t>(rng() % 90000) : 0;
    e.duration_ms = ms;
    e.error = error;
    if (error) e.error_message = std::string(ErrorKindName(*error));
    ++fetched;
    if (error) ++errors;
    const Status s = store.RecordFetch(e);
    if (!s.ok()) std::fprintf(stderr, "record fetch: %s\n", s.ToString().c_str());
    return s.ok();
  }
};

struct SitePlan {
  std::string host;
  double median_ms;
};

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: report_demo_db OUT.db [FIXTURES_DIR]\n");
    return 2;
  }
  const std::string out = argv[1];
  const std::filesystem::path root = argc > 2 ? argv[2] : "fixtures";
  std::filesystem::remove(out);
  auto store = SqliteStore::Open(out);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto fixtures = ListFixtures(root);
  if (!fixtures.ok()) {
    std::fprintf(stderr, "%s\n", fixtures.status().ToString().c_str());
    return 1;
  }
  std::map<std::string, std::vector<Article>> by_site;
  for (const Fixture& f : *fixtures) {
    auto a = ExtractFixture(f);
    if (!a.ok() || !a->site) {
      std::fprintf(stderr, "skipping %s: %s\n", f.html.c_str(), a.ok() ? "no site" : a.status().ToString().c_str());
      continue;
    }
    by_site[*a->site].push_back(*a);
  }
  const std::map<std::string, SitePlan> plans = {
      {"baogialai", {"https://baogialai.com.vn", 190}},
      {"baolaocai", {"https://baolaocai.vn", 340}},
      {"nhandan", {"https://nhandan.vn", 240}},
      {"plo", {"https://plo.vn", 430}},
  };
  Demo demo{**store};
  for (int run = 1; run <= 2; ++run) {
    const std::int64_t start = run == 1 ? kRun1 : kRun2;
    if (!(*store)->BeginRun(start).ok()) return 1;
    demo.now = start;
    demo.fetched = demo.errors = 0;
    std::int64_t articles_new = 0;
    for (const auto& [site, articles] : by_site) {
      const auto plan_it = plans.find(site);
      const SitePlan plan = plan_it != plans.end() ? plan_it->second : SitePlan{"https://" + site + ".vn", 300};
      const double m = plan.median_ms;
      demo.Fetch(site, plan.host + "/robots.txt", 200, demo.Duration(m * 0.5));
      demo.Fetch(site, plan.host + "/sitemaps/news.xml", run == 1 ? 200 : 304, demo.Duration(m * 0.8));
      for (int i = 0; i < 6; ++i) {  // section pages; on the second day most are unchanged
        const bool unchanged = run == 2 && i % 3 != 0;
        demo.Fetch(site, plan.host + "/chuyen-muc-" + std::to_string(i) + ".html", unchanged ? 304 : 200,
                   demo.Duration(unchanged ? m * 0.6 : m));
      }
      // The fixture articles: the first half on day one, the rest on day two.
      for (std::size_t i = 0; i < articles.size(); ++i) {
        const int due = (articles.size() == 1 ? (site == "baolaocai" ? 2 : 1) : (i < (articles.size() + 1) / 2 ? 1 : 2));
        if (due != run) continue;
        const Article& a = articles[i];
        demo.Fetch(site, *a.url, 200, demo.Duration(m * 1.2));
        StoredMeta meta{site, *a.url, a.canonical_url.value_or(""), demo.now, std::nullopt};
        auto r = (*store)->UpsertArticle(a, meta);
        if (!r.ok()) {
          std::fprintf(stderr, "store %s: %s\n", a.url->c_str(), r.status().ToString().c_str());
          return 1;
        }
        ++articles_new;
      }
      // Articles stored the day before, re-checked with their validators.
      if (run == 2) {
        for (int i = 0; i < 3; ++i) demo.Fetch(site, plan.host + "/recheck-" + std::to_string(i), 304, demo.Duration(m * 0.5));
      }
    }
    // The failures a real crawl meets.
    if (run == 1) {
      demo.Fetch("nhandan", "https://nhandan.vn/chuyen-muc-7.html", 0, 20000, ErrorKind::kTimeout);
      demo.Fetch("plo", "https://plo.vn/bai-da-go-post1.html", 404, demo.Duration(200), ErrorKind::kHttpStatus);
    } else {
      demo.Fetch("baolaocai", "https://baolaocai.vn/chuyen-muc-7.html", 503, demo.Duration(900), ErrorKind::kHttpStatus);
      demo.Fetch("baolaocai", "https://baolaocai.vn/chuyen-muc-8.html", 503, demo.Duration(900), ErrorKind::kHttpStatus);
      demo.Fetch("plo", "https://plo.vn/chuyen-muc-9.html", 0, 3, ErrorKind::kNetwork);
    }
    RunSummary summary;
    summary.ended_at = demo.now + 5;
    summary.exit_status = 0;
    summary.fetched = demo.fetched;
    summary.articles_new = articles_new;
    summary.errors = demo.errors;
    if (Status s = (*store)->EndRun(summary); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

}  // namespace
}  // namespace newscrawl

int main(int argc, char** argv) { return newscrawl::Main(argc, argv); }
