// DecodeToUtf8: header, BOM, <meta>, guess and fallback, label aliases, repair, binary rejection.
#include "newscrawl/fetch/charset.h"

#include <gtest/gtest.h>

#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

std::string Decode(std::string_view body, std::string_view content_type, std::string* detected) {
  Result<std::string> r = DecodeToUtf8(body, content_type, detected);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::string();
}

TEST(CharsetTest, HeaderWindows1258) {
  // "Việt Nam" in windows-1258: ê = 0xEA, combining dot below = 0xF2.
  std::string detected;
  const std::string out = Decode("Vi\xEA\xF2t Nam", "text/html; charset=windows-1258", &detected);
  EXPECT_EQ(detected, "windows-1258");
  EXPECT_EQ(out, "Vi\u00EA\u0323t Nam");
  EXPECT_EQ(ToNfc(out), "Vi\u1EC7t Nam");
}

TEST(CharsetTest, HeaderWindows1252) {
  std::string detected;
  EXPECT_EQ(Decode("caf\xE9 \x80 5", "text/html; charset=Windows-1252", &detected),
            "caf\u00E9 \u20AC 5");
  EXPECT_EQ(detected, "windows-1252");
}

TEST(CharsetTest, Iso88591LabelMeansWindows1252) {
  // WHATWG: iso-8859-1 is decoded as windows-1252, so 0x80 is the euro sign, not a C1 control.
  std::string detected;
  EXPECT_EQ(Decode("\x80 caf\xE9", "text/html; charset=\"ISO-8859-1\"", &detected),
            "\u20AC caf\u00E9");
  EXPECT_EQ(detected, "windows-1252");
  EXPECT_EQ(Decode("caf\xE9", "text/plain;charset=latin1;format=flowed", nullptr), "caf\u00E9");
}

TEST(CharsetTest, Utf8BomIsStrippedAndWinsOverHeader) {
  std::string detected;
  EXPECT_EQ(Decode("\xEF\xBB\xBFh\xC3\xA9llo", "text/html; charset=windows-1252", &detected),
            "h\u00E9llo");
  EXPECT_EQ(detected, "utf-8");
}

TEST(CharsetTest, Utf16Boms) {
  std::string detected;
  EXPECT_EQ(Decode(std::string("\xFF\xFEh\0i\0\xE9\0", 8), "", &detected), "hi\u00E9");
  EXPECT_EQ(detected, "utf-16le");
  EXPECT_EQ(Decode(std::string("\xFE\xFF\0h\0i", 6), "text/html", &detected), "hi");
  EXPECT_EQ(detected, "utf-16be");
}

TEST(CharsetTest, MetaCharset) {
  // "При" in windows-1251.
  const std::string html = "<html><head><meta charset=\"windows-1251\"><title>\xCF\xF0\xE8</title>";
  std::string detected;
  EXPECT_NE(Decode(html, "text/html", &detected).find("<title>\u041F\u0440\u0438</title>"),
            std::string::npos);
  EXPECT_EQ(detected, "windows-1251");
}

TEST(CharsetTest, MetaHttpEquiv) {
  const std::string html =
      "<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1258'>"
      "<p>Vi\xEA\xF2t</p>";
  std::string detected;
  EXPECT_NE(Decode(html, "", &detected).find("Vi\u00EA\u0323t"), std::string::npos);
  EXPECT_EQ(detected, "windows-1258");
}

TEST(CharsetTest, MetaInsideCommentIsIgnored) {
  const std::string html =
      "<!-- <meta charset=\"koi8-r\"> --><meta name=x content=y><meta charset=utf-8>caf\xC3\xA9";
  EXPECT_EQ(MetaCharset(html), "utf-8");
  std::string detected;
  Decode(html, "text/html", &detected);
  EXPECT_EQ(detected, "utf-8");
}

TEST(CharsetTest, MetaBeyondPrescanWindowIsIgnored) {
  const std::string html = std::string(5000, ' ') + "<meta charset=windows-1251>";
  EXPECT_EQ(MetaCharset(html), "");
}

TEST(CharsetTest, HeaderWinsOverMeta) {
  std::string detected;
  Decode("<meta charset=windows-1251>caf\xE9", "text/html; charset=windows-1252", &detected);
  EXPECT_EQ(detected, "windows-1252");
}

TEST(CharsetTest, DeclaredCharsetIsTrustedOverValidUtf8Bytes) {
  // Documented choice (as browsers): the header says latin1, so UTF-8 "é" becomes "Ã©".
  std::string detected;
  EXPECT_EQ(Decode("caf\xC3\xA9", "text/html; charset=iso-8859-1", &detected), "caf\u00C3\u00A9");
  EXPECT_EQ(detected, "windows-1252");
}

