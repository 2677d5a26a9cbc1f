// Fuzzes the RSS 2.0 / RSS 1.0 / Atom parser (and its gzip path) with small limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/discovery/feed.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  newscrawl::FeedLimits limits;
  limits.max_items = 100;
  limits.max_bytes = 256 * 1024;
  auto feed = newscrawl::ParseFeed(input, limits);
  if (feed.ok()) {
    newscrawl::fuzz::Check(feed->items.size() <= limits.max_items, "max_items is honoured");
    newscrawl::SortNewestFirst(feed->items);
  }
  return 0;
}
