#include "newscrawl/text.h"

#include <gtest/gtest.h>

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
