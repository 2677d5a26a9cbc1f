// kill -9 at random moments during a batched crawl-like loop, then resume: the database stays
// intact, every URL acknowledged as done has its article, and the final contents equal an
// uninterrupted run's.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>

#include "newscrawl/store/run_lock.h"
#include "newscrawl/store/sqlite_store.h"
#include "store_test_util.h"

namespace newscrawl {
namespace {

constexpr int kUrls = 1500;

std::string UrlOf(int i) { return "https://example.vn/bai-" + std::to_string(i) + ".html"; }

// Every fourth article is a republished copy of the one before it, every seventh has a utm
// variant fetched URL, so the dedup rules are exercised across crashes too.
Article ArticleFor(const std::string& url) {
  const int i = std::stoi(url.substr(url.find("bai-") + 4));
  Article a = testing::SyntheticArticle(static_cast<std::uint64_t>(i % 4 == 3 ? i - 1 : i));
  a.url = url;
  a.canonical_url = url;
  a.title = "Tiêu đề số " + std::to_string(i);
  if (i % 4 == 3) a.body = *a.body + "\n\nĐăng lại.";
  return a;
}

Status Seed(const std::string& path) {
  auto store = SqliteStore::Open(path);
  if (!store.ok()) return store.status();
  for (int i = 0; i < kUrls; ++i) {
    UrlEntry e;
    e.url = UrlOf(i);
    e.site = "example";
    e.published_at = kUrls - i;  // newest first = in index order
    if (auto r = (*store)->Enqueue(e); !r.ok()) return r.status();
  }
  return (*store)->Flush();
}

// The crawl loop as the crawler runs it: take the lock, reset in-flight URLs, then
// Next → UpsertArticle → MarkDone (which commits full batches).
Status Crawl(const std::string& path, int batch_size) {
  auto lock = RunLock::Acquire(path);
  if (!lock.ok()) return lock.status();
  SqliteStoreOptions options;
  options.batch_size = batch_size;
  auto opened = SqliteStore::Open(path, options);
  if (!opened.ok()) return opened.status();
  SqliteStore& store = **opened;
  if (auto r = store.ResetInProgress(); !r.ok()) return r.status();
  while (true) {
    auto next = store.Next(1000);
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const UrlEntry& e = **next;
    const Article a = ArticleFor(e.url);
    StoredMeta meta{e.site, e.url, e.url, 1000, std::nullopt};
    const int i = std::stoi(e.url.substr(e.url.find("bai-") + 4));
    if (i % 7 == 0) meta.url = e.url + "?utm_source=zalo";
    if (auto r = store.UpsertArticle(a, meta); !r.ok()) return r.status();
    if (Status s = store.MarkDone(e.url, {}, std::nullopt); !s.ok()) return s;
  }
  return store.Flush();
}

// url -> (title, duplicate_of's url or "") over every stored article, plus the row count.
std::map<std::string, std::string> Snapshot(SqliteStore& store, std::size_t* rows) {
  std::map<std::int64_t, std::string> url_of;
  std::vector<StoredArticle> all;
  ExportFilter filter;
  filter.include_duplicates = true;
  EXPECT_TRUE(store.ForEachArticle(filter, [&](const StoredArticle& a) {
    url_of[a.id] = *a.article.url;
    all.push_back(a);
    return Status::Ok();
  }).ok());
  std::map<std::string, std::string> out;
  for (const StoredArticle& a : all) {
    out[*a.article.url] = *a.article.title + " | " + (a.duplicate_of ? url_of[*a.duplicate_of] : "");
  }
  *rows = all.size();
  return out;
}

TEST(CrashSafetyTest, KillNineAndResumeGivesTheUninterruptedResult) {
  testing::TempDir dir;
  const std::string reference = dir.File("reference.db");
  ASSERT_TRUE(Seed(reference).ok());
  // Kill times are drawn from the span an uninterrupted crawl takes in this build (a sanitizer
  // build is several times slower), so the kills land part-way through, not before the first write.
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(Crawl(reference, 25).ok());
  const int crawl_us = static_cast<int>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());

  const std::string crashed = dir.File("crashed.db");
  ASSERT_TRUE(Seed(crashed).ok());
  std::mt19937 rng(20250617);
  int kills = 0;
  int kills_mid_crawl = 0;  // kills after some progress and before the end
  for (int round = 0; round < 8; ++round) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Status s = Crawl(crashed, 25);
      ::_exit(s.ok() ? 0 : 1);
    }
    ::usleep(std::uniform_int_distribution<int>(crawl_us / 20 + 2000, crawl_us / 2 + 2000)(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++kills;
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0);
    }

    // After each kill: intact, and no URL acknowledged without its article.
    auto store = SqliteStore::Open(crashed);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE((*store)->IntegrityCheck().ok());
    int done = 0;
    for (int i = 0; i < kUrls; ++i) {
      auto u = (*store)->GetUrl(UrlOf(i));
      ASSERT_TRUE(u.ok() && u->has_value());
      if ((*u)->status == UrlStatus::kDone) {
        ++done;
        auto id = (*store)->FindArticleByUrl(UrlOf(i));
        ASSERT_TRUE(id.ok());
        EXPECT_TRUE(id->has_value()) << UrlOf(i) << " is done but has no article";
      }
    }
    std::printf("round %d: %s, %d of %d URLs done\n", round, WIFSIGNALED(status) ? "killed" : "finished", done, kUrls);
    if (WIFSIGNALED(status) && done > 0 && done < kUrls) ++kills_mid_crawl;
    if (WIFEXITED(status)) break;  // the child finished before the kill
  }
  EXPECT_GE(kills, 1);
  EXPECT_GE(kills_mid_crawl, 1);
  ASSERT_TRUE(Crawl(crashed, 25).ok());  // resume to the end

  auto ref = SqliteStore::Open(reference);
  auto got = SqliteStore::Open(crashed);
  ASSERT_TRUE(ref.ok() && got.ok());
  std::size_t ref_rows = 0, got_rows = 0;
  const auto expected = Snapshot(**ref, &ref_rows);
  const auto actual = Snapshot(**got, &got_rows);
  EXPECT_EQ(got_rows, ref_rows);  // nothing stored twice
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(expected.size(), static_cast<std::size_t>(kUrls));
  std::size_t copies = 0;
  for (const auto& [url, v] : expected) copies += v.back() != ' ';
  EXPECT_EQ(copies, static_cast<std::size_t>(kUrls / 4));
  EXPECT_FALSE(*(*got)->HasPending());
}

}  // namespace
}  // namespace newscrawl
