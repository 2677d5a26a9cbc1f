// Where one crawled article page's CPU goes, stage by stage, on the page the crawl benchmark
// serves (the Báo Gia Lai fixture page with a generated paragraph, about 144 KB):
//   BM_DecodeToUtf8   charset detection and conversion of the fetched body
//   BM_PrepareHtml    the pre-pass (caps, depth estimate, script/style/comment bodies dropped)
//   BM_PlainGumbo     Gumbo over the unmodified page (the baseline every other figure is read against)
//   BM_Parse          HtmlDocument::Parse = pre-pass + Gumbo over what the pre-pass left
//   BM_Extract/0      ExtractorRegistry::Extract (parse + page metadata + the site extractor)
//   BM_Extract/1      the same with ExtractRequest::full_parse (no pruned regions)
//   BM_CompressPage   the zstd compression ArticleStore applies to the raw page it keeps
//   BM_Fixture/<page>/{pruned,full}  extraction of every article fixture, with and without pruning
// After the runs it prints each stage's CPU time per page and its ratio to BM_PlainGumbo, and for
// each fixture the ratio pruned / full.
// Run: build/bench/page_bench
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "crawl/news_site.h"
#include "newscrawl/fetch/charset.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/extract/fixtures.h"
#include "newscrawl/html/html_document.h"

namespace newscrawl {
namespace {

const std::string& Page() {
  static const std::string page = testing::ArticlePage("http://127.0.0.1:8080/tin/bai-1-post100001.html", 1);
  return page;
}

void BM_DecodeToUtf8(benchmark::State& state) {
  for (auto _ : state) {
    Result<std::string> s = DecodeToUtf8(Page(), "text/html; charset=utf-8");
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_DecodeToUtf8);

void BM_PrepareHtml(benchmark::State& state) {
  for (auto _ : state) {
    Result<std::string> s = PrepareHtml(Page(), HtmlParseOptions{});
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_PrepareHtml);

void BM_PlainGumbo(benchmark::State& state) {
  const std::string& p = Page();
  for (auto _ : state) {
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
    benchmark::DoNotOptimize(out);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
}
BENCHMARK(BM_PlainGumbo);

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) {
    Result<HtmlDocument> doc = HtmlDocument::Parse(Page());
    benchmark::DoNotOptimize(doc);
  }
}
BENCHMARK(BM_Parse);

// Arg 0: as the crawler extracts (the site's pruned regions left out); 1: the whole page parsed.
void BM_Extract(benchmark::State& state) {
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  const std::string url = "http://127.0.0.1:8080/tin/bai-1-post100001.html";
  const bool full = state.range(0) == 1;
  for (auto _ : state) {
    Result<Article> a =
        registry.Extract(Page(), ExtractRequest{.url = url, .site = "baogialai", .parse = {}, .full_parse = full});
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Extract)->Arg(0)->Arg(1);

// One benchmark per article fixture and mode, registered at start-up.
void RegisterFixtureBenchmarks() {
  Result<std::vector<Fixture>> fixtures = ListFixtures(std::filesystem::path(NEWSCRAWL_SOURCE_DIR) / "fixtures");
  if (!fixtures.ok()) return;
  for (const Fixture& f : *fixtures) {
    Result<std::string> html = ReadFileToString(f.html, 16u << 20);
    if (!html.ok()) continue;
    const std::string name = f.html.parent_path().filename().string() + "/" + f.html.stem().string().substr(0, 24);
    for (const bool full : {false, true}) {
      benchmark::RegisterBenchmark(("BM_Fixture/" + name + (full ? "/full" : "/pruned")).c_str(),
                                   [page = *html, f, full](benchmark::State& state) {
                                     const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
                                     for (auto _ : state) {
                                       Result<Article> a = registry.Extract(
                                           page, ExtractRequest{.url = f.url, .site = f.site, .parse = {}, .full_parse = full});
                                       benchmark::DoNotOptimize(a);
                                     }
                                   });
    }
  }
}

void BM_CompressPage(benchmark::State& state) {
  const std::string& p = Page();
  std::string out(ZSTD_compressBound(p.size()), '\0');
  for (auto _ : state) {
    benchmark::DoNotOptimize(ZSTD_compress(out.data(), out.size(), p.data(), p.size(), static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_CompressPage)->Arg(1)->Arg(3);

// Prints every stage as CPU microseconds per page and as a ratio to the plain Gumbo parse.
class StageReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      us_[r.benchmark_name()] = r.GetAdjustedCPUTime() * 1e6 / benchmark::GetTimeUnitMultiplier(r.time_unit);
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto base = us_.find("BM_PlainGumbo");
    if (base == us_.end() || base->second <= 0) return;
    std::printf("\npage: %zu bytes\n%-22s %10s %8s\n", Page().size(), "stage", "CPU us", "/gumbo");
    for (const auto& [name, us] : us_) {
      if (name.rfind("BM_Fixture/", 0) != 0) std::printf("%-22s %10.0f %8.2f\n", name.c_str(), us, us / base->second);
    }
    std::printf("\n%-44s %10s %10s %8s\n", "fixture", "pruned us", "full us", "ratio");
    for (const auto& [name, us] : us_) {
      if (name.rfind("BM_Fixture/", 0) != 0 || !name.ends_with("/pruned")) continue;
      const std::string stem = name.substr(11, name.size() - 11 - 7);
      const auto full = us_.find("BM_Fixture/" + stem + "/full");
      if (full == us_.end() || full->second <= 0) continue;
      std::printf("%-44s %10.0f %10.0f %8.2f\n", stem.c_str(), us, full->second, us / full->second);
    }
  }

 private:
  std::map<std::string, double> us_;
};

}  // namespace
}  // namespace newscrawl

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  newscrawl::RegisterFixtureBenchmarks();
  newscrawl::StageReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
