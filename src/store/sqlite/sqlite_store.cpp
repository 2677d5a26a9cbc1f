// SqliteStore's database part: opening (pragmas, migrations, the one-time recheck of old
// near-duplicate links), the batch commits, and the dedup index's facade methods.
#include "newscrawl/store/sqlite_store.h"

#include <SQLiteCpp/Exception.h>

#include <ctime>
#include <filesystem>

#include "common/record_codec.h"
#include "migrations.h"
#include "newscrawl/core/log.h"
#include "sqlite_store_impl.h"

namespace newscrawl {

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

int SqliteStore::SchemaVersion() { return static_cast<int>(store::SchemaMigrations().size()); }

namespace {

Result<SQLite::Database> OpenConnection(const std::string& path, const SqliteStoreOptions& options) {
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
  return db;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const SqliteStoreOptions& options) {
  if (!options.create_if_missing && path != ":memory:" && !std::filesystem::exists(path)) {
    return Status::NotFound("database " + path + " does not exist");
  }
  try {
    auto db = OpenConnection(path, options);
    if (!db.ok()) return db.status();
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::make_unique<Impl>(std::move(*db), options)));
    // A database written before decisions were recorded (or under an older rule) has links the
    // current rule may reject: re-decide them once, here, so no command shows the old links.
    if (!store->impl_->session.dedup().NeedsRecheck()) return store;
    auto report = store->RecheckNearDuplicates(/*all=*/false, static_cast<std::int64_t>(std::time(nullptr)));
    if (!report.ok()) return report.status();
    Logger("store")->warn(
        "near-duplicate links re-decided under rule v{}: {} articles indexed, {} links checked, {} kept, {} "
        "relinked, {} unlinked",
        kNearDuplicateRuleVersion, report->indexed, report->checked, report->kept, report->relinked,
        report->unlinked);
    return store;
  } catch (const SQLite::Exception& e) {
    return Status::Storage("cannot open database " + path + ": " + e.what());
  }
}

Result<DedupRecheckReport> SqliteStore::RecheckNearDuplicates(bool all, std::int64_t now) {
  store::SqliteSession& db = impl_->session;
  auto r = db.Write<DedupRecheckReport>("recheck near duplicates", [&] {
    return db.dedup().Recheck(all, now, [&] {
      // Commit as it goes: a large database's migration must not be one huge transaction.
      db.database().exec("RELEASE op");
      db.database().exec("COMMIT");
      db.database().exec("BEGIN IMMEDIATE");
      db.database().exec("SAVEPOINT op");
    });
  });
  if (!r.ok()) return r;
  if (Status s = db.Flush(); !s.ok()) return s;
  return r;
}

std::size_t SqliteStore::DedupRunCount() { return impl_->session.dedup().RunCount(); }

Result<std::vector<DedupLinkInfo>> SqliteStore::ListDuplicateLinks(const std::optional<std::string>& site) {
  return impl_->session.Read<std::vector<DedupLinkInfo>>("list duplicate links",
                                                          [&] { return impl_->session.dedup().Links(site); });
}

Status SqliteStore::IntegrityCheck() {
  return store::StatusOf(impl_->session.Read<bool>("integrity_check", [&] {
    SQLite::Statement s(impl_->session.database(), "PRAGMA integrity_check");
    std::string report;
    while (s.executeStep()) report += s.getColumn(0).getString() + "\n";
    if (report != "ok\n") throw SQLite::Exception("integrity_check: " + report);
    return true;
  }));
}

Status SqliteStore::Flush() { return impl_->session.Flush(); }
Status SqliteStore::MaybeFlush() { return impl_->session.MaybeFlush(); }

}  // namespace newscrawl
