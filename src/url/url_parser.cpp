// WHATWG URL Standard, basic URL parser, restricted to the special schemes http and https.
// The state machine follows the standard's states one to one (names match the spec) so that it can
// be checked against the text; states only reachable for other schemes (file, opaque paths,
// state overrides used by setters) are left out. Works on UTF-8 bytes: every byte of a non-ASCII
// code point is in every percent-encode set, so encoding per byte equals encoding per code point.
// Host parsing (IPv4, IPv6, IDNA) is in url_host.cpp.
#include "newscrawl/url/url.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "newscrawl/core/text.h"
#include "url_host.h"

namespace newscrawl {
namespace {

using url_internal::AppendPercentEncoded;
using url_internal::DefaultPort;
using url_internal::IsAsciiAlpha;
using url_internal::IsAsciiDigit;
using url_internal::kEof;

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

void AppendEncoded(char ch, EncodeSet set, std::string& out) {
  const auto c = static_cast<unsigned char>(ch);
  if (InSet(c, set)) {
    AppendPercentEncoded(c, out);
  } else {
    out.push_back(ch);
  }
}

bool IsSingleDot(std::string_view s) { return s == "." || s == "%2e" || s == "%2E"; }
bool IsDoubleDot(std::string_view s) {
  std::string lower = AsciiLower(s);
  return lower == ".." || lower == ".%2e" || lower == "%2e." || lower == "%2e%2e";
}

// Characters that end the authority, host and port states of a special URL.
bool EndsAuthority(int c) { return c == kEof || c == '/' || c == '?' || c == '#' || c == '\\'; }

}  // namespace

// The parser proper. A class (befriended by Url) rather than free functions so the states can
// share the url under construction without passing it around. Each state is one member function
// named after the standard's state; a state may move p_ back ("decrease pointer by 1") or
// forward, and sets state_ for the next code point.
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

  // Runs the state the parser is in on code point `c` (kEof past the end).
  Status Step(int c);

  void SchemeStartState(int c);
  Status SchemeState(int c);
  Status NoSchemeState();
  void SpecialRelativeOrAuthorityState(int c);
  void RelativeState(int c);
  void RelativeSlashState(int c);
  void SpecialAuthoritySlashesState(int c);
  void SpecialAuthorityIgnoreSlashesState(int c);
  Status AuthorityState(int c);
  Status HostState(int c);
  Status PortState(int c);
  void PathStartState(int c);
  void PathState(int c);
  void QueryState(int c);
  void FragmentState(int c);

  // Steps shared by several states.
  void AppendUserinfo();
  Status TakeHost();  // parses buffer_ as the host and clears it
  Status TakePort();  // reads buffer_'s digits as the port and clears it
  void EndPathSegment(int c);
  void StartQuery() {
    url_.query_ = std::string();
    state_ = State::kQuery;
  }
  void StartFragment() {
    url_.fragment_ = std::string();
    state_ = State::kFragment;
  }

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
  State state_ = State::kSchemeStart;
  std::string buffer_;
  bool at_sign_seen_ = false;
  bool inside_brackets_ = false;
  bool password_token_seen_ = false;
};

Result<Url> UrlParser::Run() {
  for (p_ = 0;; ++p_) {
    Status step = Step(At(p_));
    if (!step.ok()) return step;
    if (At(p_) == kEof && p_ >= 0) break;
  }
  return std::move(url_);
}

Status UrlParser::Step(int c) {
  switch (state_) {
    case State::kSchemeStart: SchemeStartState(c); break;
    case State::kScheme: return SchemeState(c);
    case State::kNoScheme: return NoSchemeState();
    case State::kSpecialRelativeOrAuthority: SpecialRelativeOrAuthorityState(c); break;
    case State::kRelative: RelativeState(c); break;
    case State::kRelativeSlash: RelativeSlashState(c); break;
    case State::kSpecialAuthoritySlashes: SpecialAuthoritySlashesState(c); break;
    case State::kSpecialAuthorityIgnoreSlashes: SpecialAuthorityIgnoreSlashesState(c); break;
    case State::kAuthority: return AuthorityState(c);
    case State::kHost: return HostState(c);
    case State::kPort: return PortState(c);
    case State::kPathStart: PathStartState(c); break;
    case State::kPath: PathState(c); break;
    case State::kQuery: QueryState(c); break;
    case State::kFragment: FragmentState(c); break;
  }
  return Status::Ok();
}

void UrlParser::SchemeStartState(int c) {
  if (IsAsciiAlpha(c)) {
    buffer_.push_back(LowerAscii(static_cast<char>(c)));
    state_ = State::kScheme;
  } else {
    state_ = State::kNoScheme;
    --p_;
  }
}

Status UrlParser::SchemeState(int c) {
  if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
    buffer_.push_back(LowerAscii(static_cast<char>(c)));
  } else if (c == ':') {
    if (buffer_ != "http" && buffer_ != "https") {
      return Status(ErrorKind::kUnsupported, "scheme '" + buffer_ + "' is not crawled (only http and https)");
    }
    url_.scheme_ = std::move(buffer_);
    buffer_.clear();
    if (base_ != nullptr && base_->scheme_ == url_.scheme_) {
      state_ = State::kSpecialRelativeOrAuthority;
    } else {
      state_ = State::kSpecialAuthoritySlashes;
    }
  } else {
    buffer_.clear();
    state_ = State::kNoScheme;
    p_ = -1;  // start over from the first code point
  }
  return Status::Ok();
}

Status UrlParser::NoSchemeState() {
  if (base_ == nullptr) return Status::ParseError("relative URL without a base (missing scheme)");
  state_ = State::kRelative;
  --p_;
  return Status::Ok();
}

