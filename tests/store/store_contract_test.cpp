// The store contract: every behaviour ArticleStore and Frontier promise (article_store.h,
// frontier.h), run on each backend. The SQLite instances run in the normal suite; the
// PostgreSQL ones run through scripts/with-postgres.sh (ctest: store_contract_postgres), and
// without a server they are skipped, or fail under CI=true (test_database.h).
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "dedup/formulaic_news.h"
#include "newscrawl/dedup/content_dedup.h"
#include "newscrawl/store/database.h"
#include "store_test_util.h"
#include "test_database.h"

namespace newscrawl {
namespace {

using testing::SyntheticArticle;
using testing::SyntheticBody;
using testing::TestDatabase;

ExportFilter AllIncludingDuplicates() {
  ExportFilter f;
  f.include_duplicates = true;
  return f;
}

StoredMeta MetaFor(const Article& a, std::int64_t at = 1000) {
  return StoredMeta{*a.site, *a.url, a.canonical_url.value_or(""), at, std::nullopt};
}

class StoreContractTest : public ::testing::TestWithParam<DatabaseKind> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    if (!db_->available()) GTEST_SKIP() << "no PostgreSQL server (NEWSCRAWL_TEST_PG unset)";
    DatabaseOptions options;
    options.handover_delay_ms = 0;  // one worker: no lease changes hands between workers
    auto opened = db_->Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    opened_ = std::move(*opened);
    store_ = opened_.store.get();
    frontier_ = opened_.frontier;
  }
  void TearDown() override { opened_ = {}; }  // closed before the test database is dropped

  StoreOutcome Upsert(const Article& a, const StoredMeta& meta) {
    auto r = store_->UpsertArticle(a, meta);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : StoreOutcome{};
  }

  std::vector<StoredArticle> Export(ExportFilter filter = {}) {
    std::vector<StoredArticle> out;
    Status s = store_->ForEachArticle(filter, [&](const StoredArticle& a) {
      out.push_back(a);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  Database opened_;
  ArticleStore* store_ = nullptr;
  Frontier* frontier_ = nullptr;
};

TEST_P(StoreContractTest, InsertsAndReadsBackTheRecord) {
  const Article a = SyntheticArticle(1);
  const StoreOutcome out = Upsert(a, MetaFor(a, 1234));
  EXPECT_EQ(out.kind, StoreOutcomeKind::kInserted);
  auto got = store_->GetArticle(out.article_id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->article, a);
  EXPECT_EQ((*got)->first_seen, 1234);
  EXPECT_EQ((*got)->last_seen, 1234);
  EXPECT_FALSE((*got)->duplicate_of.has_value());
}

TEST_P(StoreContractTest, SameCanonicalUrlAgainIsUnchanged) {
  const Article a = SyntheticArticle(2);
  const StoreOutcome first = Upsert(a, MetaFor(a, 100));
  const StoreOutcome again = Upsert(a, MetaFor(a, 200));
  EXPECT_EQ(again.kind, StoreOutcomeKind::kUnchanged);
  EXPECT_EQ(again.article_id, first.article_id);
  const auto all = Export();
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].first_seen, 100);
  EXPECT_EQ(all[0].last_seen, 200);
}

TEST_P(StoreContractTest, UtmVariantIsTheSameArticle) {
  const Article a = SyntheticArticle(3);
  const StoreOutcome first = Upsert(a, MetaFor(a));
  Article variant = a;
  variant.url = *a.url + "?utm_source=facebook&utm_medium=social";
  StoredMeta meta = MetaFor(variant);
  meta.canonical_url = *a.canonical_url;  // the crawler strips utm_* into the canonical form
  const StoreOutcome second = Upsert(variant, meta);
  EXPECT_EQ(second.kind, StoreOutcomeKind::kUnchanged);
  EXPECT_EQ(second.article_id, first.article_id);
  auto found = store_->FindArticleByUrl(*variant.url);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, first.article_id);
  EXPECT_EQ(Export().size(), 1U);
}

