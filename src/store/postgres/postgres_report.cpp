// PostgresStore's stats and report part: the queries behind common/report_builder.h, and the
// REPEATABLE READ transaction that makes a report one snapshot while workers crawl.
#include "common/record_codec.h"
#include "common/report_builder.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {
namespace {

using pg::Params;
using pg::Rows;

constexpr const char* kFillSelect =
    "SELECT COUNT(*), "
    "COUNT(*) FILTER (WHERE title IS NOT NULL AND title <> ''), "
    "COUNT(*) FILTER (WHERE byline IS NOT NULL AND byline <> ''), "
    "COUNT(*) FILTER (WHERE lead IS NOT NULL AND lead <> ''), "
    "COUNT(*) FILTER (WHERE body IS NOT NULL AND body <> ''), "
    "COUNT(*) FILTER (WHERE EXISTS(SELECT 1 FROM images i WHERE i.article_id = a.id)), "
    "COUNT(*) FILTER (WHERE published_at IS NOT NULL AND published_at <> '') "
    "FROM articles a WHERE site = $1 AND duplicate_of IS NULL AND ($2::bigint IS NULL OR first_run_id = $2::bigint)";

class PgReportRows final : public store::StatsRows, public store::ReportRows {
 public:
  explicit PgReportRows(pg::PgSession& db) : db_(db) {}

  std::optional<std::int64_t> LastRunId() override { return db_.Exec("SELECT MAX(id) FROM runs").OptInt(0, 0); }

  std::vector<std::string> SiteNames() override {
    Rows names = db_.Exec("SELECT name FROM sites ORDER BY name");
    std::vector<std::string> out;
    for (int i = 0; i < names.size(); ++i) out.push_back(names.Text(i, 0));
    return out;
  }

  FillCounts Fill(const std::string& site, std::optional<std::int64_t> first_run) override {
    Rows r = db_.Exec(kFillSelect, Params().Add(site).Add(first_run));
    FillCounts counts;
    counts.articles = r.Int(0, 0);
    for (std::size_t i = 0; i < FillRateFields().size(); ++i) counts.filled.push_back(r.Int(0, static_cast<int>(i + 1)));
    return counts;
  }

  std::int64_t NewInRun(const std::string& site, std::int64_t run) override {
    return db_.Exec("SELECT COUNT(*) FROM articles WHERE site = $1 AND first_run_id = $2 AND duplicate_of IS NULL",
                    Params().Add(site).Add(run))
        .Int(0, 0);
  }

  std::int64_t DuplicatesMerged(const std::string& site) override {
    return db_.Exec("SELECT (SELECT COUNT(*) FROM articles WHERE site = $1 AND duplicate_of IS NOT NULL) + "
                    "(SELECT COUNT(*) FROM aliases al JOIN articles a ON a.id = al.article_id "
                    " WHERE a.site = $1 AND al.reason = 'content')",
                    Params().Add(site))
        .Int(0, 0);
  }

  std::int64_t NearDuplicates(const std::string& site) override {
    return db_.Exec("SELECT COUNT(*) FROM articles WHERE site = $1 AND duplicate_of IS NOT NULL", Params().Add(site))
        .Int(0, 0);
  }

  // With several workers, "the last run" is one worker's run; the errors of all runs that
  // overlap it would be a better figure, but this keeps SqliteStore's meaning.
  std::map<std::string, std::int64_t> FetchErrorsByKind(const std::string& site,
                                                        std::optional<std::int64_t> run) override {
    Rows errors = db_.Exec(
        "SELECT error_kind, COUNT(*) FROM fetches WHERE site = $1 AND error_kind IS NOT NULL "
        "AND ($2::bigint IS NULL OR run_id = $2::bigint) GROUP BY error_kind ORDER BY error_kind",
        Params().Add(site).Add(run));
    std::map<std::string, std::int64_t> out;
    for (int i = 0; i < errors.size(); ++i) out[errors.Text(i, 0)] = errors.Int(i, 1);
    return out;
  }

  std::vector<std::int64_t> RunsWithNewArticles(const std::string& site, int limit) override {
    Rows runs = db_.Exec(
        "SELECT DISTINCT first_run_id FROM articles WHERE site = $1 AND first_run_id IS NOT NULL "
        "AND duplicate_of IS NULL ORDER BY first_run_id DESC LIMIT $2",
        Params().Add(site).Add(limit));
    std::vector<std::int64_t> out;
    for (int i = 0; i < runs.size(); ++i) out.push_back(runs.Int(i, 0));
    return out;
  }

