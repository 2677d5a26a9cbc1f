// Dedup at scale: fills one file store with synthetic articles up to 1,000,000 records through
// UpsertArticle (every dedup rule: URL, exact hash, MinHash candidates + confirmation) and prints
// the insert rate in a window of records ending at 10k, 100k and 1M, each as a ratio to the 10k
// window measured in the same run, with the process's resident memory and the database size.
// The mix: 94% random bodies, 5% formulaic reports of eight templates (many candidates to
// confirm, the expensive case), 1% republished copies of earlier records (must be linked).
// Run: build/bench/dedup_bench [max_records] [db_dir]   (default 1000000, $TMPDIR)
// Store settings to compare, from the environment: DEDUP_BENCH_CACHE_MIB (SQLite page cache),
// DEDUP_BENCH_MMAP_MIB (mmap_size), DEDUP_BENCH_LEVEL0_ROWS (band keys held before a run is
// written out); unset = the store's defaults.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <random>
#include <string>

#include "dedup/formulaic_news.h"
#include "newscrawl/store/sqlite_store.h"
#include "store/store_test_util.h"

namespace {

using newscrawl::Article;
using newscrawl::SqliteStore;

long RssKiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t max_records = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::filesystem::path dir = argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path();
  const std::filesystem::path db = dir / "dedup_bench.db";
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + ext);
  newscrawl::SqliteStoreOptions options;
  options.batch_size = 400;
  if (const char* v = std::getenv("DEDUP_BENCH_CACHE_MIB")) options.cache_bytes = std::atoll(v) << 20;
  if (const char* v = std::getenv("DEDUP_BENCH_MMAP_MIB")) options.mmap_bytes = std::atoll(v) << 20;
  if (const char* v = std::getenv("DEDUP_BENCH_LEVEL0_ROWS")) options.dedup_level0_rows = std::atoll(v);
  auto opened = SqliteStore::Open(db.string(), options);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  SqliteStore& store = **opened;
  std::mt19937_64 rng(42);
  const std::uint64_t kWindow = 5000;
  const std::vector<std::uint64_t> checkpoints = {10000, 100000, 1000000};
  double baseline = 0;
  std::uint64_t copies = 0, linked = 0;
  auto window_start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < max_records; ++i) {
    const std::uint64_t roll = rng() % 100;
    bool is_copy = false;
    Article a = newscrawl::testing::SyntheticArticle(i);
    if (roll < 5) {
      const auto f = newscrawl::testing::MakeFormulaicArticle(static_cast<int>(rng() % 8), i);
      a.title = f.title;
      a.body = f.Body();
      a.published_at = f.published_at;
    } else if (roll == 5 && i > 100) {
      // A republished copy of an earlier record (article ids are 1-based insert order, and only
      // copies are ever linked instead of inserted, so an id names a stored record).
      auto got = store.GetArticle(static_cast<std::int64_t>(1 + rng() % (i / 2)));
      if (got.ok() && got->has_value() && (*got)->article.body) {
        a.title = (*got)->article.title;
        a.body = *(*got)->article.body + "\n\nBài viết được đăng lại từ báo Gia Lai.";
        a.published_at = (*got)->article.published_at;
        is_copy = true;
      }
    }
    a.url = "https://bench.vn/bai-" + std::to_string(i) + ".html";
    a.canonical_url = a.url;
    auto out = store.UpsertArticle(a, {"bench", *a.url, "", 1000 + static_cast<std::int64_t>(i), std::nullopt});
    if (!out.ok()) {
      std::fprintf(stderr, "record %llu: %s\n", static_cast<unsigned long long>(i), out.status().ToString().c_str());
      return 1;
    }
    if (is_copy) {
      ++copies;
      linked += out->kind != newscrawl::StoreOutcomeKind::kInserted;
    }
    if (!store.MaybeFlush().ok()) return 1;
    const std::uint64_t n = i + 1;
    if (n % kWindow == 0 && std::find(checkpoints.begin(), checkpoints.end(), n + kWindow) != checkpoints.end()) {
      (void)store.Flush();
      window_start = std::chrono::steady_clock::now();
    }
    if (std::find(checkpoints.begin(), checkpoints.end(), n) != checkpoints.end()) {
      (void)store.Flush();
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - window_start).count();
      const double rate = static_cast<double>(kWindow) / secs;
      if (baseline == 0) baseline = rate;
      std::error_code ec;
      const auto bytes = std::filesystem::file_size(db, ec) + std::filesystem::file_size(db.string() + "-wal", ec);
      std::printf("%8llu records: %7.0f records/s over the last %llu (%.2fx the 10k window), RSS %ld MiB, db %.0f MiB "
                  "(%.0f bytes/record), copies linked %llu/%llu\n",
                  static_cast<unsigned long long>(n), rate, static_cast<unsigned long long>(kWindow), rate / baseline,
                  RssKiB() / 1024, static_cast<double>(bytes) / (1 << 20), static_cast<double>(bytes) / static_cast<double>(n),
                  static_cast<unsigned long long>(linked), static_cast<unsigned long long>(copies));
      std::fflush(stdout);
    }
  }
  return 0;
}
