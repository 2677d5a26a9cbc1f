// Fetcher against the loopback TestSiteServer (never the live web), plus the pure helpers.
#include "newscrawl/fetch/fetcher.h"

#include <utility>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/testsite/test_site_server.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

const CurlGlobal kCurlGlobal;  // one guard for the whole test binary

FetchOptions LoopbackOptions() {
  FetchOptions o;
  o.allow_private_addresses = true;  // the test server lives on 127.0.0.1
  o.total_timeout = std::chrono::seconds(20);
  o.connect_timeout = std::chrono::seconds(5);
  return o;
}

// Runs one exchange to completion on a private io_context.
FetchResult FetchOne(FetchRequest request, FetchOptions options = LoopbackOptions()) {
  boost::asio::io_context io;
  Fetcher fetcher(io, std::move(options));
  std::optional<FetchResult> out;
  fetcher.Fetch(std::move(request), [&out](FetchResult r) { out = std::move(r); });
  io.run();
  EXPECT_TRUE(out.has_value()) << "callback never ran";
  EXPECT_EQ(fetcher.InFlight(), 0u);
  return out ? std::move(*out) : FetchResult{};
}

FetchResult FetchUrl(const std::string& url, FetchOptions options = LoopbackOptions()) {
  FetchRequest r;
  r.url = url;
  return FetchOne(std::move(r), std::move(options));
}

std::string HeaderOf(const RequestRecord& rec, std::string_view name) {
  for (const auto& [n, v] : rec.headers) {
    if (n.size() == name.size() &&
        std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return "";
}

TEST(FetcherTest, Ok200WithBodyAndHeaders) {
  TestSiteServer server;
  Response page = Response::Html("<html><body>hello</body></html>");
  page.headers.emplace_back("ETag", "\"v1\"");
  page.headers.emplace_back("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
  page.headers.emplace_back("X-Custom", "yes");
  server.AddRoute("/page?x=1", page);

  FetchRequest req;
  req.url = server.Url("/page?x=1");
  req.tag = 42;
  req.headers = {"If-None-Match: \"v0\""};
  FetchOptions opts = LoopbackOptions();
  opts.user_agent = "newscrawl-test/1";
  const FetchResult r = FetchOne(req, opts);

  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.tag, 42u);
  EXPECT_EQ(r.status_code, 200);
  EXPECT_EQ(r.body, "<html><body>hello</body></html>");
  EXPECT_EQ(r.url, req.url);
  EXPECT_EQ(r.effective_url, req.url);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.etag, "\"v1\"");
  EXPECT_EQ(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(r.location, "");
  EXPECT_EQ(r.primary_ip, "127.0.0.1");
  EXPECT_GE(r.started_at, r.queued_at);
  bool saw_custom = false;
  for (const auto& [n, v] : r.headers) saw_custom |= (n == "X-Custom" && v == "yes");
  EXPECT_TRUE(saw_custom);

  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].target, "/page?x=1");
  EXPECT_EQ(HeaderOf(log[0], "User-Agent"), "newscrawl-test/1");
  EXPECT_EQ(HeaderOf(log[0], "If-None-Match"), "\"v0\"");
  EXPECT_NE(HeaderOf(log[0], "Accept-Encoding").find("gzip"), std::string::npos);
}

TEST(FetcherTest, AdvertisesEveryEncodingLibcurlSupports) {
  const std::string enc = SupportedContentEncodings();
  EXPECT_NE(enc.find("gzip"), std::string::npos);
  TestSiteServer server;
  server.AddRoute("/", Response::Html("x"));
  ASSERT_TRUE(FetchUrl(server.Url("/")).ok());
  const std::string sent = HeaderOf(server.Requests().at(0), "Accept-Encoding");
  if (enc.find("br") != std::string::npos) {
    EXPECT_NE(sent.find("br"), std::string::npos);
  }
  if (enc.find("zstd") != std::string::npos) {
    EXPECT_NE(sent.find("zstd"), std::string::npos);
  }
}

TEST(FetcherTest, GzipBodyIsDecoded) {
  TestSiteServer server;
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + " of a compressible page\n";
  Response page = Response::Html(text);
  page.options.gzip = true;
  server.AddRoute("/gz", page);
  const FetchResult r = FetchUrl(server.Url("/gz"));
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.content_encoding, "gzip");
  EXPECT_EQ(r.body, text);
}

