// Speed of the generic extractor against the cost of parsing alone, on the article-extraction
// benchmark pages (85 gzipped pages; NEWSCRAWL_AEB_DIR, default /work/shared/eval/aeb-dev/html).
//   BM_PlainGumboParse: gumbo_parse_with_options over the unmodified pages (the baseline).
//   BM_GenericExtraction: HtmlDocument::Parse (pre-pass + Gumbo) + PageMetadata + GenericExtractor.
// After the runs it prints pages/s of each and the ratio extraction time / plain parse time.
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "generic/generic_extractor.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/extract/page_metadata.h"

namespace {

std::string Gunzip(const std::filesystem::path& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    const char* env = std::getenv("NEWSCRAWL_AEB_DIR");
    const std::filesystem::path dir = env ? env : "/work/shared/eval/aeb-dev/html";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (e.path().string().ends_with(".html.gz")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(Gunzip(f));
    return out;
  }();
  return pages;
}

std::size_t TotalBytes() {
  std::size_t n = 0;
  for (const std::string& p : Pages()) n += p.size();
  return n;
}

void BM_PlainGumboParse(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("no benchmark pages (set NEWSCRAWL_AEB_DIR)");
    return;
  }
  for (auto _ : state) {
    for (const std::string& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
}
BENCHMARK(BM_PlainGumboParse)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_GenericExtraction(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("no benchmark pages (set NEWSCRAWL_AEB_DIR)");
    return;
  }
  const newscrawl::GenericExtractor extractor;
  const newscrawl::ExtractContext ctx{"", "", ""};
  for (auto _ : state) {
    for (const std::string& p : pages) {
      auto doc = newscrawl::HtmlDocument::Parse(p);
      if (!doc.ok()) continue;
      const newscrawl::PageMetadata meta = newscrawl::PageMetadata::Build(*doc);
      newscrawl::Article a = extractor.Extract(*doc, meta, ctx);
      benchmark::DoNotOptimize(a);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
}
BENCHMARK(BM_GenericExtraction)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// Collects the per-page times of the two benchmarks to print their ratio.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      // items_per_second is computed from CPU time: the machine is shared, and wall time would
      // count other people's work.
      auto it = r.counters.find("items_per_second");
      if (it == r.counters.end()) continue;
      if (r.benchmark_name().find("BM_PlainGumboParse") != std::string::npos) parse_rate_ = it->second.value;
      if (r.benchmark_name().find("BM_GenericExtraction") != std::string::npos) extract_rate_ = it->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const std::size_t n = Pages().size();
    if (parse_rate_ <= 0 || extract_rate_ <= 0 || n == 0) return;
    std::printf("\n%zu pages, %.1f MB\n", n, static_cast<double>(TotalBytes()) / 1e6);
    std::printf("plain Gumbo parse:   %7.1f pages/s (CPU time)\n", parse_rate_);
    std::printf("generic extraction:  %7.1f pages/s (CPU time)\n", extract_rate_);
    std::printf("ratio extraction / plain parse: %.3f\n", parse_rate_ / extract_rate_);
  }

 private:
  double parse_rate_ = 0;    // pages per CPU second
  double extract_rate_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (Pages().empty()) {
    std::printf("generic_bench: no pages found (set NEWSCRAWL_AEB_DIR to the aeb-dev/html folder); skipping\n");
    return 0;
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
