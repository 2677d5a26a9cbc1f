#include "pg_migrations.h"

#include "newscrawl/core/log.h"

namespace newscrawl::pg {
namespace {

// Version 1: the tables of SQLite's v1, with the same meaning (src/store/sqlite/migrations.cpp).
// Hashes (content, SimHash, page) are unsigned 64-bit values stored bit for bit in BIGINT.
// Times are Unix seconds. runs.worker names the process that ran it (host:pid), since several
// workers share one database here. urls.claimed_by is the worker an in-progress URL was handed
// to and claimed_until when that claim expires: a worker killed after claiming it no longer
// holds it after that time.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sites(
  name TEXT PRIMARY KEY,
  first_seen BIGINT NOT NULL);

CREATE TABLE urls(
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name),
  kind TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  depth INTEGER NOT NULL DEFAULT 0,
  discovered_from TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_fetch_at BIGINT,
  etag TEXT,
  last_modified TEXT,
  last_error TEXT,
  claimed_until BIGINT,
  claimed_by TEXT);
CREATE INDEX urls_ready ON urls(priority DESC, published_at DESC NULLS LAST, next_fetch_at)
  WHERE status IN ('pending', 'failed', 'done') AND next_fetch_at IS NOT NULL;
CREATE INDEX urls_status ON urls(status);
CREATE INDEX urls_claims ON urls(claimed_until) WHERE status = 'in_progress';

CREATE TABLE runs(
  id BIGSERIAL PRIMARY KEY,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  exit_status INTEGER,
  fetched BIGINT,
  articles_new BIGINT,
  articles_updated BIGINT,
  duplicates BIGINT,
  errors BIGINT,
  worker TEXT);

CREATE TABLE fetches(
  id BIGSERIAL PRIMARY KEY,
  run_id BIGINT REFERENCES runs(id),
  url TEXT NOT NULL,
  site TEXT,
  fetched_at BIGINT NOT NULL,
  http_status INTEGER NOT NULL,
  bytes BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  error_kind TEXT,
  error_message TEXT);
CREATE INDEX fetches_run_site ON fetches(run_id, site);

CREATE TABLE pages(
  hash BIGINT PRIMARY KEY,
  size BIGINT NOT NULL,
  zstd BYTEA NOT NULL,
  stored_at BIGINT NOT NULL);

CREATE TABLE articles(
  id BIGSERIAL PRIMARY KEY,
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
  content_hash BIGINT NOT NULL,
  simhash BIGINT NOT NULL,
  dedup_eligible BOOLEAN NOT NULL,
  page_hash BIGINT REFERENCES pages(hash),
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  first_run_id BIGINT REFERENCES runs(id),
  last_run_id BIGINT REFERENCES runs(id),
  duplicate_of BIGINT REFERENCES articles(id));
CREATE INDEX articles_content ON articles(content_hash);
CREATE INDEX articles_site_first_seen ON articles(site, first_seen);
CREATE INDEX articles_first_run ON articles(site, first_run_id);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

CREATE TABLE images(
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  caption TEXT,
  PRIMARY KEY(article_id, position));

CREATE TABLE aliases(
  url TEXT PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id),
  reason TEXT NOT NULL);
CREATE INDEX aliases_article ON aliases(article_id);

CREATE TABLE article_versions(
  id BIGSERIAL PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id),
  record TEXT NOT NULL,
  content_hash BIGINT NOT NULL,
  page_hash BIGINT,
  first_seen BIGINT NOT NULL,
  superseded_at BIGINT NOT NULL);
CREATE INDEX article_versions_article ON article_versions(article_id);
)sql";

// Version 2: near duplicates proposed by MinHash band keys and confirmed on the texts by the
// dedup component (src/dedup/), with each decision recorded, as in the SQLite store.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE dedup_keys(
  key BIGINT NOT NULL,
  article_id BIGINT NOT NULL REFERENCES articles(id),
  PRIMARY KEY(key, article_id));
CREATE INDEX dedup_keys_article ON dedup_keys(article_id);
CREATE TABLE dedup_links(
  article_id BIGINT PRIMARY KEY REFERENCES articles(id),
  original_id BIGINT NOT NULL REFERENCES articles(id),
  matched_id BIGINT NOT NULL REFERENCES articles(id),
  score DOUBLE PRECISION NOT NULL,
  evidence TEXT NOT NULL,
  rule_version INTEGER NOT NULL,
  decided_at BIGINT NOT NULL);
)sql";

// Version 3: the politeness state several workers share (politeness_ledger.h): per host the
// earliest next request (a reservation while a request is out, the delay or backoff after it),
// per origin the last robots.txt answer. Times in hosts are Unix milliseconds.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE host_politeness(
  host TEXT PRIMARY KEY,
  not_before_ms BIGINT NOT NULL,
  held_by TEXT);
CREATE TABLE robots_txt(
  origin TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  body BYTEA NOT NULL,
  fetched_at BIGINT NOT NULL);
)sql";

constexpr PgMigration kMigrations[] = {
    {"v1: sites, urls, runs, fetches, pages, articles, images, aliases, article_versions", kSchemaV1},
    {"v2: MinHash band keys and recorded near-duplicate decisions", kSchemaV2},
    {"v3: host politeness and robots.txt answers shared by the workers", kSchemaV3},
};

// Any constant works: it only has to be the same in every newscrawl process.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7263551400)";

}  // namespace

std::span<const PgMigration> PgSchemaMigrations() { return kMigrations; }

int PgSchemaVersion(PgConnection& db) {
  Rows r = db.Exec("SELECT to_regclass('schema_version') IS NOT NULL");
  if (r.Text(0, 0) != "t") return 0;
  return static_cast<int>(db.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_version").Int(0, 0));
}

Status PgMigrate(PgConnection& db, std::span<const PgMigration> migrations) {
  const int target = static_cast<int>(migrations.size());
  try {
    while (true) {
      db.ExecScript("BEGIN");
      try {
        db.ExecScript(kMigrationLock);
        db.ExecScript(
            "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        const int version = PgSchemaVersion(db);  // read under the lock
        if (version > target) {
          db.ExecScript("ROLLBACK");
          return Status::Storage("database schema version " + std::to_string(version) +
                                 " is newer than this newscrawl (" + std::to_string(target) + ")");
        }
        if (version == target) {
          db.ExecScript("COMMIT");
          return Status::Ok();
        }
        const PgMigration& m = migrations[static_cast<std::size_t>(version)];
        db.ExecScript(m.sql);
        db.Exec("INSERT INTO schema_version(version, description) VALUES($1, $2)",
                Params().Add(version + 1).Add(m.description));
        db.ExecScript("COMMIT");
        Logger("store")->info("postgres schema migrated to v{}: {}", version + 1, m.description);
      } catch (...) {
        try {
          db.ExecScript("ROLLBACK");
        } catch (...) {  // the connection is gone; the server rolled back already
        }
        throw;
      }
    }
  } catch (const PgError& e) {
    return Status::Storage(std::string("schema migration failed: ") + e.what());
  }
}

}  // namespace newscrawl::pg
