#include "newscrawl/fetch/fetcher.h"

// Boost.Asio 1.74 uses std::exchange etc. without including <utility> under C++20 on g++ 12.
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/log.h"
#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace asio = boost::asio;

namespace {

// `a` in host byte order.
bool V4NonPublic(std::uint32_t a) {
  auto in = [a](std::uint32_t net, int bits) {
    const std::uint32_t mask = ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return in(0x00000000, 8) ||   // "this network", incl. 0.0.0.0
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 CGNAT
         in(0x7F000000, 8) ||   // loopback
         in(0xA9FE0000, 16) ||  // link-local
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // IETF protocol assignments
         in(0xC0000200, 24) ||  // TEST-NET-1
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xC6336400, 24) ||  // TEST-NET-2
         in(0xCB007100, 24) ||  // TEST-NET-3
         in(0xE0000000, 4) ||   // multicast
         in(0xF0000000, 4);     // reserved + broadcast
}

std::uint32_t V4At(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

bool V6NonPublic(const unsigned char* b) {
  static constexpr std::array<unsigned char, 12> kZero12{};
  static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr std::array<unsigned char, 12> kNat64{0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped.data(), 12) == 0) return V4NonPublic(V4At(b + 12));
  if (std::memcmp(b, kNat64.data(), 12) == 0) return V4NonPublic(V4At(b + 12));
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  if (std::memcmp(b, kZero12.data(), 12) == 0) return true;
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1) {
    return true;  // 64:ff9b:1::/48 local-use NAT64
  }
  if (b[0] == 0x20 && b[1] == 0x02) return V4NonPublic(V4At(b + 2));  // 6to4 embeds an IPv4
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  // documentation
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, kZero12.data(), 6) == 0) return true;
  if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 ULA
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;  // fec0::/10 old site-local
  if (b[0] == 0xff) return true;                           // multicast
  return false;
}

bool SockaddrNonPublic(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(sa);
    return V4NonPublic(ntohl(in4->sin_addr.s_addr));
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    return V6NonPublic(in6->sin6_addr.s6_addr);
  }
  return true;  // AF_UNIX and friends are never a public web server
}

