#include "sqlite_article_rows.h"

#include <SQLiteCpp/Exception.h>

#include "common/record_codec.h"

namespace newscrawl::store {
namespace {

// Binds the record columns shared by INSERT and UPDATE at 1..13.
void BindRecord(SQLite::Statement& s, const Article& a, const std::string& site, const std::string& url) {
  s.bind(1, site);
  BindText(s, 2, a.url ? a.url : std::optional<std::string>(url));
  BindText(s, 3, a.canonical_url);
  BindText(s, 4, a.extractor);
  BindText(s, 5, a.title);
  BindText(s, 6, a.byline);
  BindText(s, 7, a.lead);
  BindText(s, 8, a.body);
  BindText(s, 9, a.published_at);
  BindText(s, 10, a.updated_at);
  BindText(s, 11, a.section);
  s.bind(12, TagsJson(a));
  BindText(s, 13, a.language);
}

// Binds the fingerprint columns at first..first+2 and the page hash (or NULL) after them.
void BindFingerprint(SQLite::Statement& s, int first, const StoreFingerprint& fp,
                     std::optional<std::uint64_t> page_hash) {
  s.bind(first, ToDb(fp.content_hash));
  s.bind(first + 1, ToDb(fp.simhash));
  s.bind(first + 2, fp.eligible ? 1 : 0);
  BindInt(s, first + 3, page_hash ? std::optional<std::int64_t>(ToDb(*page_hash)) : std::nullopt);
}

}  // namespace

void SqliteArticleRows::EnsureSite(const std::string& site, std::int64_t now) {
  StmtUse s(db_.Stmt("INSERT OR IGNORE INTO sites(name, first_seen) VALUES(?, ?)"));
  s->bind(1, site);
  s->bind(2, now);
  s->exec();
}

std::optional<std::int64_t> SqliteArticleRows::AliasTarget(std::string_view url) {
  StmtUse s(db_.Stmt("SELECT article_id FROM aliases WHERE url = ?"));
  s->bind(1, std::string(url));
  if (s->executeStep()) return s->getColumn(0).getInt64();
  return std::nullopt;
}

void SqliteArticleRows::InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) {
  if (url.empty()) return;
  StmtUse s(db_.Stmt("INSERT OR IGNORE INTO aliases(url, article_id, reason) VALUES(?, ?, ?)"));
  s->bind(1, url);
  s->bind(2, article_id);
  s->bind(3, reason);
  s->exec();
}

std::uint64_t SqliteArticleRows::ContentHashOf(std::int64_t id) {
  StmtUse s(db_.Stmt("SELECT content_hash FROM articles WHERE id = ?"));
  s->bind(1, id);
  if (!s->executeStep()) throw SQLite::Exception("article " + std::to_string(id) + " not found");
  return FromDb(s->getColumn(0).getInt64());
}

std::optional<std::int64_t> SqliteArticleRows::DuplicateOf(std::int64_t id) {
  StmtUse s(db_.Stmt("SELECT duplicate_of FROM articles WHERE id = ?"));
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return SqliteRow{*s}.OptInt(0);
}

void SqliteArticleRows::LoadImages(StoredArticle& out) {
  StmtUse s(db_.Stmt("SELECT url, caption FROM images WHERE article_id = ? ORDER BY position"));
  s->bind(1, out.id);
  while (s->executeStep()) out.article.images.push_back({s->getColumn(0).getString(), SqliteRow{*s}.OptText(1)});
}