TEST_P(StoreContractTest, SameContentUnderAnotherUrlBecomesAnAlias) {
  const Article a = SyntheticArticle(4);
  const StoreOutcome first = Upsert(a, MetaFor(a));
  Article copy = a;
  copy.url = "https://example.vn/mirror/bai-4.html";
  copy.canonical_url = copy.url;
  // The same text with the other tone placement and different spacing is the same content.
  copy.title = "  Tiêu   đề số 4 ";
  const StoreOutcome second = Upsert(copy, MetaFor(copy));
  EXPECT_EQ(second.kind, StoreOutcomeKind::kAliasOfExisting);
  EXPECT_EQ(second.article_id, first.article_id);
  EXPECT_EQ(Export(AllIncludingDuplicates()).size(), 1U);
  EXPECT_EQ(*store_->FindArticleByUrl(*copy.url), first.article_id);
  // Fetched again, the alias URL is recognised by URL.
  EXPECT_EQ(Upsert(copy, MetaFor(copy)).kind, StoreOutcomeKind::kUnchanged);
  auto stats = store_->ComputeStats();
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->sites.size(), 1U);
  EXPECT_EQ(stats->sites[0].duplicates_merged, 1);
}

TEST_P(StoreContractTest, RedirectSourceAndTargetResolveToOneArticle) {
  const Article a = SyntheticArticle(5);
  const StoreOutcome out = Upsert(a, MetaFor(a));
  ASSERT_TRUE(store_->AddAlias("https://example.vn/old-link-5", out.article_id).ok());
  EXPECT_EQ(*store_->FindArticleByUrl("https://example.vn/old-link-5"), out.article_id);
  EXPECT_EQ(*store_->FindArticleByUrl(*a.url), out.article_id);
}

TEST_P(StoreContractTest, RepublishedCopyIsLinkedToTheOriginal) {
  const Article original = SyntheticArticle(6);
  const StoreOutcome first = Upsert(original, MetaFor(original));
  Article copy = original;
  copy.url = "https://other.vn/dang-lai-6.html";
  copy.canonical_url = copy.url;
  copy.site = "other";
  copy.body = *original.body + "\n\nBài viết được đăng lại từ báo Example.";
  ASSERT_LE(HammingDistance(SimHash64(*original.body), SimHash64(*copy.body)), kNearDuplicateMaxDistance);
  const StoreOutcome second = Upsert(copy, MetaFor(copy));
  EXPECT_EQ(second.kind, StoreOutcomeKind::kNearDuplicateOf);
  EXPECT_NE(second.article_id, first.article_id);
  ASSERT_TRUE(second.duplicate_of.has_value());
  EXPECT_EQ(*second.duplicate_of, first.article_id);

  // A copy of the copy links to the root, not to the copy.
  Article third = copy;
  third.url = "https://third.vn/6.html";
  third.canonical_url = third.url;
  third.body = *copy.body + " Nguồn: other.";
  const StoreOutcome out3 = Upsert(third, MetaFor(third));
  EXPECT_EQ(out3.kind, StoreOutcomeKind::kNearDuplicateOf);
  EXPECT_EQ(out3.duplicate_of, first.article_id);

  // An unrelated article is not linked.
  const Article other = SyntheticArticle(7);
  EXPECT_EQ(Upsert(other, MetaFor(other)).kind, StoreOutcomeKind::kInserted);

  const auto originals = Export();
  ASSERT_EQ(originals.size(), 2U);
  const auto everything = Export(AllIncludingDuplicates());
  ASSERT_EQ(everything.size(), 4U);
  EXPECT_EQ(everything[1].duplicate_of, first.article_id);
}

