#include "newscrawl/fetch/charset.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <memory>
#include <utility>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

constexpr std::size_t kPrescanBytes = 4096;
constexpr std::size_t kBinarySniffBytes = 1024;
constexpr std::size_t kDetectBytes = 64 * 1024;

struct Label {
  std::string_view label;  // lower-case, as in the WHATWG table
  std::string_view name;   // WHATWG encoding name
};

// WHATWG Encoding Standard labels for the encodings a news crawl meets (the full table also has
// the rarely seen Mac and ISO-2022 families; ICU's own alias table catches most of those).
constexpr std::array kLabels = {
    Label{"unicode-1-1-utf-8", "utf-8"}, Label{"unicode11utf8", "utf-8"},
    Label{"unicode20utf8", "utf-8"}, Label{"utf-8", "utf-8"}, Label{"utf8", "utf-8"},
    Label{"x-unicode20utf8", "utf-8"},
    Label{"ansi_x3.4-1968", "windows-1252"}, Label{"ascii", "windows-1252"},
    Label{"cp1252", "windows-1252"}, Label{"cp819", "windows-1252"},
    Label{"csisolatin1", "windows-1252"}, Label{"ibm819", "windows-1252"},
    Label{"iso-8859-1", "windows-1252"}, Label{"iso-ir-100", "windows-1252"},
    Label{"iso8859-1", "windows-1252"}, Label{"iso88591", "windows-1252"},
    Label{"iso_8859-1", "windows-1252"}, Label{"iso_8859-1:1987", "windows-1252"},
    Label{"l1", "windows-1252"}, Label{"latin1", "windows-1252"},
    Label{"us-ascii", "windows-1252"}, Label{"windows-1252", "windows-1252"},
    Label{"x-cp1252", "windows-1252"},
    Label{"cp1258", "windows-1258"}, Label{"windows-1258", "windows-1258"},
    Label{"x-cp1258", "windows-1258"},
    Label{"cp1250", "windows-1250"}, Label{"windows-1250", "windows-1250"},
    Label{"x-cp1250", "windows-1250"}, Label{"cp1251", "windows-1251"},
    Label{"windows-1251", "windows-1251"}, Label{"x-cp1251", "windows-1251"},
    Label{"cp1253", "windows-1253"}, Label{"windows-1253", "windows-1253"},
    Label{"cp1254", "windows-1254"}, Label{"windows-1254", "windows-1254"},
    Label{"iso-8859-9", "windows-1254"}, Label{"latin5", "windows-1254"},
    Label{"cp1255", "windows-1255"}, Label{"windows-1255", "windows-1255"},
    Label{"cp1256", "windows-1256"}, Label{"windows-1256", "windows-1256"},
    Label{"cp1257", "windows-1257"}, Label{"windows-1257", "windows-1257"},
    Label{"iso-8859-2", "iso-8859-2"}, Label{"latin2", "iso-8859-2"},
    Label{"iso-8859-5", "iso-8859-5"}, Label{"iso-8859-7", "iso-8859-7"},
    Label{"greek", "iso-8859-7"}, Label{"iso-8859-15", "iso-8859-15"},
    Label{"latin9", "iso-8859-15"},
    Label{"koi8-r", "koi8-r"}, Label{"koi8", "koi8-r"}, Label{"koi8-u", "koi8-u"},
    Label{"dos-874", "windows-874"}, Label{"tis-620", "windows-874"},
    Label{"iso-8859-11", "windows-874"}, Label{"windows-874", "windows-874"},
    Label{"gb2312", "gbk"}, Label{"gbk", "gbk"}, Label{"x-gbk", "gbk"},
    Label{"chinese", "gbk"}, Label{"gb18030", "gb18030"},
    Label{"big5", "big5"}, Label{"big5-hkscs", "big5"}, Label{"x-x-big5", "big5"},
    Label{"shift_jis", "shift_jis"}, Label{"sjis", "shift_jis"},
    Label{"ms932", "shift_jis"}, Label{"windows-31j", "shift_jis"},
    Label{"x-sjis", "shift_jis"}, Label{"euc-jp", "euc-jp"},
    Label{"iso-2022-jp", "iso-2022-jp"}, Label{"euc-kr", "euc-kr"},
    Label{"ks_c_5601-1987", "euc-kr"}, Label{"windows-949", "euc-kr"},
    Label{"utf-16", "utf-16le"}, Label{"utf-16le", "utf-16le"},
    Label{"utf-16be", "utf-16be"}, Label{"x-user-defined", "x-user-defined"},
};

// ICU converter name for a WHATWG encoding name.
std::string IcuName(std::string_view whatwg) {
  if (whatwg == "gbk") return "GB18030";  // WHATWG decodes gbk with the gb18030 decoder
  if (whatwg == "big5") return "Big5-HKSCS";
  if (whatwg == "euc-kr") return "windows-949";
  if (whatwg == "shift_jis") return "windows-31j";
  return std::string(whatwg);
}

