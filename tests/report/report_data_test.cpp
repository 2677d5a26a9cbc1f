// ComputeReportData on a database filled through the store API, and the latency / status helpers.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "newscrawl/report/report_data.h"
#include "report/report_test_util.h"

namespace newscrawl {
namespace {

using testing::kRun1Start;
using testing::kRun2Start;

const SiteReport* FindSite(const ReportData& d, const std::string& name) {
  for (const SiteReport& s : d.sites) {
    if (s.site == name) return &s;
  }
  return nullptr;
}

TEST(LatencyTest, BucketBoundsAreExclusiveUpperBounds) {
  EXPECT_EQ(LatencyBucket(0), 0U);
  EXPECT_EQ(LatencyBucket(49), 0U);
  EXPECT_EQ(LatencyBucket(50), 1U);
  EXPECT_EQ(LatencyBucket(999), 4U);
  EXPECT_EQ(LatencyBucket(1000), 5U);
  EXPECT_EQ(LatencyBucket(9999), 7U);
  EXPECT_EQ(LatencyBucket(10000), 8U);
  EXPECT_EQ(LatencyBucket(600000), kLatencyBuckets - 1);
}

TEST(LatencyTest, NearestRankPercentiles) {
  std::vector<std::int64_t> none;
  const LatencySummary empty = SummarizeLatency(none);
  EXPECT_EQ(empty.count, 0);
  EXPECT_EQ(empty.p50, 0);

  std::vector<std::int64_t> one = {42};
  const LatencySummary single = SummarizeLatency(one);
  EXPECT_EQ(single.p50, 42);
  EXPECT_EQ(single.p99, 42);
  EXPECT_EQ(single.buckets[0], 1);

  // 1..100 in random order: nearest rank gives exactly 50, 90, 99.
  std::vector<std::int64_t> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  std::shuffle(hundred.begin(), hundred.end(), std::mt19937(7));
  const LatencySummary s = SummarizeLatency(hundred);
  EXPECT_EQ(s.count, 100);
  EXPECT_EQ(s.p50, 50);
  EXPECT_EQ(s.p90, 90);
  EXPECT_EQ(s.p99, 99);
  EXPECT_EQ(s.max, 100);
  EXPECT_EQ(s.buckets[0], 49);  // 1..49
  EXPECT_EQ(s.buckets[1], 50);  // 50..99
  EXPECT_EQ(s.buckets[2], 1);   // 100
}

TEST(FetchStatusMixTest, ClassifiesByStatusThenByErrorKind) {
  FetchStatusMix m;
  m.Add(200, "");
  m.Add(204, "");
  m.Add(304, "");
  m.Add(301, "");
  m.Add(404, "http_status");
  m.Add(503, "http_status", 3);
  m.Add(0, "timeout", 2);
  m.Add(0, "");
  m.Add(200, "too_large");      // a response that could not be used is no success
  m.Add(404, "robots_disallowed");  // an error status is counted as one
  EXPECT_EQ(m.ok, 2);
  EXPECT_EQ(m.not_modified, 1);
  EXPECT_EQ(m.redirect, 1);
  EXPECT_EQ(m.client_error, 2);
  EXPECT_EQ(m.server_error, 3);
  EXPECT_EQ(m.failed, (std::map<std::string, std::int64_t>{{"timeout", 2}, {"too_large", 1}, {"unknown", 1}}));
  EXPECT_EQ(m.FailedTotal(), 4);
  EXPECT_EQ(m.Total(), 13);
}

class ReportDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(dir_.File("report.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(ReportDataTest, EmptyDatabaseHasNothing) {
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->runs.empty());
  EXPECT_TRUE(d->sites.empty());
  EXPECT_EQ(d->total_fetches, 0);
  EXPECT_TRUE(d->drifts.empty());
}

TEST_F(ReportDataTest, RunsAreListedWithTheirSummaries) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->runs.size(), 2U);
  EXPECT_EQ(d->runs[0].started_at, kRun1Start);
  EXPECT_EQ(d->runs[0].ended_at, kRun1Start + 600);
  EXPECT_EQ(d->runs[0].exit_status, 0);
  EXPECT_EQ(d->runs[0].fetched, 13);
  EXPECT_EQ(d->runs[0].errors, 5);
  EXPECT_EQ(d->runs[1].exit_status, 4);
  EXPECT_EQ(d->runs[1].articles_new, 2);
  EXPECT_EQ(d->total_fetches, 15);
}

TEST_F(ReportDataTest, OpenRunHasNoEndYet) {
  ASSERT_TRUE(store_->BeginRun(kRun1Start).ok());
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->runs.size(), 1U);
  EXPECT_FALSE(d->runs[0].ended_at);
  EXPECT_FALSE(d->runs[0].exit_status);
}

