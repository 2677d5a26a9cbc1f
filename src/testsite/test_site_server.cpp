#include "newscrawl/testsite/test_site_server.h"

// Boost.Asio 1.74 uses std::exchange etc. without including <utility> under C++20 on g++ 12.
#include <utility>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <zlib.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "newscrawl/core/log.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxRequestBody = 1024 * 1024;
constexpr std::size_t kMaxConnections = 2048;
constexpr std::chrono::seconds kIoTimeout{30};
constexpr std::size_t kEndlessChunk = 16 * 1024;

// Owns a z_stream set up by deflateInit2.
class Deflater {
 public:
  Deflater() {
    if (deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16 /* gzip wrapper */, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("deflateInit2 failed");
    }
  }
  ~Deflater() { deflateEnd(&zs_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  z_stream* get() { return &zs_; }

 private:
  z_stream zs_{};
};

std::string StatusLine(int status) {
  const beast::string_view reason = http::obsolete_reason(http::int_to_status(status));
  return "HTTP/1.1 " + std::to_string(status) + " " +
         (reason.empty() ? std::string("Unknown") : std::string(reason)) + "\r\n";
}

std::string ChunkHeader(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx\r\n", n);
  return buf;
}

std::string HostWithoutPort(std::string_view host) {
  std::string h = AsciiLower(host);
  if (!h.empty() && h.front() == '[') return h.substr(0, h.find(']') + 1);
  const std::size_t colon = h.rfind(':');
  return colon == std::string::npos ? h : h.substr(0, colon);
}

}  // namespace

std::string GzipCompress(std::string_view data) {
  Deflater d;
  z_stream* zs = d.get();
  std::string out;
  out.resize(deflateBound(zs, static_cast<uLong>(data.size())) + 32);
  zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs->avail_in = static_cast<uInt>(data.size());
  zs->next_out = reinterpret_cast<Bytef*>(out.data());
  zs->avail_out = static_cast<uInt>(out.size());
  if (deflate(zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(zs->total_out);
  return out;
}

Response Response::Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Response::Html(std::string body) {
  Response r;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}

class TestSiteServer::Impl {
 public:
  Impl() : acceptor_(io_) {
    const tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, Accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() { Stop(); }

  void Stop() {
    if (stopped_.exchange(true)) return;
    io_.stop();
    if (thread_.joinable()) thread_.join();
    // The loop no longer runs, so touching the sockets from this thread is race-free. Pending
    // coroutines are destroyed with io_.
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& [id, weak] : connections_) {
      if (auto c = weak.lock()) c->stream.socket().close(ignored);
    }
    connections_.clear();
  }

  void AddRoute(const std::string& target, Response response, const std::string& host) {
    auto prepared = std::make_shared<Prepared>();
    prepared->wire_body =
        response.options.gzip ? GzipCompress(response.body) : std::move(response.body);
    prepared->response = std::move(response);
    std::lock_guard lock(mu_);
    routes_[RouteKey(HostWithoutPort(host), target)] = Route{std::move(prepared), 0};
  }

  std::uint16_t port() const { return port_; }

  std::vector<RequestRecord> Requests() const {
    std::lock_guard lock(mu_);
    return log_;
  }
  std::size_t CountRequests(std::string_view target) const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const RequestRecord& r : log_) n += r.target == target;
    return n;
  }
  void ClearRequests() {
    std::lock_guard lock(mu_);
    log_.clear();
  }
  std::uint64_t ConnectionsAccepted() const { return accepted_.load(); }

 private:
  struct Prepared {
    Response response;      // body moved out into wire_body
    std::string wire_body;  // gzipped when options.gzip
  };
  struct Route {
    std::shared_ptr<const Prepared> prepared;
    int hits = 0;
  };
  struct Connection {
    Connection(tcp::socket s, std::uint64_t id) : stream(std::move(s)), id(id) {}
    beast::tcp_stream stream;
    std::uint64_t id;
  };
  // What one request gets: the route's response, or a failure/404 stand-in.
  struct Plan {
    std::shared_ptr<const Prepared> prepared;  // null → `status` with `body`, no options
    int status = 404;
    std::string body = "not found\n";
    std::string retry_after;
  };

  static std::string RouteKey(const std::string& host, const std::string& target) {
    return host + '\n' + target;
  }

  Plan Choose(const std::string& host, const std::string& target) {
    std::lock_guard lock(mu_);
    auto it = routes_.find(RouteKey(HostWithoutPort(host), target));
    if (it == routes_.end()) it = routes_.find(RouteKey("", target));
    Plan plan;
    if (it == routes_.end()) return plan;
    Route& route = it->second;
    const ResponseOptions& o = route.prepared->response.options;
    if (route.hits++ < o.fail_first) {
      plan.status = o.fail_status;
      plan.body = "temporary failure\n";
      plan.retry_after = o.fail_retry_after;
      return plan;
    }
    plan.prepared = route.prepared;
    return plan;
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      ++accepted_;
      if (connections_.size() >= kMaxConnections) continue;  // socket closes here
      // Headers and body go out in separate writes: without this, Nagle + delayed ACK add
      // ~40 ms to every keep-alive exchange.
      socket.set_option(tcp::no_delay(true), ec);
      auto conn = std::make_shared<Connection>(std::move(socket), accepted_.load());
      connections_[conn->id] = conn;
      asio::co_spawn(io_, Serve(conn), asio::detached);
    }
  }

