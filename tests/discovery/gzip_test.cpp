#include <string>

#include <gtest/gtest.h>

#include "gzip_helper.h"
#include "newscrawl/discovery/sitemap.h"

namespace newscrawl {
namespace {

using testing::GzipCompress;

TEST(GzipTest, RoundTrip) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "line " + std::to_string(i) + "\n";
  const std::string gz = GzipCompress(text);
  ASSERT_TRUE(LooksGzipped(gz));
  const auto out = Gunzip(gz, 10 * 1024 * 1024);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, text);
}

TEST(GzipTest, ConcatenatedMembersAreJoined) {
  const auto out = Gunzip(GzipCompress("first,") + GzipCompress("second"), 1024);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "first,second");
}

TEST(GzipTest, LooksGzippedOnlyOnMagic) {
  EXPECT_FALSE(LooksGzipped("<?xml"));
  EXPECT_FALSE(LooksGzipped("\x1f"));
  EXPECT_TRUE(LooksGzipped("\x1f\x8b\x08"));
}

// 50 MB of zeros compress to ~50 KB; inflating must stop at the cap, not allocate 50 MB.
TEST(GzipTest, BombRejectedWithTooLarge) {
  const std::string bomb = GzipCompress(std::string(50 * 1024 * 1024, '\0'));
  ASSERT_LT(bomb.size(), 200u * 1024);
  const auto out = Gunzip(bomb, 10 * 1024 * 1024);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().kind(), ErrorKind::kTooLarge);
}

TEST(GzipTest, ExactlyAtCapIsAccepted) {
  const std::string data(100000, 'x');
  EXPECT_TRUE(Gunzip(GzipCompress(data), data.size()).ok());
  EXPECT_EQ(Gunzip(GzipCompress(data), data.size() - 1).status().kind(), ErrorKind::kTooLarge);
}

TEST(GzipTest, TruncatedAndCorruptAreParseErrors) {
  std::string gz = GzipCompress(std::string(100000, 'y') + "tail");
  const auto truncated = Gunzip(gz.substr(0, gz.size() / 2), 1 << 20);
  EXPECT_EQ(truncated.status().kind(), ErrorKind::kParseError);
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32 trailer
  EXPECT_EQ(Gunzip(gz, 1 << 20).status().kind(), ErrorKind::kParseError);
  EXPECT_EQ(Gunzip("\x1f\x8bnot really", 1024).status().kind(), ErrorKind::kParseError);
  EXPECT_EQ(Gunzip("", 1024).status().kind(), ErrorKind::kParseError);
}

}  // namespace
}  // namespace newscrawl
