// The URL Standard's host parsing (§3) for special URLs: domain to ASCII through ICU's UTS #46
// processor, the IPv4 parser with its hex/octal parts, and the IPv6 parser and serializer. The
// steps follow the standard's algorithms so they can be checked against its text.
#include "url_host.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "newscrawl/core/text.h"

namespace newscrawl::url_internal {
namespace {

std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && IsAsciiHex(in[i + 1]) && IsAsciiHex(in[i + 2])) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

bool IsForbiddenHostCodePoint(unsigned char c) {
  switch (c) {
    case 0x00: case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':':
    case '<': case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}
bool IsForbiddenDomainCodePoint(unsigned char c) {
  return IsForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// IPv4 number parser. Values saturate well above 2^32 so that "too big" stays detectable without
// overflow on a thousand-digit part.
std::optional<std::uint64_t> ParseIpv4Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  if (s.empty()) return 0;
  constexpr std::uint64_t kCap = std::uint64_t{1} << 40;
  std::uint64_t value = 0;
  for (char ch : s) {
    int digit;
    if (radix == 16 && IsAsciiHex(ch)) {
      digit = HexValue(ch);
    } else if (IsAsciiDigit(ch) && ch - '0' < radix) {
      digit = ch - '0';
    } else {
      return std::nullopt;
    }
    value = std::min(kCap, value * static_cast<std::uint64_t>(radix) + static_cast<std::uint64_t>(digit));
  }
  return value;
}

// --- IPv6 (URL Standard §3.5 "IPv6 parser", §3.6 "IPv6 serializer") --------------------------

using Ipv6Pieces = std::array<std::uint16_t, 8>;

int CharAt(std::string_view s, std::size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : kEof;
}

// The dotted IPv4 tail ("::ffff:1.2.3.4"), read from `p` to the end of `s` into two pieces
// starting at `piece_index`, which it advances. False on any validation failure.
bool ReadEmbeddedIpv4(std::string_view s, std::size_t p, Ipv6Pieces& address, int& piece_index) {
  if (piece_index > 6) return false;
  int numbers_seen = 0;
  while (CharAt(s, p) != kEof) {
    int ipv4_piece = -1;
    if (numbers_seen > 0) {
      if (CharAt(s, p) != '.' || numbers_seen >= 4) return false;
      ++p;
    }
    if (!IsAsciiDigit(CharAt(s, p))) return false;
    while (IsAsciiDigit(CharAt(s, p))) {
      const int number = CharAt(s, p) - '0';
      if (ipv4_piece == -1) {
        ipv4_piece = number;
      } else if (ipv4_piece == 0) {
        return false;  // leading zero
      } else {
        ipv4_piece = ipv4_piece * 10 + number;
      }
      if (ipv4_piece > 255) return false;
      ++p;
    }
    address[piece_index] = static_cast<std::uint16_t>(address[piece_index] * 0x100 + ipv4_piece);
    ++numbers_seen;
    if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
  }
  return numbers_seen == 4;
}

// Moves the pieces read after "::" (at `compress`) to the end, leaving zeros in the gap; without
// a "::" all eight pieces must have been read.
bool ApplyCompression(Ipv6Pieces& address, int piece_index, int compress) {
  if (compress == -1) return piece_index == 8;
  int swaps = piece_index - compress;
  piece_index = 7;
  while (piece_index != 0 && swaps > 0) {
    std::swap(address[piece_index], address[compress + swaps - 1]);
    --piece_index;
    --swaps;
  }
  return true;
}

// The address between the brackets as eight pieces; nullopt on any validation failure.
std::optional<Ipv6Pieces> ReadIpv6Pieces(std::string_view s) {
  Ipv6Pieces address{};
  int piece_index = 0;
  int compress = -1;
  std::size_t p = 0;
  if (CharAt(s, p) == ':') {
    if (CharAt(s, p + 1) != ':') return std::nullopt;
    p += 2;
    compress = ++piece_index;
  }
  while (CharAt(s, p) != kEof) {
    if (piece_index == 8) return std::nullopt;
    if (CharAt(s, p) == ':') {
      if (compress != -1) return std::nullopt;
      ++p;
      compress = ++piece_index;
      continue;
    }
    unsigned value = 0;
    int length = 0;
    while (length < 4 && IsAsciiHex(CharAt(s, p))) {
      value = value * 16 + static_cast<unsigned>(HexValue(CharAt(s, p)));
      ++p;
      ++length;
    }
    if (CharAt(s, p) == '.') {
      if (length == 0) return std::nullopt;
      if (!ReadEmbeddedIpv4(s, p - static_cast<std::size_t>(length), address, piece_index)) return std::nullopt;
      break;
    }
    if (CharAt(s, p) == ':') {
      ++p;
      if (CharAt(s, p) == kEof) return std::nullopt;
    } else if (CharAt(s, p) != kEof) {
      return std::nullopt;
    }
    address[piece_index] = static_cast<std::uint16_t>(value);
    ++piece_index;
  }
  if (!ApplyCompression(address, piece_index, compress)) return std::nullopt;
  return address;
}

// The serializer compresses the first longest run of two or more zero pieces: {start, length},
// start -1 when there is none.
std::pair<int, int> LongestZeroRun(const Ipv6Pieces& address) {
  int best_start = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (address[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  return {best_start, best_len};
}

// "[2001:db8::1]": lower-case hex without leading zeros, the longest zero run as "::".
std::string SerializeIpv6(const Ipv6Pieces& address) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto [zeros_start, zeros_len] = LongestZeroRun(address);
  std::string out = "[";
  for (int i = 0; i < 8; ++i) {
    if (i == zeros_start) {
      out += (i == 0) ? "::" : ":";
      i += zeros_len - 1;
      continue;
    }
    const std::uint16_t v = address[i];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = (v >> shift) & 0xF;
      if (nibble != 0 || started || shift == 0) {
        out.push_back(kHex[nibble]);
        started = true;
      }
    }
    if (i != 7) out.push_back(':');
  }
  out.push_back(']');
  return out;
}

Result<std::string> ParseIpv6(std::string_view s) {
  const std::optional<Ipv6Pieces> address = ReadIpv6Pieces(s);
  if (!address) return Status::ParseError("invalid IPv6 address '[" + std::string(s) + "]'");
  return SerializeIpv6(*address);
}

// --- Domains (URL Standard §3.3 "domain to ASCII") -------------------------------------------

struct UidnaCloser {
  void operator()(UIDNA* p) const { uidna_close(p); }
};

// The UTS #46 processor with the options the URL Standard's "domain to ASCII" asks for
// (CheckBidi, CheckJoiners, nontransitional; UseSTD3ASCIIRules off because beStrict is false).
// Built once; ICU documents UTS46 instances as immutable, so concurrent use is safe.
const UIDNA* Uts46() {
  static const std::unique_ptr<UIDNA, UidnaCloser> idna = [] {
    UErrorCode err = U_ZERO_ERROR;
    UIDNA* p = uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &err);
    return std::unique_ptr<UIDNA, UidnaCloser>(U_SUCCESS(err) ? p : nullptr);
  }();
  return idna.get();
}

// The standard's own fast path: ASCII without "xn--" labels is only lower-cased by UTS #46.
// nullopt when the domain needs the full processor.
std::optional<std::string> AsciiDomainFastPath(std::string_view domain) {
  const bool ascii = std::all_of(domain.begin(), domain.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return std::nullopt;
  std::string lower = AsciiLower(domain);
  for (std::string_view label : SplitOn(lower, '.')) {
    if (label.starts_with("xn--")) return std::nullopt;
  }
  return lower;
}

// UTS #46 ToASCII through ICU, growing the output buffer once if ICU asks for more.
Result<std::string> Uts46ToAscii(std::string_view domain) {
  const UIDNA* idna = Uts46();
  if (idna == nullptr) return Status::ParseError("ICU UTS #46 processor unavailable");
  std::string out(std::max<std::size_t>(64, domain.size() * 4), '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    UErrorCode err = U_ZERO_ERROR;
    const int32_t n = uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()),
                                             out.data(), static_cast<int32_t>(out.size()), &info, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
      out.assign(static_cast<std::size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(err)) return Status::ParseError(std::string("IDNA failure: ") + u_errorName(err));
    // CheckHyphens=false and VerifyDnsLength=false in the standard: these errors do not count.
    constexpr uint32_t kIgnored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                  UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                  UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
    if ((info.errors & ~kIgnored) != 0) {
      return Status::ParseError("host is not a valid internationalised domain name");
    }
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
  return Status::ParseError("IDNA result too long");
}

Result<std::string> DomainToAscii(std::string_view domain) {
  std::optional<std::string> fast = AsciiDomainFastPath(domain);
  Result<std::string> ascii = fast ? Result<std::string>(std::move(*fast)) : Uts46ToAscii(domain);
  if (ascii.ok() && ascii->empty()) return Status::ParseError("empty host");
  return ascii;
}

}  // namespace

void AppendPercentEncoded(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool EndsInANumber(std::string_view s) {
  std::vector<std::string_view> parts = SplitOn(s, '.');
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  const std::string_view last = parts.back();
  if (!last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return IsAsciiDigit(c); })) {
    return true;
  }
  return ParseIpv4Number(last).has_value();
}