std::string SockaddrToString(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// Everything one transfer needs while libcurl runs it. Owned by Fetcher::Impl::transfers_; the
// CURL handle's CURLOPT_PRIVATE and the callbacks' user pointers point here.
struct Transfer {
  CurlEasy easy;
  CurlSlist headers;
  std::function<void(FetchResult)> on_done;
  FetchResult result;
  std::size_t max_body = 0;
  std::size_t truncate_at = 0;  // FetchRequest::truncate_body_at
  bool truncated = false;
  bool allow_private = false;
  // Set by the callbacks: libcurl only sees a generic failure (CURLE_COULDNT_CONNECT,
  // CURLE_WRITE_ERROR), so the reason is kept here.
  bool blocked = false;
  bool too_large = false;
  std::string blocked_ip;
  char errbuf[CURL_ERROR_SIZE] = {};
};

// --- per-transfer libcurl callbacks (noexcept: nothing may unwind through C) ---

std::size_t OnBodyBytes(char* data, std::size_t size, std::size_t nmemb, void* user) noexcept {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * nmemb;
  if (t->truncate_at > 0 && t->result.body.size() + n > t->truncate_at) {
    // Keep the prefix the caller asked for and stop reading: Collect() turns the resulting
    // CURLE_WRITE_ERROR into a successful, truncated result.
    try {
      t->result.body.append(data, t->truncate_at - t->result.body.size());
    } catch (...) {
      return n == 0 ? 1 : 0;
    }
    t->truncated = true;
    return n == 0 ? 1 : 0;
  }
  // The cap applies to decoded bytes, so it also bounds compression bombs.
  if (t->result.body.size() + n > t->max_body) {
    t->too_large = true;
    return n == 0 ? 1 : 0;  // any count != n aborts with CURLE_WRITE_ERROR
  }
  try {
    t->result.body.append(data, n);
  } catch (...) {
    return n == 0 ? 1 : 0;
  }
  return n;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) noexcept {
  auto* t = static_cast<Transfer*>(user);
  // Checked on the address libcurl is about to connect to, after DNS: a public name that
  // resolves to 127.0.0.1 or 169.254.169.254 is refused here.
  if (purpose == CURLSOCKTYPE_IPCXN && !t->allow_private && SockaddrNonPublic(&address->addr)) {
    t->blocked = true;
    t->blocked_ip = SockaddrToString(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int OnRequestGoesOut(void* user, char*, char*, int, int) noexcept {
  static_cast<Transfer*>(user)->result.started_at = std::chrono::steady_clock::now();
  return CURL_PREREQFUNC_OK;
}

Status MapCurlError(CURLcode code, const Transfer& t) {
  std::string message = t.errbuf[0] != '\0' ? std::string(t.errbuf) : curl_easy_strerror(code);
  if (t.blocked) {
    return {ErrorKind::kBlockedAddress,
            "refused to connect to non-public address " + t.blocked_ip};
  }
  if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return {ErrorKind::kTooLarge,
            "body over max_body_bytes (" + std::to_string(t.max_body) + " bytes)"};
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return {ErrorKind::kTimeout, message};
    case CURLE_UNSUPPORTED_PROTOCOL: return {ErrorKind::kUnsupported, message};
    case CURLE_URL_MALFORMAT: return {ErrorKind::kInvalidArgument, message};
    case CURLE_BAD_CONTENT_ENCODING: return {ErrorKind::kParseError, message};
    case CURLE_ABORTED_BY_CALLBACK: return {ErrorKind::kCancelled, message};
    default: return {ErrorKind::kNetwork, message};
  }
}

}  // namespace

bool IsNonPublicAddress(std::string_view numeric_ip) {
  std::string ip(TrimAscii(numeric_ip));
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  unsigned char buf[16];
  if (inet_pton(AF_INET, ip.c_str(), buf) == 1) return V4NonPublic(V4At(buf));
  if (inet_pton(AF_INET6, ip.c_str(), buf) == 1) return V6NonPublic(buf);
  return true;
}

std::string SupportedContentEncodings() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::string out;
  auto add = [&out](const char* name) {
    if (!out.empty()) out += ", ";
    out += name;
  };
  if (info->features & CURL_VERSION_LIBZ) {
    add("deflate");
    add("gzip");
  }
  if (info->features & CURL_VERSION_BROTLI) add("br");
  if (info->features & CURL_VERSION_ZSTD) add("zstd");
  return out;
}

bool IsRetryable(const FetchResult& r) {
  if (!r.ok()) {
    switch (r.error.kind()) {
      case ErrorKind::kTimeout: return true;
      case ErrorKind::kNetwork:
        // A bad certificate or TLS setup does not fix itself within a crawl.
        return r.curl_code != CURLE_PEER_FAILED_VERIFICATION &&
               r.curl_code != CURLE_SSL_CERTPROBLEM && r.curl_code != CURLE_SSL_CACERT_BADFILE &&
               r.curl_code != CURLE_SSL_CIPHER;
      default: return false;
    }
  }
  const long s = r.status_code;
  return s == 408 || s == 429 || (s >= 500 && s <= 599 && s != 501 && s != 505);
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  const std::string_view v = TrimAscii(value);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 12) return std::nullopt;  // > 30000 years: not a real delay
    std::int64_t n = 0;
    for (char c : v) n = n * 10 + (c - '0');
    return std::chrono::seconds(n);
  }
  // HTTP-date (IMF-fixdate). Only accept things that look like one: a weekday name and "GMT",
  // so "soon" or an ISO date in some other header format are rejected rather than guessed.
  if (v.find(',') == std::string_view::npos || v.find("GMT") == std::string_view::npos) {
    return std::nullopt;
  }
  const std::optional<std::int64_t> when = ToUnixSeconds(v);
  if (!when) return std::nullopt;
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return std::chrono::seconds(std::max<std::int64_t>(0, *when - now_s));
}

// ---------------------------------------------------------------------------------------------

