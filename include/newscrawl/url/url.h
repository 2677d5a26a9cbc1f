// URLs as the crawler sees them: parsed and resolved the way browsers do (the WHATWG URL Standard,
// basic URL parser) for the two schemes a news crawler fetches, http and https, plus a canonical
// form used as the dedup key. Links are never resolved with libcurl's URL API: curl 7.88 resolves
// `href=""` and `href="#"` to the parent directory, browsers to the page itself.
//
// Deliberate differences from the standard, all on the "reject" side:
//   * only http and https parse; any other scheme ("mailto:", "javascript:", "ftp:", "file:",
//     "data:") is an `ErrorKind::kUnsupported` failure, never a crash or an opaque-path URL;
//   * inputs longer than `kMaxUrlBytes` fail with `kTooLarge` before any work is done, so a
//     hostile 100 KB href costs a length check;
//   * bytes that are not valid UTF-8 are read as U+FFFD first (what an HTML decoder would have
//     produced), so they end up as "%EF%BF%BD" in paths and make hosts invalid.
//
// All types here are plain values: copyable, thread-compatible. The free functions are thread-safe
// (the ICU IDNA object they share is immutable after a thread-safe first use).
#ifndef NEWSCRAWL_URL_H_
#define NEWSCRAWL_URL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newscrawl/core/status.h"

namespace newscrawl {

// Longest input (before trimming) Parse/ResolveUrl/CanonicalUrl accept. Real article URLs stay
// under 2 KiB; browsers accept ~2 MB, but nothing worth crawling needs more than this.
inline constexpr std::size_t kMaxUrlBytes = 16 * 1024;

// A parsed absolute http(s) URL. Every instance comes from Parse, so its parts are already in
// serialised (percent-encoded, ASCII) form and Href() of a parsed URL parses back to itself.
class Url {
 public:
  enum class HostKind { kDomain, kIpv4, kIpv6 };

  // The WHATWG basic URL parser for http/https. With `base` (not owned, read only during the
  // call) `input` is resolved against it as a link in that page would be; without it `input` must
  // be absolute. Failures: kTooLarge (input over kMaxUrlBytes), kUnsupported (a scheme other than
  // http/https), kParseError (anything the standard calls a failure: missing scheme or host,
  // forbidden host code points, bad IPv4/IPv6, port over 65535, IDNA errors...).
  static Result<Url> Parse(std::string_view input, const Url* base = nullptr);

  // "http" or "https".
  const std::string& scheme() const { return scheme_; }
  // Percent-encoded userinfo, as parsed (often empty).
  const std::string& username() const { return username_; }
  const std::string& password() const { return password_; }
  // Lower-case ASCII: a domain in punycode, a dotted-decimal IPv4 address, or a bracketed
  // compressed IPv6 address ("[2001:db8::1]").
  const std::string& host() const { return host_; }
  HostKind host_kind() const { return host_kind_; }
  // nullopt when the URL uses its scheme's default port (80 for http, 443 for https).
  std::optional<std::uint16_t> port() const { return port_; }
  // The port a connection goes to: port() or the scheme's default.
  std::uint16_t EffectivePort() const;
  // Percent-encoded path, always starting with "/" ("/" when empty).
  const std::string& path() const { return path_; }
  // Without the leading "?"; nullopt for no "?" at all, "" for a bare "?".
  const std::optional<std::string>& query() const { return query_; }
  // Without the leading "#"; nullopt for no "#" at all, "" for a bare "#".
  const std::optional<std::string>& fragment() const { return fragment_; }

  // The URL serializer: "scheme://[user[:pass]@]host[:port]/path[?query][#fragment]".
  std::string Href() const;
  // "scheme://host[:port]", the port only when not the default.
  std::string Origin() const;
  // "host:port" with the effective port, e.g. "example.com:443" (a key for per-host state).
  std::string HostPort() const;

  // The dedup form (see CanonicalUrl): userinfo and fragment dropped, trailing dots removed from a
  // domain host, unreserved %-escapes decoded and other escapes upper-cased in path and query,
  // tracking parameters removed, an empty query dropped. Fails only when the host was nothing but
  // dots.
  Result<Url> Canonical() const;

  friend bool operator==(const Url&, const Url&) = default;

 private:
  friend class UrlParser;
  Url() = default;

  std::string scheme_;
  std::string username_;
  std::string password_;
  std::string host_;
  HostKind host_kind_ = HostKind::kDomain;
  std::optional<std::uint16_t> port_;
  std::string path_;  // serialised segment list: "" = no segments, "/a/b" = {"a", "b"}
  std::optional<std::string> query_;
  std::optional<std::string> fragment_;
};

// Resolves a link `ref` found in the page at `base` the way a browser would and returns the
// serialised result. `base` must itself be an absolute http(s) URL. Examples with base
// "https://a.vn/x/y?q#f": "" -> "https://a.vn/x/y?q", "#z" -> "https://a.vn/x/y?q#z",
// "?k" -> "https://a.vn/x/y?k", "../../b" -> "https://a.vn/b", "mailto:x@a.vn" -> kUnsupported.
Result<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// The dedup key of an absolute http(s) URL: Parse + Url::Canonical + Href. Two URLs with the same
// canonical form are the same article for the crawler. Beyond the WHATWG serialisation this:
// drops fragment and userinfo; drops trailing dots of the host; decodes %-escapes of unreserved
// characters (ALPHA DIGIT - . _ ~) and upper-cases the hex of the others in path and query (an
// escape whose decoding would turn a stray "%" into a new escape, "%e%38", stays encoded);
// removes tracking parameters (IsTrackingParameter) and empty "&&" pieces while keeping every other
// parameter, in its order and spelling; drops a query left empty. The path is "/" when empty.
Result<std::string> CanonicalUrl(std::string_view url);

// Whether a query parameter name is a tracking parameter CanonicalUrl removes. Compared ASCII
// case-insensitively. The list: every "utm_*" (Google Analytics campaign tags), fbclid (Facebook),
// gclid, dclid, gbraid, wbraid, _ga, _gl (Google Ads / Analytics cross-domain), msclkid (Microsoft
// Ads), mc_cid, mc_eid (Mailchimp), yclid (Yandex), igshid (Instagram share), ref_src (Twitter
// embeds), zarsrc and gidzl (appended by Zalo, the dominant Vietnamese messenger, to every shared
// link). None of them selects content.
bool IsTrackingParameter(std::string_view name);

// The host of an absolute http(s) URL as Url::host() gives it, or "" when `url` does not parse.
std::string HostOf(std::string_view url);

// Whether `host` is `domain` or one of its subdomains ("m.tuoitre.vn" is in "tuoitre.vn",
// "nottuoitre.vn" is not). ASCII case-insensitive, ignores one trailing dot on either side.
// IP-address hosts match only exactly. An empty domain matches nothing. Both arguments should be
// in the ASCII (punycode) form Url::host() produces.
bool HostInDomain(std::string_view host, std::string_view domain);

}  // namespace newscrawl

#endif  // NEWSCRAWL_URL_H_
