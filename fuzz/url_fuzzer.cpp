// Fuzzes URL parsing, link resolution and canonicalisation, and checks their invariants:
//  * Href() of a parsed URL parses back to an equal URL (the header promises it);
//  * CanonicalUrl is idempotent (a dedup key must be a fixed point, or the same article gets
//    two keys depending on how often it went through the function);
//  * ResolveUrl's output is itself an absolute URL that parses.
// The input is split at the first newline: base, then reference.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/url/url.h"

namespace {

using newscrawl::fuzz::Check;

void CheckRoundTrip(const newscrawl::Url& url) {
  std::string href = url.Href();
  auto again = newscrawl::Url::Parse(href);
  Check(again.ok(), "Href() of a parsed URL parses");
  Check(*again == url, "Href() of a parsed URL parses back to itself");
  Check(again->Href() == href, "Href() is stable");
}

void CheckCanonical(std::string_view input) {
  auto canonical = newscrawl::CanonicalUrl(input);
  if (!canonical.ok()) return;
  auto twice = newscrawl::CanonicalUrl(*canonical);
  Check(twice.ok(), "a canonical URL canonicalises");
  Check(*twice == *canonical, "CanonicalUrl is idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto [first, second] = newscrawl::fuzz::SplitAt(input, '\n');

  auto whole = newscrawl::Url::Parse(input);
  if (whole.ok()) CheckRoundTrip(*whole);
  CheckCanonical(input);

  auto base = newscrawl::Url::Parse(first);
  if (!base.ok()) return 0;
  CheckRoundTrip(*base);
  CheckCanonical(first);
  if (auto c = base->Canonical(); c.ok()) CheckRoundTrip(*c);

  auto resolved = newscrawl::Url::Parse(second, &*base);
  if (resolved.ok()) {
    CheckRoundTrip(*resolved);
    CheckCanonical(resolved->Href());
  }
  auto via_string = newscrawl::ResolveUrl(first, second);
  Check(via_string.ok() == resolved.ok(), "ResolveUrl agrees with Parse(ref, &base)");
  if (via_string.ok()) {
    Check(*via_string == resolved->Href(), "ResolveUrl gives the resolved Href");
  }
  (void)newscrawl::HostOf(second);
  (void)newscrawl::HostInDomain(base->host(), second);
  return 0;
}
