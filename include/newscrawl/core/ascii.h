// ASCII helpers for protocol text: HTTP header names and values, MIME types and charset labels,
// robots.txt lines, sitemap and feed values, HTML tag and attribute names. They trim and compare
// only in the 7-bit range and leave every other byte alone; human-language text goes through
// text.h (Unicode white space, NFC) instead. Pure functions; thread-safe.
#ifndef NEWSCRAWL_ASCII_H_
#define NEWSCRAWL_ASCII_H_

#include <cstddef>
#include <string_view>

namespace newscrawl {

// White-space sets for TrimAscii. kAsciiWhitespace is what C's isspace() accepts in the "C"
// locale; kHtmlWhitespace is the WHATWG "ASCII whitespace" (no vertical tab) that HTML, MIME
// types and the Encoding Standard's label matching use.
inline constexpr std::string_view kAsciiWhitespace = " \t\n\v\f\r";
inline constexpr std::string_view kHtmlWhitespace = " \t\n\f\r";

// `s` without the leading and trailing bytes that are in `space`; a view into `s`.
std::string_view TrimAscii(std::string_view s, std::string_view space = kAsciiWhitespace);

// Whether `a` equals `b` with ASCII letters compared case-insensitively and every other byte
// exactly. Inline because the HTML layer calls it for every attribute lookup.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Whether `s` begins with `prefix`, compared as EqualsIgnoreCase compares.
inline bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_ASCII_H_
