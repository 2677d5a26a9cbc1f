// Text normalisation shared by every extractor and by dedup: UTF-8 repair, Unicode NFC, whitespace
// collapsing. Pure functions; thread-safe (ICU normalizer instances are immutable singletons).
#ifndef NEWSCRAWL_TEXT_H_
#define NEWSCRAWL_TEXT_H_

#include <string>
#include <string_view>

namespace newscrawl {

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Replaces each ill-formed UTF-8 sequence with U+FFFD and drops NUL bytes, so that the result is
// safe for Gumbo, JSON and SQLite. Returns the input unchanged when it is already valid.
std::string SanitizeUtf8(std::string_view s);

// Unicode NFC. Vietnamese text arrives with tone marks composed or decomposed; NFC makes them one.
std::string ToNfc(std::string_view s);

// Collapses runs of Unicode white space (incl. NBSP, U+2000..U+200A, U+3000) to one ASCII space,
// removes zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and trims both ends.
std::string CollapseWhitespace(std::string_view s);

// What every text field of a record goes through: SanitizeUtf8 → NFC → CollapseWhitespace.
std::string CleanText(std::string_view s);

// ASCII lower-casing (hosts, tag names, attribute values); other bytes are left alone.
std::string AsciiLower(std::string_view s);

// Number of Unicode code points in valid UTF-8.
std::size_t Utf8Length(std::string_view s);

// Whether `s` (trimmed, ASCII case-insensitively) is a JavaScript placeholder that must never be
// emitted as text: "null", "undefined", "NaN", "[object Object]".
bool IsPlaceholderText(std::string_view s);

}  // namespace newscrawl

#endif  // NEWSCRAWL_TEXT_H_