  asio::awaitable<void> Serve(std::shared_ptr<Connection> conn) {
    try {
      co_await ServeRequests(*conn);
    } catch (const std::exception& e) {
      Logger("testsite")->debug("connection {}: {}", conn->id, e.what());
    }
    boost::system::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.socket().close(ignored);
    connections_.erase(conn->id);
  }

  asio::awaitable<void> ServeRequests(Connection& conn) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(kMaxHeaderBytes);
      parser.body_limit(kMaxRequestBody);
      boost::system::error_code ec;
      conn.stream.expires_after(kIoTimeout);
      co_await http::async_read(conn.stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;  // closed by the client, idle timeout or a bad request
      const http::request<http::string_body>& req = parser.get();

      RequestRecord rec;
      rec.method = std::string(req.method_string());
      rec.target = std::string(req.target());
      rec.host = std::string(req[http::field::host]);
      for (const auto& f : req) {
        rec.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      }
      rec.connection_id = conn.id;
      rec.start = std::chrono::steady_clock::now();
      std::size_t index;
      {
        std::lock_guard lock(mu_);
        rec.concurrent_at_start = ++active_;
        index = log_.size();
        log_.push_back(rec);
      }
      const bool head = req.method() == http::verb::head;
      bool keep_alive = req.keep_alive();
      int status = 0;
      try {
        keep_alive = co_await Respond(conn, Choose(rec.host, rec.target), head, keep_alive, status);
      } catch (...) {
        keep_alive = false;
      }
      {
        std::lock_guard lock(mu_);
        --active_;
        log_[index].end = std::chrono::steady_clock::now();
        log_[index].status = status;
      }
      if (!keep_alive) co_return;
    }
  }

  // Writes `data` with a fresh I/O timeout; false if the client went away.
  static asio::awaitable<bool> Write(Connection& conn, std::string_view data) {
    boost::system::error_code ec;
    conn.stream.expires_after(kIoTimeout);
    co_await asio::async_write(conn.stream, asio::buffer(data.data(), data.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  static asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(d);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  // Sends one response; returns whether the connection may serve another request.
  asio::awaitable<bool> Respond(Connection& conn, Plan plan, bool head, bool keep_alive,
                                int& status_out) {
    if (!plan.prepared) {
      status_out = plan.status;
      std::string out = StatusLine(plan.status);
      out += "Content-Type: text/plain\r\n";
      if (!plan.retry_after.empty()) out += "Retry-After: " + plan.retry_after + "\r\n";
      out += "Content-Length: " + std::to_string(plan.body.size()) + "\r\n";
      out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
      if (!head) out += plan.body;
      co_return co_await Write(conn, out) && keep_alive;
    }
    const Response& r = plan.prepared->response;
    const ResponseOptions& o = r.options;
    const std::string& body = plan.prepared->wire_body;
    status_out = r.status;
    if (o.delay.count() > 0) co_await Sleep(o.delay);

    const bool chunked = o.chunked || o.endless;
    if (o.endless || o.reset_after_bytes >= 0) keep_alive = false;
    std::string out = StatusLine(r.status);
    for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
    if (o.gzip) out += "Content-Encoding: gzip\r\n";
    out += chunked ? std::string("Transfer-Encoding: chunked\r\n")
                   : "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!co_await Write(conn, out)) co_return false;
    if (head) co_return keep_alive;

    if (o.endless) {
      const std::string piece = body.empty() ? std::string(kEndlessChunk, 'x') : body;
      const std::string chunk = ChunkHeader(piece.size()) + piece + "\r\n";
      for (std::size_t sent = 0; sent < o.endless_limit_bytes; sent += piece.size()) {
        if (!co_await Write(conn, chunk)) co_return false;
        if (o.slow_interval.count() > 0) co_await Sleep(o.slow_interval);
      }
      co_await Write(conn, "0\r\n\r\n");
      co_return false;
    }

    std::size_t limit = body.size();
    if (o.reset_after_bytes >= 0) {
      limit = std::min(limit, static_cast<std::size_t>(o.reset_after_bytes));
    }
    const std::size_t step = o.slow_chunk_bytes > 0 ? o.slow_chunk_bytes : std::max<std::size_t>(limit, 1);
    for (std::size_t pos = 0; pos < limit; pos += step) {
      if (pos > 0 && o.slow_interval.count() > 0) co_await Sleep(o.slow_interval);
      const std::string_view piece = std::string_view(body).substr(pos, std::min(step, limit - pos));
      const std::string data =
          chunked ? ChunkHeader(piece.size()) + std::string(piece) + "\r\n" : std::string(piece);
      if (!co_await Write(conn, data)) co_return false;
    }
    if (o.reset_after_bytes >= 0) {
      // SO_LINGER 0 makes close() send RST instead of FIN: the client sees a reset mid-body.
      boost::system::error_code ignored;
      conn.stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
      conn.stream.socket().close(ignored);
      co_return false;
    }
    if (chunked && !co_await Write(conn, "0\r\n\r\n")) co_return false;
    co_return keep_alive;
  }

  // io_ first: destroyed last, after everything that holds handlers or sockets on it.
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> accepted_{0};
  // Only touched on the server thread (or after it was joined).
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;

  mutable std::mutex mu_;  // guards routes_, log_, active_
  std::map<std::string, Route> routes_;
  std::vector<RequestRecord> log_;
  int active_ = 0;

  std::thread thread_;
};

TestSiteServer::TestSiteServer() : impl_(std::make_shared<Impl>()) {}
TestSiteServer::~TestSiteServer() { impl_->Stop(); }

void TestSiteServer::AddRoute(const std::string& path_and_query, Response response,
                              const std::string& host) {
  impl_->AddRoute(path_and_query, std::move(response), host);
}
std::uint16_t TestSiteServer::port() const { return impl_->port(); }
std::string TestSiteServer::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port());
}
std::string TestSiteServer::Url(std::string_view path) const {
  return BaseUrl() + std::string(path);
}
std::vector<RequestRecord> TestSiteServer::Requests() const { return impl_->Requests(); }
std::size_t TestSiteServer::CountRequests(std::string_view path_and_query) const {
  return impl_->CountRequests(path_and_query);
}
void TestSiteServer::ClearRequests() { impl_->ClearRequests(); }
std::uint64_t TestSiteServer::ConnectionsAccepted() const { return impl_->ConnectionsAccepted(); }
void TestSiteServer::Stop() { impl_->Stop(); }

}  // namespace newscrawl
