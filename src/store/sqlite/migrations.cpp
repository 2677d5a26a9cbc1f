#include "migrations.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "newscrawl/core/log.h"

namespace newscrawl::store {
namespace {

// Version 1. Hashes (content, SimHash, page) are unsigned 64-bit values stored bit for bit in
// SQLite's signed INTEGER. Times are Unix seconds.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sites(
  name TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL);

CREATE TABLE urls(
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name),
  kind TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER,
  depth INTEGER NOT NULL DEFAULT 0,
  discovered_from TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_fetch_at INTEGER,
  etag TEXT,
  last_modified TEXT,
  last_error TEXT);
-- Next() walks this index in hand-out order; only URLs that can become due are in it.
CREATE INDEX urls_ready ON urls(priority DESC, published_at DESC, next_fetch_at)
  WHERE status IN ('pending', 'failed', 'done') AND next_fetch_at IS NOT NULL;
CREATE INDEX urls_status ON urls(status);

CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  exit_status INTEGER,
  fetched INTEGER,
  articles_new INTEGER,
  articles_updated INTEGER,
  duplicates INTEGER,
  errors INTEGER);

CREATE TABLE fetches(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  url TEXT NOT NULL,
  site TEXT,
  fetched_at INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  error_kind TEXT,
  error_message TEXT);
CREATE INDEX fetches_run_site ON fetches(run_id, site);

CREATE TABLE pages(
  hash INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  zstd BLOB NOT NULL,
  stored_at INTEGER NOT NULL);

CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT,
  canonical_url TEXT,
  extractor TEXT,
  title TEXT,
  byline TEXT,
  lead TEXT,
  body TEXT,
  published_at TEXT,
  updated_at TEXT,
  section TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  language TEXT,
  content_hash INTEGER NOT NULL,
  simhash INTEGER NOT NULL,
  dedup_eligible INTEGER NOT NULL,
  page_hash INTEGER REFERENCES pages(hash),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  first_run_id INTEGER REFERENCES runs(id),
  last_run_id INTEGER REFERENCES runs(id),
  duplicate_of INTEGER REFERENCES articles(id));
CREATE INDEX articles_content ON articles(content_hash);
CREATE INDEX articles_site_first_seen ON articles(site, first_seen);
CREATE INDEX articles_first_run ON articles(site, first_run_id);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

CREATE TABLE images(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  caption TEXT,
  PRIMARY KEY(article_id, position)) WITHOUT ROWID;

-- Every URL that resolves to an article: its own URL, its canonical URL, redirect sources and
-- (reason 'content') URLs whose content equalled it.
CREATE TABLE aliases(
  url TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  reason TEXT NOT NULL);
CREATE INDEX aliases_article ON aliases(article_id);

CREATE TABLE article_versions(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  record TEXT NOT NULL,
  content_hash INTEGER NOT NULL,
  page_hash INTEGER,
  first_seen INTEGER NOT NULL,
  superseded_at INTEGER NOT NULL);
CREATE INDEX article_versions_article ON article_versions(article_id);
)sql";

// Version 2: near duplicates are proposed by MinHash band keys and confirmed on the texts
// (src/dedup/near_duplicate.cpp). band_keys NULL marks an article stored before v2; opening such
// a database gives it keys and re-decides its links (SqliteDedupIndex::Recheck).
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE articles ADD COLUMN band_keys BLOB;
-- The newest articles' band keys (random inserts into a small B-tree); when it grows past a
-- bound it is written out as a sorted run (dedup_run_<id>, listed in dedup_runs) and runs of one
-- level are merged, so no insert ever lands in a large B-tree (SqliteDedupIndex).
CREATE TABLE dedup_keys(
  key INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  PRIMARY KEY(key, article_id)) WITHOUT ROWID;
CREATE TABLE dedup_runs(
  id INTEGER PRIMARY KEY,
  level INTEGER NOT NULL,
  rows INTEGER NOT NULL);
CREATE TABLE dedup_links(
  article_id INTEGER PRIMARY KEY REFERENCES articles(id),
  original_id INTEGER NOT NULL REFERENCES articles(id),
  matched_id INTEGER NOT NULL REFERENCES articles(id),
  score REAL NOT NULL,
  evidence TEXT NOT NULL,
  rule_version INTEGER NOT NULL,
  decided_at INTEGER NOT NULL);
)sql";

constexpr Migration kMigrations[] = {
    {"v1: sites, urls, runs, fetches, pages, articles, images, aliases, article_versions", kSchemaV1},
    {"v2: MinHash band keys and recorded near-duplicate decisions", kSchemaV2},
};

}  // namespace

std::span<const Migration> SchemaMigrations() { return kMigrations; }

int UserVersion(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

Status Migrate(SQLite::Database& db, std::span<const Migration> migrations) {
  try {
    const int target = static_cast<int>(migrations.size());
    int version = UserVersion(db);
    if (version > target) {
      return Status::Storage("database schema version " + std::to_string(version) +
                             " is newer than this newscrawl (" + std::to_string(target) + ")");
    }
    while (version < target) {
      // BEGIN IMMEDIATE: two processes opening a fresh database must not both migrate.
      db.exec("BEGIN IMMEDIATE");
      try {
        const int current = UserVersion(db);  // re-read under the write lock
        if (current == version) {
          db.exec(migrations[static_cast<std::size_t>(version)].sql);
          // user_version lives in the database header, which is written transactionally.
          db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        }
        db.exec("COMMIT");
      } catch (...) {
        db.exec("ROLLBACK");
        throw;
      }
      const int after = UserVersion(db);
      if (after > version) {
        Logger("store")->info("schema migrated to v{}: {}", after, migrations[static_cast<std::size_t>(after - 1)].description);
      }
      version = after;
    }
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Storage(std::string("schema migration failed: ") + e.what());
  }
}

}  // namespace newscrawl::store