// Issue 13 on every backend: daily reports of one template share most of their wording but
// are distinct articles; none may be linked, while a republished copy of one still is.
TEST_P(StoreContractTest, FormulaicReportsOfOneTemplateStayDistinct) {
  for (int kind = 0; kind < testing::kFormulaicKinds; ++kind) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const testing::FormulaicArticle f = testing::MakeFormulaicArticle(kind, seed);
      Article a = SyntheticArticle(static_cast<std::uint64_t>(kind * 10) + seed);
      a.title = f.title;
      a.body = f.Body();
      a.published_at = f.published_at;
      EXPECT_EQ(Upsert(a, MetaFor(a)).kind, StoreOutcomeKind::kInserted) << "kind " << kind << " seed " << seed;
    }
  }
  const testing::FormulaicArticle f = testing::MakeFormulaicArticle(2, 3);
  Article copy = SyntheticArticle(999);
  copy.title = f.title;
  copy.body = f.Body() + "\n\n(Theo Báo Gia Lai)";
  copy.published_at = f.published_at;
  const StoreOutcome out = Upsert(copy, MetaFor(copy));
  EXPECT_EQ(out.kind, StoreOutcomeKind::kNearDuplicateOf);
  EXPECT_EQ(out.duplicate_of, 11);  // kind 2, seed 3: the 11th article stored
  EXPECT_EQ(Export().size(), 32U);
  // The decision is on record on every backend.
  auto links = store_->ListDuplicateLinks(std::nullopt);
  ASSERT_TRUE(links.ok()) << links.status().ToString();
  ASSERT_EQ(links->size(), 1U);
  EXPECT_EQ((*links)[0].original_id, 11);
  EXPECT_EQ((*links)[0].matched_id, 11);
  EXPECT_EQ((*links)[0].article_id, out.article_id);
  EXPECT_GT((*links)[0].score, 0.8);
  EXPECT_FALSE((*links)[0].evidence.empty());
}

TEST_P(StoreContractTest, ShortBodiesAreNotDeduplicatedByContent) {
  Article a = SyntheticArticle(8);
  a.body = "Video: toàn cảnh buổi lễ.";
  Article b = SyntheticArticle(9);
  b.title = a.title;
  b.body = a.body;
  EXPECT_EQ(Upsert(a, MetaFor(a)).kind, StoreOutcomeKind::kInserted);
  EXPECT_EQ(Upsert(b, MetaFor(b)).kind, StoreOutcomeKind::kInserted);
}

TEST_P(StoreContractTest, ChangedContentUpdatesAndKeepsThePreviousVersion) {
  const Article a = SyntheticArticle(10);
  const StoreOutcome first = Upsert(a, MetaFor(a, 100));
  Article changed = a;
  changed.title = "Tiêu đề đã sửa";
  changed.body = SyntheticBody(1010);
  changed.images.clear();
  const StoreOutcome second = Upsert(changed, MetaFor(changed, 200));
  EXPECT_EQ(second.kind, StoreOutcomeKind::kUpdated);
  EXPECT_EQ(second.article_id, first.article_id);
  auto now = store_->GetArticle(first.article_id);
  ASSERT_TRUE(now.ok() && now->has_value());
  EXPECT_EQ((*now)->article, changed);
  EXPECT_EQ((*now)->first_seen, 100);
  EXPECT_EQ((*now)->last_seen, 200);
  auto versions = store_->GetVersions(first.article_id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1U);
  EXPECT_EQ((*versions)[0].article, a);
  EXPECT_EQ((*versions)[0].superseded_at, 200);
  EXPECT_EQ(Export().size(), 1U);
}