TEST(CharsetTest, InvalidUtf8UnderUtf8LabelIsRepaired) {
  std::string detected;
  const std::string out = Decode("ab\xFF" "cd\xC3", "text/html; charset=utf8", &detected);
  EXPECT_EQ(out, "ab\uFFFD" "cd\uFFFD");
  EXPECT_EQ(detected, "utf-8");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(CharsetTest, NoLabelValidUtf8IsUtf8) {
  std::string detected;
  EXPECT_EQ(Decode("<p>Vi\u1EC7t Nam</p>", "text/html", &detected), "<p>Vi\u1EC7t Nam</p>");
  EXPECT_EQ(detected, "utf-8");
}

TEST(CharsetTest, NoLabelLegacyBytesAreGuessedOrFallBack) {
  const std::string text =
      "<p>Le caf\xE9 est tr\xE8s bon et la cr\xE8me br\xFBl\xE9" "e aussi. "
      "Nous avons d\xE9j\xE0 command\xE9 deux fois \xE0 cette adresse.</p>";
  std::string detected;
  const std::string out = Decode(text, "text/html", &detected);
  EXPECT_NE(out.find("caf\u00E9"), std::string::npos) << detected;
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(CharsetTest, UnknownAndForbiddenLabelsAreIgnored) {
  std::string detected;
  EXPECT_EQ(Decode("caf\xC3\xA9", "text/html; charset=no-such-charset", &detected), "caf\u00E9");
  EXPECT_EQ(detected, "utf-8");
  EXPECT_EQ(Decode("+ADw-script+AD4-", "text/html; charset=UTF-7", &detected), "+ADw-script+AD4-");
  EXPECT_EQ(detected, "utf-8");
}

TEST(CharsetTest, XUserDefined) {
  std::string detected;
  EXPECT_EQ(Decode("a\x80", "text/html; charset=x-user-defined", &detected), "a\uF780");
  EXPECT_EQ(detected, "x-user-defined");
}

TEST(CharsetTest, BinaryIsRejected) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  EXPECT_EQ(DecodeToUtf8(png, "").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(DecodeToUtf8(png, "text/html").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(DecodeToUtf8("hello", "image/png").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(DecodeToUtf8("%PDF-1.4", "application/pdf").status().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(DecodeToUtf8("x", "application/octet-stream").status().kind(),
            ErrorKind::kUnsupported);
  EXPECT_TRUE(DecodeToUtf8("<rss/>", "application/rss+xml").ok());
  EXPECT_TRUE(DecodeToUtf8("{}", "application/ld+json").ok());
  EXPECT_TRUE(DecodeToUtf8("<x/>", "APPLICATION/XHTML+XML; charset=utf-8").ok());
}

// Binary without NUL bytes (compressed data, noise) is recognised by its C0 control bytes; a
// page with a few stray ones is still text.
TEST(CharsetTest, BinaryWithoutNulsIsRejectedButStrayControlBytesAreNot) {
  std::string noise;
  for (int i = 0; i < 2048; ++i) noise += static_cast<char>(1 + (i * 97 + i / 7) % 255);
  ASSERT_EQ(noise.find('\0'), std::string::npos);
  EXPECT_EQ(DecodeToUtf8(noise, "text/html").status().kind(), ErrorKind::kUnsupported);
  const std::string stray = "<p>a\x01b\x02c\x1b\x0c d\x7f</p>";
  Result<std::string> text = DecodeToUtf8(stray, "text/html; charset=utf-8");
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("d"), std::string::npos);
}

TEST(CharsetTest, LabelsAndParams) {
  EXPECT_EQ(CanonicalCharset(" Latin1 "), "windows-1252");
  EXPECT_EQ(CanonicalCharset("UTF8"), "utf-8");
  EXPECT_EQ(CanonicalCharset("cp1258"), "windows-1258");
  EXPECT_EQ(CanonicalCharset("gb2312"), "gbk");
  EXPECT_FALSE(CanonicalCharset("utf-7").has_value());
  EXPECT_FALSE(CanonicalCharset("").has_value());
  EXPECT_FALSE(CanonicalCharset("bogus-42").has_value());
  EXPECT_EQ(CharsetParam("text/html; charset=\"UTF-8\""), "UTF-8");
  EXPECT_EQ(CharsetParam("text/html;charset=utf-8;q=1"), "utf-8");
  EXPECT_EQ(CharsetParam("text/html"), "");
}

}  // namespace
}  // namespace newscrawl