  std::vector<ReportRun> Runs() override {
    Rows rows = db_.Exec(
        "SELECT id, started_at, ended_at, exit_status, fetched, articles_new, articles_updated, duplicates, errors "
        "FROM runs ORDER BY id");
    std::vector<ReportRun> out;
    for (int i = 0; i < rows.size(); ++i) {
      ReportRun r;
      r.id = rows.Int(i, 0);
      r.started_at = rows.Int(i, 1);
      r.ended_at = rows.OptInt(i, 2);
      if (auto v = rows.OptInt(i, 3)) r.exit_status = static_cast<int>(*v);
      r.fetched = rows.OptInt(i, 4);
      r.articles_new = rows.OptInt(i, 5);
      r.articles_updated = rows.OptInt(i, 6);
      r.duplicates = rows.OptInt(i, 7);
      r.errors = rows.OptInt(i, 8);
      out.push_back(r);
    }
    return out;
  }

  // The status mix is counted in the database; durations are needed one by one for the
  // percentiles (SummarizeLatency), so only those of answered requests are fetched.
  void TallyFetches(store::FetchTally& tally) override {
    Rows mix = db_.Exec(
        "SELECT site, run_id, http_status, COALESCE(error_kind, ''), COUNT(*) FROM fetches WHERE site IS NOT NULL "
        "GROUP BY 1, 2, 3, 4");
    for (int i = 0; i < mix.size(); ++i) {
      tally.AddStatus(mix.Text(i, 0), mix.OptInt(i, 1), static_cast<int>(mix.Int(i, 2)), mix.Text(i, 3), mix.Int(i, 4));
    }
    Rows ms = db_.Exec("SELECT site, run_id, duration_ms FROM fetches WHERE site IS NOT NULL AND http_status > 0");
    for (int i = 0; i < ms.size(); ++i) tally.AddDuration(ms.Text(i, 0), ms.OptInt(i, 1), ms.Int(i, 2));
  }

  void NewArticlesPerRun(
      const std::function<void(const std::string& site, std::int64_t run, std::int64_t n)>& fn) override {
    Rows r = db_.Exec(
        "SELECT site, first_run_id, COUNT(*) FROM articles WHERE duplicate_of IS NULL AND first_run_id IS NOT NULL "
        "GROUP BY site, first_run_id");
    for (int i = 0; i < r.size(); ++i) fn(r.Text(i, 0), r.Int(i, 1), r.Int(i, 2));
  }

  std::vector<DayCount> ArticlesPerDay(const std::string& site) override {
    Rows days = db_.Exec(
        "SELECT first_seen / 86400, COUNT(*) FROM articles WHERE site = $1 AND duplicate_of IS NULL "
        "GROUP BY 1 ORDER BY 1",
        Params().Add(site));
    std::vector<DayCount> out;
    for (int i = 0; i < days.size(); ++i) out.push_back({days.Int(i, 0), days.Int(i, 1)});
    return out;
  }

  std::vector<ReportArticle> LatestArticles(const std::string& site, int limit) override {
    Rows latest = db_.Exec(
        "SELECT id, COALESCE(title, ''), COALESCE(lead, ''), COALESCE(NULLIF(canonical_url, ''), url, ''), "
        "published_at, first_seen FROM articles WHERE site = $1 AND duplicate_of IS NULL "
        "ORDER BY first_seen DESC, id DESC LIMIT $2",
        Params().Add(site).Add(limit));
    std::vector<ReportArticle> out;
    for (int i = 0; i < latest.size(); ++i) {
      out.push_back({latest.Int(i, 0), latest.Text(i, 1), latest.Text(i, 2), latest.Text(i, 3), latest.OptText(i, 4),
                     latest.Int(i, 5)});
    }
    return out;
  }

 private:
  pg::PgSession& db_;
};

// Ends the report's read-only transaction.
struct EndRead {
  pg::PgConnection& db;
  ~EndRead() {
    try {
      db.ExecScript("COMMIT");
    } catch (...) {  // a read-only transaction has nothing to lose
    }
  }
};

}  // namespace

Result<StoreStats> PostgresStore::ComputeStats() {
  return impl_->session.Read<StoreStats>("stats", [&] {
    PgReportRows rows(impl_->session);
    return store::ComputeStoreStats(rows);
  });
}

Result<ReportData> PostgresStore::ComputeReportData(const ReportOptions& options) {
  // One snapshot (REPEATABLE READ), so a report made while workers crawl adds up.
  try {
    impl_->session.connection().ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (const pg::PgError& e) {
    return Status::Storage(std::string("report: ") + e.what());
  }
  EndRead end_read{impl_->session.connection()};
  auto stats = ComputeStats();
  if (!stats.ok()) return stats.status();
  return impl_->session.Read<ReportData>("report", [&] {
    PgReportRows rows(impl_->session);
    return store::BuildReportData(std::move(*stats), rows, options);
  });
}

}  // namespace newscrawl
