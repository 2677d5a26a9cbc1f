// What PostgresStore adds to the store contract for several workers on one database: URL
// claims that no two workers share and that return to the pool when they expire, one article
// for one URL stored by two workers at once, the schema_version table. Two stores on one
// database stand for two workers (each has its own connection, as two processes would).
#include "newscrawl/store/postgres_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "newscrawl/store/database.h"
#include "pg_connection.h"
#include "pg_migrations.h"
#include "store_test_util.h"
#include "test_database.h"

namespace newscrawl {
namespace {

using testing::SyntheticArticle;
using testing::TestDatabase;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(DatabaseKind::kPostgres);
    if (!db_->available()) GTEST_SKIP() << "no PostgreSQL server (NEWSCRAWL_TEST_PG unset)";
  }

  std::unique_ptr<PostgresStore> OpenWorker(std::int64_t handover_delay_ms = 0) {
    PostgresStoreOptions options;
    options.handover_delay_ms = handover_delay_ms;
    auto s = PostgresStore::Open(db_->name(), options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  static void EnqueueN(Frontier& f, int n, const std::string& site = "example") {
    for (int i = 0; i < n; ++i) {
      UrlEntry u;
      u.url = "https://" + site + ".vn/" + std::to_string(i);
      u.site = site;
      ASSERT_TRUE(*f.Enqueue(u));
    }
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_F(PostgresStoreTest, TwoWorkersNeverGetTheSameUrlNorTheSameSite) {
  auto a = OpenWorker();
  auto b = OpenWorker();
  ASSERT_TRUE(a && b);
  for (const char* site : {"s1", "s2", "s3", "s4"}) EnqueueN(*a, 10, site);
  std::set<std::string> got_a, got_b;
  std::set<std::string> sites_a, sites_b;
  // Both workers take URLs at the same time until the frontier has nothing due for them.
  auto take = [](PostgresStore& w, std::set<std::string>& got, std::set<std::string>& sites) {
    while (true) {
      auto n = w.Next(100);
      if (!n.ok() || !n->has_value()) break;
      got.insert((*n)->url);
      sites.insert((*n)->site);
    }
  };
  std::thread ta([&] { take(*a, got_a, sites_a); });
  std::thread tb([&] { take(*b, got_b, sites_b); });
  ta.join();
  tb.join();
  EXPECT_EQ(got_a.size() + got_b.size(), 40U);
  for (const std::string& u : got_a) EXPECT_EQ(got_b.count(u), 0U) << u << " handed out twice";
  for (const std::string& s : sites_a) EXPECT_EQ(sites_b.count(s), 0U) << s << " crawled by both workers";
}

TEST_F(PostgresStoreTest, SiteLeaseIsExclusiveAndFreedWhenItsWorkerGoesAway) {
  auto a = OpenWorker();
  auto b = OpenWorker(/*handover_delay_ms=*/300);
  ASSERT_TRUE(a && b);
  EnqueueN(*a, 2);
  auto claimed = a->Next(1000);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  // a holds the site: b gets nothing, however late, but is told to look again.
  EXPECT_FALSE(b->Next(1000)->has_value());
  EXPECT_FALSE(b->Next(999999)->has_value());
  auto wait = b->HeldBackRetryMs({});
  ASSERT_TRUE(wait.ok() && wait->has_value());
  EXPECT_EQ(**wait, 500);
  a.reset();  // the worker is gone without acknowledging its URL
  // b takes the lease, and waits the hand-over delay before its first URL.
  EXPECT_FALSE(b->Next(1000)->has_value());
  wait = b->HeldBackRetryMs({});
  ASSERT_TRUE(wait.ok() && wait->has_value());
  EXPECT_GT(**wait, 200);
  EXPECT_LE(**wait, 301);
  std::this_thread::sleep_for(std::chrono::milliseconds(**wait));
  std::set<std::string> got;
  for (int i = 0; i < 2; ++i) {
    auto n = b->Next(1000);
    ASSERT_TRUE(n.ok() && n->has_value()) << i;
    got.insert((*n)->url);
    ASSERT_TRUE(b->MarkDone((*n)->url, {}, std::nullopt).ok());
  }
  // The dead worker's claimed URL came back, and the other one too.
  EXPECT_EQ(got.count((*claimed)->url), 1U);
  EXPECT_FALSE(b->Next(1000)->has_value());  // nothing left: the lease is given back
  EXPECT_FALSE(b->HeldBackRetryMs({})->has_value());
  EXPECT_FALSE(*b->HasPending());
}

TEST_F(PostgresStoreTest, ResetInProgressLeavesOtherWorkersClaimsAlone) {
  auto a = OpenWorker();
  auto b = OpenWorker();
  ASSERT_TRUE(a && b);
  EnqueueN(*a, 1);
  ASSERT_TRUE(a->Next(1000)->has_value());
  // A second worker starting up must not take the first one's URL back.
  EXPECT_EQ(*b->ResetInProgress(), 0);
  EXPECT_EQ(b->GetUrl("https://example.vn/0")->value().status, UrlStatus::kInProgress);
  // Its own claim, taken but not fetched, the first worker puts back when its run ends.
  EXPECT_EQ(*a->ResetInProgress(), 1);
  EXPECT_EQ(b->GetUrl("https://example.vn/0")->value().status, UrlStatus::kPending);
}

TEST_F(PostgresStoreTest, OneUrlStoredByTwoWorkersAtOnceIsOneArticle) {
  auto a = OpenWorker();
  auto b = OpenWorker();
  ASSERT_TRUE(a && b);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Article art = SyntheticArticle(seed);
    const StoredMeta meta{*art.site, *art.url, *art.canonical_url, 1000, std::nullopt};
    Result<StoreOutcome> ra = Status::Storage("not run"), rb = Status::Storage("not run");
    std::thread ta([&] { ra = a->UpsertArticle(art, meta); });
    std::thread tb([&] { rb = b->UpsertArticle(art, meta); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok() && rb.ok()) << ra.status().ToString() << " / " << rb.status().ToString();
    EXPECT_EQ(ra->article_id, rb->article_id);
    // One of them inserted, the other found it by URL.
    EXPECT_EQ(std::set<StoreOutcomeKind>({ra->kind, rb->kind}),
              std::set<StoreOutcomeKind>({StoreOutcomeKind::kInserted, StoreOutcomeKind::kUnchanged}));
  }
  int n = 0;
  ASSERT_TRUE(a->ForEachArticle(ExportFilter{.site = {}, .since = {}, .include_duplicates = true}, [&](const StoredArticle&) {
    ++n;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(n, 20);
}

TEST_F(PostgresStoreTest, HostReservationsAndRobotsAnswersAreSharedByTheWorkers) {
  auto a = OpenWorker();
  auto b = OpenWorker();
  ASSERT_TRUE(a && b);
  PolitenessLedger* la = a->SharedPoliteness();
  PolitenessLedger* lb = b->SharedPoliteness();
  ASSERT_TRUE(la && lb);
  const std::int64_t t = 1'700'000'000'000;
  // A takes the host for one request; B is told to wait until A's hold ends, and may not take
  // it meanwhile, whatever it asks for.
  EXPECT_EQ(*la->Reserve("news.vn:443", t, 30'000), 0);
  EXPECT_EQ(*lb->Reserve("news.vn:443", t + 100, 1'000), 29'900);
  EXPECT_EQ(*lb->Reserve("other.vn:443", t + 100, 1'000), 0);  // hosts are independent
  // A's exchange ends with a Retry-After backoff of 5 s: B waits for that, not for the hold.
  ASSERT_TRUE(la->Release("news.vn:443", t + 200 + 5'000).ok());
  EXPECT_EQ(*lb->Reserve("news.vn:443", t + 300, 1'000), 4'900);
  EXPECT_EQ(*lb->Reserve("news.vn:443", t + 5'200, 1'000), 0);
  EXPECT_GT(*la->Reserve("news.vn:443", t + 5'300, 1'000), 0);  // now B's

  // Two workers racing for one free host: exactly one gets it.
  for (int round = 0; round < 20; ++round) {
    const std::string host = "race" + std::to_string(round) + ".vn:443";
    Result<std::int64_t> ra = Status::Storage("not run"), rb = Status::Storage("not run");
    std::thread ta([&] { ra = la->Reserve(host, t, 10'000); });
    std::thread tb([&] { rb = lb->Reserve(host, t, 10'000); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok() && rb.ok()) << ra.status().ToString() << " / " << rb.status().ToString();
    EXPECT_EQ((*ra == 0) + (*rb == 0), 1) << host;
  }

  // robots.txt as A fetched it (bytes that are not UTF-8 included) is what B reads.
  EXPECT_FALSE(lb->LoadRobots("https://news.vn")->has_value());
  std::string body = "User-agent: *\nDisallow: /private\n# \xff";
  body += '\0';
  body += " not text\n";
  ASSERT_TRUE(la->SaveRobots("https://news.vn", StoredRobots{200, body, 1'700'000'000}).ok());
  auto got = lb->LoadRobots("https://news.vn");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ((*got)->status, 200);
  EXPECT_EQ((*got)->body, body);
  EXPECT_EQ((*got)->fetched_at, 1'700'000'000);
  ASSERT_TRUE(lb->SaveRobots("https://news.vn", StoredRobots{503, "", 1'700'000'100}).ok());
  EXPECT_EQ((*la->LoadRobots("https://news.vn"))->status, 503);
}

TEST_F(PostgresStoreTest, SchemaVersionIsRecordedAndANewerOneIsRefused) {
  ASSERT_TRUE(OpenWorker());
  pg::PgConnection db(db_->name());
  EXPECT_EQ(pg::PgSchemaVersion(db), PostgresStore::SchemaVersion());
  EXPECT_TRUE(OpenWorker());  // already migrated: nothing to do
  // A later migration applies on top, once.
  std::vector<pg::PgMigration> with_v2(pg::PgSchemaMigrations().begin(), pg::PgSchemaMigrations().end());
  with_v2.push_back({"v2: word counts", "ALTER TABLE articles ADD COLUMN word_count INTEGER"});
  ASSERT_TRUE(pg::PgMigrate(db, with_v2).ok());
  ASSERT_TRUE(pg::PgMigrate(db, with_v2).ok());
  EXPECT_EQ(pg::PgSchemaVersion(db), PostgresStore::SchemaVersion() + 1);
  // A failing migration leaves the previous version and none of its tables.
  auto broken = with_v2;
  broken.push_back({"v3: broken", "CREATE TABLE t3(x int); SELECT * FROM no_such_table;"});
  EXPECT_EQ(pg::PgMigrate(db, broken).kind(), ErrorKind::kStorage);
  EXPECT_EQ(pg::PgSchemaVersion(db), PostgresStore::SchemaVersion() + 1);
  EXPECT_EQ(db.Exec("SELECT to_regclass('t3') IS NULL").Text(0, 0), "t");
  // This binary refuses the newer database.
  auto opened = PostgresStore::Open(db_->name());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos);
}

TEST(PgOpenTest, UnreachableServerIsAStorageError) {
  testing::TempDir dir;  // an empty folder: no server socket in it
  auto s = OpenDatabase("postgresql:///newscrawl?host=" + dir.File("") + "&connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kStorage);
  EXPECT_NE(s.status().message().find("cannot open database"), std::string::npos) << s.status().message();
}

TEST(PgOpenTest, DatabaseStringPicksTheBackend) {
  EXPECT_EQ(DatabaseKindOf("postgresql:///newscrawl?host=/run/postgresql"), DatabaseKind::kPostgres);
  EXPECT_EQ(DatabaseKindOf("postgres://crawler@db.example/newscrawl"), DatabaseKind::kPostgres);
  EXPECT_EQ(DatabaseKindOf("newscrawl.db"), DatabaseKind::kSqlite);
  EXPECT_EQ(DatabaseKindOf("/var/lib/postgresql.db"), DatabaseKind::kSqlite);
  EXPECT_EQ(DatabaseKindOf(":memory:"), DatabaseKind::kSqlite);
  EXPECT_EQ(testing::WithDatabaseName("postgresql:///postgres?host=/tmp/x&user=u", "t1"),
            "postgresql:///t1?host=/tmp/x&user=u");
  EXPECT_EQ(testing::WithDatabaseName("postgresql://h:5432", "t1"), "postgresql://h:5432/t1");
}

}  // namespace
}  // namespace newscrawl
