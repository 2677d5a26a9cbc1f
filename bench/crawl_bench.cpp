// End-to-end crawl throughput: a loopback site of 1,000 article pages (the Báo Gia Lai fixture
// page, each with its own canonical URL and generated text) linked from 50 paginated listing
// pages, crawled with politeness off (no delay, 16 per host) into a fresh SQLite database.
// The web server runs in a forked child so the crawler's CPU time and peak RSS are its own
// (both share the machine's cores). Reports pages/s, CPU seconds per 1,000 pages and peak RSS,
// with the reference figures for Scrapy 2.8 (32 pages/s, 30 CPU-s/1k, 195 MiB).
// Two runs: with the site's extractor ("baogialai", which prunes the template's sidebars and
// lists before parsing) and with the generic extractor (what a site without its own gets: the
// whole page parsed and scored). Peak RSS is the process's, so the second run's is the maximum
// of both.
// Run: build/bench/crawl_bench
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include <benchmark/benchmark.h>

#include "crawl/news_site.h"
#include "newscrawl/config/config.h"
#include "newscrawl/crawl/crawler.h"
#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/log.h"
#include "newscrawl/store/sqlite_store.h"

namespace newscrawl {
namespace {

constexpr int kArticles = 1000;
constexpr int kPerListing = 20;

// Child: serves the site until killed; writes its port to `fd`.
[[noreturn]] void ServeSite(int fd) {
  TestSiteServer server;
  server.AddRoute("/robots.txt", Response{404, {}, "", {}});
  const int listings = kArticles / kPerListing;
  for (int l = 1; l <= listings; ++l) {
    std::string html = "<html><head>";
    if (l < listings) html += "<link rel=\"next\" href=\"/tin/trang-" + std::to_string(l + 1) + ".html\">";
    html += "</head><body>";
    for (int i = 0; i < kPerListing; ++i) {
      const int n = (l - 1) * kPerListing + i + 1;
      const std::string path = "/tin/bai-" + std::to_string(n) + "-post" + std::to_string(100000 + n) + ".html";
      html += "<a href=\"" + path + "\">Bài " + std::to_string(n) + "</a>\n";
      server.AddRoute(path, Response::Html(testing::ArticlePage(server.Url(path), static_cast<std::uint64_t>(n))));
    }
    html += "</body></html>";
    server.AddRoute("/tin/trang-" + std::to_string(l) + ".html", Response::Html(html));
  }
  const std::uint16_t port = server.port();
  if (::write(fd, &port, sizeof port) != sizeof port) ::_exit(1);
  for (;;) ::pause();
}

void BM_CrawlLoopbackSite(benchmark::State& state) {
  const std::string extractor = state.range(0) == 0 ? "baogialai" : "generic";
  state.SetLabel(extractor);
  int fds[2];
  if (::pipe(fds) != 0) {
    state.SkipWithError("pipe");
    return;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    ServeSite(fds[1]);
  }
  ::close(fds[1]);
  std::uint16_t port = 0;
  if (::read(fds[0], &port, sizeof port) != sizeof port) {
    state.SkipWithError("server did not start");
    return;
  }
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("newscrawl_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "bench.db").string();
  const std::string toml =
      "[crawler]\ndatabase = \"" + db +
      "\"\nmax_concurrency = 16\nper_host_concurrency = 16\nper_host_delay_ms = 0\nallow_private_addresses = true\n"
      "[sites.bench]\nextractor = \"" + extractor + "\"\nstart_urls = [\"" + base + "/tin/trang-1.html\"]\n"
      "article_url = '-post\\d+\\.html$'\nfollow_url = '/tin/trang-\\d+\\.html$'\nmax_pages = 100000\n";
  Result<Config> config = ParseConfig(toml, "bench.toml");
  if (!config.ok()) {
    state.SkipWithError(config.status().ToString().c_str());
    return;
  }
  CurlGlobal curl;
  std::int64_t pages = 0, articles = 0;
  double seconds = 0, cpu = 0;
  for (auto _ : state) {
    std::filesystem::remove(db);
    auto store = SqliteStore::Open(db);
    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    const auto t0 = std::chrono::steady_clock::now();
    Crawler crawler(*config, **store);
    Result<CrawlResult> r = crawler.Run();
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ::getrusage(RUSAGE_SELF, &after);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    cpu = secs(after.ru_utime) - secs(before.ru_utime) + secs(after.ru_stime) - secs(before.ru_stime);
    pages = r->stats.Total().pages;
    articles = r->stats.Total().articles_new + r->stats.Total().duplicates;
  }
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  const double rss_mib = static_cast<double>(self.ru_maxrss) / 1024.0;
  const double pages_per_s = pages / seconds;
  const double cpu_per_1k = cpu / static_cast<double>(pages) * 1000.0;
  state.counters["pages"] = static_cast<double>(pages);
  state.counters["articles"] = static_cast<double>(articles);
  state.counters["pages_per_s"] = pages_per_s;
  state.counters["cpu_s_per_1k_pages"] = cpu_per_1k;
  state.counters["peak_rss_MiB"] = rss_mib;
  std::printf(
      "crawl (%s extractor): %lld pages (%lld articles) in %.2f s = %.0f pages/s; %.2f CPU-s per 1,000 pages; peak RSS %.1f MiB\n"
      "vs Scrapy 2.8 (32 pages/s, 30 CPU-s/1k, 195 MiB): %.1fx pages/s, %.1fx CPU efficiency, %.2fx memory\n",
      extractor.c_str(), static_cast<long long>(pages), static_cast<long long>(articles), seconds, pages_per_s, cpu_per_1k, rss_mib,
      pages_per_s / 32.0, 30.0 / cpu_per_1k, rss_mib / 195.0);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CrawlLoopbackSite)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace newscrawl
