// A small crawl history written through the SqliteStore API, shared by the report tests: two
// runs a day apart, sites "alpha" (varied statuses, errors and durations), "beta" (articles in
// run 1 only) and "gamma" (fetched, never an article), with known counts the tests assert.
#ifndef NEWSCRAWL_TESTS_REPORT_REPORT_TEST_UTIL_H_
#define NEWSCRAWL_TESTS_REPORT_REPORT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "newscrawl/store/sqlite_store.h"
#include "store/store_test_util.h"

namespace newscrawl::testing {

// 2025-06-16 08:00:00 UTC and one day later.
inline constexpr std::int64_t kRun1Start = 1750060800;
inline constexpr std::int64_t kRun2Start = kRun1Start + 86400;

inline void Fetch(SqliteStore& store, const std::string& site, int http_status, std::int64_t duration_ms,
                  std::optional<ErrorKind> error = std::nullopt, std::int64_t at = kRun1Start) {
  static int n = 0;
  FetchLogEntry e;
  e.url = "https://" + site + ".vn/p" + std::to_string(++n);
  e.site = site;
  e.fetched_at = at;
  e.http_status = http_status;
  e.bytes = http_status == 200 ? 50000 : 0;
  e.duration_ms = duration_ms;
  e.error = error;
  ASSERT_TRUE(store.RecordFetch(e).ok());
}

inline void Store(SqliteStore& store, const Article& a, std::int64_t at) {
  auto r = store.UpsertArticle(a, {*a.site, *a.url, "", at, std::nullopt});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->kind, StoreOutcomeKind::kInserted);
}

// Article seeds: alpha 1..3 in run 1 (first seen at +60, +120, +180 s), alpha 4..5 in run 2
// (+60, +120 s); beta 11 in run 1.
inline void FillHistory(SqliteStore& store) {
  ASSERT_TRUE(store.BeginRun(kRun1Start).ok());
  // alpha, run 1: durations with a response 10 60 120 300 800 (200), 40 (304), 30 (404), 1500 (503).
  for (std::int64_t ms : {10, 60, 120, 300, 800}) Fetch(store, "alpha", 200, ms);
  Fetch(store, "alpha", 304, 40);
  Fetch(store, "alpha", 404, 30, ErrorKind::kHttpStatus);
  Fetch(store, "alpha", 503, 1500, ErrorKind::kHttpStatus);
  Fetch(store, "alpha", 0, 30000, ErrorKind::kTimeout);
  Fetch(store, "alpha", 0, 5, ErrorKind::kNetwork);
  Fetch(store, "beta", 200, 70);
  Fetch(store, "beta", 200, 2500);
  Fetch(store, "gamma", 301, 20);
  for (std::uint64_t seed : {1, 2, 3}) Store(store, SyntheticArticle(seed, "alpha"), kRun1Start + 60 * static_cast<std::int64_t>(seed));
  Store(store, SyntheticArticle(11, "beta"), kRun1Start + 30);
  ASSERT_TRUE(store.EndRun({kRun1Start + 600, 0, 13, 4, 0, 0, 5}).ok());

  ASSERT_TRUE(store.BeginRun(kRun2Start).ok());
  Fetch(store, "alpha", 200, 90, std::nullopt, kRun2Start);
  Fetch(store, "alpha", 200, 95, std::nullopt, kRun2Start);
  for (std::uint64_t seed : {4, 5}) {
    Store(store, SyntheticArticle(seed, "alpha"), kRun2Start + 60 * static_cast<std::int64_t>(seed - 3));
  }
  ASSERT_TRUE(store.EndRun({kRun2Start + 90, 4, 2, 2, 0, 0, 0}).ok());
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_REPORT_REPORT_TEST_UTIL_H_
