#include "newscrawl/core/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <optional>

namespace newscrawl {
namespace {

// Decodes one code point at s[i]; returns the length consumed, 0 if the sequence is ill-formed.
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsSpace(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool IsZeroWidth(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
}

bool IsAsciiSpace(char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

bool IsAscii(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

// NFC of valid UTF-8, worked on in UTF-8 (no UTF-16 round trip); nullopt when `s` is NFC already,
// which the quick check answers for nearly all text.
std::optional<std::string> NfcOfValid(std::string_view s) {
  // Looked up once, under the C++ static guard: ICU's own once-only set-up is thread-safe, but
  // the guard also makes that visible to ThreadSanitizer (ICU is not instrumented).
  static const icu::Normalizer2* const nfc = [] {
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
    return U_SUCCESS(st) ? n : nullptr;
  }();
  if (!nfc) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::nullopt;
  status = U_ZERO_ERROR;
  std::string out;
  out.reserve(s.size());
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  // Runs over every page before parsing: ASCII eight bytes at a time, and each multi-byte
  // sequence checked by its lead byte's ranges (RFC 3629 table) without decoding it.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  auto cont = [](unsigned char b) { return (b & 0xC0) == 0x80; };
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (end - p < 2 || !cont(p[1])) return false;
      p += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (end - p < 3 || !cont(p[1]) || !cont(p[2])) return false;
      if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return false;  // overlong, surrogate
      p += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (end - p < 4 || !cont(p[1]) || !cont(p[2]) || !cont(p[3])) return false;
      if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) return false;  // overlong, > U+10FFFF
      p += 4;
    } else {
      return false;  // a continuation byte, C0/C1 (overlong) or F5..FF
    }
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  if (IsValidUtf8(s) && s.find('\0') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  char32_t cp;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = DecodeUtf8(s, i, cp);
    if (n == 0) {
      AppendUtf8(out, 0xFFFD);
      ++i;
      continue;
    }
    if (cp != 0) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string ToNfc(std::string_view s) {
  std::string repaired;
  if (!IsValidUtf8(s)) {
    repaired = SanitizeUtf8(s);
    s = repaired;
  }
  std::optional<std::string> changed = NfcOfValid(s);
  return changed ? std::move(*changed) : std::string(s);
}

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  char32_t cp;
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      // Most text is ASCII words: copy each run up to the next space or non-ASCII byte at once.
      if (IsAsciiSpace(s[i])) {
        pending_space = !out.empty();
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80 && !IsAsciiSpace(s[j])) ++j;
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    std::size_t n = DecodeUtf8(s, i, cp);
    if (n == 0) {  // callers sanitise first; keep going rather than loop
      n = 1;
      cp = 0xFFFD;
    }
    if (IsSpace(cp)) {
      pending_space = !out.empty();
    } else if (!IsZeroWidth(cp)) {
      if (pending_space) out += ' ';
      pending_space = false;
      if (cp == 0xFFFD && DecodeUtf8(s, i, cp) == 0) {
        AppendUtf8(out, 0xFFFD);
      } else {
        out.append(s.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

std::string CleanText(std::string_view s) {
  // Gumbo's text is valid UTF-8 already: repair (a copy) only when needed, and skip NFC for ASCII.
  std::string repaired;
  if (!IsValidUtf8(s) || s.find('\0') != std::string_view::npos) {
    repaired = SanitizeUtf8(s);
    s = repaired;
  }
  if (IsAscii(s)) return CollapseWhitespace(s);
  std::optional<std::string> nfc = NfcOfValid(s);
  return CollapseWhitespace(nfc ? std::string_view(*nfc) : s);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsPlaceholderText(std::string_view s) {
  const std::string t = AsciiLower(CollapseWhitespace(s));
  return t == "null" || t == "undefined" || t == "nan" || t == "[object object]";
}

}  // namespace newscrawl
