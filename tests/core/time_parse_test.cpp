#include "newscrawl/core/time_parse.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

TEST(TimeParseTest, IsoWithCompactOffsetGetsColon) {
  EXPECT_EQ(NormalizeDateTime("2025-06-17T13:43:02+0700"), "2025-06-17T13:43:02+07:00");
  EXPECT_EQ(NormalizeDateTime("2025-06-17T13:43:02+07:00"), "2025-06-17T13:43:02+07:00");
  EXPECT_EQ(NormalizeDateTime("2025-06-17T06:43:02.123Z"), "2025-06-17T06:43:02+00:00");
  EXPECT_EQ(NormalizeDateTime("2025-06-17 13:43"), "2025-06-17T13:43:00");
}

TEST(TimeParseTest, DefaultOffsetOnlyWhenMissing) {
  DateParseOptions vn{.default_offset = "+07:00"};
  EXPECT_EQ(NormalizeDateTime("2025-06-17 13:43", vn), "2025-06-17T13:43:00+07:00");
  EXPECT_EQ(NormalizeDateTime("2025-06-17T13:43:00-05:00", vn), "2025-06-17T13:43:00-05:00");
}

TEST(TimeParseTest, Rfc822AsInFeedsAndHttp) {
  EXPECT_EQ(NormalizeDateTime("Mon, 21 Nov 2022 21:25:15 +0700"), "2022-11-21T21:25:15+07:00");
  EXPECT_EQ(NormalizeDateTime("Wed, 21 Oct 2015 07:28:00 GMT"), "2015-10-21T07:28:00+00:00");
}

TEST(TimeParseTest, VietnameseVisibleDates) {
  DateParseOptions vn{.default_offset = "+07:00"};
  EXPECT_EQ(NormalizeDateTime("17/06/2025 13:43", vn), "2025-06-17T13:43:00+07:00");
  EXPECT_EQ(NormalizeDateTime("13:43 17/06/2025", vn), "2025-06-17T13:43:00+07:00");
  EXPECT_EQ(NormalizeDateTime("17-06-2025", vn), "2025-06-17T00:00:00+07:00");
}

TEST(TimeParseTest, RejectsInvalid) {
  EXPECT_EQ(NormalizeDateTime("2023-02-31T10:00:00Z"), std::nullopt);
  EXPECT_EQ(NormalizeDateTime("2023-13-01"), std::nullopt);
  EXPECT_EQ(NormalizeDateTime("hôm qua"), std::nullopt);
  EXPECT_EQ(NormalizeDateTime(""), std::nullopt);
  EXPECT_EQ(NormalizeDateTime("2023/12"), std::nullopt);  // a partial date is not 17 Dec
}

TEST(TimeParseTest, UnixSecondsHonourOffset) {
  EXPECT_EQ(ToUnixSeconds("1970-01-01T07:00:00+07:00"), 0);
  EXPECT_EQ(ToUnixSeconds("Thu, 01 Jan 1970 00:01:40 GMT"), 100);
  EXPECT_EQ(FormatUtc(1700000000), "2023-11-14T22:13:20Z");
}

}  // namespace
}  // namespace newscrawl
