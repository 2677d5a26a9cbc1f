// Fuzzes the sitemap parser (urlset, sitemapindex, plain text) and Gunzip. Small limits keep each
// run fast and make the caps themselves reachable. The seed corpus holds gzipped sitemaps (and a
// gzip bomb), so the mutator starts from valid gzip streams, not only from XML.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/discovery/sitemap.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  newscrawl::SitemapLimits limits;
  limits.max_urls = 100;
  limits.max_bytes = 256 * 1024;

  auto sitemap = newscrawl::ParseSitemap(input, limits);
  if (sitemap.ok()) {
    newscrawl::fuzz::Check(sitemap->entries.size() <= limits.max_urls, "max_urls is honoured");
    newscrawl::SortNewestFirst(sitemap->entries);
  }

  auto gunzipped = newscrawl::Gunzip(input, limits.max_bytes);
  if (gunzipped.ok()) {
    newscrawl::fuzz::Check(gunzipped->size() <= limits.max_bytes, "Gunzip honours max_output");
  }
  return 0;
}