void UrlParser::SpecialRelativeOrAuthorityState(int c) {
  if (c == '/' && RemainingStartsWith('/')) {
    state_ = State::kSpecialAuthorityIgnoreSlashes;
    ++p_;
  } else {
    state_ = State::kRelative;
    --p_;
  }
}

void UrlParser::RelativeState(int c) {
  url_.scheme_ = base_->scheme_;
  if (c == '/' || c == '\\') {
    state_ = State::kRelativeSlash;
    return;
  }
  CopyAuthorityFromBase();
  url_.path_ = base_->path_;
  url_.query_ = base_->query_;
  if (c == '?') {
    StartQuery();
  } else if (c == '#') {
    StartFragment();
  } else if (c != kEof) {
    url_.query_.reset();
    ShortenPath();
    state_ = State::kPath;
    --p_;
  }
}

void UrlParser::RelativeSlashState(int c) {
  if (c == '/' || c == '\\') {
    state_ = State::kSpecialAuthorityIgnoreSlashes;
  } else {
    CopyAuthorityFromBase();
    state_ = State::kPath;
    --p_;
  }
}

void UrlParser::SpecialAuthoritySlashesState(int c) {
  if (c == '/' && RemainingStartsWith('/')) {
    ++p_;
  } else {
    --p_;
  }
  state_ = State::kSpecialAuthorityIgnoreSlashes;
}

void UrlParser::SpecialAuthorityIgnoreSlashesState(int c) {
  if (c != '/' && c != '\\') {
    state_ = State::kAuthority;
    --p_;
  }
}

Status UrlParser::AuthorityState(int c) {
  if (c == '@') {
    AppendUserinfo();
  } else if (EndsAuthority(c)) {
    if (at_sign_seen_ && buffer_.empty()) return Status::ParseError("credentials without a host");
    p_ -= static_cast<std::ptrdiff_t>(buffer_.size()) + 1;  // re-read the buffered host
    buffer_.clear();
    state_ = State::kHost;
  } else {
    buffer_.push_back(static_cast<char>(c));
  }
  return Status::Ok();
}

// The buffer before an "@" is userinfo: up to the first ":" the username, then the password. A
// second "@" means the first one was part of the userinfo.
void UrlParser::AppendUserinfo() {
  if (at_sign_seen_) buffer_.insert(0, "%40");
  at_sign_seen_ = true;
  for (char ch : buffer_) {
    if (ch == ':' && !password_token_seen_) {
      password_token_seen_ = true;
      continue;
    }
    AppendEncoded(ch, EncodeSet::kUserinfo, password_token_seen_ ? url_.password_ : url_.username_);
  }
  buffer_.clear();
}

Status UrlParser::HostState(int c) {
  if (c == ':' && !inside_brackets_) {
    if (buffer_.empty()) return Status::ParseError("empty host before ':'");
    state_ = State::kPort;
    return TakeHost();
  }
  if (EndsAuthority(c)) {
    --p_;
    if (buffer_.empty()) return Status::ParseError("empty host");
    state_ = State::kPathStart;
    return TakeHost();
  }
  if (c == '[') inside_brackets_ = true;
  if (c == ']') inside_brackets_ = false;
  buffer_.push_back(static_cast<char>(c));
  return Status::Ok();
}

Status UrlParser::TakeHost() {
  auto host = url_internal::ParseHost(buffer_);
  if (!host.ok()) return host.status();
  url_.host_ = std::move(host->text);
  url_.host_kind_ = host->kind;
  buffer_.clear();
  return Status::Ok();
}

Status UrlParser::PortState(int c) {
  if (IsAsciiDigit(c)) {
    buffer_.push_back(static_cast<char>(c));
    return Status::Ok();
  }
  if (!EndsAuthority(c)) return Status::ParseError("invalid port");
  state_ = State::kPathStart;
  --p_;
  return TakePort();
}

Status UrlParser::TakePort() {
  if (buffer_.empty()) return Status::Ok();
  std::uint32_t port = 0;
  for (char d : buffer_) {
    port = port * 10 + static_cast<std::uint32_t>(d - '0');
    if (port > 65535) return Status::ParseError("port out of range");
  }
  if (DefaultPort(url_.scheme_) == port) {
    url_.port_.reset();
  } else {
    url_.port_ = static_cast<std::uint16_t>(port);
  }
  buffer_.clear();
  return Status::Ok();
}

void UrlParser::PathStartState(int c) {
  state_ = State::kPath;
  if (c != '/' && c != '\\') --p_;
}

void UrlParser::PathState(int c) {
  if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
    EndPathSegment(c);
    if (c == '?') {
      StartQuery();
    } else if (c == '#') {
      StartFragment();
    }
  } else {
    AppendEncoded(static_cast<char>(c), EncodeSet::kPath, buffer_);
  }
}

// A finished segment in buffer_: ".." removes the last one, "." is dropped, anything else is
// appended. A dot segment at the end of the path still leaves a trailing "/".
void UrlParser::EndPathSegment(int c) {
  const bool slash = (c == '/' || c == '\\');
  if (IsDoubleDot(buffer_)) {
    ShortenPath();
    if (!slash) url_.path_ += '/';
  } else if (IsSingleDot(buffer_)) {
    if (!slash) url_.path_ += '/';
  } else {
    url_.path_ += '/';
    url_.path_ += buffer_;
  }
  buffer_.clear();
}

void UrlParser::QueryState(int c) {
  if (c == '#') {
    StartFragment();
  } else if (c != kEof) {
    AppendEncoded(static_cast<char>(c), EncodeSet::kSpecialQuery, *url_.query_);
  }
}

void UrlParser::FragmentState(int c) {
  if (c != kEof) AppendEncoded(static_cast<char>(c), EncodeSet::kFragment, *url_.fragment_);
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

}  // namespace newscrawl