// Labels ICU knows but that must never be honoured (XSS-prone or not ASCII-compatible).
bool Forbidden(std::string_view lower) {
  return lower.find("utf-7") != std::string_view::npos ||
         lower.find("utf7") != std::string_view::npos || lower == "bocu-1" || lower == "scsu" ||
         lower == "cesu-8" || lower.find("utf-32") != std::string_view::npos ||
         lower == "hz-gb-2312" || lower.find("2022-kr") != std::string_view::npos;
}

bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// "charset" followed by optional spaces, '=', optional spaces and a maybe-quoted value, as in
// WHATWG "extracting a character encoding from a meta element" and the HTTP parameter.
std::string ExtractCharsetValue(std::string_view s) {
  const std::string lower = AsciiLower(s);
  std::size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    while (i < s.size() && IsWs(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < s.size() && IsWs(s[i])) ++i;
    if (i >= s.size()) return "";
    if (s[i] == '"' || s[i] == '\'') {
      const char q = s[i];
      const std::size_t end = s.find(q, i + 1);
      if (end == std::string_view::npos) return "";
      return std::string(s.substr(i + 1, end - i - 1));
    }
    std::size_t end = i;
    while (end < s.size() && !IsWs(s[end]) && s[end] != ';' && s[end] != ',') ++end;
    return std::string(s.substr(i, end - i));
  }
  return "";
}

// Media types that carry text newscrawl may read; "" (no header) is sniffed instead.
bool IsTextualMediaType(std::string_view content_type) {
  std::string media = AsciiLower(TrimAscii(content_type.substr(0, content_type.find(';')), kHtmlWhitespace));
  if (media.empty()) return true;
  if (media.rfind("text/", 0) == 0) return true;
  auto ends_with = [&media](std::string_view suffix) {
    return media.size() >= suffix.size() &&
           media.compare(media.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("/xml") || ends_with("+xml") || ends_with("/json") || ends_with("+json") ||
         media == "application/javascript" || media == "application/x-javascript";
}

std::string DecodeUserDefined(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (unsigned char c : body) {
    if (c < 0x80) {
      if (c != 0) out.push_back(static_cast<char>(c));
      continue;
    }
    const unsigned cp = 0xF700 + c;  // U+F780..U+F7FF, three UTF-8 bytes
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

struct ConverterCloser {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const noexcept { ucsdet_close(d); }
};

Result<std::string> Convert(std::string_view body, const std::string& whatwg) {
  if (whatwg == "utf-8") return SanitizeUtf8(body);  // U+FFFD for bad bytes, NULs dropped
  if (whatwg == "x-user-defined") return DecodeUserDefined(body);
  if (body.size() > static_cast<std::size_t>(INT32_MAX)) {
    return Status::TooLarge("body too large to convert");
  }
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(IcuName(whatwg).c_str(), &err));
  if (U_FAILURE(err) || !cnv) {
    return Status(ErrorKind::kCharset, "no converter for " + whatwg);
  }
  // ICU's default to-Unicode callback substitutes U+FFFD for undecodable bytes.
  icu::UnicodeString text(body.data(), static_cast<int32_t>(body.size()), cnv.get(), err);
  if (U_FAILURE(err)) {
    return Status(ErrorKind::kCharset, std::string("cannot decode as ") + whatwg + ": " +
                                           u_errorName(err));
  }
  std::string out;
  text.toUTF8String(out);
  return SanitizeUtf8(out);  // drops NULs; a no-op copy otherwise
}

// ICU's statistical guess, mapped to a WHATWG name; nullopt if unsure or unusable.
std::optional<std::string> Guess(std::string_view body) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_FAILURE(err)) return std::nullopt;
  const std::string_view sample = body.substr(0, kDetectBytes);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &err);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &err);
  if (U_FAILURE(err) || match == nullptr) return std::nullopt;
  const char* name = ucsdet_getName(match, &err);
  const int32_t confidence = ucsdet_getConfidence(match, &err);
  if (U_FAILURE(err) || name == nullptr || confidence < 10) return std::nullopt;
  std::optional<std::string> canonical = CanonicalCharset(name);
  // Only ASCII-compatible guesses: a UTF-16/32 guess for bytes with no BOM and no NULs is noise.
  if (!canonical || canonical->rfind("utf-16", 0) == 0) return std::nullopt;
  return canonical;
}

}  // namespace

std::optional<std::string> CanonicalCharset(std::string_view label) {
  const std::string lower = AsciiLower(TrimAscii(label, kHtmlWhitespace));
  if (lower.empty() || Forbidden(lower)) return std::nullopt;
  for (const Label& l : kLabels) {
    if (l.label == lower) return std::string(l.name);
  }
  // Not in our table: accept what ICU can decode under its own alias table, by ICU's name.
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(lower.c_str(), &err));
  if (U_FAILURE(err) || !cnv) return std::nullopt;
  if (ucnv_getMinCharSize(cnv.get()) != 1) return std::nullopt;  // not ASCII-compatible
  return lower;
}

