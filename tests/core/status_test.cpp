#include "newscrawl/core/status.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, NamedKindAndMessage) {
  Status s = Status::TooDeep("nesting over 512");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kTooDeep);
  EXPECT_EQ(s.ToString(), "too_deep: nesting over 512");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  EXPECT_TRUE(good.status().ok());
  Result<int> bad = Status::NotFound("x");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kNotFound);
}

TEST(ResultDeathTest, ValueOrAbortNamesWhatWasInvalid) {
  EXPECT_EQ(Result<int>(7).ValueOrAbort("number"), 7);
  EXPECT_DEATH(Result<int>(Status::ParseError("no digits")).ValueOrAbort("built-in number"),
               "invalid built-in number: parse_error: no digits");
}

}  // namespace
}  // namespace newscrawl
