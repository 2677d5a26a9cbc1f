// SqliteStore's frontier part: the urls table (one row per canonical URL: status, next fetch
// time, validators, attempts). A finished URL is a consistent point to commit a full batch.
#include "common/record_codec.h"
#include "newscrawl/store/sqlite_store.h"
#include "sqlite_store_impl.h"

namespace newscrawl {

using store::SqliteRow;
using store::StmtUse;

Result<bool> SqliteStore::Enqueue(const UrlEntry& e) {
  if (e.url.empty() || e.site.empty()) return Status::InvalidArgument("Enqueue needs a URL and a site");
  return impl_->session.Write<bool>("enqueue", [&] {
    impl_->rows.EnsureSite(e.site, e.next_fetch_at);
    StmtUse s(impl_->session.Stmt(
        "INSERT OR IGNORE INTO urls(url, site, kind, priority, published_at, depth, discovered_from, "
        "status, attempts, next_fetch_at) VALUES(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)"));
    s->bind(1, e.url);
    s->bind(2, e.site);
    s->bind(3, std::string(UrlKindName(e.kind)));
    s->bind(4, e.priority);
    store::BindInt(*s, 5, e.published_at);
    s->bind(6, e.depth);
    store::BindText(*s, 7, e.discovered_from);
    s->bind(8, e.next_fetch_at);
    return s->exec() == 1;
  });
}

Result<bool> SqliteStore::Reschedule(std::string_view url, std::int64_t at) {
  return impl_->session.Write<bool>("reschedule", [&] {
    StmtUse s(impl_->session.Stmt(
        "UPDATE urls SET status = CASE WHEN status = 'in_progress' THEN status ELSE 'pending' END, "
        "next_fetch_at = CASE WHEN status = 'in_progress' THEN next_fetch_at ELSE ? END WHERE url = ?"));
    s->bind(1, at);
    s->bind(2, std::string(url));
    return s->exec() == 1;
  });
}

namespace {

// The WHERE repeats the partial index's condition so SQLite can walk urls_ready in order.
std::string NextUrlSql(std::size_t sites) {
  std::string sql = std::string("SELECT ") + store::kUrlColumns +
                    " FROM urls INDEXED BY urls_ready WHERE status IN ('pending', 'failed', 'done') "
                    "AND next_fetch_at IS NOT NULL AND next_fetch_at <= ?";
  if (sites > 0) {
    sql += " AND site IN (?";
    for (std::size_t i = 1; i < sites; ++i) sql += ", ?";
    sql += ")";
  }
  sql += " ORDER BY priority DESC, published_at DESC, next_fetch_at LIMIT 1";
  return sql;
}

}  // namespace

Result<std::optional<UrlEntry>> SqliteStore::Next(std::int64_t now, const std::vector<std::string>& sites) {
  return impl_->session.Write<std::optional<UrlEntry>>("next url", [&] {
    std::optional<UrlEntry> e;
    {
      StmtUse s(impl_->session.Stmt(NextUrlSql(sites.size())));
      s->bind(1, now);
      for (std::size_t i = 0; i < sites.size(); ++i) s->bind(static_cast<int>(i + 2), sites[i]);
      if (!s->executeStep()) return e;
      e = store::UrlFromRow(SqliteRow{*s});
    }
    StmtUse u(impl_->session.Stmt("UPDATE urls SET status = 'in_progress' WHERE url = ?"));
    u->bind(1, e->url);
    u->exec();
    e->status = UrlStatus::kInProgress;
    return e;
  });
}

namespace {

// The result of a Mark* write: NotFound for a URL the frontier does not have, else a batch
// commit if one is due.
Status AfterMark(const Result<bool>& known, std::string_view url, store::SqliteSession& db) {
  if (!known.ok()) return known.status();
  if (!*known) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return db.MaybeFlush();
}

}  // namespace

Status SqliteStore::MarkDone(std::string_view url, const Validators& v, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->session.Write<bool>("mark done", [&] {
    StmtUse s(impl_->session.Stmt(
        "UPDATE urls SET status = 'done', next_fetch_at = ?, etag = ?, last_modified = ?, attempts = 0, "
        "last_error = NULL WHERE url = ?"));
    store::BindInt(*s, 1, recheck_at);
    store::BindText(*s, 2, v.etag);
    store::BindText(*s, 3, v.last_modified);
    s->bind(4, std::string(url));
    return s->exec() == 1;
  });
  return AfterMark(r, url, impl_->session);
}

Status SqliteStore::MarkUnchanged(std::string_view url, std::int64_t seen_at, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->session.Write<bool>("mark unchanged", [&] {
    StmtUse s(impl_->session.Stmt(
        "UPDATE urls SET status = 'done', next_fetch_at = ?, attempts = 0, last_error = NULL WHERE url = ?"));
    store::BindInt(*s, 1, recheck_at);
    s->bind(2, std::string(url));
    const bool known = s->exec() == 1;
    if (std::optional<std::int64_t> id = impl_->rows.AliasTarget(url)) impl_->rows.TouchSeen(*id, seen_at);
    return known;
  });
  return AfterMark(r, url, impl_->session);
}

Status SqliteStore::MarkFailed(std::string_view url, std::string_view error, std::optional<std::int64_t> retry_at) {
  auto r = impl_->session.Write<bool>("mark failed", [&] {
    StmtUse s(impl_->session.Stmt(
        "UPDATE urls SET status = ?, next_fetch_at = ?, attempts = attempts + 1, last_error = ? WHERE url = ?"));
    s->bind(1, retry_at ? "failed" : "gone");
    store::BindInt(*s, 2, retry_at);
    s->bind(3, std::string(error));
    s->bind(4, std::string(url));
    return s->exec() == 1;
  });
  return AfterMark(r, url, impl_->session);
}

Result<bool> SqliteStore::HasPending() {
  return impl_->session.Read<bool>("has pending", [&] {
    StmtUse s(impl_->session.Stmt(
        "SELECT EXISTS(SELECT 1 FROM urls WHERE status IN ('pending', 'in_progress', 'failed'))"));
    s->executeStep();
    return s->getColumn(0).getInt() != 0;
  });
}

Result<std::optional<std::int64_t>> SqliteStore::NextDueAt() {
  return impl_->session.Read<std::optional<std::int64_t>>("next due", [&] {
    StmtUse s(impl_->session.Stmt("SELECT MIN(next_fetch_at) FROM urls WHERE status IN ('pending', 'failed')"));
    s->executeStep();
    return SqliteRow{*s}.OptInt(0);
  });
}

Result<std::int64_t> SqliteStore::ResetInProgress() {
  auto r = impl_->session.Write<std::int64_t>("reset in progress", [&] {
    StmtUse s(impl_->session.Stmt(
        "UPDATE urls SET status = 'pending', next_fetch_at = COALESCE(next_fetch_at, 0) WHERE status = 'in_progress'"));
    return static_cast<std::int64_t>(s->exec());
  });
  if (!r.ok()) return r;
  if (Status s = impl_->session.Flush(); !s.ok()) return s;
  return r;
}

Result<std::optional<UrlEntry>> SqliteStore::GetUrl(std::string_view url) {
  return impl_->session.Read<std::optional<UrlEntry>>("get url", [&] {
    StmtUse s(impl_->session.Stmt(std::string("SELECT ") + store::kUrlColumns + " FROM urls WHERE url = ?"));
    s->bind(1, std::string(url));
    std::optional<UrlEntry> e;
    if (s->executeStep()) e = store::UrlFromRow(SqliteRow{*s});
    return e;
  });
}

Result<Validators> SqliteStore::GetValidators(std::string_view url) {
  return impl_->session.Read<Validators>("get validators", [&] {
    StmtUse s(impl_->session.Stmt("SELECT etag, last_modified FROM urls WHERE url = ?"));
    s->bind(1, std::string(url));
    Validators v;
    if (s->executeStep()) {
      v.etag = SqliteRow{*s}.OptText(0);
      v.last_modified = SqliteRow{*s}.OptText(1);
    }
    return v;
  });
}

Result<std::map<UrlStatus, std::int64_t>> SqliteStore::CountByStatus() {
  return impl_->session.Read<std::map<UrlStatus, std::int64_t>>("count urls", [&] {
    std::map<UrlStatus, std::int64_t> out;
    StmtUse s(impl_->session.Stmt("SELECT status, COUNT(*) FROM urls GROUP BY status"));
    while (s->executeStep()) {
      if (auto st = UrlStatusFromName(s->getColumn(0).getString())) out[*st] = s->getColumn(1).getInt64();
    }
    return out;
  });
}

}  // namespace newscrawl