TEST_P(StoreContractTest, PagesAreCompressedDedupedAndReextractable) {
  const std::string html = "<html><body><h1>Hòa bình</h1>" + SyntheticBody(11, 500) + "</body></html>";
  auto h1 = store_->StorePage("https://example.vn/a", html);
  auto h2 = store_->StorePage("https://example.vn/b", html);
  ASSERT_TRUE(h1.ok() && h2.ok());
  EXPECT_EQ(*h1, *h2);
  auto back = store_->LoadPage(*h1);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, html);
  EXPECT_EQ(store_->LoadPage(*h1 + 1).status().kind(), ErrorKind::kNotFound);

  Article a = SyntheticArticle(11);
  StoredMeta meta = MetaFor(a);
  meta.page_hash = *h1;
  const StoreOutcome out = Upsert(a, meta);
  const Article b = SyntheticArticle(12, "other");  // no page stored
  Upsert(b, MetaFor(b));

  int calls = 0;
  Status s = store_->ForEachStoredPage(std::string("example"), [&](const StoredPage& page) {
    ++calls;
    EXPECT_EQ(page.article_id, out.article_id);
    EXPECT_EQ(page.html, html);
    EXPECT_EQ(page.url, *a.url);
    Article reextracted = a;
    reextracted.byline = "Tác giả mới";
    auto r = store_->UpdateExtracted(page.article_id, reextracted, 5000);
    EXPECT_TRUE(r.ok());
    if (r.ok()) {
      EXPECT_EQ(r->kind, StoreOutcomeKind::kUpdated);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ((*store_->GetArticle(out.article_id))->article.byline, "Tác giả mới");
  EXPECT_EQ(store_->GetVersions(out.article_id)->size(), 1U);
  // Running the same extraction again changes nothing.
  Article same = a;
  same.byline = "Tác giả mới";
  EXPECT_EQ(store_->UpdateExtracted(out.article_id, same, 6000)->kind, StoreOutcomeKind::kUnchanged);
  calls = 0;
  ASSERT_TRUE(store_->ForEachStoredPage(std::string("other"), [&](const StoredPage&) {
    ++calls;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(calls, 0);
}

TEST_P(StoreContractTest, FrontierDedupsUrlsAndHandsOutTheBestDueFirst) {
  auto e = [](std::string url, int priority, std::optional<std::int64_t> published, std::int64_t at = 0) {
    UrlEntry u;
    u.url = std::move(url);
    u.site = "example";
    u.priority = priority;
    u.published_at = published;
    u.next_fetch_at = at;
    return u;
  };
  EXPECT_TRUE(*frontier_->Enqueue(e("https://example.vn/old", 0, 100)));
  EXPECT_TRUE(*frontier_->Enqueue(e("https://example.vn/new", 0, 200)));
  EXPECT_TRUE(*frontier_->Enqueue(e("https://example.vn/feed", 5, std::nullopt)));
  EXPECT_TRUE(*frontier_->Enqueue(e("https://example.vn/later", 9, std::nullopt, 5000)));
  EXPECT_FALSE(*frontier_->Enqueue(e("https://example.vn/old", 3, 999)));

  std::vector<std::string> order;
  while (true) {
    auto next = frontier_->Next(1000);
    ASSERT_TRUE(next.ok());
    if (!next->has_value()) break;
    EXPECT_EQ((*next)->status, UrlStatus::kInProgress);
    order.push_back((*next)->url);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"https://example.vn/feed", "https://example.vn/new", "https://example.vn/old"}));
  EXPECT_TRUE(*frontier_->HasPending());
  EXPECT_EQ(**frontier_->NextDueAt(), 5000);

  ASSERT_TRUE(frontier_->MarkDone("https://example.vn/feed", {"\"abc\"", "Tue, 17 Jun 2025 06:00:00 GMT"}, 8000).ok());
  ASSERT_TRUE(frontier_->MarkFailed("https://example.vn/new", "timeout", 1500).ok());
  ASSERT_TRUE(frontier_->MarkFailed("https://example.vn/old", "http_status: 404", std::nullopt).ok());
  EXPECT_EQ(store_->GetValidators("https://example.vn/feed")->etag, "\"abc\"");
  EXPECT_EQ(frontier_->MarkDone("https://example.vn/unknown", {}, std::nullopt).kind(), ErrorKind::kNotFound);

  auto next = frontier_->Next(2000);  // the retry is due, the gone URL never is
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->url, "https://example.vn/new");
  EXPECT_EQ((*next)->attempts, 1);
  EXPECT_EQ((*next)->last_error, "timeout");
  ASSERT_TRUE(frontier_->MarkUnchanged("https://example.vn/new", 2000, std::nullopt).ok());
  auto later = frontier_->Next(6000);
  ASSERT_TRUE(later->has_value());
  EXPECT_EQ((*later)->url, "https://example.vn/later");
  ASSERT_TRUE(frontier_->MarkDone("https://example.vn/later", {}, std::nullopt).ok());
  EXPECT_FALSE(*frontier_->HasPending());
  // The feed's recheck comes due.
  auto recheck = frontier_->Next(9000);
  ASSERT_TRUE(recheck->has_value());
  EXPECT_EQ((*recheck)->url, "https://example.vn/feed");
  EXPECT_EQ((*recheck)->validators.last_modified, "Tue, 17 Jun 2025 06:00:00 GMT");
  EXPECT_FALSE(frontier_->Next(9000)->has_value());
  EXPECT_TRUE(*frontier_->Reschedule("https://example.vn/old", 9000));
  EXPECT_EQ((*frontier_->Next(9000))->url, "https://example.vn/old");
  auto counts = frontier_->CountByStatus();
  EXPECT_EQ((*counts)[UrlStatus::kInProgress], 2);
  EXPECT_EQ((*counts)[UrlStatus::kDone], 2);
}

TEST_P(StoreContractTest, NextTakesOnlyTheGivenSitesUrls) {
  for (const auto& [url, site, priority] : {std::tuple{"https://a.vn/1", "a", 9}, std::tuple{"https://b.vn/1", "b", 5},
                                            std::tuple{"https://c.vn/1", "c", 7}, std::tuple{"https://a.vn/2", "a", 1}}) {
    UrlEntry u;
    u.url = url;
    u.site = site;
    u.priority = priority;
    ASSERT_TRUE(*frontier_->Enqueue(u));
  }
  std::vector<std::string> order;
  while (true) {
    auto next = frontier_->Next(10, {"b", "c"});
    ASSERT_TRUE(next.ok());
    if (!next->has_value()) break;
    order.push_back((*next)->url);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"https://c.vn/1", "https://b.vn/1"}));
  EXPECT_EQ(frontier_->CountByStatus()->at(UrlStatus::kPending), 2);  // site a's URLs were not touched
  EXPECT_EQ((*frontier_->Next(10, {"a"}))->url, "https://a.vn/1");
  EXPECT_EQ((*frontier_->Next(10))->url, "https://a.vn/2");  // no filter: any site
}

