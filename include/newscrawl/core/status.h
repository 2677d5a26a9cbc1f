// Status and Result<T>: expected failures as values (leveldb-style), so callers branch on a named
// kind instead of parsing messages, and nothing throws across curl/Gumbo/Asio callbacks.
// Both are plain values: copyable, thread-compatible (no shared state).
#ifndef NEWSCRAWL_STATUS_H_
#define NEWSCRAWL_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace newscrawl {

// The kinds a caller may branch on. Add kinds at the end; their names are stored in the
// fetch log (`ErrorKindName`), so renaming one changes stored data.
enum class ErrorKind {
  kOk = 0,
  kInvalidArgument,   // bad command line, config or API input
  kNotFound,          // a file, row or element that is not there
  kParseError,        // input that does not parse (URL, robots line, XML, JSON)
  kTooLarge,          // input over a configured size cap
  kTooDeep,           // input nested deeper than the parser accepts
  kIoError,           // local file or OS failure
  kNetwork,           // connection refused/reset, DNS failure, TLS failure
  kTimeout,           // connect, total or low-speed timeout
  kHttpStatus,        // a non-success HTTP status
  kRobotsDisallowed,  // robots.txt forbids the URL
  kBlockedAddress,    // resolved to a private/loopback address while those are not allowed
  kTooManyRedirects,  // redirect loop or chain over the limit
  kCharset,           // bytes that cannot be decoded in any plausible charset
  kStorage,           // SQLite failure
  kDuplicate,         // content already stored
  kCancelled,         // shutdown requested
  kLocked,            // another run holds the database lock
  kUnsupported,       // content type or scheme newscrawl does not handle
};

// Stable lower-case name of a kind ("timeout", "http_status", ...).
std::string_view ErrorKindName(ErrorKind kind);

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {ErrorKind::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {ErrorKind::kNotFound, std::move(m)}; }
  static Status ParseError(std::string m) { return {ErrorKind::kParseError, std::move(m)}; }
  static Status TooLarge(std::string m) { return {ErrorKind::kTooLarge, std::move(m)}; }
  static Status TooDeep(std::string m) { return {ErrorKind::kTooDeep, std::move(m)}; }
  static Status IoError(std::string m) { return {ErrorKind::kIoError, std::move(m)}; }
  static Status Storage(std::string m) { return {ErrorKind::kStorage, std::move(m)}; }

  bool ok() const { return kind_ == ErrorKind::kOk; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // "<kind>: <message>", or "ok".
  std::string ToString() const;

 private:
  ErrorKind kind_ = ErrorKind::kOk;
  std::string message_;
};

// Prints "invalid <what>: <status>" to stderr and aborts. For values built from constants in the
// source (built-in selectors and patterns), where a failure is a bug the first test run shows.
[[noreturn]] void AbortOnStatus(std::string_view what, const Status& status);

// A value or the Status saying why there is none. Accessing value() of a failed Result is a
// programming error (asserted), not an expected failure.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {      // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status carries no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  // The value, or AbortOnStatus(what, status()).
  T ValueOrAbort(std::string_view what) && {
    if (!ok()) AbortOnStatus(what, status());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STATUS_H_
