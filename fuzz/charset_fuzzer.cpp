// Fuzzes charset detection and conversion. The input's first line (if it ends within 200 bytes) is
// the Content-Type header, the rest the body; the body is also decoded with no header at all, so
// BOM, <meta> and statistical detection all see fuzz data. The output must be valid UTF-8 without
// NUL bytes: everything downstream (Gumbo, JSON, SQLite) relies on it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "newscrawl/fetch/charset.h"
#include "newscrawl/core/text.h"

namespace {

void CheckDecoded(std::string_view body, std::string_view content_type) {
  std::string detected;
  auto decoded = newscrawl::DecodeToUtf8(body, content_type, &detected);
  if (!decoded.ok()) return;
  newscrawl::fuzz::Check(newscrawl::IsValidUtf8(*decoded), "DecodeToUtf8 output is valid UTF-8");
  newscrawl::fuzz::Check(decoded->find('\0') == std::string::npos, "DecodeToUtf8 drops NUL");
  newscrawl::fuzz::Check(!detected.empty(), "DecodeToUtf8 names the charset it used");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  newscrawl::fuzz::Silence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view header;
  std::string_view body = input;
  if (std::size_t nl = input.substr(0, 200).find('\n'); nl != std::string_view::npos) {
    header = input.substr(0, nl);
    body = input.substr(nl + 1);
  }
  CheckDecoded(body, header);
  CheckDecoded(input, "");
  (void)newscrawl::CanonicalCharset(header);
  (void)newscrawl::CharsetParam(header);
  (void)newscrawl::MetaCharset(input);
  return 0;
}
