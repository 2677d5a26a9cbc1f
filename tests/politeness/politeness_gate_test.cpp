#include "newscrawl/politeness/politeness_gate.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

using std::chrono::milliseconds;
using Verdict = PolitenessGate::Verdict;

FetchResult Answer(long status, std::string body = "") {
  FetchResult r;
  r.status_code = status;
  r.body = std::move(body);
  r.started_at = SteadyClock::now();
  return r;
}

CrawlerConfig Quick() {
  CrawlerConfig c;
  c.per_host_delay_ms = 100;
  c.max_retries = 2;
  return c;
}

TEST(PolitenessGateTest, RobotsTxtIsFetchedOnceThenItsRulesDecide) {
  const CrawlerConfig config = Quick();
  PolitenessGate gate(config, nullptr);
  Result<PolitenessGate::Admission> first = gate.Admit("https://a.vn", "/private/x", 100);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->verdict, Verdict::kFetchRobots);
  EXPECT_TRUE(gate.RobotsPending("https://a.vn"));
  EXPECT_EQ(gate.Admit("https://a.vn", "/b", 100)->verdict, Verdict::kPending);

  gate.OnDispatch("a.vn:443");
  const FetchResult robots = Answer(200, "User-agent: *\nDisallow: /private/\nSitemap: /news.xml\n");
  gate.OnResponse("a.vn:443", robots);
  Result<std::vector<std::string>> sitemaps = gate.OnRobotsAnswer("https://a.vn", "a.vn:443", robots, 101);
  ASSERT_TRUE(sitemaps.ok());
  EXPECT_EQ(*sitemaps, std::vector<std::string>{"https://a.vn/news.xml"});
  EXPECT_FALSE(gate.RobotsPending("https://a.vn"));

  Result<PolitenessGate::Admission> denied = gate.Admit("https://a.vn", "/private/x", 102);
  EXPECT_EQ(denied->verdict, Verdict::kDenied);
  EXPECT_EQ(denied->why, "robots_disallowed");
  EXPECT_FALSE(denied->retry_at.has_value());
  EXPECT_EQ(gate.Admit("https://a.vn", "/b", 102)->verdict, Verdict::kAllowed);
}

TEST(PolitenessGateTest, AnUnreachableRobotsTxtDeniesWithTheReasonAndARetryTime) {
  const CrawlerConfig config = Quick();
  PolitenessGate gate(config, nullptr);
  ASSERT_EQ(gate.Admit("https://down.vn", "/a", 1000)->verdict, Verdict::kFetchRobots);
  FetchResult failed = Answer(0);
  failed.error = Status(ErrorKind::kNetwork, "Could not resolve host: down.vn");
  gate.OnResponse("down.vn:443", failed);
  ASSERT_TRUE(gate.OnRobotsAnswer("https://down.vn", "down.vn:443", failed, 1000).ok());
  Result<PolitenessGate::Admission> a = gate.Admit("https://down.vn", "/a", 1001);
  EXPECT_EQ(a->verdict, Verdict::kDenied);
  EXPECT_EQ(a->why.rfind("robots_unavailable: robots.txt network", 0), 0u) << a->why;
  EXPECT_NE(a->why.find("Could not resolve host"), std::string::npos) << a->why;
  EXPECT_EQ(a->retry_at, 1001 + gate.robots_options().error_retry_s);
}

TEST(PolitenessGateTest, CrawlDelayOfTheRulesSpacesTheHostsRequests) {
  const CrawlerConfig config = Quick();
  PolitenessGate gate(config, nullptr);
  gate.Admit("https://slow.vn", "/", 0);
  const FetchResult robots = Answer(200, "User-agent: *\nCrawl-delay: 3\n");
  gate.OnDispatch("slow.vn:443");
  gate.OnResponse("slow.vn:443", robots);
  ASSERT_TRUE(gate.OnRobotsAnswer("https://slow.vn", "slow.vn:443", robots, 0).ok());
  gate.OnDispatch("slow.vn:443");
  EXPECT_GE(gate.NextStartAt("slow.vn:443") - SteadyClock::now(), milliseconds(2900));
  EXPECT_FALSE(gate.CanStart("slow.vn:443"));
}

