// SqliteStore's runs part: run rows and the fetch log.
#include "newscrawl/store/sqlite_store.h"
#include "common/record_codec.h"
#include "sqlite_store_impl.h"

namespace newscrawl {

using store::StmtUse;

Result<std::int64_t> SqliteStore::BeginRun(std::int64_t started_at) {
  store::SqliteSession& db = impl_->session;
  auto r = db.Write<std::int64_t>("begin run", [&] {
    StmtUse s(db.Stmt("INSERT INTO runs(started_at) VALUES(?)"));
    s->bind(1, started_at);
    s->exec();
    return db.database().getLastInsertRowid();
  });
  if (!r.ok()) return r;
  db.set_run_id(*r);
  if (Status s = db.Flush(); !s.ok()) return s;
  return r;
}

Status SqliteStore::EndRun(const RunSummary& summary) {
  store::SqliteSession& db = impl_->session;
  if (!db.run_id()) return Status::InvalidArgument("EndRun without BeginRun");
  auto r = db.Write<bool>("end run", [&] {
    StmtUse s(db.Stmt(
        "UPDATE runs SET ended_at=?, exit_status=?, fetched=?, articles_new=?, articles_updated=?, "
        "duplicates=?, errors=? WHERE id=?"));
    s->bind(1, summary.ended_at);
    s->bind(2, summary.exit_status);
    s->bind(3, summary.fetched);
    s->bind(4, summary.articles_new);
    s->bind(5, summary.articles_updated);
    s->bind(6, summary.duplicates);
    s->bind(7, summary.errors);
    s->bind(8, *db.run_id());
    s->exec();
    return true;
  });
  if (!r.ok()) return r.status();
  db.set_run_id(std::nullopt);
  return db.Flush();
}

Status SqliteStore::RecordFetch(const FetchLogEntry& e) {
  store::SqliteSession& db = impl_->session;
  return store::StatusOf(db.Write<bool>("record fetch", [&] {
    StmtUse s(db.Stmt(
        "INSERT INTO fetches(run_id, url, site, fetched_at, http_status, bytes, duration_ms, "
        "error_kind, error_message) VALUES(?,?,?,?,?,?,?,?,?)"));
    store::BindInt(*s, 1, db.run_id());
    s->bind(2, e.url);
    s->bind(3, e.site);
    s->bind(4, e.fetched_at);
    s->bind(5, e.http_status);
    s->bind(6, e.bytes);
    s->bind(7, e.duration_ms);
    store::BindText(*s, 8, e.error ? std::optional<std::string>(std::string(ErrorKindName(*e.error))) : std::nullopt);
    store::BindText(*s, 9, e.error_message.empty() ? std::nullopt : std::optional<std::string>(e.error_message));
    s->exec();
    return true;
  }));
}

}  // namespace newscrawl
