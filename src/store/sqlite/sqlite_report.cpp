// SqliteStore's stats and report part: the queries behind common/report_builder.h, and the
// read transaction that makes a report one snapshot.
#include <SQLiteCpp/Exception.h>

#include "common/record_codec.h"
#include "common/report_builder.h"
#include "newscrawl/store/sqlite_store.h"
#include "sqlite_store_impl.h"

namespace newscrawl {
namespace {

using store::SqliteRow;
using store::StmtUse;

constexpr const char* kFillSelect =
    "SELECT COUNT(*), "
    "COALESCE(SUM(title IS NOT NULL AND title <> ''), 0), "
    "COALESCE(SUM(byline IS NOT NULL AND byline <> ''), 0), "
    "COALESCE(SUM(lead IS NOT NULL AND lead <> ''), 0), "
    "COALESCE(SUM(body IS NOT NULL AND body <> ''), 0), "
    "COALESCE(SUM(EXISTS(SELECT 1 FROM images i WHERE i.article_id = a.id)), 0), "
    "COALESCE(SUM(published_at IS NOT NULL AND published_at <> ''), 0) "
    "FROM articles a WHERE site = ?1 AND duplicate_of IS NULL AND (?2 IS NULL OR first_run_id = ?2)";

class SqliteReportRows final : public store::StatsRows, public store::ReportRows {
 public:
  explicit SqliteReportRows(store::SqliteSession& db) : db_(db) {}

  std::optional<std::int64_t> LastRunId() override {
    StmtUse s(db_.Stmt("SELECT MAX(id) FROM runs"));
    if (!s->executeStep()) return std::nullopt;
    return SqliteRow{*s}.OptInt(0);
  }

  std::vector<std::string> SiteNames() override {
    std::vector<std::string> sites;
    StmtUse s(db_.Stmt("SELECT name FROM sites ORDER BY name"));
    while (s->executeStep()) sites.push_back(s->getColumn(0).getString());
    return sites;
  }

  FillCounts Fill(const std::string& site, std::optional<std::int64_t> first_run) override {
    StmtUse s(db_.Stmt(kFillSelect));
    s->bind(1, site);
    store::BindInt(*s, 2, first_run);
    s->executeStep();
    FillCounts counts;
    counts.articles = s->getColumn(0).getInt64();
    for (std::size_t i = 0; i < FillRateFields().size(); ++i) {
      counts.filled.push_back(s->getColumn(static_cast<int>(i + 1)).getInt64());
    }
    return counts;
  }

  std::int64_t NewInRun(const std::string& site, std::int64_t run) override {
    StmtUse s(db_.Stmt("SELECT COUNT(*) FROM articles WHERE site = ? AND first_run_id = ? AND duplicate_of IS NULL"));
    s->bind(1, site);
    s->bind(2, run);
    s->executeStep();
    return s->getColumn(0).getInt64();
  }

  std::int64_t DuplicatesMerged(const std::string& site) override {
    StmtUse s(db_.Stmt(
        "SELECT (SELECT COUNT(*) FROM articles WHERE site = ?1 AND duplicate_of IS NOT NULL) + "
        "(SELECT COUNT(*) FROM aliases al JOIN articles a ON a.id = al.article_id "
        " WHERE a.site = ?1 AND al.reason = 'content')"));
    s->bind(1, site);
    s->executeStep();
    return s->getColumn(0).getInt64();
  }

  std::int64_t NearDuplicates(const std::string& site) override {
    StmtUse s(db_.Stmt("SELECT COUNT(*) FROM articles WHERE site = ? AND duplicate_of IS NOT NULL"));
    s->bind(1, site);
    s->executeStep();
    return s->getColumn(0).getInt64();
  }

  std::map<std::string, std::int64_t> FetchErrorsByKind(const std::string& site,
                                                        std::optional<std::int64_t> run) override {
    std::map<std::string, std::int64_t> out;
    StmtUse s(db_.Stmt(
        "SELECT error_kind, COUNT(*) FROM fetches WHERE site = ?1 AND error_kind IS NOT NULL "
        "AND (?2 IS NULL OR run_id = ?2) GROUP BY error_kind ORDER BY error_kind"));
    s->bind(1, site);
    store::BindInt(*s, 2, run);
    while (s->executeStep()) out[s->getColumn(0).getString()] = s->getColumn(1).getInt64();
    return out;
  }

  std::vector<std::int64_t> RunsWithNewArticles(const std::string& site, int limit) override {
    std::vector<std::int64_t> runs;
    StmtUse s(db_.Stmt(
        "SELECT DISTINCT first_run_id FROM articles WHERE site = ? AND first_run_id IS NOT NULL "
        "AND duplicate_of IS NULL ORDER BY first_run_id DESC LIMIT ?"));
    s->bind(1, site);
    s->bind(2, limit);
    while (s->executeStep()) runs.push_back(s->getColumn(0).getInt64());
    return runs;
  }