TEST_F(ReportDataTest, StatusMixPerSiteAndRun) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  const SiteReport* alpha = FindSite(*d, "alpha");
  ASSERT_NE(alpha, nullptr);
  EXPECT_EQ(alpha->status.ok, 7);
  EXPECT_EQ(alpha->status.not_modified, 1);
  EXPECT_EQ(alpha->status.client_error, 1);
  EXPECT_EQ(alpha->status.server_error, 1);
  EXPECT_EQ(alpha->status.failed, (std::map<std::string, std::int64_t>{{"network", 1}, {"timeout", 1}}));
  ASSERT_EQ(alpha->runs.size(), 2U);
  EXPECT_EQ(alpha->runs[0].run_id, d->runs[0].id);
  EXPECT_EQ(alpha->runs[0].status.ok, 5);
  EXPECT_EQ(alpha->runs[0].status.Total(), 10);
  EXPECT_EQ(alpha->runs[1].status.ok, 2);
  EXPECT_EQ(alpha->runs[1].status.Total(), 2);

  // A site that was only fetched is in the report, with no articles.
  const SiteReport* gamma = FindSite(*d, "gamma");
  ASSERT_NE(gamma, nullptr);
  EXPECT_EQ(gamma->status.redirect, 1);
  EXPECT_TRUE(gamma->latest.empty());
  EXPECT_TRUE(gamma->articles_per_day.empty());
  // Sites are by name.
  ASSERT_EQ(d->sites.size(), 3U);
  EXPECT_EQ(d->sites[0].site, "alpha");
  EXPECT_EQ(d->sites[2].site, "gamma");
}

TEST_F(ReportDataTest, LatencyLeavesOutFetchesWithoutResponse) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  const SiteReport* alpha = FindSite(*d, "alpha");
  ASSERT_NE(alpha, nullptr);
  // Responses: 10 30 40 60 90 95 120 300 800 1500 (the timeout and the network error excluded).
  const LatencySummary& l = alpha->latency;
  EXPECT_EQ(l.count, 10);
  EXPECT_EQ(l.p50, 90);
  EXPECT_EQ(l.p90, 800);
  EXPECT_EQ(l.p99, 1500);
  EXPECT_EQ(l.max, 1500);
  const std::array<std::int64_t, kLatencyBuckets> buckets = {3, 3, 1, 1, 1, 1, 0, 0, 0};
  EXPECT_EQ(l.buckets, buckets);
  // Per run: run 2 had 90 and 95 only.
  EXPECT_EQ(alpha->runs[1].latency.count, 2);
  EXPECT_EQ(alpha->runs[1].latency.p50, 90);
  EXPECT_EQ(alpha->runs[1].latency.p90, 95);
}

TEST_F(ReportDataTest, ArticlesPerDayAndPerRun) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  const SiteReport* alpha = FindSite(*d, "alpha");
  ASSERT_NE(alpha, nullptr);
  ASSERT_EQ(alpha->articles_per_day.size(), 2U);
  EXPECT_EQ(alpha->articles_per_day[0].day, kRun1Start / 86400);
  EXPECT_EQ(alpha->articles_per_day[0].count, 3);
  EXPECT_EQ(alpha->articles_per_day[1].day, kRun2Start / 86400);
  EXPECT_EQ(alpha->articles_per_day[1].count, 2);
  EXPECT_EQ(alpha->runs[0].articles_new, 3);
  EXPECT_EQ(alpha->runs[1].articles_new, 2);

  const SiteReport* beta = FindSite(*d, "beta");
  ASSERT_NE(beta, nullptr);
  ASSERT_EQ(beta->runs.size(), 1U);  // beta was not fetched in run 2
  EXPECT_EQ(beta->runs[0].articles_new, 1);
}

TEST_F(ReportDataTest, LatestArticlesNewestFirstAndLimited) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  ReportOptions options;
  options.latest_per_site = 3;
  auto d = store_->ComputeReportData(options);
  ASSERT_TRUE(d.ok());
  const SiteReport* alpha = FindSite(*d, "alpha");
  ASSERT_NE(alpha, nullptr);
  ASSERT_EQ(alpha->latest.size(), 3U);
  // First seen: 5 at run 2 +120 s, 4 at run 2 +60 s, 3 at run 1 +180 s.
  EXPECT_EQ(alpha->latest[0].title, "Tiêu đề số 5");
  EXPECT_EQ(alpha->latest[1].title, "Tiêu đề số 4");
  EXPECT_EQ(alpha->latest[2].title, "Tiêu đề số 3");
  EXPECT_EQ(alpha->latest[0].first_seen, kRun2Start + 120);
  EXPECT_EQ(alpha->latest[0].lead, "Tóm tắt 5");
  EXPECT_EQ(alpha->latest[0].url, "https://alpha.vn/bai-5.html");
  EXPECT_EQ(alpha->latest[0].published_at, "2025-06-17T10:15:00+07:00");
}

