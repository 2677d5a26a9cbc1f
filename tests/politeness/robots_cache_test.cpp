#include "newscrawl/politeness/robots_cache.h"

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

using State = RobotsCache::State;

TEST(RobotsCacheTest, OneFetchPerOriginOthersWait) {
  RobotsCache cache;
  EXPECT_EQ(cache.Get("https://a.vn", 100).state, State::kFetch);
  EXPECT_EQ(cache.Get("https://a.vn", 100).state, State::kPending);
  EXPECT_EQ(cache.Get("https://a.vn", 101).state, State::kPending);
  EXPECT_EQ(cache.Get("https://b.vn", 101).state, State::kFetch);  // per origin
  cache.Complete("https://a.vn", 200, "User-agent: *\nDisallow: /private/\n", 102);
  RobotsCache::Lookup l = cache.Get("https://a.vn", 103);
  ASSERT_EQ(l.state, State::kReady);
  EXPECT_FALSE(l.rules->Allowed("newscrawl", "/private/x"));
  EXPECT_TRUE(l.rules->Allowed("newscrawl", "/robots.txt"));
  EXPECT_TRUE(l.rules->Allowed("newscrawl", "/a"));
}

TEST(RobotsCacheTest, ClientErrorsAllowAll) {
  RobotsCache cache;
  cache.Get("https://a.vn", 0);
  cache.Complete("https://a.vn", 404, "Disallow: /", 0);
  EXPECT_TRUE(cache.Get("https://a.vn", 1).rules->Allowed("newscrawl", "/anything"));
  cache.Get("https://b.vn", 0);
  cache.Complete("https://b.vn", 403, "", 0);
  EXPECT_TRUE(cache.Get("https://b.vn", 1).rules->Allowed("newscrawl", "/anything"));
}

TEST(RobotsCacheTest, ServerErrorsAndUnreachableDisallowAllUntilRetry) {
  RobotsCacheOptions o;
  o.error_retry_s = 600;
  RobotsCache cache(o);
  for (long status : {500L, 503L, 0L}) {
    const std::string origin = "https://s" + std::to_string(status) + ".vn";
    cache.Get(origin, 0);
    cache.Complete(origin, status, "", 0);
    RobotsCache::Lookup l = cache.Get(origin, 599);
    ASSERT_EQ(l.state, State::kReady);
    EXPECT_TRUE(l.unavailable);
    EXPECT_FALSE(l.rules->Allowed("newscrawl", "/a"));
    EXPECT_TRUE(l.rules->Allowed("newscrawl", "/robots.txt"));
    EXPECT_EQ(cache.Get(origin, 600).state, State::kFetch);  // asked again later
  }
}

TEST(RobotsCacheTest, RulesExpireAfterTheTtl) {
  RobotsCache cache;
  cache.Get("https://a.vn", 0);
  cache.Complete("https://a.vn", 200, "User-agent: *\nCrawl-delay: 3\nSitemap: https://a.vn/s.xml\n", 0);
  RobotsCache::Lookup l = cache.Get("https://a.vn", 24 * 3600 - 1);
  ASSERT_EQ(l.state, State::kReady);
  EXPECT_EQ(l.rules->CrawlDelay("newscrawl"), 3.0);
  EXPECT_EQ(l.rules->Sitemaps().size(), 1u);
  EXPECT_EQ(cache.Get("https://a.vn", 24 * 3600).state, State::kFetch);
}

TEST(RobotsCacheTest, RobotsUrlForAnyPage) {
  EXPECT_EQ(RobotsCache::RobotsUrlFor("https://a.vn:8443/x/y?z"), "https://a.vn:8443/robots.txt");
  EXPECT_EQ(RobotsCache::RobotsUrlFor("not a url"), "");
}

}  // namespace
}  // namespace newscrawl
