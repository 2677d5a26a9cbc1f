#include "newscrawl/politeness/host_slots.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

using std::chrono::milliseconds;

class HostSlotsTest : public ::testing::Test {
 protected:
  HostSlots Make(int per_host = 1, int delay_ms = 1000) {
    HostSlotsOptions o;
    o.per_host_concurrency = per_host;
    o.per_host_delay = milliseconds(delay_ms);
    o.max_crawl_delay = milliseconds(5000);
    o.margin_fraction = 0;
    return HostSlots(o, [this] { return now_; });
  }
  SteadyClock::time_point now_ = SteadyClock::time_point() + std::chrono::hours(1);
};

TEST_F(HostSlotsTest, DelayBetweenStartsOfOneHost) {
  HostSlots s = Make();
  EXPECT_TRUE(s.CanStart("a:80"));
  s.OnDispatch("a:80");
  s.OnFinish("a:80", true, false, std::nullopt);
  now_ += milliseconds(999);
  EXPECT_FALSE(s.CanStart("a:80"));
  EXPECT_TRUE(s.CanStart("b:80"));  // other hosts are not held up
  now_ += milliseconds(1);
  EXPECT_TRUE(s.CanStart("a:80"));
}

TEST_F(HostSlotsTest, DelayCountsFromWhenTheRequestReallyWentOut) {
  HostSlots s = Make();
  s.OnDispatch("a:80");
  s.OnRequestStarted("a:80", now_ + milliseconds(300));  // connect took 300 ms
  s.OnFinish("a:80", true, false, std::nullopt);
  now_ += milliseconds(1100);
  EXPECT_FALSE(s.CanStart("a:80"));
  now_ += milliseconds(200);
  EXPECT_TRUE(s.CanStart("a:80"));
  // An earlier started_at never moves the start back before the dispatch.
  s.OnDispatch("a:80");
  s.OnRequestStarted("a:80", now_ - milliseconds(500));
  s.OnFinish("a:80", true, false, std::nullopt);
  now_ += milliseconds(999);
  EXPECT_FALSE(s.CanStart("a:80"));
}

TEST_F(HostSlotsTest, OneAtATimeTheDelayRunsFromTheEndOfTheExchange) {
  HostSlots s = Make();
  s.OnDispatch("a:80");
  now_ += milliseconds(700);  // a slow answer
  s.OnFinish("a:80", true, false, std::nullopt);
  now_ += milliseconds(999);
  EXPECT_FALSE(s.CanStart("a:80"));
  now_ += milliseconds(1);
  EXPECT_TRUE(s.CanStart("a:80"));
}

TEST_F(HostSlotsTest, ConcurrencyLimitPerHost) {
  HostSlots s = Make(2, 0);
  s.OnDispatch("a:80");
  EXPECT_TRUE(s.CanStart("a:80"));
  s.OnDispatch("a:80");
  EXPECT_FALSE(s.CanStart("a:80"));
  EXPECT_EQ(s.InFlight("a:80"), 2);
  EXPECT_FALSE(s.PickHost({"a:80"}).has_value());
  s.OnFinish("a:80", true, false, std::nullopt);
  EXPECT_TRUE(s.CanStart("a:80"));
}

TEST_F(HostSlotsTest, CrawlDelayRaisesTheDelayAndIsClamped) {
  HostSlots s = Make();
  EXPECT_FALSE(s.SetCrawlDelay("a:80", 2.5));
  EXPECT_EQ(s.CurrentDelay("a:80"), milliseconds(2500));
  EXPECT_TRUE(s.SetCrawlDelay("a:80", 60));
  EXPECT_EQ(s.CurrentDelay("a:80"), milliseconds(5000));
  EXPECT_FALSE(s.SetCrawlDelay("b:80", 0.2));  // never below per_host_delay
  EXPECT_EQ(s.CurrentDelay("b:80"), milliseconds(1000));
}

TEST_F(HostSlotsTest, RetryAfterBacksOffTheWholeHostThenDecays) {
  HostSlots s = Make();
  s.OnDispatch("a:80");
  s.OnFinish("a:80", false, true, milliseconds(10'000));
  EXPECT_GE(s.CurrentDelay("a:80"), milliseconds(10'000));
  now_ += milliseconds(9'000);
  EXPECT_FALSE(s.CanStart("a:80"));  // any URL of the host, not just the one that got 429
  now_ += milliseconds(1'000);
  EXPECT_TRUE(s.CanStart("a:80"));
  for (int i = 0; i < 10; ++i) {
    s.OnDispatch("a:80");
    s.OnFinish("a:80", true, false, std::nullopt);
  }
  EXPECT_EQ(s.CurrentDelay("a:80"), milliseconds(1000));
}

TEST_F(HostSlotsTest, FailuresDoubleTheBackoff) {
  HostSlots s = Make(1, 100);
  s.OnDispatch("a:80");
  s.OnFinish("a:80", false, false, std::nullopt);
  const milliseconds first = s.CurrentDelay("a:80");
  s.OnDispatch("a:80");
  s.OnFinish("a:80", false, false, std::nullopt);
  EXPECT_EQ(s.CurrentDelay("a:80"), first * 2);
}

TEST_F(HostSlotsTest, PickHostIsFairAndPrefersTheEarliestReadyHost) {
  HostSlots s = Make(1, 1000);
  const std::vector<std::string> hosts = {"a:80", "b:80", "c:80"};
  std::map<std::string, int> picks;
  for (int i = 0; i < 9; ++i) {
    std::optional<std::string> h = s.PickHost(hosts);
    ASSERT_TRUE(h.has_value());
    ++picks[*h];
    s.OnDispatch(*h);
    s.OnFinish(*h, true, false, std::nullopt);
    now_ += milliseconds(400);
  }
  // Each host gets its turn; a host that just started waits while others are ready.
  EXPECT_EQ(picks["a:80"], 3);
  EXPECT_EQ(picks["b:80"], 3);
  EXPECT_EQ(picks["c:80"], 3);
  // A slow host (backed off) does not stop the others from being picked.
  s.OnDispatch("a:80");
  s.OnFinish("a:80", false, true, milliseconds(60'000));
  now_ += milliseconds(2000);
  for (int i = 0; i < 4; ++i) {
    std::optional<std::string> h = s.PickHost(hosts);
    ASSERT_TRUE(h.has_value());
    EXPECT_NE(*h, "a:80");
    s.OnDispatch(*h);
    s.OnFinish(*h, true, false, std::nullopt);
    now_ += milliseconds(1000);
  }
}

TEST_F(HostSlotsTest, SafetyMarginOnTopOfTheDelay) {
  HostSlotsOptions o;
  o.per_host_delay = milliseconds(1000);
  HostSlots s(o, [this] { return now_; });
  s.OnDispatch("a:80");
  s.OnFinish("a:80", true, false, std::nullopt);
  EXPECT_EQ(s.NextStartAt("a:80"), now_ + milliseconds(1050));
}

}  // namespace
}  // namespace newscrawl
