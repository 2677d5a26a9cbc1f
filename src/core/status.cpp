#include "newscrawl/core/status.h"

#include <cstdio>
#include <cstdlib>

namespace newscrawl {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk: return "ok";
    case ErrorKind::kInvalidArgument: return "invalid_argument";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kParseError: return "parse_error";
    case ErrorKind::kTooLarge: return "too_large";
    case ErrorKind::kTooDeep: return "too_deep";
    case ErrorKind::kIoError: return "io_error";
    case ErrorKind::kNetwork: return "network";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kHttpStatus: return "http_status";
    case ErrorKind::kRobotsDisallowed: return "robots_disallowed";
    case ErrorKind::kBlockedAddress: return "blocked_address";
    case ErrorKind::kTooManyRedirects: return "too_many_redirects";
    case ErrorKind::kCharset: return "charset";
    case ErrorKind::kStorage: return "storage";
    case ErrorKind::kDuplicate: return "duplicate";
    case ErrorKind::kCancelled: return "cancelled";
    case ErrorKind::kLocked: return "locked";
    case ErrorKind::kUnsupported: return "unsupported";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(ErrorKindName(kind_));
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

void AbortOnStatus(std::string_view what, const Status& status) {
  std::fprintf(stderr, "invalid %.*s: %s\n", static_cast<int>(what.size()), what.data(), status.ToString().c_str());
  std::abort();
}

}  // namespace newscrawl
