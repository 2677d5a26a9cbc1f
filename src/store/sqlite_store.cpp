#include "newscrawl/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "migrations.h"
#include "newscrawl/content_dedup.h"
#include "newscrawl/near_duplicate.h"
#include "sqlite_dedup_index.h"
#include "stmt_use.h"
#include "newscrawl/log.h"

namespace newscrawl {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kZstdLevel = 3;

std::int64_t ToDb(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t FromDb(std::int64_t v) { return static_cast<std::uint64_t>(v); }

void BindText(SQLite::Statement& s, int index, const std::optional<std::string>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}
void BindInt(SQLite::Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}
std::optional<std::string> ColText(SQLite::Statement& s, int index) {
  SQLite::Column c = s.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getString();
}
std::optional<std::int64_t> ColInt(SQLite::Statement& s, int index) {
  SQLite::Column c = s.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

using store::StmtUse;

template <typename T>
Status ToStatusHelper(const Result<T>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

// Record JSON for the version history; invalid UTF-8 is replaced rather than thrown on.
std::string DumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

const char* kArticleColumns =
    "id, site, url, canonical_url, extractor, title, byline, lead, body, published_at, updated_at, "
    "section, tags, language, first_seen, last_seen, duplicate_of";

}  // namespace

std::string_view StoreOutcomeKindName(StoreOutcomeKind kind) {
  switch (kind) {
    case StoreOutcomeKind::kInserted: return "inserted";
    case StoreOutcomeKind::kUpdated: return "updated";
    case StoreOutcomeKind::kUnchanged: return "unchanged";
    case StoreOutcomeKind::kAliasOfExisting: return "alias_of_existing";
    case StoreOutcomeKind::kNearDuplicateOf: return "near_duplicate_of";
  }
  return "unknown";
}

std::string_view UrlKindName(UrlKind kind) {
  switch (kind) {
    case UrlKind::kArticle: return "article";
    case UrlKind::kListing: return "listing";
    case UrlKind::kFeed: return "feed";
    case UrlKind::kSitemap: return "sitemap";
    case UrlKind::kRobots: return "robots";
    case UrlKind::kStart: return "start";
  }
  return "article";
}

std::optional<UrlKind> UrlKindFromName(std::string_view name) {
  for (UrlKind k : {UrlKind::kArticle, UrlKind::kListing, UrlKind::kFeed, UrlKind::kSitemap,
                    UrlKind::kRobots, UrlKind::kStart}) {
    if (UrlKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view UrlStatusName(UrlStatus status) {
  switch (status) {
    case UrlStatus::kPending: return "pending";
    case UrlStatus::kInProgress: return "in_progress";
    case UrlStatus::kDone: return "done";
    case UrlStatus::kFailed: return "failed";
    case UrlStatus::kGone: return "gone";
  }
  return "pending";
}

std::optional<UrlStatus> UrlStatusFromName(std::string_view name) {
  for (UrlStatus s : {UrlStatus::kPending, UrlStatus::kInProgress, UrlStatus::kDone,
                      UrlStatus::kFailed, UrlStatus::kGone}) {
    if (UrlStatusName(s) == name) return s;
  }
  return std::nullopt;
}

class SqliteStore::Impl {
 public:
  Impl(SQLite::Database db, const SqliteStoreOptions& options)
      : db_(std::move(db)), options_(options), dedup_(db_, options.dedup_level0_rows) {}

  ~Impl() {
    if (Status s = Flush(); !s.ok()) Logger("store")->error("final commit failed: {}", s.ToString());
  }

  // A cached prepared statement for `sql` (a string literal or other stable text).
  SQLite::Statement& Stmt(const std::string& sql) {
    auto it = stmts_.find(sql);
    if (it == stmts_.end()) {
      it = stmts_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    }
    return *it->second;
  }

  // Runs a cached parameterless statement (savepoints run several times per record, and
  // db_.exec would compile them each time).
  void Exec(const char* sql) {
    StmtUse s(Stmt(sql));
    s->exec();
  }

  // Runs `fn` as one atomic write inside the open batch: a savepoint undoes a failed call
  // without losing the batch's earlier writes.
  template <typename T, typename Fn>
  Result<T> Write(const char* what, Fn&& fn) {
    try {
      if (!in_txn_) {
        // IMMEDIATE takes the write lock now, so a busy database fails here (after the busy
        // timeout) rather than half-way through a batch.
        db_.exec("BEGIN IMMEDIATE");
        in_txn_ = true;
      }
      Exec("SAVEPOINT op");
      try {
        T value = fn();
        Exec("RELEASE op");
        ++pending_writes_;
        return value;
      } catch (...) {
        db_.exec("ROLLBACK TO op");
        db_.exec("RELEASE op");
        throw;
      }
    } catch (const std::exception& e) {  // SQLite::Exception, or bad_alloc and the like
      dedup_.Forget();  // the rollback may have undone a spill or merge of its tables
      return Status::Storage(std::string(what) + ": " + e.what());
    }
  }

  template <typename T, typename Fn>
  Result<T> Read(const char* what, Fn&& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      return Status::Storage(std::string(what) + ": " + e.what());
    }
  }

  Status Flush() {
    if (!in_txn_) return Status::Ok();
    try {
      db_.exec("COMMIT");
      in_txn_ = false;
      pending_writes_ = 0;
      return Status::Ok();
    } catch (const SQLite::Exception& e) {
      return Status::Storage(std::string("commit failed: ") + e.what());
    }
  }

  Status MaybeFlush() {
    if (pending_writes_ >= options_.batch_size) return Flush();
    return Status::Ok();
  }

  void EnsureSite(const std::string& site, std::int64_t now) {
    StmtUse s(Stmt("INSERT OR IGNORE INTO sites(name, first_seen) VALUES(?, ?)"));
    s->bind(1, site);
    s->bind(2, now);
    s->exec();
  }

  std::optional<std::int64_t> AliasTarget(std::string_view url) {
    StmtUse s(Stmt("SELECT article_id FROM aliases WHERE url = ?"));
    s->bind(1, std::string(url));
    if (s->executeStep()) return s->getColumn(0).getInt64();
    return std::nullopt;
  }

  void InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) {
    if (url.empty()) return;
    StmtUse s(Stmt("INSERT OR IGNORE INTO aliases(url, article_id, reason) VALUES(?, ?, ?)"));
    s->bind(1, url);
    s->bind(2, article_id);
    s->bind(3, reason);
    s->exec();
  }

  // --- articles -----------------------------------------------------------------------------
  struct Fingerprint {
    std::uint64_t content_hash;
    std::uint64_t simhash;
    bool eligible;
    std::vector<std::uint64_t> band_keys;  // empty unless eligible
  };

  static Fingerprint Fingerprints(const Article& a) {
    ContentFingerprint fp = newscrawl::Fingerprint(a.title.value_or(""), a.body.value_or(""));
    const bool eligible = fp.body_words >= static_cast<std::size_t>(kMinDedupWords);
    if (!eligible) fp.band_keys.clear();
    return {fp.exact_hash, fp.simhash, eligible, std::move(fp.band_keys)};
  }

  static std::string TagsJson(const Article& a) {
    Json tags = Json::array();
    for (const std::string& t : a.tags) tags.push_back(t);
    return DumpJson(tags);
  }

  void WriteImages(std::int64_t id, const Article& a) {
    {
      StmtUse del(Stmt("DELETE FROM images WHERE article_id = ?"));
      del->bind(1, id);
      del->exec();
    }
    for (std::size_t i = 0; i < a.images.size(); ++i) {
      StmtUse s(Stmt("INSERT INTO images(article_id, position, url, caption) VALUES(?, ?, ?, ?)"));
      s->bind(1, id);
      s->bind(2, static_cast<std::int64_t>(i));
      s->bind(3, a.images[i].url);
      BindText(*s, 4, a.images[i].caption);
      s->exec();
    }
  }

  // Binds the record columns shared by INSERT and UPDATE at 1..13.
  static void BindRecord(SQLite::Statement& s, const Article& a, const std::string& site,
                         const std::string& url) {
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

  std::int64_t InsertArticle(const Article& a, const StoredMeta& meta, const Fingerprint& fp,
                             std::optional<std::int64_t> duplicate_of) {
    StmtUse s(Stmt(
        "INSERT INTO articles(site, url, canonical_url, extractor, title, byline, lead, body, "
        "published_at, updated_at, section, tags, language, content_hash, simhash, dedup_eligible, "
        "page_hash, first_seen, last_seen, first_run_id, last_run_id, duplicate_of, band_keys) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    BindRecord(*s, a, meta.site, meta.url);
    s->bind(14, ToDb(fp.content_hash));
    s->bind(15, ToDb(fp.simhash));
    s->bind(16, fp.eligible ? 1 : 0);
    BindInt(*s, 17, meta.page_hash ? std::optional<std::int64_t>(ToDb(*meta.page_hash)) : std::nullopt);
    s->bind(18, meta.fetched_at);
    s->bind(19, meta.fetched_at);
    BindInt(*s, 20, run_id_);
    BindInt(*s, 21, run_id_);
    BindInt(*s, 22, duplicate_of);
    const std::string keys = store::SqliteDedupIndex::KeysBlob(fp.band_keys);
    s->bind(23, keys.data(), static_cast<int>(keys.size()));
    s->exec();
    const std::int64_t id = db_.getLastInsertRowid();
    WriteImages(id, a);
    dedup_.AddKeysOfNewArticle(id, fp.band_keys);
    return id;
  }

  // Copies the current record of `id` into article_versions.
  void ArchiveVersion(std::int64_t id, std::int64_t superseded_at) {
    std::optional<StoredArticle> current = LoadArticle(id);
    if (!current) throw SQLite::Exception("article " + std::to_string(id) + " vanished");
    StmtUse h(Stmt("SELECT content_hash, page_hash FROM articles WHERE id = ?"));
    h->bind(1, id);
    h->executeStep();
    const std::int64_t content_hash = h->getColumn(0).getInt64();
    const std::optional<std::int64_t> page_hash = ColInt(*h, 1);
    StmtUse s(Stmt(
        "INSERT INTO article_versions(article_id, record, content_hash, page_hash, first_seen, "
        "superseded_at) VALUES(?, ?, ?, ?, ?, ?)"));
    s->bind(1, id);
    s->bind(2, DumpJson(ArticleToJson(current->article)));
    s->bind(3, content_hash);
    BindInt(*s, 4, page_hash);
    s->bind(5, current->first_seen);
    s->bind(6, superseded_at);
    s->exec();
  }

  void UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                    const Fingerprint& fp, std::optional<std::uint64_t> page_hash, std::int64_t seen_at,
                    bool touch_seen) {
    StmtUse s(Stmt(
        "UPDATE articles SET site=?, url=?, canonical_url=?, extractor=?, title=?, byline=?, lead=?, "
        "body=?, published_at=?, updated_at=?, section=?, tags=?, language=?, content_hash=?, "
        "simhash=?, dedup_eligible=?, page_hash=COALESCE(?, page_hash), "
        "last_seen=CASE WHEN ? THEN ? ELSE last_seen END, "
        "last_run_id=CASE WHEN ? THEN COALESCE(?, last_run_id) ELSE last_run_id END WHERE id=?"));
    BindRecord(*s, a, site, url);
    s->bind(14, ToDb(fp.content_hash));
    s->bind(15, ToDb(fp.simhash));
    s->bind(16, fp.eligible ? 1 : 0);
    BindInt(*s, 17, page_hash ? std::optional<std::int64_t>(ToDb(*page_hash)) : std::nullopt);
    s->bind(18, touch_seen ? 1 : 0);
    s->bind(19, seen_at);
    s->bind(20, touch_seen ? 1 : 0);
    BindInt(*s, 21, run_id_);
    s->bind(22, id);
    s->exec();
    WriteImages(id, a);
    dedup_.SetKeys(id, fp.band_keys);
  }

  void TouchSeen(std::int64_t id, std::int64_t seen_at) {
    StmtUse s(Stmt("UPDATE articles SET last_seen = MAX(last_seen, ?), last_run_id = COALESCE(?, last_run_id) WHERE id = ?"));
    s->bind(1, seen_at);
    BindInt(*s, 2, run_id_);
    s->bind(3, id);
    s->exec();
  }

  std::optional<std::int64_t> DuplicateOf(std::int64_t id) {
    StmtUse s(Stmt("SELECT duplicate_of FROM articles WHERE id = ?"));
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return ColInt(*s, 0);
  }

  std::uint64_t ContentHashOf(std::int64_t id) {
    StmtUse s(Stmt("SELECT content_hash FROM articles WHERE id = ?"));
    s->bind(1, id);
    if (!s->executeStep()) throw SQLite::Exception("article " + std::to_string(id) + " not found");
    return FromDb(s->getColumn(0).getInt64());
  }

  StoreOutcome Upsert(const Article& a, const StoredMeta& meta) {
    const Fingerprint fp = Fingerprints(a);
    const std::string canonical = meta.canonical_url.empty() ? meta.url : meta.canonical_url;
    EnsureSite(meta.site, meta.fetched_at);

    // URL rule: the canonical URL decides; the fetched URL is the fallback (a page without a
    // canonical link, or one whose canonical changed).
    std::optional<std::int64_t> existing = AliasTarget(canonical);
    if (!existing && meta.url != canonical) existing = AliasTarget(meta.url);
    if (existing) {
      const std::int64_t id = *existing;
      InsertAlias(meta.url, id, "url");
      InsertAlias(canonical, id, "url");
      if (ContentHashOf(id) == fp.content_hash) {
        TouchSeen(id, meta.fetched_at);
        return {StoreOutcomeKind::kUnchanged, id, DuplicateOf(id)};
      }
      ArchiveVersion(id, meta.fetched_at);
      UpdateRecord(id, a, meta.site, meta.url, fp, meta.page_hash, meta.fetched_at, /*touch_seen=*/true);
      return {StoreOutcomeKind::kUpdated, id, DuplicateOf(id)};
    }

    std::optional<NearDuplicateLink> link;
    if (fp.eligible) {
      StmtUse s(Stmt("SELECT id, duplicate_of FROM articles WHERE content_hash = ? AND dedup_eligible = 1 ORDER BY id LIMIT 1"));
      s->bind(1, ToDb(fp.content_hash));
      if (s->executeStep()) {
        const std::int64_t id = s->getColumn(0).getInt64();
        const std::optional<std::int64_t> dup = ColInt(*s, 1);
        InsertAlias(meta.url, id, "content");
        InsertAlias(canonical, id, "content");
        TouchSeen(id, meta.fetched_at);
        return {StoreOutcomeKind::kAliasOfExisting, id, dup};
      }
      const DedupText text = PrepareDedupText(a.title.value_or(""), a.body.value_or(""), a.published_at);
      link = FindNearDuplicate(dedup_, text, fp.band_keys);
    }
    const std::optional<std::int64_t> duplicate_of =
        link ? std::optional<std::int64_t>(link->original_id) : std::nullopt;
    const std::int64_t id = InsertArticle(a, meta, fp, duplicate_of);
    if (link) dedup_.RecordLink(id, *link, meta.fetched_at);
    InsertAlias(canonical, id, "url");
    InsertAlias(meta.url, id, "url");
    return {duplicate_of ? StoreOutcomeKind::kNearDuplicateOf : StoreOutcomeKind::kInserted, id, duplicate_of};
  }

  static StoredArticle ArticleFromRow(SQLite::Statement& s) {
    StoredArticle out;
    out.id = s.getColumn(0).getInt64();
    Article& a = out.article;
    a.site = ColText(s, 1);
    a.url = ColText(s, 2);
    a.canonical_url = ColText(s, 3);
    a.extractor = ColText(s, 4);
    a.title = ColText(s, 5);
    a.byline = ColText(s, 6);
    a.lead = ColText(s, 7);
    a.body = ColText(s, 8);
    a.published_at = ColText(s, 9);
    a.updated_at = ColText(s, 10);
    a.section = ColText(s, 11);
    const Json tags = Json::parse(s.getColumn(12).getString(), nullptr, /*allow_exceptions=*/false);
    if (tags.is_array()) {
      for (const Json& t : tags) {
        if (t.is_string()) a.tags.push_back(t.get<std::string>());
      }
    }
    a.language = ColText(s, 13);
    out.first_seen = s.getColumn(14).getInt64();
    out.last_seen = s.getColumn(15).getInt64();
    out.duplicate_of = ColInt(s, 16);
    return out;
  }

  void LoadImages(StoredArticle& out) {
    StmtUse s(Stmt("SELECT url, caption FROM images WHERE article_id = ? ORDER BY position"));
    s->bind(1, out.id);
    while (s->executeStep()) out.article.images.push_back({s->getColumn(0).getString(), ColText(*s, 1)});
  }

  std::optional<StoredArticle> LoadArticle(std::int64_t id) {
    std::optional<StoredArticle> out;
    {
      StmtUse s(Stmt(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?"));
      s->bind(1, id);
      if (!s->executeStep()) return std::nullopt;
      out = ArticleFromRow(*s);
    }
    LoadImages(*out);
    return out;
  }

  // --- frontier -----------------------------------------------------------------------------
  static UrlEntry UrlFromRow(SQLite::Statement& s) {
    UrlEntry e;
    e.url = s.getColumn(0).getString();
    e.site = s.getColumn(1).getString();
    e.kind = UrlKindFromName(s.getColumn(2).getString()).value_or(UrlKind::kArticle);
    e.priority = s.getColumn(3).getInt();
    e.published_at = ColInt(s, 4);
    e.depth = s.getColumn(5).getInt();
    e.discovered_from = ColText(s, 6);
    e.status = UrlStatusFromName(s.getColumn(7).getString()).value_or(UrlStatus::kPending);
    e.attempts = s.getColumn(8).getInt();
    e.next_fetch_at = ColInt(s, 9).value_or(0);
    e.validators.etag = ColText(s, 10);
    e.validators.last_modified = ColText(s, 11);
    e.last_error = ColText(s, 12);
    return e;
  }

  SQLite::Database db_;
  SqliteStoreOptions options_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> stmts_;
  bool in_txn_ = false;
  int pending_writes_ = 0;
  std::optional<std::int64_t> run_id_;
  store::SqliteDedupIndex dedup_;  // declared after db_: it holds statements of that connection
};

namespace {
constexpr const char* kUrlColumns =
    "url, site, kind, priority, published_at, depth, discovered_from, status, attempts, "
    "next_fetch_at, etag, last_modified, last_error";
}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

int SqliteStore::SchemaVersion() { return static_cast<int>(store::SchemaMigrations().size()); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const SqliteStoreOptions& options) {
  if (!options.create_if_missing && path != ":memory:" && !std::filesystem::exists(path)) {
    return Status::NotFound("database " + path + " does not exist");
  }
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
                        options.busy_timeout_ms);
    // WAL: readers (export, stats) never block the crawler and a crash cannot tear a page.
    // NORMAL: commits are not fsynced one by one; after a power cut the last batches may be
    // lost but the database stays consistent, which the frontier turns into re-fetches.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    // 32 MiB of page cache (the default is 2 MiB): the interior pages of the frontier, alias and
    // dedup indexes stay cached, so a lookup reads about one leaf page per index. Bounded, not
    // growing with the store.
    db.exec("PRAGMA cache_size = -" + std::to_string(options.cache_bytes / 1024));
    if (options.mmap_bytes > 0) db.exec("PRAGMA mmap_size = " + std::to_string(options.mmap_bytes));
    if (Status s = store::Migrate(db, store::SchemaMigrations()); !s.ok()) return s;
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::make_unique<Impl>(std::move(db), options)));
    // A database written before decisions were recorded (or under an older rule) has links the
    // current rule may reject: re-decide them once, here, so no command shows the old links.
    bool needs_recheck = false;
    try {
      needs_recheck = store->impl_->dedup_.NeedsRecheck();
    } catch (const SQLite::Exception& e) {
      return Status::Storage("cannot open database " + path + ": " + e.what());
    }
    if (needs_recheck) {
      auto report = store->RecheckNearDuplicates(/*all=*/false, static_cast<std::int64_t>(std::time(nullptr)));
      if (!report.ok()) return report.status();
      Logger("store")->warn(
          "near-duplicate links re-decided under rule v{}: {} articles indexed, {} links checked, {} kept, {} "
          "relinked, {} unlinked",
          kNearDuplicateRuleVersion, report->indexed, report->checked, report->kept, report->relinked,
          report->unlinked);
    }
    return store;
  } catch (const SQLite::Exception& e) {
    return Status::Storage("cannot open database " + path + ": " + e.what());
  }
}

Result<DedupRecheckReport> SqliteStore::RecheckNearDuplicates(bool all, std::int64_t now) {
  auto r = impl_->Write<DedupRecheckReport>("recheck near duplicates", [&] {
    return impl_->dedup_.Recheck(all, now, [&] {
      // Commit as it goes: a large database's migration must not be one huge transaction.
      impl_->db_.exec("RELEASE op");
      impl_->db_.exec("COMMIT");
      impl_->db_.exec("BEGIN IMMEDIATE");
      impl_->db_.exec("SAVEPOINT op");
    });
  });
  if (!r.ok()) return r;
  if (Status s = impl_->Flush(); !s.ok()) return s;
  return r;
}

std::size_t SqliteStore::DedupRunCount() { return impl_->dedup_.RunCount(); }

Result<std::vector<DedupLinkInfo>> SqliteStore::ListDuplicateLinks(const std::optional<std::string>& site) {
  return impl_->Read<std::vector<DedupLinkInfo>>("list duplicate links", [&] { return impl_->dedup_.Links(site); });
}

Status SqliteStore::IntegrityCheck() {
  return ToStatusHelper(impl_->Read<bool>("integrity_check", [&] {
    SQLite::Statement s(impl_->db_, "PRAGMA integrity_check");
    std::string report;
    while (s.executeStep()) report += s.getColumn(0).getString() + "\n";
    if (report != "ok\n") throw SQLite::Exception("integrity_check: " + report);
    return true;
  }));
}

Result<std::int64_t> SqliteStore::BeginRun(std::int64_t started_at) {
  auto r = impl_->Write<std::int64_t>("begin run", [&] {
    StmtUse s(impl_->Stmt("INSERT INTO runs(started_at) VALUES(?)"));
    s->bind(1, started_at);
    s->exec();
    return impl_->db_.getLastInsertRowid();
  });
  if (!r.ok()) return r;
  impl_->run_id_ = *r;
  if (Status s = impl_->Flush(); !s.ok()) return s;
  return r;
}

Status SqliteStore::EndRun(const RunSummary& summary) {
  if (!impl_->run_id_) return Status::InvalidArgument("EndRun without BeginRun");
  auto r = impl_->Write<bool>("end run", [&] {
    StmtUse s(impl_->Stmt(
        "UPDATE runs SET ended_at=?, exit_status=?, fetched=?, articles_new=?, articles_updated=?, "
        "duplicates=?, errors=? WHERE id=?"));
    s->bind(1, summary.ended_at);
    s->bind(2, summary.exit_status);
    s->bind(3, summary.fetched);
    s->bind(4, summary.articles_new);
    s->bind(5, summary.articles_updated);
    s->bind(6, summary.duplicates);
    s->bind(7, summary.errors);
    s->bind(8, *impl_->run_id_);
    s->exec();
    return true;
  });
  if (!r.ok()) return r.status();
  impl_->run_id_.reset();
  return impl_->Flush();
}

Status SqliteStore::RecordFetch(const FetchLogEntry& e) {
  return ToStatusHelper(impl_->Write<bool>("record fetch", [&] {
    StmtUse s(impl_->Stmt(
        "INSERT INTO fetches(run_id, url, site, fetched_at, http_status, bytes, duration_ms, "
        "error_kind, error_message) VALUES(?,?,?,?,?,?,?,?,?)"));
    BindInt(*s, 1, impl_->run_id_);
    s->bind(2, e.url);
    s->bind(3, e.site);
    s->bind(4, e.fetched_at);
    s->bind(5, e.http_status);
    s->bind(6, e.bytes);
    s->bind(7, e.duration_ms);
    BindText(*s, 8, e.error ? std::optional<std::string>(std::string(ErrorKindName(*e.error))) : std::nullopt);
    BindText(*s, 9, e.error_message.empty() ? std::nullopt : std::optional<std::string>(e.error_message));
    s->exec();
    return true;
  }));
}

Result<std::uint64_t> SqliteStore::StorePage(std::string_view url, std::string_view raw_html) {
  const std::uint64_t hash = XXH3_64bits(raw_html.data(), raw_html.size());
  std::string compressed(ZSTD_compressBound(raw_html.size()), '\0');
  const std::size_t n = ZSTD_compress(compressed.data(), compressed.size(), raw_html.data(), raw_html.size(), kZstdLevel);
  if (ZSTD_isError(n)) return Status::Storage(std::string("zstd: ") + ZSTD_getErrorName(n));
  compressed.resize(n);
  auto r = impl_->Write<bool>("store page", [&] {
    StmtUse s(impl_->Stmt("INSERT OR IGNORE INTO pages(hash, size, zstd, stored_at) VALUES(?, ?, ?, strftime('%s','now'))"));
    s->bind(1, ToDb(hash));
    s->bind(2, static_cast<std::int64_t>(raw_html.size()));
    s->bindNoCopy(3, compressed.data(), static_cast<int>(compressed.size()));
    s->exec();
    return true;
  });
  if (!r.ok()) return r.status();
  Logger("store")->debug("page {} stored as {:016x} ({} -> {} bytes)", url, hash, raw_html.size(), n);
  return hash;
}

Result<std::string> SqliteStore::LoadPage(std::uint64_t page_hash) {
  auto blob = impl_->Read<std::optional<std::pair<std::int64_t, std::string>>>("load page", [&] {
    StmtUse s(impl_->Stmt("SELECT size, zstd FROM pages WHERE hash = ?"));
    s->bind(1, ToDb(page_hash));
    std::optional<std::pair<std::int64_t, std::string>> out;
    if (s->executeStep()) {
      SQLite::Column c = s->getColumn(1);
      out.emplace(s->getColumn(0).getInt64(), std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())));
    }
    return out;
  });
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no stored page with hash " + std::to_string(page_hash));
  const auto& [size, compressed] = **blob;
  std::string html(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(html.data(), html.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != html.size()) return Status::Storage("stored page " + std::to_string(page_hash) + " is corrupt");
  return html;
}

Result<StoreOutcome> SqliteStore::UpsertArticle(const Article& article, const StoredMeta& meta) {
  if (meta.url.empty() || meta.site.empty()) return Status::InvalidArgument("UpsertArticle needs a site and a URL");
  return impl_->Write<StoreOutcome>("upsert article", [&] { return impl_->Upsert(article, meta); });
}

Status SqliteStore::AddAlias(std::string_view url, std::int64_t article_id) {
  return ToStatusHelper(impl_->Write<bool>("add alias", [&] {
    impl_->InsertAlias(std::string(url), article_id, "url");
    return true;
  }));
}

Result<std::optional<std::int64_t>> SqliteStore::FindArticleByUrl(std::string_view url) {
  return impl_->Read<std::optional<std::int64_t>>("find article", [&] { return impl_->AliasTarget(url); });
}

Result<std::optional<StoredArticle>> SqliteStore::GetArticle(std::int64_t id) {
  return impl_->Read<std::optional<StoredArticle>>("get article", [&] { return impl_->LoadArticle(id); });
}

Result<std::vector<ArticleVersion>> SqliteStore::GetVersions(std::int64_t id) {
  return impl_->Read<std::vector<ArticleVersion>>("get versions", [&] {
    std::vector<ArticleVersion> out;
    StmtUse s(impl_->Stmt("SELECT record, first_seen, superseded_at FROM article_versions WHERE article_id = ? ORDER BY id"));
    s->bind(1, id);
    while (s->executeStep()) {
      ArticleVersion v;
      const Json j = Json::parse(s->getColumn(0).getString(), nullptr, false);
      if (auto a = ArticleFromJson(j); a.ok()) v.article = std::move(*a);
      v.first_seen = s->getColumn(1).getInt64();
      v.superseded_at = s->getColumn(2).getInt64();
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<Validators> SqliteStore::GetValidators(std::string_view url) {
  return impl_->Read<Validators>("get validators", [&] {
    StmtUse s(impl_->Stmt("SELECT etag, last_modified FROM urls WHERE url = ?"));
    s->bind(1, std::string(url));
    Validators v;
    if (s->executeStep()) {
      v.etag = ColText(*s, 0);
      v.last_modified = ColText(*s, 1);
    }
    return v;
  });
}

Status SqliteStore::ForEachStoredPage(const std::optional<std::string>& site,
                                      const std::function<Status(const StoredPage&)>& fn) {
  struct Ref {
    std::int64_t id;
    std::string url, site;
    std::uint64_t page_hash;
    std::int64_t stored_at;
  };
  // The list is read first so that `fn` may update the articles it is given.
  auto refs = impl_->Read<std::vector<Ref>>("list stored pages", [&] {
    std::vector<Ref> out;
    StmtUse s(impl_->Stmt(
        "SELECT a.id, COALESCE(a.url, ''), a.site, a.page_hash, COALESCE(p.stored_at, 0) FROM articles a "
        "LEFT JOIN pages p ON p.hash = a.page_hash WHERE a.page_hash IS NOT NULL "
        "AND (?1 IS NULL OR a.site = ?1) ORDER BY a.id"));
    BindText(*s, 1, site);
    while (s->executeStep()) {
      out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                     FromDb(s->getColumn(3).getInt64()), s->getColumn(4).getInt64()});
    }
    return out;
  });
  if (!refs.ok()) return refs.status();
  for (Ref& ref : *refs) {
    auto html = LoadPage(ref.page_hash);
    if (!html.ok()) return html.status();
    if (Status s = fn(StoredPage{ref.id, std::move(ref.url), std::move(ref.site), std::move(*html), ref.stored_at}); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<StoreOutcome> SqliteStore::UpdateExtracted(std::int64_t article_id, const Article& article, std::int64_t now) {
  return impl_->Write<StoreOutcome>("update extracted", [&] {
    std::optional<StoredArticle> current = impl_->LoadArticle(article_id);
    if (!current) throw SQLite::Exception("article " + std::to_string(article_id) + " not found");
    const Impl::Fingerprint fp = Impl::Fingerprints(article);
    const std::string site = current->article.site.value_or(article.site.value_or(""));
    if (impl_->ContentHashOf(article_id) == fp.content_hash && current->article.images == article.images &&
        ArticleToJson(current->article) == ArticleToJson(article)) {
      return StoreOutcome{StoreOutcomeKind::kUnchanged, article_id, current->duplicate_of};
    }
    impl_->ArchiveVersion(article_id, now);
    impl_->UpdateRecord(article_id, article, site, current->article.url.value_or(""), fp, std::nullopt, now,
                        /*touch_seen=*/false);
    return StoreOutcome{StoreOutcomeKind::kUpdated, article_id, current->duplicate_of};
  });
}

Status SqliteStore::ForEachArticle(const ExportFilter& filter, const std::function<Status(const StoredArticle&)>& fn) {
  // Pages of ids, so no statement stays open while `fn` runs (it may write, or take long).
  std::int64_t after = 0;
  constexpr int kPage = 500;
  while (true) {
    auto page = impl_->Read<std::vector<StoredArticle>>("export", [&] {
      std::vector<StoredArticle> out;
      StmtUse s(impl_->Stmt(std::string("SELECT ") + kArticleColumns +
                            " FROM articles WHERE id > ?1 AND (?2 IS NULL OR site = ?2) AND (?3 IS NULL OR "
                            "first_seen >= ?3) AND (?4 OR duplicate_of IS NULL) ORDER BY id LIMIT ?5"));
      s->bind(1, after);
      BindText(*s, 2, filter.site);
      BindInt(*s, 3, filter.since);
      s->bind(4, filter.include_duplicates ? 1 : 0);
      s->bind(5, kPage);
      while (s->executeStep()) out.push_back(Impl::ArticleFromRow(*s));
      return out;
    });
    if (!page.ok()) return page.status();
    if (page->empty()) return Status::Ok();
    for (StoredArticle& a : *page) {
      auto images = impl_->Read<bool>("export images", [&] {
        impl_->LoadImages(a);
        return true;
      });
      if (!images.ok()) return images.status();
      if (Status s = fn(a); !s.ok()) return s;
      after = a.id;
    }
  }
}

namespace {

FillRates FillFromRow(SQLite::Statement& s) {
  FillRates f;
  f.articles = s.getColumn(0).getInt64();
  const std::vector<std::string>& fields = FillRateFields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const double filled = static_cast<double>(s.getColumn(static_cast<int>(i + 1)).getInt64());
    f.rate[fields[i]] = f.articles > 0 ? filled / static_cast<double>(f.articles) : 0.0;
  }
  return f;
}

constexpr const char* kFillSelect =
    "SELECT COUNT(*), "
    "COALESCE(SUM(title IS NOT NULL AND title <> ''), 0), "
    "COALESCE(SUM(byline IS NOT NULL AND byline <> ''), 0), "
    "COALESCE(SUM(lead IS NOT NULL AND lead <> ''), 0), "
    "COALESCE(SUM(body IS NOT NULL AND body <> ''), 0), "
    "COALESCE(SUM(EXISTS(SELECT 1 FROM images i WHERE i.article_id = a.id)), 0), "
    "COALESCE(SUM(published_at IS NOT NULL AND published_at <> ''), 0) "
    "FROM articles a WHERE site = ?1 AND duplicate_of IS NULL AND (?2 IS NULL OR first_run_id = ?2)";

}  // namespace

Result<StoreStats> SqliteStore::ComputeStats() {
  return impl_->Read<StoreStats>("stats", [&] {
    StoreStats stats;
    {
      StmtUse s(impl_->Stmt("SELECT MAX(id) FROM runs"));
      if (s->executeStep()) stats.last_run_id = ColInt(*s, 0);
    }
    std::vector<std::string> sites;
    {
      StmtUse s(impl_->Stmt("SELECT name FROM sites ORDER BY name"));
      while (s->executeStep()) sites.push_back(s->getColumn(0).getString());
    }
    for (const std::string& site : sites) {
      SiteStats st;
      st.site = site;
      {
        StmtUse s(impl_->Stmt(kFillSelect));
        s->bind(1, site);
        s->bind(2);
        s->executeStep();
        st.fill = FillFromRow(*s);
        st.articles = st.fill.articles;
      }
      if (stats.last_run_id) {
        StmtUse s(impl_->Stmt("SELECT COUNT(*) FROM articles WHERE site = ? AND first_run_id = ? AND duplicate_of IS NULL"));
        s->bind(1, site);
        s->bind(2, *stats.last_run_id);
        s->executeStep();
        st.new_in_last_run = s->getColumn(0).getInt64();
      }
      {
        StmtUse s(impl_->Stmt(
            "SELECT (SELECT COUNT(*) FROM articles WHERE site = ?1 AND duplicate_of IS NOT NULL) + "
            "(SELECT COUNT(*) FROM aliases al JOIN articles a ON a.id = al.article_id "
            " WHERE a.site = ?1 AND al.reason = 'content')"));
        s->bind(1, site);
        s->executeStep();
        st.duplicates_merged = s->getColumn(0).getInt64();
      }
      {
        StmtUse s(impl_->Stmt("SELECT COUNT(*) FROM articles WHERE site = ? AND duplicate_of IS NOT NULL"));
        s->bind(1, site);
        s->executeStep();
        st.near_duplicates = s->getColumn(0).getInt64();
      }
      {
        StmtUse s(impl_->Stmt(
            "SELECT error_kind, COUNT(*) FROM fetches WHERE site = ?1 AND error_kind IS NOT NULL "
            "AND (?2 IS NULL OR run_id = ?2) GROUP BY error_kind ORDER BY error_kind"));
        s->bind(1, site);
        BindInt(*s, 2, stats.last_run_id);
        while (s->executeStep()) st.fetch_errors_by_kind[s->getColumn(0).getString()] = s->getColumn(1).getInt64();
      }
      std::vector<std::int64_t> runs;
      {
        StmtUse s(impl_->Stmt(
            "SELECT DISTINCT first_run_id FROM articles WHERE site = ? AND first_run_id IS NOT NULL "
            "AND duplicate_of IS NULL ORDER BY first_run_id DESC LIMIT 2"));
        s->bind(1, site);
        while (s->executeStep()) runs.push_back(s->getColumn(0).getInt64());
      }
      for (std::int64_t run : runs) {
        StmtUse s(impl_->Stmt(kFillSelect));
        s->bind(1, site);
        s->bind(2, run);
        s->executeStep();
        st.recent_runs.push_back({run, FillFromRow(*s)});
      }
      stats.sites.push_back(std::move(st));
    }
    return stats;
  });
}

Result<ReportData> SqliteStore::ComputeReportData(const ReportOptions& options) {
  // One read transaction (unless a write batch is open, which is one already), so a report made
  // during a crawl adds up: its runs, fetches and articles come from the same snapshot.
  const bool own_txn = !impl_->in_txn_;
  if (own_txn) {
    try {
      impl_->db_.exec("BEGIN");
    } catch (const SQLite::Exception& e) {
      return Status::Storage(std::string("report: ") + e.what());
    }
  }
  struct EndRead {
    SqliteStore::Impl& impl;
    bool own;
    ~EndRead() {
      if (!own) return;
      try {
        impl.db_.exec("COMMIT");
      } catch (...) {  // a read-only transaction has nothing to lose
      }
    }
  } end_read{*impl_, own_txn};

  auto stats = ComputeStats();
  if (!stats.ok()) return stats.status();
  return impl_->Read<ReportData>("report", [&] {
    ReportData data;
    data.stats = std::move(*stats);
    data.drifts = LayoutDrifts(data.stats);
    {
      StmtUse s(impl_->Stmt(
          "SELECT id, started_at, ended_at, exit_status, fetched, articles_new, articles_updated, duplicates, "
          "errors FROM runs ORDER BY id"));
      while (s->executeStep()) {
        ReportRun r;
        r.id = s->getColumn(0).getInt64();
        r.started_at = s->getColumn(1).getInt64();
        r.ended_at = ColInt(*s, 2);
        if (auto v = ColInt(*s, 3)) r.exit_status = static_cast<int>(*v);
        r.fetched = ColInt(*s, 4);
        r.articles_new = ColInt(*s, 5);
        r.articles_updated = ColInt(*s, 6);
        r.duplicates = ColInt(*s, 7);
        r.errors = ColInt(*s, 8);
        data.runs.push_back(r);
      }
    }
    // Sites with articles (ComputeStats) and sites only fetched so far, by name.
    std::map<std::string, SiteReport> sites;
    for (const SiteStats& st : data.stats.sites) sites[st.site].site = st.site;
    // Per-run rows, keyed by run id; fetches outside any run count only in the totals.
    std::map<std::string, std::map<std::int64_t, SiteRunReport>> runs;
    {
      // One pass over the fetch log feeds both the status mix and the latency: a GROUP BY over
      // (site, run, status, error) sorts the whole log, which took seconds at a million rows.
      std::map<std::string, std::vector<std::int64_t>> all;
      std::map<std::string, std::map<std::int64_t, std::vector<std::int64_t>>> by_run;
      StmtUse s(impl_->Stmt(
          "SELECT site, run_id, http_status, COALESCE(error_kind, ''), duration_ms FROM fetches WHERE site IS NOT NULL"));
      // Rows of one site and run tend to come together: keep the map entries of the last row.
      std::string site;
      std::optional<std::int64_t> run;
      SiteReport* sr = nullptr;
      SiteRunReport* rr = nullptr;
      std::vector<std::int64_t>* site_ms = nullptr;
      std::vector<std::int64_t>* run_ms = nullptr;
      while (s->executeStep()) {
        const char* name = s->getColumn(0).getText();
        const std::optional<std::int64_t> row_run = ColInt(*s, 1);
        if (sr == nullptr || site != name || run != row_run) {
          site = name;
          run = row_run;
          sr = &sites[site];
          sr->site = site;
          site_ms = &all[site];
          rr = run ? &runs[site][*run] : nullptr;
          run_ms = run ? &by_run[site][*run] : nullptr;
        }
        const int http_status = s->getColumn(2).getInt();
        const char* kind = s->getColumn(3).getText();
        const std::int64_t ms = s->getColumn(4).getInt64();
        sr->status.Add(http_status, kind);
        if (rr != nullptr) rr->status.Add(http_status, kind);
        if (http_status > 0) {  // a timeout's duration is the timeout, not the site's speed
          site_ms->push_back(ms);
          if (run_ms != nullptr) run_ms->push_back(ms);
        }
        ++data.total_fetches;
      }
      for (auto& [name, durations] : all) {
        if (!durations.empty()) sites[name].latency = SummarizeLatency(durations);
      }
      for (auto& [name, per_run] : by_run) {
        for (auto& [id, durations] : per_run) {
          if (!durations.empty()) runs[name][id].latency = SummarizeLatency(durations);
        }
      }
    }
    {
      StmtUse s(impl_->Stmt(
          "SELECT site, first_run_id, COUNT(*) FROM articles WHERE duplicate_of IS NULL AND first_run_id IS NOT NULL "
          "GROUP BY site, first_run_id"));
      while (s->executeStep()) {
        runs[s->getColumn(0).getString()][s->getColumn(1).getInt64()].articles_new = s->getColumn(2).getInt64();
      }
    }
    for (auto& [name, sr] : sites) {
      {
        StmtUse s(impl_->Stmt(
            "SELECT first_seen / 86400, COUNT(*) FROM articles WHERE site = ? AND duplicate_of IS NULL "
            "GROUP BY 1 ORDER BY 1"));
        s->bind(1, name);
        while (s->executeStep()) sr.articles_per_day.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64()});
      }
      {
        StmtUse s(impl_->Stmt(
            "SELECT id, COALESCE(title, ''), COALESCE(lead, ''), COALESCE(NULLIF(canonical_url, ''), url, ''), "
            "published_at, first_seen FROM articles WHERE site = ? AND duplicate_of IS NULL "
            "ORDER BY first_seen DESC, id DESC LIMIT ?"));
        s->bind(1, name);
        s->bind(2, std::max(0, options.latest_per_site));
        while (s->executeStep()) {
          sr.latest.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                               s->getColumn(3).getString(), ColText(*s, 4), s->getColumn(5).getInt64()});
        }
      }
      for (auto& [run, row] : runs[name]) {
        row.run_id = run;
        sr.runs.push_back(std::move(row));
      }
      data.sites.push_back(std::move(sr));
    }
    return data;
  });
}

Status SqliteStore::Flush() { return impl_->Flush(); }
Status SqliteStore::MaybeFlush() { return impl_->MaybeFlush(); }

// --- Frontier -------------------------------------------------------------------------------

Result<bool> SqliteStore::Enqueue(const UrlEntry& e) {
  if (e.url.empty() || e.site.empty()) return Status::InvalidArgument("Enqueue needs a URL and a site");
  return impl_->Write<bool>("enqueue", [&] {
    impl_->EnsureSite(e.site, e.next_fetch_at);
    StmtUse s(impl_->Stmt(
        "INSERT OR IGNORE INTO urls(url, site, kind, priority, published_at, depth, discovered_from, "
        "status, attempts, next_fetch_at) VALUES(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)"));
    s->bind(1, e.url);
    s->bind(2, e.site);
    s->bind(3, std::string(UrlKindName(e.kind)));
    s->bind(4, e.priority);
    BindInt(*s, 5, e.published_at);
    s->bind(6, e.depth);
    BindText(*s, 7, e.discovered_from);
    s->bind(8, e.next_fetch_at);
    return s->exec() == 1;
  });
}

Result<bool> SqliteStore::Reschedule(std::string_view url, std::int64_t at) {
  return impl_->Write<bool>("reschedule", [&] {
    StmtUse s(impl_->Stmt(
        "UPDATE urls SET status = CASE WHEN status = 'in_progress' THEN status ELSE 'pending' END, "
        "next_fetch_at = CASE WHEN status = 'in_progress' THEN next_fetch_at ELSE ? END WHERE url = ?"));
    s->bind(1, at);
    s->bind(2, std::string(url));
    return s->exec() == 1;
  });
}

Result<std::optional<UrlEntry>> SqliteStore::Next(std::int64_t now, const std::vector<std::string>& sites) {
  return impl_->Write<std::optional<UrlEntry>>("next url", [&] {
    std::optional<UrlEntry> e;
    {
      // The WHERE repeats the partial index's condition so SQLite can walk urls_ready in order.
      std::string sql = std::string("SELECT ") + kUrlColumns +
                        " FROM urls INDEXED BY urls_ready WHERE status IN ('pending', 'failed', 'done') "
                        "AND next_fetch_at IS NOT NULL AND next_fetch_at <= ?";
      if (!sites.empty()) {
        sql += " AND site IN (?";
        for (std::size_t i = 1; i < sites.size(); ++i) sql += ", ?";
        sql += ")";
      }
      sql += " ORDER BY priority DESC, published_at DESC, next_fetch_at LIMIT 1";
      StmtUse s(impl_->Stmt(sql));
      s->bind(1, now);
      for (std::size_t i = 0; i < sites.size(); ++i) s->bind(static_cast<int>(i + 2), sites[i]);
      if (!s->executeStep()) return e;
      e = Impl::UrlFromRow(*s);
    }
    StmtUse u(impl_->Stmt("UPDATE urls SET status = 'in_progress' WHERE url = ?"));
    u->bind(1, e->url);
    u->exec();
    e->status = UrlStatus::kInProgress;
    return e;
  });
}

Status SqliteStore::MarkDone(std::string_view url, const Validators& v, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->Write<bool>("mark done", [&] {
    StmtUse s(impl_->Stmt(
        "UPDATE urls SET status = 'done', next_fetch_at = ?, etag = ?, last_modified = ?, attempts = 0, "
        "last_error = NULL WHERE url = ?"));
    BindInt(*s, 1, recheck_at);
    BindText(*s, 2, v.etag);
    BindText(*s, 3, v.last_modified);
    s->bind(4, std::string(url));
    return s->exec() == 1;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  // A URL's work ends here, so this is a consistent point to commit a full batch.
  return impl_->MaybeFlush();
}

Status SqliteStore::MarkUnchanged(std::string_view url, std::int64_t seen_at, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->Write<bool>("mark unchanged", [&] {
    StmtUse s(impl_->Stmt("UPDATE urls SET status = 'done', next_fetch_at = ?, attempts = 0, last_error = NULL WHERE url = ?"));
    BindInt(*s, 1, recheck_at);
    s->bind(2, std::string(url));
    const bool known = s->exec() == 1;
    if (std::optional<std::int64_t> id = impl_->AliasTarget(url)) impl_->TouchSeen(*id, seen_at);
    return known;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return impl_->MaybeFlush();
}

Status SqliteStore::MarkFailed(std::string_view url, std::string_view error, std::optional<std::int64_t> retry_at) {
  auto r = impl_->Write<bool>("mark failed", [&] {
    StmtUse s(impl_->Stmt(
        "UPDATE urls SET status = ?, next_fetch_at = ?, attempts = attempts + 1, last_error = ? WHERE url = ?"));
    s->bind(1, retry_at ? "failed" : "gone");
    BindInt(*s, 2, retry_at);
    s->bind(3, std::string(error));
    s->bind(4, std::string(url));
    return s->exec() == 1;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return impl_->MaybeFlush();
}

Result<bool> SqliteStore::HasPending() {
  return impl_->Read<bool>("has pending", [&] {
    StmtUse s(impl_->Stmt("SELECT EXISTS(SELECT 1 FROM urls WHERE status IN ('pending', 'in_progress', 'failed'))"));
    s->executeStep();
    return s->getColumn(0).getInt() != 0;
  });
}

Result<std::optional<std::int64_t>> SqliteStore::NextDueAt() {
  return impl_->Read<std::optional<std::int64_t>>("next due", [&] {
    StmtUse s(impl_->Stmt("SELECT MIN(next_fetch_at) FROM urls WHERE status IN ('pending', 'failed')"));
    s->executeStep();
    return ColInt(*s, 0);
  });
}

Result<std::int64_t> SqliteStore::ResetInProgress() {
  auto r = impl_->Write<std::int64_t>("reset in progress", [&] {
    StmtUse s(impl_->Stmt("UPDATE urls SET status = 'pending', next_fetch_at = COALESCE(next_fetch_at, 0) WHERE status = 'in_progress'"));
    return static_cast<std::int64_t>(s->exec());
  });
  if (!r.ok()) return r;
  if (Status s = impl_->Flush(); !s.ok()) return s;
  return r;
}

Result<std::optional<UrlEntry>> SqliteStore::GetUrl(std::string_view url) {
  return impl_->Read<std::optional<UrlEntry>>("get url", [&] {
    StmtUse s(impl_->Stmt(std::string("SELECT ") + kUrlColumns + " FROM urls WHERE url = ?"));
    s->bind(1, std::string(url));
    std::optional<UrlEntry> e;
    if (s->executeStep()) e = Impl::UrlFromRow(*s);
    return e;
  });
}

Result<std::map<UrlStatus, std::int64_t>> SqliteStore::CountByStatus() {
  return impl_->Read<std::map<UrlStatus, std::int64_t>>("count urls", [&] {
    std::map<UrlStatus, std::int64_t> out;
    StmtUse s(impl_->Stmt("SELECT status, COUNT(*) FROM urls GROUP BY status"));
    while (s->executeStep()) {
      if (auto st = UrlStatusFromName(s->getColumn(0).getString())) out[*st] = s->getColumn(1).getInt64();
    }
    return out;
  });
}

}  // namespace newscrawl
