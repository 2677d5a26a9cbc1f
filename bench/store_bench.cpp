// Store throughput: records written per second through the crawler's path (Enqueue, Next,
// UpsertArticle with all dedup rules, MarkDone committing every batch_size writes), into a
// fresh file database. Run: build/bench/store_bench
#include <benchmark/benchmark.h>

#include "newscrawl/dedup/content_dedup.h"
#include "newscrawl/store/sqlite_store.h"
#include "store/store_test_util.h"

namespace newscrawl {
namespace {

void BM_StoreCrawlPath(benchmark::State& state) {
  const int records = static_cast<int>(state.range(0));
  const int batch = static_cast<int>(state.range(1));
  for (auto _ : state) {
    state.PauseTiming();
    testing::TempDir dir;
    SqliteStoreOptions options;
    options.batch_size = batch;
    auto opened = SqliteStore::Open(dir.File("bench.db"), options);
    if (!opened.ok()) {
      state.SkipWithError(opened.status().ToString().c_str());
      return;
    }
    SqliteStore& store = **opened;
    state.ResumeTiming();
    for (int i = 0; i < records; ++i) {
      // Building the record (a ~600-byte random body) is part of the loop; it costs a few
      // microseconds against the store's work.
      const Article a = testing::SyntheticArticle(static_cast<std::uint64_t>(i));
      UrlEntry e;
      e.url = *a.url;
      e.site = "example";
      if (!store.Enqueue(e).ok()) state.SkipWithError("enqueue failed");
      auto next = store.Next(0);
      if (!next.ok() || !next->has_value()) state.SkipWithError("next failed");
      auto out = store.UpsertArticle(a, {"example", *a.url, "", 1000, std::nullopt});
      if (!out.ok() || out->kind != StoreOutcomeKind::kInserted) state.SkipWithError("upsert failed");
      if (!store.MarkDone(*a.url, {}, std::nullopt).ok()) state.SkipWithError("mark done failed");
    }
    if (!store.Flush().ok()) state.SkipWithError("flush failed");
    state.PauseTiming();
    opened = Status(ErrorKind::kCancelled, "closed");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * records);
}
BENCHMARK(BM_StoreCrawlPath)->Args({100000, 400})->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_StoreCrawlPath)->Args({10000, 1})->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

void BM_Fingerprint(benchmark::State& state) {
  const Article a = testing::SyntheticArticle(42);
  for (auto _ : state) benchmark::DoNotOptimize(Fingerprint(*a.title, *a.body));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Fingerprint);

}  // namespace
}  // namespace newscrawl
