// TestSiteServer: a small HTTP/1.1 server on 127.0.0.1 (ephemeral port) with programmatically
// registered routes and misbehaviours (delays, slow bodies, failures then success, gzip, endless
// streams, connection resets, redirects), plus a log of every request so tests can assert
// politeness. Used by the test suite and by `newscrawl demo`; never meant for the open network.
//
// Ownership and threading: each server owns one io_context and one thread, started by the
// constructor and joined by Stop() / the destructor. All public methods are thread-safe.
// Run several servers at once to simulate several sites (one per port), or register routes for
// specific Host headers on one server.
#ifndef NEWSCRAWL_TEST_SITE_SERVER_H_
#define NEWSCRAWL_TEST_SITE_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newscrawl {

struct ResponseOptions {
  // Wait this long after reading the request before sending anything. Default: 0.
  std::chrono::milliseconds delay{0};
  // Send the body in pieces of `slow_chunk_bytes` with `slow_interval` between them.
  // 0 = all at once. Default: 0.
  std::size_t slow_chunk_bytes = 0;
  std::chrono::milliseconds slow_interval{0};
  // Answer the first `fail_first` requests to this route with `fail_status` (and Retry-After:
  // `fail_retry_after` if not empty), then the real response. Default: 0 (never fail).
  int fail_first = 0;
  int fail_status = 503;
  std::string fail_retry_after;
  // Gzip the body (zlib) and send Content-Encoding: gzip. Default: false.
  bool gzip = false;
  // Omit Content-Length and use chunked transfer encoding. Default: false.
  bool chunked = false;
  // Chunked body that never ends (the body string is repeated) until the client goes away or
  // `endless_limit_bytes` were sent. Default: false.
  bool endless = false;
  std::size_t endless_limit_bytes = std::size_t{1} << 30;
  // Send this many body bytes, then reset the connection (RST). Default: -1 (never).
  long long reset_after_bytes = -1;
};

struct Response {
  int status = 200;
  // Extra headers, e.g. {"Content-Type", "text/html; charset=utf-8"}, {"Location", "/b"}.
  // Content-Length, Connection, Date and Transfer-Encoding are set by the server.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  ResponseOptions options;

  // A redirect with an empty body.
  static Response Redirect(int status, std::string location);
  // A 200 text/html page.
  static Response Html(std::string body);
};

struct RequestRecord {
  std::string method;
  std::string target;  // path and query as sent
  std::string host;    // Host header
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::steady_clock::time_point start;  // request fully read
  std::chrono::steady_clock::time_point end;    // response fully written (or connection reset)
  int status = 0;
  // Requests being served (this one included) when this one started.
  int concurrent_at_start = 0;
  std::uint64_t connection_id = 0;  // equal for requests that reused one keep-alive connection
};

// gzip (RFC 1952) of `data` at default compression.
std::string GzipCompress(std::string_view data);

class TestSiteServer {
 public:
  // Binds 127.0.0.1:0 and starts serving. Throws std::system_error if it cannot bind.
  TestSiteServer();
  ~TestSiteServer();
  TestSiteServer(const TestSiteServer&) = delete;
  TestSiteServer& operator=(const TestSiteServer&) = delete;

  // Serve `response` for requests whose target equals `path_and_query` exactly. With a
  // non-empty `host`, only for that Host header (port ignored); host-specific routes win.
  // Replaces an earlier route with the same key and resets its failure counter.
  void AddRoute(const std::string& path_and_query, Response response, const std::string& host = "");

  std::uint16_t port() const;
  // "http://127.0.0.1:<port>"
  std::string BaseUrl() const;
  // BaseUrl() + path
  std::string Url(std::string_view path) const;

  // Snapshot of the request log, in order of arrival.
  std::vector<RequestRecord> Requests() const;
  // Requests whose target equals `path_and_query`.
  std::size_t CountRequests(std::string_view path_and_query) const;
  void ClearRequests();
  // Connections accepted so far.
  std::uint64_t ConnectionsAccepted() const;

  // Stops accepting, closes every connection and joins the thread. Idempotent.
  void Stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_TEST_SITE_SERVER_H_
