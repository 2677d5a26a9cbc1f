// PostgresStore's frontier part: the urls table shared by every worker. A URL is claimed by
// one worker (claimed_by) for a site whose lease it holds (pg_host_leases.h).
#include "common/record_codec.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {

using pg::Params;
using pg::PgRow;
using pg::Rows;

Result<bool> PostgresStore::Enqueue(const UrlEntry& e) {
  if (e.url.empty() || e.site.empty()) return Status::InvalidArgument("Enqueue needs a URL and a site");
  return impl_->session.Write<bool>("enqueue", [&] {
    impl_->rows.EnsureSite(e.site, e.next_fetch_at);
    return impl_->session
               .Exec("INSERT INTO urls(url, site, kind, priority, published_at, depth, discovered_from, status, attempts, "
                     "next_fetch_at) VALUES($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8) ON CONFLICT (url) DO NOTHING",
                     Params()
                         .Add(e.url)
                         .Add(e.site)
                         .Add(UrlKindName(e.kind))
                         .Add(e.priority)
                         .Add(e.published_at)
                         .Add(e.depth)
                         .Add(e.discovered_from)
                         .Add(e.next_fetch_at))
               .Affected() == 1;
  });
}

Result<bool> PostgresStore::Reschedule(std::string_view url, std::int64_t at) {
  return impl_->session.Write<bool>("reschedule", [&] {
    return impl_->session
               .Exec("UPDATE urls SET status = CASE WHEN status = 'in_progress' THEN status ELSE 'pending' END, "
                     "next_fetch_at = CASE WHEN status = 'in_progress' THEN next_fetch_at ELSE $1::bigint END WHERE url = $2",
                     Params().Add(at).Add(url))
               .Affected() == 1;
  });
}

namespace {

// The claim statement over `sites` ($4...). SKIP LOCKED: a row another transaction is claiming
// right now is passed over, not waited for. An in-progress URL claimed by another worker on a
// site whose lease we hold was left by a worker that died (a live one would still hold the lease).
std::string ClaimSql(std::size_t sites) {
  std::string sql =
      "WITH c AS (SELECT url FROM urls WHERE ((status IN ('pending', 'failed', 'done') "
      "AND next_fetch_at IS NOT NULL AND next_fetch_at <= $1) OR (status = 'in_progress' AND "
      "claimed_by IS DISTINCT FROM $3)) AND site IN (";
  for (std::size_t i = 0; i < sites; ++i) sql += (i ? ", $" : "$") + std::to_string(i + 4);
  sql += ") ORDER BY priority DESC, published_at DESC NULLS LAST, next_fetch_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
         "UPDATE urls u SET status = 'in_progress', claimed_until = $2, claimed_by = $3 FROM c WHERE u.url = c.url "
         "RETURNING ";
  for (std::string_view col : {"url", "site", "kind", "priority", "published_at", "depth", "discovered_from", "status",
                               "attempts", "next_fetch_at", "etag", "last_modified", "last_error"}) {
    if (col != "url") sql += ", ";
    sql += "u.";
    sql += col;
  }
  return sql;
}

}  // namespace

// One claim query over the sites this worker holds; when it finds nothing, the leases are
// scanned (free sites with work taken, idle ones given back) and the query runs once more.
Result<std::optional<UrlEntry>> PostgresStore::Next(std::int64_t now, const std::vector<std::string>& sites) {
  pg::PgSession& db = impl_->session;
  auto claim = [&](const std::vector<std::string>& ready) {
    return db.Write<std::optional<UrlEntry>>("next url", [&] {
      std::optional<UrlEntry> e;
      if (ready.empty()) return e;
      Params p;
      p.Add(now).Add(now + db.options().url_claim_s).Add(db.options().worker);
      for (const std::string& site : ready) p.Add(site);
      Rows r = db.Exec(ClaimSql(ready.size()), p);
      if (!r.empty()) e = store::UrlFromRow(PgRow{r, 0});
      return e;
    });
  };
  auto first = claim(impl_->leases.ReadySites(sites));
  if (!first.ok() || first->has_value()) return first;
  auto scanned = db.Read<bool>("host leases", [&] {
    impl_->leases.Scan(sites, now);
    return true;
  });
  if (!scanned.ok()) return scanned.status();
  return claim(impl_->leases.ReadySites(sites));
}

Result<std::optional<std::int64_t>> PostgresStore::HeldBackRetryMs(const std::vector<std::string>& sites) {
  return impl_->leases.RetryMs(sites);
}

namespace {

// The result of a Mark* write: NotFound for a URL the frontier does not have.
Status AfterMark(const Result<bool>& known, std::string_view url) {
  if (!known.ok()) return known.status();
  if (!*known) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return Status::Ok();
}

}  // namespace

