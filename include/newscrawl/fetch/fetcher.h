// Fetcher: many concurrent HTTP(S) exchanges driven by one caller-owned Boost.Asio io_context
// through libcurl's multi socket API (no polling loop, no thread per request).
//
// One Fetch() call = exactly one HTTP exchange. Redirects are *not* followed: the result carries
// the status and the absolute Location, so the crawler can send every hop through its politeness
// gate. Retries and backoff are also the caller's job (see IsRetryable / ParseRetryAfter).
//
// Safety: by default connections to loopback, private, link-local, unspecified, ULA, CGNAT,
// multicast and reserved addresses are refused, checked on the *resolved* address at connect time
// (so DNS cannot smuggle them in); FetchOptions::allow_private_addresses turns that off.
// Bodies are capped at max_body_bytes of *decoded* bytes (this bounds gzip bombs too); going over
// aborts the transfer with kTooLarge, never a silent truncation (a request may ask for a prefix
// instead: FetchRequest::truncate_body_at, flagged in FetchResult::truncated).
//
// Ownership and threading: the io_context must outlive the Fetcher. The Fetcher is not
// thread-safe: construct it, call Fetch()/InFlight() and destroy it on the thread that runs the
// io_context (or while the io_context is not running). Completion callbacks are posted to the
// io_context, never run from inside Fetch() or a libcurl callback. Destroying the Fetcher aborts
// every transfer; after the destructor returns no callback of this Fetcher runs.
// A CurlGlobal (curl_handles.h) must be alive for the Fetcher's whole life.
#ifndef NEWSCRAWL_FETCHER_H_
#define NEWSCRAWL_FETCHER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newscrawl/core/status.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace newscrawl {

struct FetchOptions {
  // Sent as User-Agent. Default: "newscrawl/0.1".
  std::string user_agent = "newscrawl/0.1";
  // TCP + TLS connect limit. Default: 10 s.
  std::chrono::milliseconds connect_timeout{10'000};
  // Whole-exchange limit, connect included. Default: 60 s.
  std::chrono::milliseconds total_timeout{60'000};
  // Abort when fewer than low_speed_limit bytes/s arrive for low_speed_time. Default: 100 B/s
  // for 30 s. 0 disables.
  long low_speed_limit = 100;
  std::chrono::seconds low_speed_time{30};
  // Cap on the decoded body; over it the transfer fails with kTooLarge. Default: 10 MiB.
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  // Allow loopback/private/link-local/... destinations (tests, intranet crawls). Default: false.
  bool allow_private_addresses = false;
  // Connections open at once across all hosts; further transfers wait inside libcurl.
  // Default: 256.
  long max_total_connections = 256;
  // Accept-Encoding. "" = every encoding the linked libcurl can decode (gzip, br, zstd on
  // Debian 12; see SupportedContentEncodings()). Default: "".
  std::string accept_encoding;
};

enum class HttpMethod { kGet, kHead };

struct FetchRequest {
  std::string url;
  // Extra request headers, "Name: value" (e.g. "If-None-Match: \"abc\"",
  // "If-Modified-Since: ..."). "Name:" removes a header libcurl would send.
  std::vector<std::string> headers;
  HttpMethod method = HttpMethod::kGet;
  // Opaque to the Fetcher; copied into the result so the caller can find its own state.
  std::uint64_t tag = 0;
  // > 0: keep only the first this many body bytes and end the exchange successfully
  // (FetchResult::truncated), instead of failing with kTooLarge. For documents whose standard
  // says to read a prefix, such as robots.txt (RFC 9309 §2.5: at least 500 KiB). Default: 0.
  std::size_t truncate_body_at = 0;
};

struct FetchResult {
  std::uint64_t tag = 0;
  std::string url;            // as requested
  std::string effective_url;  // what libcurl actually fetched (same as url: no redirects followed)
  long status_code = 0;       // 0 when no response arrived
  // Absolute redirect target for 3xx with Location (CURLINFO_REDIRECT_URL), else "".
  std::string location;
  std::string content_type;
  std::string content_encoding;  // as sent by the server (the body is already decoded)
  std::string etag;
  std::string last_modified;
  std::string retry_after;  // raw header value; see ParseRetryAfter
  // Every response header in arrival order, names as sent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded from Content-Encoding; raw bytes, charset untouched
  // The body was cut at FetchRequest::truncate_body_at (the rest was never read).
  bool truncated = false;
  // When Fetch() was called, and when the request actually went out on a connection (after
  // connect/TLS, right before sending; equals queued_at if it never got that far).
  std::chrono::steady_clock::time_point queued_at;
  std::chrono::steady_clock::time_point started_at;
  std::chrono::microseconds total_time{0};  // libcurl's total time for the exchange
  std::string primary_ip;                   // address actually connected to
  int curl_code = 0;                        // raw CURLcode, for logs
  // OK when an HTTP response arrived, whatever its status (404 and 500 are not errors here).
  // Otherwise kTimeout, kNetwork, kTooLarge, kBlockedAddress, kUnsupported (scheme),
  // kInvalidArgument (malformed URL), kParseError (bad content encoding), kCancelled.
  Status error;

  bool ok() const { return error.ok(); }
};

// Whether a retry may succeed: timeouts and connection errors, and responses 408, 429 and 5xx
// except 501/505 (which will not change). TLS certificate failures are not retried.
bool IsRetryable(const FetchResult& result);

// Retry-After as a delay from `now`: either delta-seconds ("120") or an HTTP date
// ("Wed, 21 Oct 2015 07:28:00 GMT"; a date in the past gives 0 s). nullopt for anything else.
std::optional<std::chrono::seconds> ParseRetryAfter(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Whether a numeric IPv4/IPv6 address is one the Fetcher refuses by default: unspecified,
// loopback, RFC 1918 private, CGNAT (100.64/10), link-local, ULA (fc00::/7), multicast,
// reserved/benchmark/IETF ranges, and v4-mapped/NAT64 forms of those. Unparsable input → true.
bool IsNonPublicAddress(std::string_view numeric_ip);

// Content encodings the linked libcurl decodes, e.g. "gzip, br, zstd".
std::string SupportedContentEncodings();

class Fetcher {
 public:
  // `io` must outlive the Fetcher.
  explicit Fetcher(boost::asio::io_context& io, FetchOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts one exchange; `on_done` runs later on the io_context thread, exactly once (unless the
  // Fetcher is destroyed first).
  void Fetch(FetchRequest request, std::function<void(FetchResult)> on_done);

  // Fetch() calls whose callback has not run yet.
  std::size_t InFlight() const;

  const FetchOptions& options() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared so posted handlers can hold a weak_ptr to it
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_FETCHER_H_
