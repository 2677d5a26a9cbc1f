// The durable frontier at scale: fills one SQLite file frontier with synthetic article URLs over
// many hosts (default 10,000,000 URLs over 100,000 hosts in 100 sites, random order, each with a
// publication time within a year, as feeds and sitemaps give them) through Frontier::Enqueue,
// committing in the store's batches, and at 10k, 1M and 10M rows prints:
//  - the enqueue rate in the window of 10,000 URLs ending there (every Enqueue is also the URL
//    seen-check of a new URL);
//  - next-due latency, median and p99 of 2,000 Next() calls asking for any of the 100 sites
//    (what the crawler's Fill does), the URLs then put back;
//  - the seen-check of a known URL (Enqueue refused), median and p99 of 2,000 random ones;
//  - disk bytes per URL (database + WAL after a checkpoint) and the process's resident memory;
// with each latency as a ratio to the 10k figure of the same run. Not measured here: a crawler's
// peak RSS while it crawls from such a frontier.
// Run: build/bench/frontier_bench [max_urls] [hosts] [db_dir]   (default 10000000 100000 $TMPDIR)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "newscrawl/store/sqlite_store.h"

namespace {

using newscrawl::SqliteStore;
using newscrawl::UrlEntry;
using newscrawl::UrlKind;
using Clock = std::chrono::steady_clock;

constexpr int kSites = 100;
constexpr std::uint64_t kWindow = 10000;
constexpr int kSamples = 2000;

long RssKiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// The i-th URL: host and site follow from i, so any earlier URL can be named again.
UrlEntry UrlNumber(std::uint64_t i, std::uint64_t hosts) {
  const std::uint64_t host = (i * 2654435761u) % hosts;
  UrlEntry e;
  e.url = "https://www.paper" + std::to_string(host) + ".example/thoi-su/chuyen-muc-tin-tuc-post" +
          std::to_string(1000000 + i) + ".html";
  e.site = "site" + std::to_string(host % kSites);
  e.kind = UrlKind::kArticle;
  e.priority = 10;
  e.published_at = 1735689600 + static_cast<std::int64_t>((i * 40503u) % (365 * 86400));
  return e;
}

struct Latency {
  double median_us = 0;
  double p99_us = 0;
};

Latency Summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

std::uintmax_t DiskBytes(const std::filesystem::path& db) {
  std::uintmax_t total = 0;
  for (const char* ext : {"", "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(db.string() + ext, ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t max_urls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
  const std::uint64_t hosts = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
  const std::filesystem::path dir = argc > 3 ? std::filesystem::path(argv[3]) : std::filesystem::temp_directory_path();
  const std::filesystem::path db = dir / "frontier_bench.db";
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + ext);
  auto opened = SqliteStore::Open(db.string());
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  SqliteStore& store = **opened;
  std::vector<std::string> sites;
  for (int s = 0; s < kSites; ++s) sites.push_back("site" + std::to_string(s));
  std::vector<std::uint64_t> checkpoints;
  for (std::uint64_t c : {10000ull, 1000000ull, 10000000ull}) {
    if (c <= max_urls) checkpoints.push_back(c);
  }
  std::mt19937_64 rng(42);
  Latency next_base, seen_base;
  std::printf("frontier: %llu URLs over %llu hosts in %d sites, SQLite file %s\n",
              static_cast<unsigned long long>(max_urls), static_cast<unsigned long long>(hosts), kSites,
              db.string().c_str());
  std::printf("%10s %12s %14s %14s %14s %14s %10s %9s\n", "rows", "enqueue/s", "next med us", "next p99 us",
              "seen med us", "seen p99 us", "bytes/URL", "RSS MiB");
  auto window_start = Clock::now();
  const std::int64_t now = 1767225600;  // every URL is due
  for (std::uint64_t i = 0, next_checkpoint = 0; i < max_urls && next_checkpoint < checkpoints.size(); ++i) {
    if (i + kWindow == checkpoints[next_checkpoint]) window_start = Clock::now();
    auto added = store.Enqueue(UrlNumber(i, hosts));
    if (!added.ok() || !*added) {
      std::fprintf(stderr, "enqueue %llu failed\n", static_cast<unsigned long long>(i));
      return 1;
    }
    if (auto s = store.MaybeFlush(); !s.ok()) return 1;
    if (i + 1 != checkpoints[next_checkpoint]) continue;
    const double enqueue_rate = kWindow / std::chrono::duration<double>(Clock::now() - window_start).count();
    if (!store.Flush().ok()) return 1;
    std::vector<double> next_us, seen_us;
    for (int k = 0; k < kSamples; ++k) {
      const auto t0 = Clock::now();
      auto e = store.Next(now, sites);
      next_us.push_back(Micros(Clock::now() - t0));
      if (!e.ok() || !e->has_value()) return 1;
    }
    if (!store.ResetInProgress().ok() || !store.Flush().ok()) return 1;
    std::uniform_int_distribution<std::uint64_t> known(0, i);
    for (int k = 0; k < kSamples; ++k) {
      const UrlEntry e = UrlNumber(known(rng), hosts);
      const auto t0 = Clock::now();
      auto added2 = store.Enqueue(e);
      seen_us.push_back(Micros(Clock::now() - t0));
      if (!added2.ok() || *added2) return 1;
    }
    if (!store.Flush().ok()) return 1;
    const Latency next = Summarise(next_us), seen = Summarise(seen_us);
    if (next_checkpoint == 0) next_base = next, seen_base = seen;
    std::printf("%10llu %12.0f %14.1f %14.1f %14.1f %14.1f %10.0f %9.0f\n", static_cast<unsigned long long>(i + 1),
                enqueue_rate, next.median_us, next.p99_us, seen.median_us, seen.p99_us,
                static_cast<double>(DiskBytes(db)) / static_cast<double>(i + 1), RssKiB() / 1024.0);
    if (next_checkpoint > 0) {
      std::printf("%10s next-due p99 %.2fx and median %.2fx the 10k figure; seen-check p99 %.2fx\n", "",
                  next.p99_us / next_base.p99_us, next.median_us / next_base.median_us, seen.p99_us / seen_base.p99_us);
    }
    std::fflush(stdout);
    ++next_checkpoint;
  }
  return 0;
}