TEST_P(StoreContractTest, StatsCountPerSiteAndWarnOnFillRateDrops) {
  ASSERT_TRUE(store_->BeginRun(1000).ok());
  for (int i = 0; i < 12; ++i) {
    const Article a = SyntheticArticle(100 + static_cast<std::uint64_t>(i));
    Upsert(a, MetaFor(a, 1000));
  }
  ASSERT_TRUE(store_->RecordFetch({"https://example.vn/x", "example", 1000, 503, 0, 20, ErrorKind::kHttpStatus, "503"}).ok());
  ASSERT_TRUE(store_->EndRun({2000, 0, 12, 12, 0, 0, 1}).ok());
  auto stats = store_->ComputeStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_TRUE(LayoutDriftWarnings(*stats).empty());

  ASSERT_TRUE(store_->BeginRun(3000).ok());
  for (int i = 0; i < 10; ++i) {
    Article a = SyntheticArticle(200 + static_cast<std::uint64_t>(i));
    a.byline.reset();  // the new layout lost the byline
    if (i < 5) a.images.clear();
    Upsert(a, MetaFor(a, 3000));
  }
  ASSERT_TRUE(store_->RecordFetch({"https://example.vn/y", "example", 3000, 0, 0, 20, ErrorKind::kTimeout, "t"}).ok());
  ASSERT_TRUE(store_->EndRun({4000, 0, 10, 10, 0, 0, 1}).ok());
  stats = store_->ComputeStats();
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->sites.size(), 1U);
  const SiteStats& s = stats->sites[0];
  EXPECT_EQ(s.articles, 22);
  EXPECT_EQ(s.new_in_last_run, 10);
  EXPECT_EQ(s.fetch_errors_by_kind, (std::map<std::string, std::int64_t>{{"timeout", 1}}));
  EXPECT_NEAR(s.fill.rate.at("byline"), 12.0 / 22.0, 1e-9);
  ASSERT_EQ(s.recent_runs.size(), 2U);
  EXPECT_EQ(s.recent_runs[0].fill.rate.at("images"), 0.5);
  const auto warnings = LayoutDriftWarnings(*stats);
  ASSERT_EQ(warnings.size(), 2U);  // byline 100 -> 0, images 100 -> 50
  EXPECT_NE(warnings[0].find("byline"), std::string::npos);
  EXPECT_NE(warnings[1].find("images"), std::string::npos);
  EXPECT_TRUE(LayoutDriftWarnings(*stats, 30.0, 11).empty());  // the last run is too small
}


INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(DatabaseKind::kSqlite),
                         [](const auto& info) { return std::string(testing::BackendName(info.param)); });
INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Values(DatabaseKind::kPostgres),
                         [](const auto& info) { return std::string(testing::BackendName(info.param)); });

}  // namespace
}  // namespace newscrawl