// Every response teaches the gate the same way, robots.txt answers included: a 429 backs the
// host off (and its Retry-After is the floor), whatever the request was for.
TEST(PolitenessGateTest, AThrottlingAnswerBacksTheHostOffAndReturnsItsRetryAfter) {
  const CrawlerConfig config = Quick();
  PolitenessGate gate(config, nullptr);
  for (const std::string host : {"ok.vn:443", "busy.vn:443"}) gate.OnDispatch(host);
  EXPECT_FALSE(gate.OnResponse("ok.vn:443", Answer(200)).has_value());
  FetchResult throttled = Answer(429);
  throttled.retry_after = "7";
  EXPECT_EQ(gate.OnResponse("busy.vn:443", throttled), milliseconds(7000));
  const auto now = SteadyClock::now();
  EXPECT_LT(gate.NextStartAt("ok.vn:443") - now, milliseconds(200));
  EXPECT_GE(gate.NextStartAt("busy.vn:443") - now, milliseconds(6900));
}

// The run before may have asked the host a moment ago (a kill and restart, back-to-back runs):
// a host's first request of a run waits one delay from the run's start.
TEST(PolitenessGateTest, AHostsFirstRequestOfTheRunWaitsOneDelay) {
  CrawlerConfig config = Quick();
  config.per_host_delay_ms = 300;
  const auto created = SteadyClock::now();
  PolitenessGate gate(config, nullptr);
  EXPECT_EQ(gate.PickHost({"a.vn:443"}), "a.vn:443");
  EXPECT_FALSE(gate.CanStart("a.vn:443"));
  EXPECT_GE(gate.NextStartAt("a.vn:443") - created, milliseconds(300));
  EXPECT_LE(gate.NextStartAt("a.vn:443") - created, milliseconds(400));
}

TEST(PolitenessGateTest, RetriesBackOffUpToTheLimitAndNeverForPermanentFailures) {
  const CrawlerConfig config = Quick();
  PolitenessGate gate(config, nullptr);
  const FetchResult unavailable = Answer(503);
  PolitenessGate::RetryPlan first = gate.PlanRetry(1, ErrorKind::kHttpStatus, unavailable, std::nullopt);
  EXPECT_TRUE(first.retry);
  EXPECT_GE(first.delay_ms, 250.0);  // 500 ms floor x jitter 0.5-1.5
  EXPECT_LE(first.delay_ms, 750.0);
  PolitenessGate::RetryPlan second = gate.PlanRetry(2, ErrorKind::kHttpStatus, unavailable, std::nullopt);
  EXPECT_GE(second.delay_ms, 500.0);
  EXPECT_LE(second.delay_ms, 1500.0);
  EXPECT_FALSE(gate.PlanRetry(3, ErrorKind::kHttpStatus, unavailable, std::nullopt).retry);  // max_retries 2
  EXPECT_GE(gate.PlanRetry(1, ErrorKind::kHttpStatus, unavailable, milliseconds(120'000)).delay_ms, 120'000.0);
  EXPECT_FALSE(gate.PlanRetry(1, ErrorKind::kHttpStatus, Answer(404), std::nullopt).retry);
  EXPECT_FALSE(gate.PlanRetry(1, ErrorKind::kTooLarge, Answer(200), std::nullopt).retry);
}

TEST(PolitenessGateTest, RecheckTimeFollowsTheConfig) {
  CrawlerConfig config = Quick();
  PolitenessGate never(config, nullptr);
  EXPECT_FALSE(never.RecheckAt(1000).has_value());
  config.recheck_after_h = 2;
  PolitenessGate two_hours(config, nullptr);
  EXPECT_EQ(two_hours.RecheckAt(1000), 1000 + 7200);
}

}  // namespace
}  // namespace newscrawl
