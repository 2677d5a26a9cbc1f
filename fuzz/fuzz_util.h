// Helpers shared by the libFuzzer targets: silencing the loggers (a fuzzer prints nothing but its
// own stats) and a hard invariant check that aborts, so libFuzzer records the input as a crash.
#ifndef NEWSCRAWL_FUZZ_FUZZ_UTIL_H_
#define NEWSCRAWL_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "newscrawl/core/log.h"

namespace newscrawl::fuzz {

// Called once from LLVMFuzzerInitialize: extractors log field failures as warnings, which would
// flood the fuzzer's output at tens of thousands of inputs a second.
inline void Silence() { SetLogLevel(spdlog::level::off); }

// Aborts with `what` when `ok` is false. Not assert(): RelWithDebInfo builds define NDEBUG.
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// Splits `data` at the first `sep` byte: (before, after). No separator: (data, "").
inline std::pair<std::string_view, std::string_view> SplitAt(std::string_view data, char sep) {
  std::size_t at = data.find(sep);
  if (at == std::string_view::npos) return {data, {}};
  return {data.substr(0, at), data.substr(at + 1)};
}

}  // namespace newscrawl::fuzz

#endif  // NEWSCRAWL_FUZZ_FUZZ_UTIL_H_
