#include "newscrawl/store/sqlite_store.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "migrations.h"
#include "newscrawl/dedup/content_dedup.h"
#include "store_test_util.h"

namespace newscrawl {
namespace {

using testing::SyntheticArticle;
using testing::TempDir;

StoredMeta MetaFor(const Article& a, std::int64_t at = 1000) {
  return StoredMeta{*a.site, *a.url, a.canonical_url.value_or(""), at, std::nullopt};
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(dir_.File("test.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }

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

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, IntegrityCheckPassesAfterWrites) {
  const Article a = SyntheticArticle(1);
  ASSERT_TRUE(store_->UpsertArticle(a, MetaFor(a, 1234)).ok());
  ASSERT_TRUE(store_->Flush().ok());
  EXPECT_EQ(store_->IntegrityCheck().ToString(), "ok");
}

TEST_F(SqliteStoreTest, InProgressUrlsAreResetAfterACrash) {
  UrlEntry u;
  u.url = "https://example.vn/x";
  u.site = "example";
  ASSERT_TRUE(store_->Enqueue(u).ok());
  ASSERT_TRUE(store_->Next(10)->has_value());
  ASSERT_TRUE(store_->Flush().ok());
  store_.reset();  // "killed" while the URL was in flight
  auto reopened = SqliteStore::Open(dir_.File("test.db"));
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  EXPECT_FALSE(store_->Next(10)->has_value());
  EXPECT_EQ(*store_->ResetInProgress(), 1);
  auto again = store_->Next(10);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->url, u.url);
}

TEST(MigrationTest, FreshDatabaseIsMigratedAndReopenKeepsData) {
  TempDir dir;
  const std::string path = dir.File("m.db");
  {
    SQLite::Database v0(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);  // an empty v0 file
    EXPECT_EQ(store::UserVersion(v0), 0);
  }
  std::int64_t id = 0;
  {
    auto s = SqliteStore::Open(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    const Article a = SyntheticArticle(1);
    id = (*s)->UpsertArticle(a, MetaFor(a))->article_id;
  }
  {
    SQLite::Database db(path);
    EXPECT_EQ(store::UserVersion(db), SqliteStore::SchemaVersion());
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  }
  auto again = SqliteStore::Open(path);  // already migrated: nothing to do, data kept
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->GetArticle(id)->has_value());
}

TEST(MigrationTest, LaterMigrationsApplyOnTopAndNewerSchemasAreRefused) {
  TempDir dir;
  const std::string path = dir.File("m.db");
  {
    auto s = SqliteStore::Open(path);
    ASSERT_TRUE(s.ok());
    const Article a = SyntheticArticle(2);
    ASSERT_TRUE((*s)->UpsertArticle(a, MetaFor(a)).ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  const int current = SqliteStore::SchemaVersion();
  std::vector<store::Migration> with_v2(store::SchemaMigrations().begin(), store::SchemaMigrations().end());
  with_v2.push_back({"next: word counts", "ALTER TABLE articles ADD COLUMN word_count INTEGER; UPDATE articles SET word_count = 0;"});
  ASSERT_TRUE(store::Migrate(db, with_v2).ok());
  EXPECT_EQ(store::UserVersion(db), current + 1);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM articles WHERE word_count = 0").getInt(), 1);
  ASSERT_TRUE(store::Migrate(db, with_v2).ok());  // idempotent
  // A failing migration leaves the previous version.
  auto broken = with_v2;
  broken.push_back({"after next: broken", "CREATE TABLE t3(x); SELECT * FROM no_such_table;"});
  EXPECT_EQ(store::Migrate(db, broken).kind(), ErrorKind::kStorage);
  EXPECT_EQ(store::UserVersion(db), current + 1);
  EXPECT_FALSE(db.tableExists("t3"));
  // This binary refuses a database of a later schema.
  auto opened = SqliteStore::Open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().kind(), ErrorKind::kStorage);
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos);
}

TEST(OpenTest, MissingFileIsNotFoundWhenCreationIsOff) {
  TempDir dir;
  SqliteStoreOptions options;
  options.create_if_missing = false;
  auto s = SqliteStore::Open(dir.File("absent.db"), options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace newscrawl
