// WHATWG URL Standard, basic URL parser, restricted to the special schemes http and https.
// The state machine follows the standard's states one to one (names match the spec) so that it can
// be checked against the text; states only reachable for other schemes (file, opaque paths,
// state overrides used by setters) are left out. Works on UTF-8 bytes: every byte of a non-ASCII
// code point is in every percent-encode set, so encoding per byte equals encoding per code point.
#include "newscrawl/url.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "newscrawl/text.h"

namespace newscrawl {
namespace {

constexpr int kEof = -1;

bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }
bool IsAsciiHex(int c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(int c) {
  if (IsAsciiDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// --- Percent-encode sets (URL Standard §1.3) -------------------------------------------------
enum class EncodeSet { kFragment, kQuery, kSpecialQuery, kPath, kUserinfo };

bool InC0ControlSet(unsigned char c) { return c <= 0x1F || c > 0x7E; }
bool InFragmentSet(unsigned char c) {
  return InC0ControlSet(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
}
bool InQuerySet(unsigned char c) {
  return InC0ControlSet(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
}
bool InSpecialQuerySet(unsigned char c) { return InQuerySet(c) || c == '\''; }
bool InPathSet(unsigned char c) {
  return InQuerySet(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
}
bool InUserinfoSet(unsigned char c) {
  return InPathSet(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
         (c >= '[' && c <= '^') || c == '|';
}
bool InSet(unsigned char c, EncodeSet set) {
  switch (set) {
    case EncodeSet::kFragment: return InFragmentSet(c);
    case EncodeSet::kQuery: return InQuerySet(c);
    case EncodeSet::kSpecialQuery: return InSpecialQuerySet(c);
    case EncodeSet::kPath: return InPathSet(c);
    case EncodeSet::kUserinfo: return InUserinfoSet(c);
  }
  return true;
}

void AppendPercentEncoded(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

void AppendEncoded(char ch, EncodeSet set, std::string& out) {
  const auto c = static_cast<unsigned char>(ch);
  if (InSet(c, set)) {
    AppendPercentEncoded(c, out);
  } else {
    out.push_back(ch);
  }
}

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

// --- Hosts (URL Standard §3) -----------------------------------------------------------------
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

Result<std::string> ParseIpv6(std::string_view s) {
  const Status bad = Status::ParseError("invalid IPv6 address '[" + std::string(s) + "]'");
  std::array<std::uint16_t, 8> address{};
  int piece_index = 0;
  int compress = -1;
  std::size_t p = 0;
  auto at = [&](std::size_t i) -> int { return i < s.size() ? static_cast<unsigned char>(s[i]) : kEof; };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return bad;
    p += 2;
    ++piece_index;
    compress = piece_index;
  }
  while (at(p) != kEof) {
    if (piece_index == 8) return bad;
    if (at(p) == ':') {
      if (compress != -1) return bad;
      ++p;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    unsigned value = 0;
    int length = 0;
    while (length < 4 && IsAsciiHex(at(p))) {
      value = value * 16 + static_cast<unsigned>(HexValue(at(p)));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      if (length == 0) return bad;
      p -= static_cast<std::size_t>(length);
      if (piece_index > 6) return bad;
      int numbers_seen = 0;
      while (at(p) != kEof) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return bad;
          }
        }
        if (!IsAsciiDigit(at(p))) return bad;
        while (IsAsciiDigit(at(p))) {
          const int number = at(p) - '0';
          if (ipv4_piece == -1) {
            ipv4_piece = number;
          } else if (ipv4_piece == 0) {
            return bad;  // leading zero
          } else {
            ipv4_piece = ipv4_piece * 10 + number;
          }
          if (ipv4_piece > 255) return bad;
          ++p;
        }
        address[piece_index] = static_cast<std::uint16_t>(address[piece_index] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return bad;
      break;
    } else if (at(p) == ':') {
      ++p;
      if (at(p) == kEof) return bad;
    } else if (at(p) != kEof) {
      return bad;
    }
    address[piece_index] = static_cast<std::uint16_t>(value);
    ++piece_index;
  }
  if (compress != -1) {
    int swaps = piece_index - compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return bad;
  }

  // Serializer: compress the first longest run of two or more zero pieces.
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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += (i == 0) ? "::" : ":";
      i += best_len - 1;
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

Result<std::string> DomainToAscii(std::string_view domain) {
  // The standard's own fast path: ASCII without "xn--" labels is only lower-cased by UTS #46.
  const bool ascii = std::all_of(domain.begin(), domain.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::string lower = AsciiLower(domain);
    bool has_ace = false;
    for (std::string_view label : SplitOn(lower, '.')) has_ace |= label.starts_with("xn--");
    if (!has_ace) {
      if (lower.empty()) return Status::ParseError("empty host");
      return lower;
    }
  }
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
    if (out.empty()) return Status::ParseError("empty host");
    return out;
  }
  return Status::ParseError("IDNA result too long");
}

struct Host {
  std::string text;
  Url::HostKind kind;
};

// The host parser for special URLs (isOpaque false).
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

std::optional<std::uint16_t> DefaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return std::nullopt;
}

bool IsSingleDot(std::string_view s) { return s == "." || s == "%2e" || s == "%2E"; }
bool IsDoubleDot(std::string_view s) {
  std::string lower = AsciiLower(s);
  return lower == ".." || lower == ".%2e" || lower == "%2e." || lower == "%2e%2e";
}

}  // namespace

// The parser proper. A class (befriended by Url) rather than free functions so the states can
// share the url under construction without passing it around.
class UrlParser {
 public:
  UrlParser(std::string input, const Url* base) : s_(std::move(input)), base_(base) {}

  Result<Url> Run();

 private:
  enum class State {
    kSchemeStart, kScheme, kNoScheme, kSpecialRelativeOrAuthority, kRelative, kRelativeSlash,
    kSpecialAuthoritySlashes, kSpecialAuthorityIgnoreSlashes, kAuthority, kHost, kPort,
    kPathStart, kPath, kQuery, kFragment,
  };

  int At(std::ptrdiff_t i) const {
    return (i >= 0 && static_cast<std::size_t>(i) < s_.size()) ? static_cast<unsigned char>(s_[i])
                                                               : kEof;
  }
  bool RemainingStartsWith(char c) const { return At(p_ + 1) == c; }
  void ShortenPath() {
    const std::size_t slash = url_.path_.rfind('/');
    if (slash != std::string::npos) url_.path_.erase(slash);
  }
  void CopyAuthorityFromBase() {
    url_.username_ = base_->username_;
    url_.password_ = base_->password_;
    url_.host_ = base_->host_;
    url_.host_kind_ = base_->host_kind_;
    url_.port_ = base_->port_;
  }

  std::string s_;
  const Url* base_;
  Url url_;
  std::ptrdiff_t p_ = 0;
};

Result<Url> UrlParser::Run() {
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;

  for (p_ = 0;; ++p_) {
    const int c = At(p_);
    switch (state) {
      case State::kSchemeStart:
        if (IsAsciiAlpha(c)) {
          buffer.push_back(LowerAscii(static_cast<char>(c)));
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p_;
        }
        break;

      case State::kScheme:
        if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
          buffer.push_back(LowerAscii(static_cast<char>(c)));
        } else if (c == ':') {
          if (buffer != "http" && buffer != "https") {
            return Status(ErrorKind::kUnsupported,
                          "scheme '" + buffer + "' is not crawled (only http and https)");
          }
          url_.scheme_ = std::move(buffer);
          buffer.clear();
          if (base_ != nullptr && base_->scheme_ == url_.scheme_) {
            state = State::kSpecialRelativeOrAuthority;
          } else {
            state = State::kSpecialAuthoritySlashes;
          }
        } else {
          buffer.clear();
          state = State::kNoScheme;
          p_ = -1;  // start over from the first code point
        }
        break;

      case State::kNoScheme:
        if (base_ == nullptr) return Status::ParseError("relative URL without a base (missing scheme)");
        state = State::kRelative;
        --p_;
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && RemainingStartsWith('/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p_;
        } else {
          state = State::kRelative;
          --p_;
        }
        break;

      case State::kRelative:
        url_.scheme_ = base_->scheme_;
        if (c == '/' || c == '\\') {
          state = State::kRelativeSlash;
        } else {
          CopyAuthorityFromBase();
          url_.path_ = base_->path_;
          url_.query_ = base_->query_;
          if (c == '?') {
            url_.query_ = std::string();
            state = State::kQuery;
          } else if (c == '#') {
            url_.fragment_ = std::string();
            state = State::kFragment;
          } else if (c != kEof) {
            url_.query_.reset();
            ShortenPath();
            state = State::kPath;
            --p_;
          }
        }
        break;

      case State::kRelativeSlash:
        if (c == '/' || c == '\\') {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else {
          CopyAuthorityFromBase();
          state = State::kPath;
          --p_;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        if (c == '/' && RemainingStartsWith('/')) {
          ++p_;
        } else {
          --p_;
        }
        state = State::kSpecialAuthorityIgnoreSlashes;
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p_;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char ch : buffer) {
            if (ch == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            AppendEncoded(ch, EncodeSet::kUserinfo, password_token_seen ? url_.password_ : url_.username_);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          if (at_sign_seen && buffer.empty()) return Status::ParseError("credentials without a host");
          p_ -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return Status::ParseError("empty host before ':'");
          auto host = ParseHost(buffer);
          if (!host.ok()) return host.status();
          url_.host_ = std::move(host->text);
          url_.host_kind_ = host->kind;
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          --p_;
          if (buffer.empty()) return Status::ParseError("empty host");
          auto host = ParseHost(buffer);
          if (!host.ok()) return host.status();
          url_.host_ = std::move(host->text);
          url_.host_kind_ = host->kind;
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kPort:
        if (IsAsciiDigit(c)) {
          buffer.push_back(static_cast<char>(c));
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          if (!buffer.empty()) {
            std::uint32_t port = 0;
            for (char d : buffer) {
              port = port * 10 + static_cast<std::uint32_t>(d - '0');
              if (port > 65535) return Status::ParseError("port out of range");
            }
            if (DefaultPort(url_.scheme_) == port) {
              url_.port_.reset();
            } else {
              url_.port_ = static_cast<std::uint16_t>(port);
            }
            buffer.clear();
          }
          state = State::kPathStart;
          --p_;
        } else {
          return Status::ParseError("invalid port");
        }
        break;

      case State::kPathStart:
        state = State::kPath;
        if (c != '/' && c != '\\') --p_;
        break;

      case State::kPath:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          const bool slash = (c == '/' || c == '\\');
          if (IsDoubleDot(buffer)) {
            ShortenPath();
            if (!slash) url_.path_ += '/';
          } else if (IsSingleDot(buffer)) {
            if (!slash) url_.path_ += '/';
          } else {
            url_.path_ += '/';
            url_.path_ += buffer;
          }
          buffer.clear();
          if (c == '?') {
            url_.query_ = std::string();
            state = State::kQuery;
          } else if (c == '#') {
            url_.fragment_ = std::string();
            state = State::kFragment;
          }
        } else {
          AppendEncoded(static_cast<char>(c), EncodeSet::kPath, buffer);
        }
        break;

      case State::kQuery:
        if (c == '#') {
          url_.fragment_ = std::string();
          state = State::kFragment;
        } else if (c != kEof) {
          AppendEncoded(static_cast<char>(c), EncodeSet::kSpecialQuery, *url_.query_);
        }
        break;

      case State::kFragment:
        if (c != kEof) AppendEncoded(static_cast<char>(c), EncodeSet::kFragment, *url_.fragment_);
        break;
    }
    if (At(p_) == kEof && p_ >= 0) break;
  }
  return std::move(url_);
}

Result<Url> Url::Parse(std::string_view input, const Url* base) {
  if (input.size() > kMaxUrlBytes) {
    return Status::TooLarge("URL of " + std::to_string(input.size()) + " bytes (limit " +
                            std::to_string(kMaxUrlBytes) + ")");
  }
  // Leading and trailing C0 control or space go, then every ASCII tab or newline anywhere.
  std::size_t begin = 0, end = input.size();
  while (begin < end && static_cast<unsigned char>(input[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(input[end - 1]) <= 0x20) --end;
  std::string cleaned;
  cleaned.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    if (input[i] != '\t' && input[i] != '\n' && input[i] != '\r') cleaned.push_back(input[i]);
  }
  if (!IsValidUtf8(cleaned)) cleaned = SanitizeUtf8(cleaned);
  return UrlParser(std::move(cleaned), base).Run();
}

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