std::optional<StoredArticle> SqliteArticleRows::LoadArticle(std::int64_t id) {
  std::optional<StoredArticle> out;
  {
    StmtUse s(db_.Stmt(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?"));
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    out = ArticleFromRow(SqliteRow{*s});
  }
  LoadImages(*out);
  return out;
}

std::optional<ArticleRows::ExactMatch> SqliteArticleRows::FirstWithContentHash(std::uint64_t content_hash) {
  StmtUse s(db_.Stmt(
      "SELECT id, duplicate_of FROM articles WHERE content_hash = ? AND dedup_eligible = 1 ORDER BY id LIMIT 1"));
  s->bind(1, ToDb(content_hash));
  if (!s->executeStep()) return std::nullopt;
  return ExactMatch{s->getColumn(0).getInt64(), SqliteRow{*s}.OptInt(1)};
}

void SqliteArticleRows::TouchSeen(std::int64_t id, std::int64_t seen_at) {
  StmtUse s(db_.Stmt(
      "UPDATE articles SET last_seen = MAX(last_seen, ?), last_run_id = COALESCE(?, last_run_id) WHERE id = ?"));
  s->bind(1, seen_at);
  BindInt(*s, 2, db_.run_id());
  s->bind(3, id);
  s->exec();
}

void SqliteArticleRows::InsertVersion(const StoredArticle& current, std::int64_t superseded_at) {
  StmtUse h(db_.Stmt("SELECT content_hash, page_hash FROM articles WHERE id = ?"));
  h->bind(1, current.id);
  h->executeStep();
  const std::int64_t content_hash = h->getColumn(0).getInt64();
  const std::optional<std::int64_t> page_hash = SqliteRow{*h}.OptInt(1);
  StmtUse s(db_.Stmt(
      "INSERT INTO article_versions(article_id, record, content_hash, page_hash, first_seen, "
      "superseded_at) VALUES(?, ?, ?, ?, ?, ?)"));
  s->bind(1, current.id);
  s->bind(2, DumpJson(ArticleToJson(current.article)));
  s->bind(3, content_hash);
  BindInt(*s, 4, page_hash);
  s->bind(5, current.first_seen);
  s->bind(6, superseded_at);
  s->exec();
}

void SqliteArticleRows::WriteImages(std::int64_t id, const Article& a) {
  {
    StmtUse del(db_.Stmt("DELETE FROM images WHERE article_id = ?"));
    del->bind(1, id);
    del->exec();
  }
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    StmtUse s(db_.Stmt("INSERT INTO images(article_id, position, url, caption) VALUES(?, ?, ?, ?)"));
    s->bind(1, id);
    s->bind(2, static_cast<std::int64_t>(i));
    s->bind(3, a.images[i].url);
    BindText(*s, 4, a.images[i].caption);
    s->exec();
  }
}

void SqliteArticleRows::UpdateRecord(std::int64_t id, const Article& a, const std::string& site,
                                     const std::string& url, const StoreFingerprint& fp,
                                     std::optional<std::uint64_t> page_hash, std::int64_t seen_at,
                                     bool touch_seen) {
  StmtUse s(db_.Stmt(
      "UPDATE articles SET site=?, url=?, canonical_url=?, extractor=?, title=?, byline=?, lead=?, "
      "body=?, published_at=?, updated_at=?, section=?, tags=?, language=?, content_hash=?, "
      "simhash=?, dedup_eligible=?, page_hash=COALESCE(?, page_hash), "
      "last_seen=CASE WHEN ? THEN ? ELSE last_seen END, "
      "last_run_id=CASE WHEN ? THEN COALESCE(?, last_run_id) ELSE last_run_id END WHERE id=?"));
  BindRecord(*s, a, site, url);
  BindFingerprint(*s, 14, fp, page_hash);
  s->bind(18, touch_seen ? 1 : 0);
  s->bind(19, seen_at);
  s->bind(20, touch_seen ? 1 : 0);
  BindInt(*s, 21, db_.run_id());
  s->bind(22, id);
  s->exec();
  WriteImages(id, a);
  db_.dedup().SetKeys(id, fp.band_keys);
}

std::int64_t SqliteArticleRows::InsertArticle(const Article& a, const StoredMeta& meta, const StoreFingerprint& fp,
                                              std::optional<std::int64_t> duplicate_of) {
  StmtUse s(db_.Stmt(
      "INSERT INTO articles(site, url, canonical_url, extractor, title, byline, lead, body, "
      "published_at, updated_at, section, tags, language, content_hash, simhash, dedup_eligible, "
      "page_hash, first_seen, last_seen, first_run_id, last_run_id, duplicate_of, band_keys) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  BindRecord(*s, a, meta.site, meta.url);
  BindFingerprint(*s, 14, fp, meta.page_hash);
  s->bind(18, meta.fetched_at);
  s->bind(19, meta.fetched_at);
  BindInt(*s, 20, db_.run_id());
  BindInt(*s, 21, db_.run_id());
  BindInt(*s, 22, duplicate_of);
  const std::string keys = SqliteDedupIndex::KeysBlob(fp.band_keys);
  s->bind(23, keys.data(), static_cast<int>(keys.size()));
  s->exec();
  const std::int64_t id = db_.database().getLastInsertRowid();
  WriteImages(id, a);
  db_.dedup().AddKeysOfNewArticle(id, fp.band_keys);
  return id;
}

}  // namespace newscrawl::store