TEST(FetcherTest, ErrorStatusesAreResultsNotErrors) {
  TestSiteServer server;
  Response err;
  err.status = 500;
  err.body = "boom";
  server.AddRoute("/500", err);
  const FetchResult missing = FetchUrl(server.Url("/nope"));
  ASSERT_TRUE(missing.ok()) << missing.error.ToString();
  EXPECT_EQ(missing.status_code, 404);
  EXPECT_FALSE(IsRetryable(missing));
  const FetchResult failed = FetchUrl(server.Url("/500"));
  ASSERT_TRUE(failed.ok()) << failed.error.ToString();
  EXPECT_EQ(failed.status_code, 500);
  EXPECT_EQ(failed.body, "boom");
  EXPECT_TRUE(IsRetryable(failed));
}

TEST(FetcherTest, RedirectIsReportedWithAbsoluteLocationAndNotFollowed) {
  TestSiteServer server;
  server.AddRoute("/a", Response::Redirect(301, "/b?x=1"));
  server.AddRoute("/b?x=1", Response::Html("target"));
  const FetchResult r = FetchUrl(server.Url("/a"));
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.status_code, 301);
  EXPECT_EQ(r.location, server.Url("/b?x=1"));
  EXPECT_EQ(r.effective_url, server.Url("/a"));
  EXPECT_EQ(server.CountRequests("/a"), 1u);
  EXPECT_EQ(server.CountRequests("/b?x=1"), 0u);
}

TEST(FetcherTest, ClosedPortIsNetworkError) {
  std::string url;
  {
    TestSiteServer server;
    url = server.Url("/");
  }  // stopped: the port refuses connections now
  const FetchResult r = FetchUrl(url);
  EXPECT_EQ(r.error.kind(), ErrorKind::kNetwork) << r.error.ToString();
  EXPECT_EQ(r.status_code, 0);
  EXPECT_TRUE(IsRetryable(r));
}

