#include "newscrawl/core/text.h"

#include <gtest/gtest.h>

#include <random>

namespace newscrawl {
namespace {

TEST(TextTest, NfcComposesVietnameseToneMarks) {
  // "hòa" written as o + combining grave (U+0300) becomes the precomposed ò (U+00F2).
  const std::string decomposed = "ho\xCC\x80" "a";
  EXPECT_EQ(ToNfc(decomposed), "h\xC3\xB2" "a");
  EXPECT_EQ(ToNfc("Gia Lai"), "Gia Lai");
}

TEST(TextTest, CollapseWhitespaceHandlesUnicodeSpacesAndZeroWidth) {
  EXPECT_EQ(CollapseWhitespace("  a\t\n b\xC2\xA0\xC2\xA0" "c\xE2\x80\x8B" "d  "), "a b cd");
  EXPECT_EQ(CollapseWhitespace("\xEF\xBB\xBFtitle"), "title");  // U+FEFF BOM inside text
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \xE3\x80\x80 "), "");  // ideographic space only
}

TEST(TextTest, SanitizeReplacesInvalidUtf8AndNul) {
  EXPECT_TRUE(IsValidUtf8("Báo Gia Lai"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // an overlong '/'
  EXPECT_EQ(SanitizeUtf8(std::string("a\xFF" "b\0c", 5)), "a\xEF\xBF\xBD" "bc");
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xF4\x90\x80\x80")));
}

TEST(TextTest, CollapseWhitespaceKeepsAsciiRunsAndControlBytes) {
  EXPECT_EQ(CollapseWhitespace("one  two\x01three\r\nfour\v\f five"), "one two\x01three four five");
  EXPECT_EQ(CollapseWhitespace("a\xC3\xA0 b\xE2\x80\x83" "c"), "a\xC3\xA0 b c");  // em space between
}

TEST(TextTest, CleanTextRepairsThenComposesThenCollapses) {
  // Invalid byte, NUL, a decomposed tone mark, Unicode and ASCII spaces, all at once.
  EXPECT_EQ(CleanText(std::string("x\xFF y\0 ho\xCC\x80" "a\xC2\xA0 z", 16)), "x\xEF\xBF\xBD y h\xC3\xB2" "a z");
  EXPECT_EQ(ToNfc("\xFFho\xCC\x80"), "\xEF\xBF\xBDh\xC3\xB2");
  EXPECT_EQ(CleanText("  plain   ascii \n"), "plain ascii");
}

// The straightforward definition: decode every code point, reject overlongs, surrogates and
// values past U+10FFFF.
bool ReferenceValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    char32_t cp = len == 1 ? b0 : (b0 & (0x7F >> len));
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(TextTest, Utf8ValidationAgreesWithTheDefinition) {
  for (const char* edge : {"\xC0\x80", "\xC1\xBF", "\xC2\x80", "\xE0\x80\x80", "\xE0\xA0\x80", "\xED\x9F\xBF",
                           "\xED\xA0\x80", "\xEF\xBF\xBF", "\xF0\x8F\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
                           "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE1\xBB", "abcdefgh\xE1\xBB\x87", "\x80"}) {
    EXPECT_EQ(IsValidUtf8(edge), ReferenceValidUtf8(edge)) << edge;
  }
  std::mt19937 rng(7);
  // Random strings biased to multi-byte lead and continuation bytes, at every alignment.
  const unsigned char alphabet[] = {'a', ' ', 0x80, 0xBF, 0xA0, 0x9F, 0x8F, 0x90, 0xC2, 0xC0, 0xDF,
                                    0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int n = 0; n < 20000; ++n) {
    std::string s(rng() % 24, 'x');
    for (char& c : s) c = static_cast<char>(alphabet[rng() % sizeof alphabet]);
    ASSERT_EQ(IsValidUtf8(s), ReferenceValidUtf8(s)) << ::testing::PrintToString(s);
  }
}

TEST(TextTest, CleanTextChainsAll) {
  EXPECT_EQ(CleanText("  ho\xCC\x80" "a \n\n binh "), "h\xC3\xB2" "a binh");
}

TEST(TextTest, PlaceholdersAreRecognised) {
  EXPECT_TRUE(IsPlaceholderText(" null "));
  EXPECT_TRUE(IsPlaceholderText("Undefined"));
  EXPECT_FALSE(IsPlaceholderText("nullable"));
}

TEST(TextTest, Utf8LengthCountsCodePoints) { EXPECT_EQ(Utf8Length("Việt"), 4u); }

}  // namespace
}  // namespace newscrawl
