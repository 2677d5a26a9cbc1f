// A database written before schema v2 holds near-duplicate links that the SimHash rule made.
// Opening it migrates: every article gets its band keys, and each old link is re-decided by the
// current rule: a true copy stays linked (now with its evidence), a distinct article is unlinked.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "dedup/formulaic_news.h"
#include "migrations.h"
#include "newscrawl/dedup/content_dedup.h"
#include "newscrawl/dedup/near_duplicate.h"
#include "newscrawl/store/sqlite_store.h"
#include "store/store_test_util.h"

namespace newscrawl {
namespace {

void InsertV1Article(SQLite::Database& db, std::int64_t id, const std::string& title, const std::string& body,
                     std::optional<std::int64_t> duplicate_of) {
  const ContentFingerprint fp = Fingerprint(title, body);
  SQLite::Statement s(db,
                      "INSERT INTO articles(id, site, url, title, body, content_hash, simhash, dedup_eligible, first_seen, "
                      "last_seen, duplicate_of) VALUES(?, 'baogialai', ?, ?, ?, ?, ?, 1, 1000, 1000, ?)");
  s.bind(1, id);
  s.bind(2, "https://baogialai.com.vn/bai-" + std::to_string(id) + ".html");
  s.bind(3, title);
  s.bind(4, body);
  s.bind(5, static_cast<std::int64_t>(fp.exact_hash));
  s.bind(6, static_cast<std::int64_t>(fp.simhash));
  if (duplicate_of) {
    s.bind(7, *duplicate_of);
  } else {
    s.bind(7);
  }
  s.exec();
}

TEST(DedupMigrationTest, OpeningAV1DatabaseReDecidesItsLinks) {
  testing::TempDir dir;
  const std::string path = dir.File("v1.db");
  const testing::FormulaicArticle original = testing::MakeFormulaicArticle(5, 1);
  const testing::FormulaicArticle other_day = testing::MakeFormulaicArticle(5, 2);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const std::vector<store::Migration> v1(store::SchemaMigrations().begin(), store::SchemaMigrations().begin() + 1);
    ASSERT_TRUE(store::Migrate(db, v1).ok());
    db.exec("INSERT INTO sites(name, first_seen) VALUES('baogialai', 1000)");
    InsertV1Article(db, 1, original.title, original.Body(), std::nullopt);
    // The old rule's mistake: another meeting report of the same template linked as a copy.
    InsertV1Article(db, 2, other_day.title, other_day.Body(), 1);
    // A real republished copy.
    InsertV1Article(db, 3, original.title, original.Body() + "\n\nNguồn: Báo Gia Lai điện tử.", 1);
  }
  auto opened = SqliteStore::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& store = **opened;
  EXPECT_FALSE((*store.GetArticle(2))->duplicate_of.has_value()) << "a distinct article is an original again";
  EXPECT_EQ((*store.GetArticle(3))->duplicate_of, 1);
  auto links = store.ListDuplicateLinks(std::nullopt);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 1U);
  EXPECT_EQ((*links)[0].article_id, 3);
  EXPECT_EQ((*links)[0].matched_id, 1);
  EXPECT_EQ((*links)[0].rule_version, kNearDuplicateRuleVersion);
  EXPECT_NE((*links)[0].evidence.find("confirmed"), std::string::npos);

  // Nothing is left to re-decide; a full recheck keeps the one true link.
  auto again = store.RecheckNearDuplicates(/*all=*/false, 2000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->checked, 0);
  EXPECT_EQ(again->indexed, 0);
  auto all = store.RecheckNearDuplicates(/*all=*/true, 2000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->checked, 1);
  EXPECT_EQ(all->kept, 1);
  EXPECT_EQ(all->unlinked, 0);

  // The migrated articles are in the candidate index: a new copy of article 2 finds it.
  Article copy;
  copy.url = "https://other.vn/copy-2.html";
  copy.site = "other";
  copy.title = other_day.title;
  copy.body = other_day.Body() + "\n\n(Theo Báo Gia Lai)";
  auto out = store.UpsertArticle(copy, {"other", *copy.url, "", 3000, std::nullopt});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->kind, StoreOutcomeKind::kNearDuplicateOf);
  EXPECT_EQ(out->duplicate_of, 2);
}

}  // namespace
}  // namespace newscrawl