TEST(FetcherTest, SlowServerHitsTotalTimeout) {
  TestSiteServer server;
  Response slow = Response::Html("late");
  slow.options.delay = std::chrono::seconds(3);
  server.AddRoute("/slow", slow);
  FetchOptions opts = LoopbackOptions();
  opts.total_timeout = std::chrono::milliseconds(300);
  const FetchResult r = FetchUrl(server.Url("/slow"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTimeout) << r.error.ToString();
  EXPECT_TRUE(IsRetryable(r));
}

TEST(FetcherTest, TricklingServerHitsLowSpeedTimeout) {
  TestSiteServer server;
  Response trickle = Response::Html(std::string(200, 't'));
  trickle.options.slow_chunk_bytes = 1;
  trickle.options.slow_interval = std::chrono::milliseconds(200);
  server.AddRoute("/trickle", trickle);
  FetchOptions opts = LoopbackOptions();
  opts.low_speed_limit = 1000;  // bytes/s; the server sends 5
  opts.low_speed_time = std::chrono::seconds(1);
  const FetchResult r = FetchUrl(server.Url("/trickle"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTimeout) << r.error.ToString();
  EXPECT_LT(r.body.size(), 200u);
}

TEST(FetcherTest, BodyOverCapWithContentLengthIsTooLarge) {
  TestSiteServer server;
  server.AddRoute("/big", Response::Html(std::string(5000, 'a')));
  FetchOptions opts = LoopbackOptions();
  opts.max_body_bytes = 1000;
  const FetchResult r = FetchUrl(server.Url("/big"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTooLarge) << r.error.ToString();
  EXPECT_FALSE(IsRetryable(r));
}

TEST(FetcherTest, ChunkedBodyOverCapIsTooLarge) {
  TestSiteServer server;
  Response big = Response::Html(std::string(5000, 'a'));
  big.options.chunked = true;
  big.options.slow_chunk_bytes = 700;  // several chunks, no Content-Length
  server.AddRoute("/big", big);
  FetchOptions opts = LoopbackOptions();
  opts.max_body_bytes = 1000;
  const FetchResult r = FetchUrl(server.Url("/big"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTooLarge) << r.error.ToString();
  // Exactly at the cap is fine: the cap is inclusive.
  opts.max_body_bytes = 5000;
  const FetchResult exact = FetchUrl(server.Url("/big"), opts);
  ASSERT_TRUE(exact.ok()) << exact.error.ToString();
  EXPECT_EQ(exact.body.size(), 5000u);
}

TEST(FetcherTest, EndlessStreamIsTooLarge) {
  TestSiteServer server;
  Response endless;
  endless.options.endless = true;
  server.AddRoute("/stream", endless);
  FetchOptions opts = LoopbackOptions();
  opts.max_body_bytes = 256 * 1024;
  const FetchResult r = FetchUrl(server.Url("/stream"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTooLarge) << r.error.ToString();
}

TEST(FetcherTest, GzipBombIsTooLarge) {
  TestSiteServer server;
  Response bomb = Response::Html(std::string(50 * 1024 * 1024, '\0'));
  bomb.options.gzip = true;
  server.AddRoute("/bomb", bomb);
  FetchOptions opts = LoopbackOptions();
  opts.max_body_bytes = 1024 * 1024;
  const FetchResult r = FetchUrl(server.Url("/bomb"), opts);
  EXPECT_EQ(r.error.kind(), ErrorKind::kTooLarge) << r.error.ToString();
  EXPECT_LE(r.body.size(), opts.max_body_bytes);
}

TEST(FetcherTest, LoopbackIsBlockedByDefault) {
  TestSiteServer server;
  server.AddRoute("/", Response::Html("secret"));
  FetchOptions opts = LoopbackOptions();
  opts.allow_private_addresses = false;
  const FetchResult blocked = FetchUrl(server.Url("/"), opts);
  EXPECT_EQ(blocked.error.kind(), ErrorKind::kBlockedAddress) << blocked.error.ToString();
  EXPECT_FALSE(IsRetryable(blocked));
  EXPECT_EQ(server.Requests().size(), 0u);
  // The check is on the resolved address: a name that resolves to loopback is blocked too.
  const FetchResult by_name =
      FetchUrl("http://localhost:" + std::to_string(server.port()) + "/", opts);
  EXPECT_EQ(by_name.error.kind(), ErrorKind::kBlockedAddress) << by_name.error.ToString();
  EXPECT_EQ(server.Requests().size(), 0u);

  opts.allow_private_addresses = true;
  const FetchResult allowed = FetchUrl(server.Url("/"), opts);
  ASSERT_TRUE(allowed.ok()) << allowed.error.ToString();
  EXPECT_EQ(allowed.body, "secret");
}

TEST(FetcherTest, ResetMidBodyIsNetworkError) {
  TestSiteServer server;
  Response page = Response::Html(std::string(100000, 'b'));
  page.options.reset_after_bytes = 1000;
  server.AddRoute("/reset", page);
  const FetchResult r = FetchUrl(server.Url("/reset"));
  EXPECT_EQ(r.error.kind(), ErrorKind::kNetwork) << r.error.ToString();
  EXPECT_TRUE(IsRetryable(r));
}

TEST(FetcherTest, RetryAfterIsReportedOn503) {
  TestSiteServer server;
  Response page = Response::Html("ok now");
  page.options.fail_first = 1;
  page.options.fail_status = 503;
  page.options.fail_retry_after = "2";
  server.AddRoute("/busy", page);
  const FetchResult first = FetchUrl(server.Url("/busy"));
  ASSERT_TRUE(first.ok()) << first.error.ToString();
  EXPECT_EQ(first.status_code, 503);
  EXPECT_EQ(first.retry_after, "2");
  EXPECT_TRUE(IsRetryable(first));
  EXPECT_EQ(ParseRetryAfter(first.retry_after), std::chrono::seconds(2));
  const FetchResult second = FetchUrl(server.Url("/busy"));
  EXPECT_EQ(second.status_code, 200);
  EXPECT_EQ(second.body, "ok now");
}

TEST(FetcherTest, HeadRequestHasNoBody) {
  TestSiteServer server;
  server.AddRoute("/h", Response::Html("body"));
  FetchRequest req;
  req.url = server.Url("/h");
  req.method = HttpMethod::kHead;
  const FetchResult r = FetchOne(req);
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.status_code, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(server.Requests().at(0).method, "HEAD");
}

TEST(FetcherTest, OnlyHttpSchemes) {
  EXPECT_EQ(FetchUrl("file:///etc/passwd").error.kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(FetchUrl("ftp://127.0.0.1/x").error.kind(), ErrorKind::kUnsupported);
}

TEST(FetcherTest, SequentialFetchesReuseOneConnection) {
  TestSiteServer server;
  server.AddRoute("/k", Response::Html("keep"));
  boost::asio::io_context io;
  Fetcher fetcher(io, LoopbackOptions());
  int done = 0;
  std::function<void(FetchResult)> next = [&](FetchResult r) {
    EXPECT_TRUE(r.ok()) << r.error.ToString();
    if (++done < 5) fetcher.Fetch({server.Url("/k"), {}, HttpMethod::kGet, 0}, next);
  };
  fetcher.Fetch({server.Url("/k"), {}, HttpMethod::kGet, 0}, next);
  io.run();
  EXPECT_EQ(done, 5);
  EXPECT_EQ(server.CountRequests("/k"), 5u);
  EXPECT_EQ(server.ConnectionsAccepted(), 1u);
}

TEST(FetcherTest, StartedAtIsWhenTheRequestWentOutNotWhenQueued) {
  // One connection allowed: the second request waits inside libcurl until the first (delayed
  // 300 ms by the server) is done, and its started_at must say so.
  TestSiteServer server;
  Response slow = Response::Html("slow");
  slow.options.delay = std::chrono::milliseconds(300);
  server.AddRoute("/s", slow);
  boost::asio::io_context io;
  FetchOptions opts = LoopbackOptions();
  opts.max_total_connections = 1;
  Fetcher fetcher(io, opts);
  std::vector<FetchResult> results;
  for (std::uint64_t tag : {1u, 2u}) {
    fetcher.Fetch({server.Url("/s"), {}, HttpMethod::kGet, tag},
                  [&results](FetchResult r) { results.push_back(std::move(r)); });
  }
  io.run();
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  const FetchResult& second = results[0].tag == 2 ? results[0] : results[1];
  EXPECT_GE(second.started_at - second.queued_at, std::chrono::milliseconds(300));
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_GE(log[1].start, log[0].end);  // really one after the other
}

TEST(FetcherTest, MalformedUrlIsInvalidArgument) {
  const FetchResult r = FetchUrl("http://[::1/");
  EXPECT_EQ(r.error.kind(), ErrorKind::kInvalidArgument) << r.error.ToString();
  EXPECT_FALSE(IsRetryable(r));
}

TEST(FetcherTest, TwoHundredConcurrentTransfersAllComplete) {
  TestSiteServer server;
  constexpr int kN = 200;
  for (int i = 0; i < kN; ++i) {
    Response page = Response::Html("page " + std::to_string(i) + std::string(i * 37, 'z'));
    if (i % 3 == 0) page.options.delay = std::chrono::milliseconds(i % 50);
    if (i % 5 == 0) page.options.gzip = true;
    if (i % 7 == 0) {
      page.options.slow_chunk_bytes = 1000;
      page.options.slow_interval = std::chrono::milliseconds(5);
    }
    server.AddRoute("/p/" + std::to_string(i), page);
  }
  boost::asio::io_context io;
  FetchOptions opts = LoopbackOptions();
  opts.max_total_connections = 64;
  Fetcher fetcher(io, opts);
  std::map<std::uint64_t, FetchResult> results;
  for (int i = 0; i < kN; ++i) {
    FetchRequest req;
    req.url = server.Url("/p/" + std::to_string(i));
    req.tag = static_cast<std::uint64_t>(i);
    fetcher.Fetch(req, [&results](FetchResult r) { results.emplace(r.tag, std::move(r)); });
  }
  EXPECT_EQ(fetcher.InFlight(), static_cast<std::size_t>(kN));
  io.run();
  EXPECT_EQ(fetcher.InFlight(), 0u);
  ASSERT_EQ(results.size(), static_cast<std::size_t>(kN));
  for (int i = 0; i < kN; ++i) {
    const FetchResult& r = results.at(static_cast<std::uint64_t>(i));
    ASSERT_TRUE(r.ok()) << i << ": " << r.error.ToString();
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.body, "page " + std::to_string(i) + std::string(i * 37, 'z')) << i;
  }
  EXPECT_EQ(server.Requests().size(), static_cast<std::size_t>(kN));
  // Bounded by max_total_connections, and connections were reused.
  EXPECT_LE(server.ConnectionsAccepted(), 64u);
}

TEST(FetcherTest, DestroyedWithTransfersInFlightDropsCallbacks) {
  TestSiteServer server;
  Response slow = Response::Html("late");
  slow.options.delay = std::chrono::seconds(5);
  server.AddRoute("/slow", slow);
  server.AddRoute("/fast", Response::Html("fast"));
  boost::asio::io_context io;
  int callbacks = 0;
  {
    Fetcher fetcher(io, LoopbackOptions());
    for (int i = 0; i < 20; ++i) {
      fetcher.Fetch({server.Url("/slow"), {}, HttpMethod::kGet, 0},
                    [&callbacks](FetchResult) { ++callbacks; });
    }
    // Let the requests reach the server, then tear down mid-flight.
    while (server.Requests().size() < 20) io.run_for(std::chrono::milliseconds(10));
    EXPECT_EQ(fetcher.InFlight(), 20u);
  }
  io.run();  // must return promptly: nothing of the fetcher is left on the loop
  EXPECT_EQ(callbacks, 0);
}

TEST(FetcherTest, FetcherMayBeDestroyedFromItsOwnCallback) {
  TestSiteServer server;
  server.AddRoute("/fast", Response::Html("fast"));
  Response slow = Response::Html("late");
  slow.options.delay = std::chrono::seconds(5);
  server.AddRoute("/slow", slow);
  boost::asio::io_context io;
  auto fetcher = std::make_unique<Fetcher>(io, LoopbackOptions());
  int callbacks = 0;
  fetcher->Fetch({server.Url("/slow"), {}, HttpMethod::kGet, 0}, [&](FetchResult) { ++callbacks; });
  fetcher->Fetch({server.Url("/fast"), {}, HttpMethod::kGet, 0}, [&](FetchResult r) {
    ++callbacks;
    EXPECT_EQ(r.body, "fast");
    fetcher.reset();
  });
  io.run();
  EXPECT_EQ(callbacks, 1);
  EXPECT_EQ(fetcher, nullptr);
}

// --- pure helpers ---

TEST(IsRetryableTest, StatusesAndErrors) {
  FetchResult r;
  for (long s : {200L, 204L, 301L, 304L, 400L, 403L, 404L, 410L, 501L, 505L}) {
    r.status_code = s;
    EXPECT_FALSE(IsRetryable(r)) << s;
  }
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L, 599L}) {
    r.status_code = s;
    EXPECT_TRUE(IsRetryable(r)) << s;
  }
  r.status_code = 0;
  r.error = Status(ErrorKind::kTimeout, "t");
  EXPECT_TRUE(IsRetryable(r));
  r.error = Status(ErrorKind::kNetwork, "refused");
  r.curl_code = CURLE_COULDNT_CONNECT;
  EXPECT_TRUE(IsRetryable(r));
  r.curl_code = CURLE_PEER_FAILED_VERIFICATION;
  EXPECT_FALSE(IsRetryable(r));
  for (ErrorKind k : {ErrorKind::kTooLarge, ErrorKind::kBlockedAddress, ErrorKind::kUnsupported,
                      ErrorKind::kInvalidArgument}) {
    r.error = Status(k, "x");
    EXPECT_FALSE(IsRetryable(r)) << ErrorKindName(k);
  }
}

TEST(ParseRetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("120"), std::chrono::seconds(120));
  EXPECT_EQ(ParseRetryAfter("  7 "), std::chrono::seconds(7));
  EXPECT_EQ(ParseRetryAfter("0"), std::chrono::seconds(0));
}

TEST(ParseRetryAfterTest, HttpDate) {
  const auto base = ToUnixSeconds("Wed, 21 Oct 2015 07:28:00 GMT");
  ASSERT_TRUE(base.has_value());
  const std::chrono::system_clock::time_point now{std::chrono::seconds(*base - 90)};
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now), std::chrono::seconds(90));
  // A date already past means "now", not a negative delay.
  const std::chrono::system_clock::time_point later{std::chrono::seconds(*base + 3600)};
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", later), std::chrono::seconds(0));
}

TEST(ParseRetryAfterTest, Garbage) {
  for (const char* v : {"", "   ", "soon", "-5", "1.5", "5s", "2015-10-21",
                        "99999999999999999999", "Wed, 32 Oct 2015 07:28:00 GMT"}) {
    EXPECT_FALSE(ParseRetryAfter(v).has_value()) << v;
  }
}

TEST(IsNonPublicAddressTest, Ranges) {
  for (const char* ip :
       {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1",
        "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
        "64:ff9b::7f00:1", "2002:7f00:1::", "[::1]", "not an ip", ""}) {
    EXPECT_TRUE(IsNonPublicAddress(ip)) << ip;
  }
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "93.184.216.34",
                         "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e"}) {
    EXPECT_FALSE(IsNonPublicAddress(ip)) << ip;
  }
}

}  // namespace
}  // namespace newscrawl