std::string CharsetParam(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return "";
  return ExtractCharsetValue(content_type.substr(semi + 1));
}

std::string MetaCharset(std::string_view html) {
  const std::string_view head = html.substr(0, kPrescanBytes);
  std::size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (head.compare(i, 4, "<!--") == 0) {
      const std::size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (!StartsWithIgnoreCase(head.substr(i), "<meta") || i + 5 >= head.size() ||
        !(IsWs(head[i + 5]) || head[i + 5] == '/')) {
      ++i;
      continue;
    }
    // Attributes of this <meta ...>.
    std::size_t p = i + 5;
    std::string charset, http_equiv, content;
    while (p < head.size() && head[p] != '>') {
      while (p < head.size() && (IsWs(head[p]) || head[p] == '/')) ++p;
      std::size_t name_start = p;
      while (p < head.size() && !IsWs(head[p]) && head[p] != '=' && head[p] != '>' &&
             head[p] != '/') {
        ++p;
      }
      const std::string name = AsciiLower(head.substr(name_start, p - name_start));
      while (p < head.size() && IsWs(head[p])) ++p;
      std::string value;
      if (p < head.size() && head[p] == '=') {
        ++p;
        while (p < head.size() && IsWs(head[p])) ++p;
        if (p < head.size() && (head[p] == '"' || head[p] == '\'')) {
          const char q = head[p];
          const std::size_t end = head.find(q, p + 1);
          if (end == std::string_view::npos) return "";
          value = std::string(head.substr(p + 1, end - p - 1));
          p = end + 1;
        } else {
          const std::size_t v = p;
          while (p < head.size() && !IsWs(head[p]) && head[p] != '>') ++p;
          value = std::string(head.substr(v, p - v));
        }
      }
      if (name.empty() && p == name_start) break;  // no progress: malformed
      if (name == "charset" && charset.empty()) charset = value;
      if (name == "http-equiv" && http_equiv.empty()) http_equiv = AsciiLower(TrimAscii(value, kHtmlWhitespace));
      if (name == "content" && content.empty()) content = value;
    }
    std::string label = charset;
    if (label.empty() && http_equiv == "content-type") label = ExtractCharsetValue(content);
    if (!label.empty() && CanonicalCharset(label)) return label;
    i = p;
  }
  return "";
}

Result<std::string> DecodeToUtf8(std::string_view body, std::string_view content_type_header,
                                 std::string* detected) {
  if (!IsTextualMediaType(content_type_header)) {
    return Status(ErrorKind::kUnsupported,
                  "not a text content type: " + std::string(content_type_header));
  }
  std::optional<std::string> charset;
  // 1. Byte order mark.
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    charset = "utf-8";
    body.remove_prefix(3);
  } else if (body.size() >= 2 && body.compare(0, 2, "\xFF\xFE") == 0) {
    charset = "utf-16le";
    body.remove_prefix(2);
  } else if (body.size() >= 2 && body.compare(0, 2, "\xFE\xFF") == 0) {
    charset = "utf-16be";
    body.remove_prefix(2);
  }
  // 2. HTTP header.
  if (!charset) charset = CanonicalCharset(CharsetParam(content_type_header));

  const bool utf16 = charset && charset->rfind("utf-16", 0) == 0;
  if (!utf16 && body.substr(0, kBinarySniffBytes).find('\0') != std::string_view::npos) {
    return Status(ErrorKind::kUnsupported, "binary data (NUL bytes)");
  }
  // Binary without NULs (compressed or encrypted data, random bytes) is full of the WHATWG
  // "binary data bytes" (C0 controls other than TAB, LF, FF, CR, ESC); text has none or a
  // stray one. Without this such a body decodes as windows-1252 noise and could be stored as an
  // article. A few are tolerated: real pages do carry the odd stray control byte.
  if (!utf16) {
    const std::string_view head = body.substr(0, kBinarySniffBytes);
    const auto binary_bytes = std::count_if(head.begin(), head.end(), [](char ch) {
      const auto c = static_cast<unsigned char>(ch);
      return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
    });
    if (binary_bytes > 8) return Status(ErrorKind::kUnsupported, "binary data (control bytes)");
  }
  // 3. <meta>. A page cannot be UTF-16 if an ASCII <meta> was readable: WHATWG maps it to UTF-8.
  if (!charset) {
    const std::string meta = MetaCharset(body);
    if (!meta.empty()) {
      charset = CanonicalCharset(meta);
      if (charset && charset->rfind("utf-16", 0) == 0) charset = "utf-8";
      if (charset == "x-user-defined") charset = "windows-1252";
    }
  }
  // 4. Content: valid UTF-8 is UTF-8 (pure ASCII included); otherwise ask ICU.
  if (!charset) {
    if (IsValidUtf8(body)) {
      charset = "utf-8";
    } else {
      charset = Guess(body);
    }
  }
  // 5. The web's default.
  if (!charset) charset = "windows-1252";
  if (detected) *detected = *charset;
  return Convert(body, *charset);
}

}  // namespace newscrawl
