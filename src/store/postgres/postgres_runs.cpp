// PostgresStore's runs part: run rows (one per worker's run, named by the worker) and the
// fetch log.
#include "common/record_codec.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {

using pg::Params;

Result<std::int64_t> PostgresStore::BeginRun(std::int64_t started_at) {
  pg::PgSession& db = impl_->session;
  auto r = db.Write<std::int64_t>("begin run", [&] {
    return db.Exec("INSERT INTO runs(started_at, worker) VALUES($1, $2) RETURNING id",
                   Params().Add(started_at).Add(db.options().worker))
        .Int(0, 0);
  });
  if (r.ok()) db.set_run_id(*r);
  return r;
}

Status PostgresStore::EndRun(const RunSummary& summary) {
  pg::PgSession& db = impl_->session;
  if (!db.run_id()) return Status::InvalidArgument("EndRun without BeginRun");
  auto r = db.Write<bool>("end run", [&] {
    db.Exec(
        "UPDATE runs SET ended_at=$1, exit_status=$2, fetched=$3, articles_new=$4, articles_updated=$5, "
        "duplicates=$6, errors=$7 WHERE id=$8",
        Params()
            .Add(summary.ended_at)
            .Add(summary.exit_status)
            .Add(summary.fetched)
            .Add(summary.articles_new)
            .Add(summary.articles_updated)
            .Add(summary.duplicates)
            .Add(summary.errors)
            .Add(*db.run_id()));
    return true;
  });
  if (!r.ok()) return r.status();
  db.set_run_id(std::nullopt);
  return Status::Ok();
}

Status PostgresStore::RecordFetch(const FetchLogEntry& e) {
  pg::PgSession& db = impl_->session;
  return store::StatusOf(db.Write<bool>("record fetch", [&] {
    db.Exec(
        "INSERT INTO fetches(run_id, url, site, fetched_at, http_status, bytes, duration_ms, error_kind, "
        "error_message) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
        Params()
            .Add(db.run_id())
            .Add(e.url)
            .Add(e.site)
            .Add(e.fetched_at)
            .Add(e.http_status)
            .Add(e.bytes)
            .Add(e.duration_ms)
            .Add(e.error ? std::optional<std::string>(std::string(ErrorKindName(*e.error))) : std::nullopt)
            .Add(e.error_message.empty() ? std::nullopt : std::optional<std::string>(e.error_message)));
    return true;
  }));
}

}  // namespace newscrawl
