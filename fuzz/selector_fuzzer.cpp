// Fuzzes the CSS selector compiler: any input either fails to parse or compiles to a selector
// that can be matched against a small fixed document without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/html/selector.h"

namespace {

constexpr std::string_view kDoc = R"(<!doctype html><html lang="vi"><head>
<meta property="og:title" content="T"><link rel="canonical" href="/a-post1.html">
<link rel="next" href="?page=2"></head><body class="home page">
<div id="main" class="container"><article class="story main-story" data-id="42">
<h1 class="title">Tiêu đề</h1><p class="sapo">Sapo <a href="/x" rel="next">x</a></p>
<div class="content"><p>One</p><p class="">Two<br>three</p><ul><li>a</li><li>b</li></ul></div>
</article><nav class="pagination"><a class="next" href="/p/2">2</a></nav></div>
<footer><span title="a b c" lang="en-US">f</span></footer></body></html>)";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // selectors are written by people; long ones add nothing
  std::string_view css(reinterpret_cast<const char*>(data), size);
  static const auto doc = newscrawl::HtmlDocument::Parse(kDoc);
  newscrawl::fuzz::Check(doc.ok(), "the fixed document parses");

  auto selector = newscrawl::Selector::Parse(css);
  if (!selector.ok()) return 0;
  auto all = selector->SelectAll(doc->Root());
  auto first = selector->SelectFirst(doc->Root());
  newscrawl::fuzz::Check(all.empty() == !first, "SelectFirst agrees with SelectAll");
  if (!all.empty()) newscrawl::fuzz::Check(all.front() == first, "SelectFirst is the first match");
  for (const auto& node : doc->AllElements()) (void)selector->Matches(node);
  return 0;
}