TEST_F(ReportDataTest, NearDuplicatesAreNotLatestArticles) {
  ASSERT_NO_FATAL_FAILURE(testing::FillHistory(*store_));
  Article copy = testing::SyntheticArticle(1, "alpha");
  copy.url = "https://alpha.vn/copy.html";
  copy.canonical_url = copy.url;
  copy.title = "Bản sao";
  copy.body = *copy.body + "\n\nNguồn: khác.";
  auto r = store_->UpsertArticle(copy, {"alpha", *copy.url, "", kRun2Start + 500, std::nullopt});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->kind, StoreOutcomeKind::kNearDuplicateOf);
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  const SiteReport* alpha = FindSite(*d, "alpha");
  ASSERT_NE(alpha, nullptr);
  for (const ReportArticle& a : alpha->latest) EXPECT_NE(a.title, "Bản sao");
  EXPECT_EQ(alpha->articles_per_day.back().count, 2);
}

TEST_F(ReportDataTest, StatsAndDriftsAreThoseOfComputeStats) {
  // Run 1: 10 articles with bylines; run 2: 10 without. The byline fill rate falls 100 -> 0.
  ASSERT_TRUE(store_->BeginRun(kRun1Start).ok());
  for (std::uint64_t seed = 100; seed < 110; ++seed) {
    ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, testing::SyntheticArticle(seed, "delta"), kRun1Start));
  }
  ASSERT_TRUE(store_->EndRun({kRun1Start + 60, 0, 10, 10, 0, 0, 0}).ok());
  ASSERT_TRUE(store_->BeginRun(kRun2Start).ok());
  for (std::uint64_t seed = 110; seed < 120; ++seed) {
    Article a = testing::SyntheticArticle(seed, "delta");
    a.byline.reset();
    ASSERT_NO_FATAL_FAILURE(testing::Store(*store_, a, kRun2Start));
  }
  ASSERT_TRUE(store_->EndRun({kRun2Start + 60, 0, 10, 10, 0, 0, 0}).ok());

  auto stats = store_->ComputeStats();
  ASSERT_TRUE(stats.ok());
  auto d = store_->ComputeReportData({});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->stats.sites.size(), stats->sites.size());
  EXPECT_EQ(d->stats.sites[0].articles, 20);
  EXPECT_EQ(d->stats.sites[0].new_in_last_run, stats->sites[0].new_in_last_run);
  ASSERT_EQ(d->drifts.size(), 1U);
  EXPECT_EQ(d->drifts[0].site, "delta");
  EXPECT_EQ(d->drifts[0].field, "byline");
  EXPECT_DOUBLE_EQ(d->drifts[0].before_percent, 100.0);
  EXPECT_DOUBLE_EQ(d->drifts[0].after_percent, 0.0);
  const std::vector<std::string> warnings = LayoutDriftWarnings(*stats);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(d->drifts[0].message, warnings[0]);
}

TEST(ArticleStoreDefaultTest, BackendsWithoutReportQueriesSayUnsupported) {
  // A minimal backend that implements only the pure virtuals still compiles and answers.
  struct Minimal : ArticleStore {
    Result<std::int64_t> BeginRun(std::int64_t) override { return 1; }
    Status EndRun(const RunSummary&) override { return {}; }
    Status RecordFetch(const FetchLogEntry&) override { return {}; }
    Result<std::uint64_t> StorePage(std::string_view, std::string_view) override { return 0; }
    Result<std::string> LoadPage(std::uint64_t) override { return std::string(); }
    Result<StoreOutcome> UpsertArticle(const Article&, const StoredMeta&) override { return StoreOutcome{}; }
    Status AddAlias(std::string_view, std::int64_t) override { return {}; }
    Result<std::optional<std::int64_t>> FindArticleByUrl(std::string_view) override { return std::optional<std::int64_t>(); }
    Result<std::optional<StoredArticle>> GetArticle(std::int64_t) override { return std::optional<StoredArticle>(); }
    Result<std::vector<ArticleVersion>> GetVersions(std::int64_t) override { return std::vector<ArticleVersion>(); }
    Result<Validators> GetValidators(std::string_view) override { return Validators{}; }
    Status ForEachStoredPage(const std::optional<std::string>&, const std::function<Status(const StoredPage&)>&) override {
      return {};
    }
    Result<StoreOutcome> UpdateExtracted(std::int64_t, const Article&, std::int64_t) override { return StoreOutcome{}; }
    Status ForEachArticle(const ExportFilter&, const std::function<Status(const StoredArticle&)>&) override { return {}; }
    Result<StoreStats> ComputeStats() override { return StoreStats{}; }
    Status Flush() override { return {}; }
    Status MaybeFlush() override { return {}; }
  } minimal;
  ArticleStore& store = minimal;
  auto d = store.ComputeReportData({});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().kind(), ErrorKind::kUnsupported);
}

}  // namespace
}  // namespace newscrawl
