// TestSiteServer on its own, with a plain blocking Asio client, so its behaviour does not depend
// on the Fetcher it is used to test.
#include "newscrawl/testsite/test_site_server.h"

#include <utility>

#include <future>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

namespace newscrawl {
namespace {

namespace asio = boost::asio;

// Sends raw request bytes on a new connection and reads until the server closes it.
std::string RawExchange(std::uint16_t port, const std::string& request) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address_v4("127.0.0.1"), port});
  asio::write(s, asio::buffer(request));
  std::string out;
  boost::system::error_code ec;
  asio::read(s, asio::dynamic_buffer(out), ec);
  return out;
}

TEST(TestSiteServerTest, ServesRoutesAndLogsRequests) {
  TestSiteServer server;
  server.AddRoute("/a?b=1", Response::Html("hi"));
  const std::string reply = RawExchange(
      server.port(), "GET /a?b=1 HTTP/1.1\r\nHost: site.test\r\nX-T: 1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_EQ(reply.substr(reply.size() - 2), "hi");
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].target, "/a?b=1");
  EXPECT_EQ(log[0].host, "site.test");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].concurrent_at_start, 1);
  EXPECT_LE(log[0].start, log[0].end);
  server.ClearRequests();
  EXPECT_TRUE(server.Requests().empty());
}

TEST(TestSiteServerTest, HostSpecificRoutesWin) {
  TestSiteServer server;
  server.AddRoute("/", Response::Html("any"));
  server.AddRoute("/", Response::Html("site-a"), "a.test");
  const auto get = [&](const std::string& host) {
    const std::string r = RawExchange(
        server.port(), "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return r.substr(r.find("\r\n\r\n") + 4);
  };
  EXPECT_EQ(get("a.test:8080"), "site-a");
  EXPECT_EQ(get("b.test"), "any");
}

TEST(TestSiteServerTest, FailFirstThenSucceed) {
  TestSiteServer server;
  Response r = Response::Html("ok");
  r.options.fail_first = 2;
  r.options.fail_status = 429;
  r.options.fail_retry_after = "7";
  server.AddRoute("/x", r);
  const std::string req = "GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < 2; ++i) {
    const std::string reply = RawExchange(server.port(), req);
    EXPECT_EQ(reply.rfind("HTTP/1.1 429 ", 0), 0u) << reply;
    EXPECT_NE(reply.find("Retry-After: 7\r\n"), std::string::npos);
  }
  EXPECT_EQ(RawExchange(server.port(), req).rfind("HTTP/1.1 200 ", 0), 0u);
  EXPECT_EQ(server.CountRequests("/x"), 3u);
}

TEST(TestSiteServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestSiteServer server;
  server.AddRoute("/1", Response::Html("one"));
  server.AddRoute("/2", Response::Html("two"));
  const std::string reply = RawExchange(
      server.port(),
      "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_NE(reply.find("one"), std::string::npos);
  EXPECT_NE(reply.find("two"), std::string::npos);
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].connection_id, log[1].connection_id);
  EXPECT_EQ(server.ConnectionsAccepted(), 1u);
}

TEST(TestSiteServerTest, CountsConcurrentRequests) {
  TestSiteServer server;
  Response slow = Response::Html("z");
  slow.options.delay = std::chrono::milliseconds(500);
  server.AddRoute("/slow", slow);
  std::vector<std::future<std::string>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::async(std::launch::async, [&server] {
      return RawExchange(server.port(), "GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    }));
  }
  for (auto& c : clients) EXPECT_EQ(c.get().rfind("HTTP/1.1 200 ", 0), 0u);
  int max_concurrent = 0;
  for (const RequestRecord& r : server.Requests()) {
    max_concurrent = std::max(max_concurrent, r.concurrent_at_start);
  }
  // Four clients were all waiting on a 500 ms delay: the later ones must have seen overlap.
  EXPECT_GE(max_concurrent, 2);
  EXPECT_LE(max_concurrent, 4);
}

TEST(TestSiteServerTest, GzipRoundTrip) {
  TestSiteServer server;
  Response r = Response::Html("compress me");
  r.options.gzip = true;
  server.AddRoute("/gz", r);
  const std::string reply =
      RawExchange(server.port(), "GET /gz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_NE(reply.find("Content-Encoding: gzip\r\n"), std::string::npos);
  EXPECT_EQ(reply.substr(reply.find("\r\n\r\n") + 4), GzipCompress("compress me"));
  EXPECT_EQ(GzipCompress("x").substr(0, 2), "\x1f\x8b");
}

TEST(TestSiteServerTest, StopIsIdempotentAndRefusesConnections) {
  TestSiteServer server;
  const std::uint16_t port = server.port();
  server.Stop();
  server.Stop();
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address_v4("127.0.0.1"), port}, ec);
  EXPECT_TRUE(ec);
}

}  // namespace
}  // namespace newscrawl
