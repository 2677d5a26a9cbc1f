// Fuzzes the page → record path: HtmlDocument::Parse (pre-pass, size/depth caps, Gumbo), every
// registered extractor, and the LinkExtractor over the same document.
//
// "Every extractor" means every distinct Extractor object: the registry's site keys share
// extractors (all built-in sites run on the CMS-family one) and differ only in defaults, so one key
// per extractor plus "generic" covers all extractor code at a fraction of the cost of running all
// twelve names (each Extract parses the page again; ASan makes that the bottleneck).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/discovery/link_extractor.h"

namespace {

// The page URL the extractors see; a site host so "auto" picks a site extractor and the link
// extractor keeps same-host links.
constexpr std::string_view kPageUrl = "https://baogialai.com.vn/tin-tuc/bai-viet-post1.html";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The fetcher caps bodies long before this; bigger inputs only slow the fuzzer down.
  if (size > (1u << 20)) return 0;
  std::string_view html(reinterpret_cast<const char*>(data), size);

  const auto& registry = newscrawl::ExtractorRegistry::Builtin();
  static const std::vector<std::string> names = [&registry] {
    std::vector<std::string> keys{"generic"};
    std::vector<const newscrawl::Extractor*> seen;
    for (const auto& site : registry.sites()) {
      const newscrawl::Extractor* e = site.extractor.get();
      if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
      seen.push_back(e);
      keys.push_back(site.key);
    }
    return keys;
  }();
  for (const std::string& name : names) {
    newscrawl::ExtractRequest request;
    request.url = std::string(kPageUrl);
    request.site = name;
    auto article = registry.Extract(html, request);
    (void)article;
  }

  // Pruning with patterns that match often (every div, a common class), so the fuzzer reaches
  // regions that end early, late or never; the pruned parse must fail exactly when the plain one
  // does (the caps are the same).
  static const newscrawl::HtmlParseOptions pruning = [] {
    newscrawl::HtmlParseOptions o;
    o.prune = newscrawl::ElementPattern::MustParseAll({"div", ".a", "section#b"});
    return o;
  }();
  auto pruned = newscrawl::HtmlDocument::Parse(html, pruning);

  auto doc = newscrawl::HtmlDocument::Parse(html);
  newscrawl::fuzz::Check(pruned.ok() == doc.ok(), "pruning never changes whether a page parses");
  if (!doc.ok()) return 0;
  static const auto links = newscrawl::LinkExtractor::Create(newscrawl::LinkRules{
      .article_url = R"(-post\d+\.html$)",
      .follow_url = R"(/[a-z-]+/$)",
  });
  newscrawl::fuzz::Check(links.ok(), "default link rules compile");
  auto found = links->Extract(*doc, kPageUrl);
  (void)found;
  return 0;
}