class Fetcher::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, FetchOptions options)
      : io_(io), options_(std::move(options)), log_(Logger("fetch")), timer_(io) {
    multi_.reset(curl_multi_init());
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
    CURLM* m = multi_.get();
    curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &Impl::SocketTrampoline);
    curl_multi_setopt(m, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &Impl::TimerTrampoline);
    curl_multi_setopt(m, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
    log_->debug("fetcher ready; content encodings: {}", SupportedContentEncodings());
  }

  ~Impl() { Shutdown(); }

  // Aborts every transfer without calling its callback. Idempotent.
  void Shutdown() {
    if (shut_down_) return;
    shut_down_ = true;
    if (multi_) {
      for (auto& [easy, t] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
    }
    transfers_.clear();
    // May call OnSocket(CURL_POLL_REMOVE) for cached connections: sockets_ is still alive.
    multi_.reset();
    for (auto& [fd, w] : sockets_) StopWatching(*w);
    sockets_.clear();
    timer_.cancel();
    work_.reset();
  }

  void Fetch(FetchRequest request, std::function<void(FetchResult)> on_done) {
    ++in_flight_;
    auto t = std::make_unique<Transfer>();
    t->on_done = std::move(on_done);
    t->max_body = options_.max_body_bytes;
    t->truncate_at = std::min(request.truncate_body_at, options_.max_body_bytes);
    t->allow_private = options_.allow_private_addresses;
    t->result.tag = request.tag;
    t->result.url = request.url;
    t->result.queued_at = t->result.started_at = std::chrono::steady_clock::now();

    t->easy.reset(curl_easy_init());
    if (!t->easy) return Fail(std::move(t), {ErrorKind::kNetwork, "curl_easy_init failed"});
    for (const std::string& h : request.headers) {
      if (!AppendSlist(t->headers, h.c_str())) {
        return Fail(std::move(t), {ErrorKind::kNetwork, "out of memory building headers"});
      }
    }
    if (!Configure(*t, request)) {
      return Fail(std::move(t), {ErrorKind::kInvalidArgument,
                                 std::string("cannot configure transfer: ") + t->errbuf});
    }
    CURL* easy = t->easy.get();
    const CURLMcode mc = curl_multi_add_handle(multi_.get(), easy);
    if (mc != CURLM_OK) {
      return Fail(std::move(t), {ErrorKind::kNetwork, curl_multi_strerror(mc)});
    }
    log_->debug("fetch {} (tag {})", t->result.url, t->result.tag);
    transfers_.emplace(easy, std::move(t));
    // libcurl has no fd to watch while it resolves (threaded resolver) and relies on its
    // timer; the guard keeps io_context::run() from returning early in any such gap.
    if (!work_) work_.emplace(io_.get_executor());
  }

  std::size_t InFlight() const { return in_flight_; }
  const FetchOptions& options() const { return options_; }

 private:
  // Watch on one fd that libcurl told us about. Not owning the fd: libcurl closes it, so
  // StopWatching release()s it instead of letting the descriptor close it.
  struct SocketWatch {
    SocketWatch(asio::io_context& io, curl_socket_t fd) : sd(io) { sd.assign(fd); }
    asio::posix::stream_descriptor sd;
    int what = 0;                      // CURL_POLL_IN / OUT / INOUT
    bool waiting[2] = {false, false};  // [0] read wait armed, [1] write wait armed
    // Bumped on cancel, so a handler that had already completed before the cancel (and so
    // did not see operation_aborted) recognises itself as stale.
    unsigned generation = 0;
  };

  static int SocketTrampoline(CURL*, curl_socket_t fd, int what, void* userp, void*) noexcept {
    static_cast<Impl*>(userp)->OnSocket(fd, what);
    return 0;
  }
  static int TimerTrampoline(CURLM*, long timeout_ms, void* userp) noexcept {
    static_cast<Impl*>(userp)->OnTimerSet(timeout_ms);
    return 0;
  }

  bool Configure(Transfer& t, const FetchRequest& request) {
    CURL* e = t.easy.get();
    bool ok = true;
    auto set = [&ok](CURLcode rc) { ok = ok && rc == CURLE_OK; };
    set(curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf));
    set(curl_easy_setopt(e, CURLOPT_PRIVATE, &t));
    set(curl_easy_setopt(e, CURLOPT_URL, request.url.c_str()));
    set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https"));
    set(curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"));
    set(curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L));  // the crawler walks redirects
    set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2TLS}));
    // Direct connections only: a proxy from the environment would defeat the address check.
    set(curl_easy_setopt(e, CURLOPT_PROXY, ""));
    set(curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str()));
    set(curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, options_.accept_encoding.c_str()));
    set(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count())));
    set(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count())));
    set(curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_limit));
    set(curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(options_.low_speed_time.count())));
    // Rejects an announced Content-Length over the cap before any body byte is read; the write
    // callback catches chunked and compressed bodies.
    // (Not when truncating: a long robots.txt is read up to the prefix, not refused.)
    if (t.truncate_at == 0) {
      set(curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                           static_cast<curl_off_t>(options_.max_body_bytes)));
    }
    set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBodyBytes));
    set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &t));
    set(curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &OnOpenSocket));
    set(curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t));
    set(curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &OnRequestGoesOut));
    set(curl_easy_setopt(e, CURLOPT_PREREQDATA, &t));
    if (t.headers) set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get()));
    if (request.method == HttpMethod::kHead) set(curl_easy_setopt(e, CURLOPT_NOBODY, 1L));
    return ok;
  }

  // --- the three small callbacks (STYLE.md §1) ---

  // libcurl says which events it wants on `fd`; only (re)arms or removes a watch.
  void OnSocket(curl_socket_t fd, int what) noexcept {
    try {
      if (what == CURL_POLL_REMOVE) {
        if (auto it = sockets_.find(fd); it != sockets_.end()) {
          StopWatching(*it->second);
          sockets_.erase(it);
        }
        return;
      }
      std::shared_ptr<SocketWatch>& w = sockets_[fd];
      if (!w) {
        w = std::make_shared<SocketWatch>(io_, fd);
      } else if ((w->waiting[0] && !(what & CURL_POLL_IN)) ||
                 (w->waiting[1] && !(what & CURL_POLL_OUT))) {
        // A direction is no longer wanted: drop both waits and re-arm what is.
        boost::system::error_code ignored;
        w->sd.cancel(ignored);
        w->waiting[0] = w->waiting[1] = false;
        ++w->generation;
      }
      w->what = what;
      ArmWaits(fd, w);
    } catch (const std::exception& e) {
      // The transfer will end by its own timeout; nothing more can be done from here.
      log_->error("cannot watch socket {}: {}", fd, e.what());
      sockets_.erase(fd);
    }
  }

  // libcurl asks for one timeout; only arms the timer, never calls libcurl (recursion).
  void OnTimerSet(long timeout_ms) noexcept {
    if (timeout_ms < 0) {
      timer_.cancel();
      return;
    }
    // 0 means "as soon as possible": an already expired timer is our post. Asio never runs a
    // wait handler inline, and unlike a bare post() a later timer callback can still cancel it.
    timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) return;
      if (auto self = weak.lock()) self->SocketAction(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  void ArmWaits(curl_socket_t fd, const std::shared_ptr<SocketWatch>& w) {
    static constexpr int kWant[2] = {CURL_POLL_IN, CURL_POLL_OUT};
    static constexpr asio::posix::descriptor_base::wait_type kWait[2] = {
        asio::posix::descriptor_base::wait_read, asio::posix::descriptor_base::wait_write};
    for (int dir = 0; dir < 2; ++dir) {
      if (!(w->what & kWant[dir]) || w->waiting[dir]) continue;
      w->waiting[dir] = true;
      // Handlers hold weak_ptrs: the watch may be removed (and the Fetcher destroyed) before
      // they run.
      w->sd.async_wait(kWait[dir], [weak_self = weak_from_this(), weak_w = std::weak_ptr(w), fd,
                                    dir, gen = w->generation](const boost::system::error_code& ec) {
        if (ec == asio::error::operation_aborted) return;
        auto self = weak_self.lock();
        auto watch = weak_w.lock();
        if (!self || !watch || watch->generation != gen) return;
        self->OnSocketReady(fd, watch, dir, ec);
      });
    }
  }

  // An fd became ready: tell libcurl, collect finished transfers, re-arm the one-shot wait.
  void OnSocketReady(curl_socket_t fd, const std::shared_ptr<SocketWatch>& w, int dir,
                     const boost::system::error_code& ec) {
    w->waiting[dir] = false;
    SocketAction(fd, ec ? CURL_CSELECT_ERR : (dir == 0 ? CURL_CSELECT_IN : CURL_CSELECT_OUT));
    // libcurl may have removed or replaced the watch during the action.
    if (auto it = sockets_.find(fd); it != sockets_.end() && it->second == w) ArmWaits(fd, w);
  }

  void SocketAction(curl_socket_t fd, int events) {
    if (!multi_ || shut_down_) return;
    int running = 0;
    const CURLMcode mc = curl_multi_socket_action(multi_.get(), fd, events, &running);
    if (mc != CURLM_OK && mc != CURLM_BAD_SOCKET) {
      // After such an error the multi's state is uncertain; fail everything rather than hang.
      log_->error("curl_multi_socket_action: {}", curl_multi_strerror(mc));
      FailAll({ErrorKind::kNetwork, std::string("curl multi error: ") + curl_multi_strerror(mc)});
      return;
    }
    DrainCompleted();
  }

  void DrainCompleted() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      // The message dies with remove_handle: copy first.
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      auto it = transfers_.find(easy);
      if (it == transfers_.end()) {
        curl_multi_remove_handle(multi_.get(), easy);
        continue;
      }
      std::unique_ptr<Transfer> t = std::move(it->second);
      transfers_.erase(it);
      Collect(*t, code);
      curl_multi_remove_handle(multi_.get(), easy);
      t->easy.reset();
      Deliver(std::move(t->on_done), std::move(t->result));
    }
    if (transfers_.empty()) work_.reset();
  }

  void Collect(Transfer& t, CURLcode code) {
    CURL* e = t.easy.get();
    FetchResult& r = t.result;
    r.curl_code = code;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status_code);
    const char* s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s) r.effective_url = s;
    s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &s) == CURLE_OK && s) r.location = s;
    s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s) r.content_type = s;
    s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s) r.primary_ip = s;
    curl_off_t us = 0;
    if (curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK) {
      r.total_time = std::chrono::microseconds(us);
    }
    // Headers of the last response only (request index -1), i.e. not a 100 Continue.
    curl_header* prev = nullptr;
    while ((prev = curl_easy_nextheader(e, CURLH_HEADER, -1, prev)) != nullptr) {
      r.headers.emplace_back(prev->name, prev->value);
      const std::string_view name = prev->name;
      if (EqualsIgnoreCase(name, "etag")) r.etag = prev->value;
      else if (EqualsIgnoreCase(name, "last-modified")) r.last_modified = prev->value;
      else if (EqualsIgnoreCase(name, "retry-after")) r.retry_after = prev->value;
      else if (EqualsIgnoreCase(name, "content-encoding")) r.content_encoding = prev->value;
    }
    if (code == CURLE_WRITE_ERROR && t.truncated) {
      r.truncated = true;
      log_->debug("fetch {} -> {} (truncated at {} bytes)", r.url, r.status_code, r.body.size());
    } else if (code != CURLE_OK) {
      r.error = MapCurlError(code, t);
      log_->debug("fetch {} failed: {}", r.url, r.error.ToString());
    } else {
      log_->debug("fetch {} -> {} ({} bytes)", r.url, r.status_code, r.body.size());
    }
  }

  void Fail(std::unique_ptr<Transfer> t, Status error) {
    t->result.error = std::move(error);
    log_->warn("fetch {} not started: {}", t->result.url, t->result.error.ToString());
    Deliver(std::move(t->on_done), std::move(t->result));
  }

  void FailAll(const Status& error) {
    auto transfers = std::move(transfers_);
    transfers_.clear();
    for (auto& [easy, t] : transfers) {
      curl_multi_remove_handle(multi_.get(), easy);
      t->easy.reset();
      t->result.error = error;
      Deliver(std::move(t->on_done), std::move(t->result));
    }
    work_.reset();
  }

  // Completion callbacks always go through the io_context, never run inside a libcurl call.
  void Deliver(std::function<void(FetchResult)> on_done, FetchResult result) {
    asio::post(io_, [weak = weak_from_this(), on_done = std::move(on_done),
                     result = std::move(result)]() mutable {
      auto self = weak.lock();  // keeps the Impl alive if on_done destroys the Fetcher
      if (!self || self->shut_down_) return;
      --self->in_flight_;
      if (on_done) on_done(std::move(result));
    });
  }

  void StopWatching(SocketWatch& w) {
    boost::system::error_code ignored;
    w.sd.cancel(ignored);
    ++w.generation;
    // libcurl owns the fd and closes it itself; release() stops Asio from closing it too.
    w.sd.release();
  }

  asio::io_context& io_;
  FetchOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  asio::steady_timer timer_;
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> sockets_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::size_t in_flight_ = 0;
  bool shut_down_ = false;
  // Declared last so it is destroyed first: curl_multi_cleanup may call OnSocket, which uses
  // sockets_, timer_ and the io_context (Shutdown() also resets it explicitly).
  CurlMulti multi_;
};

Fetcher::Fetcher(asio::io_context& io, FetchOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

Fetcher::~Fetcher() { impl_->Shutdown(); }

void Fetcher::Fetch(FetchRequest request, std::function<void(FetchResult)> on_done) {
  impl_->Fetch(std::move(request), std::move(on_done));
}

std::size_t Fetcher::InFlight() const { return impl_->InFlight(); }

const FetchOptions& Fetcher::options() const { return impl_->options(); }

}  // namespace newscrawl
