// Fuzzes the robots.txt parser and matcher. The input's first line is the path to ask about, the
// rest is the robots.txt body; the path is also asked for a fixed set of agents so both the named
// groups and the "*" fallback are exercised.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/politeness/robots.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto [path, body] = newscrawl::fuzz::SplitAt(input, '\n');
  // Paths longer than a URL may be are never asked (the URL parser rejects them first).
  if (path.size() > 16 * 1024) path = path.substr(0, 16 * 1024);

  auto rules = newscrawl::RobotsRules::Parse(body);
  for (std::string_view agent : {"newscrawl", "Googlebot/2.1", "*", ""}) {
    (void)rules.Allowed(agent, path);
    (void)rules.CrawlDelay(agent);
  }
  // The implicit allow of §2.2.2 holds whatever the body says.
  newscrawl::fuzz::Check(rules.Allowed("newscrawl", "/robots.txt"), "/robots.txt is allowed");
  (void)newscrawl::NormalizeRobotsPath(path);
  (void)newscrawl::ProductToken(path);
  return 0;
}
