// Private to src/url: the URL Standard's host parser (§3: domains through UTS #46 / punycode,
// IPv4 with its hex/octal parts, bracketed IPv6), and the byte classes and small steps that the
// parser (url_parser.cpp), the host parser (url_host.cpp) and the canonical form (url.cpp) share.
// Nothing here is public API.
// Pure functions; thread-safe (the ICU IDNA object is immutable after a thread-safe first use).
#ifndef NEWSCRAWL_SRC_URL_URL_HOST_H_
#define NEWSCRAWL_SRC_URL_URL_HOST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/status.h"
#include "newscrawl/url/url.h"

namespace newscrawl::url_internal {

// What At() returns past the end of the input: the standard's "EOF code point".
inline constexpr int kEof = -1;

// Byte classes on an `int` code unit (kEof is in none of them).
inline bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiHex(int c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// The value of a hex digit; only meaningful when IsAsciiHex(c).
inline int HexValue(int c) {
  if (IsAsciiDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// "%XX" with upper-case hex, appended to `out`.
void AppendPercentEncoded(unsigned char c, std::string& out);

// The special schemes' default ports; nullopt for any other scheme.
inline std::optional<std::uint16_t> DefaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return std::nullopt;
}

// `s` split at every `sep`; n separators give n + 1 pieces (views into `s`).
std::vector<std::string_view> SplitOn(std::string_view s, char sep);

// A serialised host and what kind it is.
struct Host {
  std::string text;
  Url::HostKind kind;
};

// The host parser for special URLs (isOpaque false): the text between "//"/userinfo and the port
// or path, still percent-encoded. kParseError for anything the standard calls a host failure.
Result<Host> ParseHost(std::string_view input);

// The standard's "ends in a number" test: whether a domain's last label (ignoring one trailing
// empty label) makes it an IPv4 candidate.
bool EndsInANumber(std::string_view domain);

// The IPv4 parser: "0x7f.1" -> "127.0.0.1"; kParseError when a part or the whole is out of range.
Result<std::string> ParseIpv4(std::string_view s);

}  // namespace newscrawl::url_internal

#endif  // NEWSCRAWL_SRC_URL_URL_HOST_H_