Status PostgresStore::MarkDone(std::string_view url, const Validators& v, std::optional<std::int64_t> recheck_at) {
  return AfterMark(impl_->session.Write<bool>("mark done", [&] {
    return impl_->session
               .Exec("UPDATE urls SET status = 'done', next_fetch_at = $1, etag = $2, last_modified = $3, attempts = 0, "
                     "last_error = NULL, claimed_until = NULL, claimed_by = NULL WHERE url = $4",
                     Params().Add(recheck_at).Add(v.etag).Add(v.last_modified).Add(url))
               .Affected() == 1;
  }), url);
}

Status PostgresStore::MarkUnchanged(std::string_view url, std::int64_t seen_at, std::optional<std::int64_t> recheck_at) {
  return AfterMark(impl_->session.Write<bool>("mark unchanged", [&] {
    const bool known = impl_->session
                           .Exec("UPDATE urls SET status = 'done', next_fetch_at = $1, attempts = 0, last_error = NULL, "
                                 "claimed_until = NULL, claimed_by = NULL WHERE url = $2",
                                 Params().Add(recheck_at).Add(url))
                           .Affected() == 1;
    if (std::optional<std::int64_t> id = impl_->rows.AliasTarget(url)) impl_->rows.TouchSeen(*id, seen_at);
    return known;
  }), url);
}

Status PostgresStore::MarkFailed(std::string_view url, std::string_view error, std::optional<std::int64_t> retry_at) {
  return AfterMark(impl_->session.Write<bool>("mark failed", [&] {
    return impl_->session
               .Exec("UPDATE urls SET status = $1, next_fetch_at = $2, attempts = attempts + 1, last_error = $3, "
                     "claimed_until = NULL, claimed_by = NULL WHERE url = $4",
                     Params().Add(retry_at ? "failed" : "gone").Add(retry_at).Add(error).Add(url))
               .Affected() == 1;
  }), url);
}

Result<bool> PostgresStore::HasPending() {
  return impl_->session.Read<bool>("has pending", [&] {
    return impl_->session.Exec("SELECT EXISTS(SELECT 1 FROM urls WHERE status IN ('pending', 'in_progress', 'failed'))")
               .Text(0, 0) == "t";
  });
}

Result<std::optional<std::int64_t>> PostgresStore::NextDueAt() {
  return impl_->session.Read<std::optional<std::int64_t>>("next due", [&] {
    return impl_->session.Exec("SELECT MIN(next_fetch_at) FROM urls WHERE status IN ('pending', 'failed')").OptInt(0, 0);
  });
}

Result<std::int64_t> PostgresStore::ResetInProgress() {
  // Only this worker's own claims (taken but not fetched: budgets, a stop). A dead worker's
  // claims go back through the host lease (Next), never from here: a live worker's claims may
  // be older than any timeout while they wait in its queue.
  return impl_->session.Write<std::int64_t>("reset in progress", [&] {
    return impl_->session
        .Exec("UPDATE urls SET status = 'pending', next_fetch_at = COALESCE(next_fetch_at, 0), claimed_until = NULL, "
              "claimed_by = NULL WHERE status = 'in_progress' AND claimed_by = $1",
              Params().Add(impl_->session.options().worker))
        .Affected();
  });
}

Result<std::optional<UrlEntry>> PostgresStore::GetUrl(std::string_view url) {
  return impl_->session.Read<std::optional<UrlEntry>>("get url", [&] {
    Rows r = impl_->session.Exec(std::string("SELECT ") + store::kUrlColumns + " FROM urls WHERE url = $1",
                                 Params().Add(url));
    std::optional<UrlEntry> e;
    if (!r.empty()) e = store::UrlFromRow(PgRow{r, 0});
    return e;
  });
}

Result<Validators> PostgresStore::GetValidators(std::string_view url) {
  return impl_->session.Read<Validators>("get validators", [&] {
    Rows r = impl_->session.Exec("SELECT etag, last_modified FROM urls WHERE url = $1", Params().Add(url));
    Validators v;
    if (!r.empty()) {
      v.etag = r.OptText(0, 0);
      v.last_modified = r.OptText(0, 1);
    }
    return v;
  });
}

Result<std::map<UrlStatus, std::int64_t>> PostgresStore::CountByStatus() {
  return impl_->session.Read<std::map<UrlStatus, std::int64_t>>("count urls", [&] {
    std::map<UrlStatus, std::int64_t> out;
    Rows r = impl_->session.Exec("SELECT status, COUNT(*) FROM urls GROUP BY status");
    for (int i = 0; i < r.size(); ++i) {
      if (auto st = UrlStatusFromName(r.Text(i, 0))) out[*st] = r.Int(i, 1);
    }
    return out;
  });
}

}  // namespace newscrawl
