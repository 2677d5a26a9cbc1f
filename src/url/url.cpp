// Url's serialisation and canonical (dedup) form, and the free URL functions of url.h. The parser
// itself is in url_parser.cpp, host parsing in url_host.cpp.
#include "newscrawl/url/url.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "newscrawl/core/text.h"
#include "url_host.h"

namespace newscrawl {

using url_internal::AppendPercentEncoded;
using url_internal::DefaultPort;
using url_internal::EndsInANumber;
using url_internal::HexValue;
using url_internal::IsAsciiAlpha;
using url_internal::IsAsciiDigit;
using url_internal::IsAsciiHex;
using url_internal::ParseIpv4;
using url_internal::SplitOn;

std::uint16_t Url::EffectivePort() const {
  return port_ ? *port_ : DefaultPort(scheme_).value_or(0);
}

std::string Url::Href() const {
  std::string out;
  out.reserve(scheme_.size() + host_.size() + path_.size() + 16 + (query_ ? query_->size() : 0) +
              (fragment_ ? fragment_->size() : 0));
  out += scheme_;
  out += "://";
  if (!username_.empty() || !password_.empty()) {
    out += username_;
    if (!password_.empty()) {
      out += ':';
      out += password_;
    }
    out += '@';
  }
  out += host_;
  if (port_) {
    out += ':';
    out += std::to_string(*port_);
  }
  out += path_;
  if (query_) {
    out += '?';
    out += *query_;
  }
  if (fragment_) {
    out += '#';
    out += *fragment_;
  }
  return out;
}

std::string Url::Origin() const {
  std::string out = scheme_ + "://" + host_;
  if (port_) out += ":" + std::to_string(*port_);
  return out;
}

std::string Url::HostPort() const { return host_ + ":" + std::to_string(EffectivePort()); }

namespace {

bool IsUnreserved(int c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Whether appending the hex digit `c` to `out` would complete a "%XX" escape out of a stray "%"
// that was not one ("%e" + "8"). A stray "%" is always followed by fewer than two hex digits, and
// an escape already written is three bytes, so a "%" at either of the last two places is stray.
bool CompletesEscape(const std::string& out, int c) {
  if (!IsAsciiHex(c)) return false;
  const std::size_t n = out.size();
  return (n >= 1 && out[n - 1] == '%') || (n >= 2 && out[n - 2] == '%' && IsAsciiHex(out[n - 1]));
}

// RFC 3986 §6.2.2: decode escapes of unreserved characters, upper-case the hex of the rest.
// An escape stays encoded when decoding it would turn a stray "%" into a new escape
// ("%e%38" must not become "%e8"): the next pass would decode that one too, and a dedup key must
// be a fixed point (found by fuzz/url_fuzzer).
std::string NormalizeEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && IsAsciiHex(s[i + 1]) && IsAsciiHex(s[i + 2])) {
      const int value = HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]);
      if (IsUnreserved(value) && !CompletesEscape(out, value)) {
        out.push_back(static_cast<char>(value));
      } else {
        AppendPercentEncoded(static_cast<unsigned char>(value), out);
      }
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

Result<Url> Url::Canonical() const {
  Url u = *this;
  u.username_.clear();
  u.password_.clear();
  u.fragment_.reset();
  if (u.host_kind_ == HostKind::kDomain) {
    // "example.com." names the same DNS node as "example.com"; dedup must see one URL.
    while (!u.host_.empty() && u.host_.back() == '.') u.host_.pop_back();
    if (u.host_.empty()) return Status::ParseError("host is only dots");
    // The parser drops only one trailing empty label before its "ends in a number" test, so
    // "a.0.." parsed as a domain; without its dots it is an IPv4 candidate and must be read as
    // the parser would read it, or the canonical form would not parse (found by fuzz/url_fuzzer).
    if (EndsInANumber(u.host_)) {
      auto v4 = ParseIpv4(u.host_);
      if (!v4.ok()) return v4.status();
      u.host_ = std::move(v4).value();
      u.host_kind_ = HostKind::kIpv4;
    }
  }
  // The parser already removed "." / ".." / "%2e" segments, so decoding "%2E" here cannot
  // create a new dot segment: the result parses back to itself.
  u.path_ = NormalizeEscapes(path_);
  if (query_) {
    std::string kept;
    for (std::string_view piece : SplitOn(*query_, '&')) {
      if (piece.empty()) continue;
      std::string normalized = NormalizeEscapes(piece);
      const std::string_view name = std::string_view(normalized).substr(0, normalized.find('='));
      if (IsTrackingParameter(name)) continue;
      if (!kept.empty()) kept += '&';
      kept += normalized;
    }
    if (kept.empty()) {
      u.query_.reset();
    } else {
      u.query_ = std::move(kept);
    }
  }
  return u;
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::string_view kExact[] = {
      "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
      "yclid",  "igshid", "_ga",  "_gl",    "ref_src", "zarsrc", "gidzl",
  };
  const std::string lower = AsciiLower(name);
  if (lower.starts_with("utm_")) return true;
  return std::find(std::begin(kExact), std::end(kExact), lower) != std::end(kExact);
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  auto base_url = Url::Parse(base);
  if (!base_url.ok()) {
    return Status(base_url.status().kind(), "base URL: " + base_url.status().message());
  }
  auto url = Url::Parse(ref, &base_url.value());
  if (!url.ok()) return url.status();
  return url->Href();
}

Result<std::string> CanonicalUrl(std::string_view url) {
  auto parsed = Url::Parse(url);
  if (!parsed.ok()) return parsed.status();
  auto canonical = parsed->Canonical();
  if (!canonical.ok()) return canonical.status();
  return canonical->Href();
}

std::string HostOf(std::string_view url) {
  auto parsed = Url::Parse(url);
  return parsed.ok() ? parsed->host() : std::string();
}

bool HostInDomain(std::string_view host, std::string_view domain) {
  if (host.ends_with('.')) host.remove_suffix(1);
  if (domain.ends_with('.')) domain.remove_suffix(1);
  if (domain.empty() || host.size() < domain.size()) return false;
  const std::string h = AsciiLower(host);
  const std::string d = AsciiLower(domain);
  if (h == d) return true;
  // IP addresses have no subdomains: "1.2.3.4" is not "in" "3.4".
  const bool ip = h.starts_with('[') ||
                  std::all_of(h.begin(), h.end(), [](char c) { return IsAsciiDigit(c) || c == '.'; });
  if (ip) return false;
  return h.size() > d.size() && h.ends_with(d) && h[h.size() - d.size() - 1] == '.';
}

}  // namespace newscrawl