  std::vector<ReportRun> Runs() override {
    std::vector<ReportRun> runs;
    StmtUse s(db_.Stmt(
        "SELECT id, started_at, ended_at, exit_status, fetched, articles_new, articles_updated, duplicates, "
        "errors FROM runs ORDER BY id"));
    while (s->executeStep()) {
      const SqliteRow row{*s};
      ReportRun r;
      r.id = row.Int(0);
      r.started_at = row.Int(1);
      r.ended_at = row.OptInt(2);
      if (auto v = row.OptInt(3)) r.exit_status = static_cast<int>(*v);
      r.fetched = row.OptInt(4);
      r.articles_new = row.OptInt(5);
      r.articles_updated = row.OptInt(6);
      r.duplicates = row.OptInt(7);
      r.errors = row.OptInt(8);
      runs.push_back(r);
    }
    return runs;
  }

  // One pass over the fetch log feeds both the status mix and the latency: a GROUP BY over
  // (site, run, status, error) sorts the whole log, which took seconds at a million rows.
  void TallyFetches(store::FetchTally& tally) override {
    StmtUse s(db_.Stmt(
        "SELECT site, run_id, http_status, COALESCE(error_kind, ''), duration_ms FROM fetches WHERE site IS NOT NULL"));
    while (s->executeStep()) {
      const std::string_view site = s->getColumn(0).getText();
      const std::optional<std::int64_t> run = SqliteRow{*s}.OptInt(1);
      const int http_status = s->getColumn(2).getInt();
      tally.AddStatus(site, run, http_status, s->getColumn(3).getText());
      if (http_status > 0) tally.AddDuration(site, run, s->getColumn(4).getInt64());
    }
  }

  void NewArticlesPerRun(
      const std::function<void(const std::string& site, std::int64_t run, std::int64_t n)>& fn) override {
    StmtUse s(db_.Stmt(
        "SELECT site, first_run_id, COUNT(*) FROM articles WHERE duplicate_of IS NULL AND first_run_id IS NOT NULL "
        "GROUP BY site, first_run_id"));
    while (s->executeStep()) fn(s->getColumn(0).getString(), s->getColumn(1).getInt64(), s->getColumn(2).getInt64());
  }

  std::vector<DayCount> ArticlesPerDay(const std::string& site) override {
    std::vector<DayCount> days;
    StmtUse s(db_.Stmt(
        "SELECT first_seen / 86400, COUNT(*) FROM articles WHERE site = ? AND duplicate_of IS NULL "
        "GROUP BY 1 ORDER BY 1"));
    s->bind(1, site);
    while (s->executeStep()) days.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64()});
    return days;
  }

  std::vector<ReportArticle> LatestArticles(const std::string& site, int limit) override {
    std::vector<ReportArticle> latest;
    StmtUse s(db_.Stmt(
        "SELECT id, COALESCE(title, ''), COALESCE(lead, ''), COALESCE(NULLIF(canonical_url, ''), url, ''), "
        "published_at, first_seen FROM articles WHERE site = ? AND duplicate_of IS NULL "
        "ORDER BY first_seen DESC, id DESC LIMIT ?"));
    s->bind(1, site);
    s->bind(2, limit);
    while (s->executeStep()) {
      const SqliteRow row{*s};
      latest.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.OptText(4), row.Int(5)});
    }
    return latest;
  }

 private:
  store::SqliteSession& db_;
};

// A read transaction for the report, unless a write batch is open (which is one already).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(store::SqliteSession& db) : db_(db), own_(!db.in_transaction()) {}
  ~ReadSnapshot() {
    if (!own_ || !begun_) return;
    try {
      db_.database().exec("COMMIT");
    } catch (...) {  // a read-only transaction has nothing to lose
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  Status Begin() {
    if (!own_) return Status::Ok();
    try {
      db_.database().exec("BEGIN");
      begun_ = true;
      return Status::Ok();
    } catch (const SQLite::Exception& e) {
      return Status::Storage(std::string("report: ") + e.what());
    }
  }

 private:
  store::SqliteSession& db_;
  const bool own_;
  bool begun_ = false;
};

}  // namespace

Result<StoreStats> SqliteStore::ComputeStats() {
  return impl_->session.Read<StoreStats>("stats", [&] {
    SqliteReportRows rows(impl_->session);
    return store::ComputeStoreStats(rows);
  });
}

Result<ReportData> SqliteStore::ComputeReportData(const ReportOptions& options) {
  // One snapshot, so a report made during a crawl adds up: its runs, fetches and articles
  // come from the same state.
  ReadSnapshot snapshot(impl_->session);
  if (Status s = snapshot.Begin(); !s.ok()) return s;
  auto stats = ComputeStats();
  if (!stats.ok()) return stats.status();
  return impl_->session.Read<ReportData>("report", [&] {
    SqliteReportRows rows(impl_->session);
    return store::BuildReportData(std::move(*stats), rows, options);
  });
}

}  // namespace newscrawl