Result<std::string> ParseIpv4(std::string_view s) {
  std::vector<std::string_view> parts = SplitOn(s, '.');
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return Status::ParseError("IPv4 address with more than four parts");
  std::vector<std::uint64_t> numbers;
  for (std::string_view part : parts) {
    const auto n = ParseIpv4Number(part);
    if (!n) return Status::ParseError("invalid IPv4 address part '" + std::string(part) + "'");
    numbers.push_back(*n);
  }
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return Status::ParseError("IPv4 address part over 255");
  }
  const std::uint64_t limit = std::uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return Status::ParseError("IPv4 address out of range");
  std::uint64_t ipv4 = numbers.back();
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) ipv4 += numbers[i] << (8 * (3 - i));
  return std::to_string((ipv4 >> 24) & 0xFF) + "." + std::to_string((ipv4 >> 16) & 0xFF) + "." +
         std::to_string((ipv4 >> 8) & 0xFF) + "." + std::to_string(ipv4 & 0xFF);
}

Result<Host> ParseHost(std::string_view input) {
  if (input.starts_with('[')) {
    if (!input.ends_with(']')) return Status::ParseError("unclosed '[' in IPv6 host");
    auto v6 = ParseIpv6(input.substr(1, input.size() - 2));
    if (!v6.ok()) return v6.status();
    return Host{std::move(v6).value(), Url::HostKind::kIpv6};
  }
  std::string domain = PercentDecode(input);
  if (!IsValidUtf8(domain)) domain = SanitizeUtf8(domain);  // UTF-8 decode with replacement
  auto ascii = DomainToAscii(domain);
  if (!ascii.ok()) return ascii.status();
  for (char c : *ascii) {
    if (IsForbiddenDomainCodePoint(static_cast<unsigned char>(c))) {
      return Status::ParseError("forbidden code point in host '" + std::string(input) + "'");
    }
  }
  if (EndsInANumber(*ascii)) {
    auto v4 = ParseIpv4(*ascii);
    if (!v4.ok()) return v4.status();
    return Host{std::move(v4).value(), Url::HostKind::kIpv4};
  }
  return Host{std::move(ascii).value(), Url::HostKind::kDomain};
}

}  // namespace newscrawl::url_internal
