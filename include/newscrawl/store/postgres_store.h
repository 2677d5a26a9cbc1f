// PostgresStore: the ArticleStore and the Frontier over one PostgreSQL database (libpq), for a
// crawl shared by several workers (processes, on one machine or several). It keeps the same
// records, dedup rules and batching as SqliteStore (sqlite_store.h); what differs is what
// concurrent workers need:
//  - Host leases: a site's URLs are handed out only to the worker that holds the site's lease,
//    a session advisory lock of its connection (one worker per site at a time, so its
//    politeness holds across workers). Next takes free sites that have work and gives back
//    sites with nothing due and nothing claimed. The server frees a dead worker's leases when
//    its connection ends (at once for a killed process; over TCP within about host_lease_s by
//    keepalive). A new holder waits handover_delay_ms before its first URL of the site, since
//    the previous holder's last request started before the lease changed hands.
//  - Next claims a URL with SELECT ... FOR UPDATE SKIP LOCKED and commits the claim at once,
//    so two workers never get the same URL. A URL claimed by a worker that died is handed out
//    again by the site's next lease holder. ResetInProgress releases only this worker's claims.
//  - No run lock: concurrent workers are the point. Each worker's BeginRun makes its own run
//    row, named by `worker` (host:pid by default).
//  - Near-duplicate candidates come from the band keys stored in the database (every worker
//    sees the others' committed articles), not from a per-process cache.
// The schema is versioned in a schema_version table and migrated on open
// (src/store/postgres/pg_migrations.cpp).
// Not thread-safe: one thread uses a store (one libpq connection).
#ifndef NEWSCRAWL_POSTGRES_STORE_H_
#define NEWSCRAWL_POSTGRES_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "newscrawl/store/article_store.h"
#include "newscrawl/store/crawl_database.h"
#include "newscrawl/frontier/frontier.h"
#include "newscrawl/politeness/politeness_ledger.h"
#include "newscrawl/report/report_data.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct PostgresStoreOptions {
  // Writes per committed batch (MaybeFlush). Default: 200.
  int batch_size = 200;
  // `[crawler] host_lease_s`: bounds how long a vanished worker's leases stay taken over TCP
  // (server keepalive), and is recorded as each claim's claimed_until. Default: 60 s.
  int url_claim_s = 60;
  // Wait after taking a site's lease before its first URL is handed out: the largest
  // per-host delay of the config. Default: 1000 ms.
  std::int64_t handover_delay_ms = 1000;
  // This worker's name in the runs table and on its URL claims; unique among live workers.
  // Default: empty = "<hostname>:<pid>" (with "#N" for a process's N-th store).
  std::string worker;
};

// Whether `database` names a PostgreSQL server (postgresql:// or postgres:// URI).
bool IsPostgresUri(std::string_view database);

class PostgresStore final : public CrawlDatabase, public PolitenessLedger {
 public:
  // Connects to `uri` (any libpq connection URI) and migrates the schema as needed.
  // A server that cannot be reached is kStorage with libpq's message.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& uri,
                                                     const PostgresStoreOptions& options = {});
  // Commits the open batch (errors are logged).
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  // The schema version this binary writes.
  static int SchemaVersion();

  // ArticleStore
  Result<std::int64_t> BeginRun(std::int64_t started_at) override;
  Status EndRun(const RunSummary& summary) override;
  Status RecordFetch(const FetchLogEntry& entry) override;
  Result<std::uint64_t> StorePage(std::string_view url, std::string_view raw_html) override;
  Result<std::string> LoadPage(std::uint64_t page_hash) override;
  Result<StoreOutcome> UpsertArticle(const Article& article, const StoredMeta& meta) override;
  Status AddAlias(std::string_view url, std::int64_t article_id) override;
  Result<std::optional<std::int64_t>> FindArticleByUrl(std::string_view url) override;
  Result<std::optional<StoredArticle>> GetArticle(std::int64_t id) override;
  Result<std::vector<ArticleVersion>> GetVersions(std::int64_t id) override;
  Result<Validators> GetValidators(std::string_view url) override;
  Status ForEachStoredPage(const std::optional<std::string>& site,
                           const std::function<Status(const StoredPage&)>& fn) override;
  Result<StoreOutcome> UpdateExtracted(std::int64_t article_id, const Article& article,
                                       std::int64_t now) override;
  Status ForEachArticle(const ExportFilter& filter,
                        const std::function<Status(const StoredArticle&)>& fn) override;
  Result<StoreStats> ComputeStats() override;
  Result<ReportData> ComputeReportData(const ReportOptions& options) override;
  Result<std::vector<DedupLinkInfo>> ListDuplicateLinks(const std::optional<std::string>& site) override;
  Status Flush() override;
  Status MaybeFlush() override;

  // Frontier
  Result<bool> Enqueue(const UrlEntry& entry) override;
  Result<bool> Reschedule(std::string_view url, std::int64_t at) override;
  using Frontier::Next;
  Result<std::optional<UrlEntry>> Next(std::int64_t now, const std::vector<std::string>& sites) override;
  Status MarkDone(std::string_view url, const Validators& validators,
                  std::optional<std::int64_t> recheck_at) override;
  Status MarkUnchanged(std::string_view url, std::int64_t seen_at,
                       std::optional<std::int64_t> recheck_at) override;
  Status MarkFailed(std::string_view url, std::string_view error,
                    std::optional<std::int64_t> retry_at) override;
  Result<bool> HasPending() override;
  Result<std::optional<std::int64_t>> NextDueAt() override;
  Result<std::optional<std::int64_t>> HeldBackRetryMs(const std::vector<std::string>& sites) override;
  Result<std::int64_t> ResetInProgress() override;
  Result<std::optional<UrlEntry>> GetUrl(std::string_view url) override;
  Result<std::map<UrlStatus, std::int64_t>> CountByStatus() override;
  PolitenessLedger* SharedPoliteness() override { return this; }

  // PolitenessLedger: in host_politeness and robots_txt, one statement each.
  Result<std::int64_t> Reserve(std::string_view host, std::int64_t now_ms, std::int64_t hold_ms) override;
  Status Release(std::string_view host, std::int64_t not_before_ms) override;
  Result<std::optional<StoredRobots>> LoadRobots(std::string_view origin) override;
  Status SaveRobots(std::string_view origin, const StoredRobots& robots) override;

 private:
  class Impl;
  explicit PostgresStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_POSTGRES_STORE_H_
