// SqliteStore: the ArticleStore and the Frontier over one SQLite database (SQLiteCpp), so that a
// record and the acknowledgement of its URL commit in the same transaction. WAL journal,
// synchronous=NORMAL (a crash loses at most the open batch, never consistency), a busy timeout,
// foreign keys on, cached prepared statements only. The schema is versioned with
// PRAGMA user_version and migrated on open (src/store/sqlite/migrations.cpp).
// Not thread-safe: one thread uses a store. Several processes may read one database (export and
// stats during a crawl); only one may crawl (RunLock).
#ifndef NEWSCRAWL_SQLITE_STORE_H_
#define NEWSCRAWL_SQLITE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "newscrawl/store/article_store.h"
#include "newscrawl/store/crawl_database.h"
#include "newscrawl/frontier/frontier.h"
#include "newscrawl/report/report_data.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct SqliteStoreOptions {
  // Writes per committed batch (MaybeFlush). Default: 200.
  int batch_size = 200;
  // Create the database file if it is missing; otherwise a missing file is kNotFound.
  // Default: true.
  bool create_if_missing = true;
  // How long a statement waits for another connection's lock. Default: 5000 ms.
  int busy_timeout_ms = 5000;
  // Near-duplicate band keys held in the small insert table before it is written out as a sorted
  // run (src/store/sqlite/sqlite_dedup_index.h). Default: 100,000 (5,000 articles).
  std::int64_t dedup_level0_rows = 100000;
  // SQLite page cache. Default: 32 MiB.
  std::int64_t cache_bytes = 32 << 20;
  // PRAGMA mmap_size: bytes of the file read through a memory map instead of read(2). Default: 0.
  std::int64_t mmap_bytes = 0;
};

class SqliteStore final : public CrawlDatabase {
 public:
  // Opens (creating and migrating as needed) the database at `path`; ":memory:" works too.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const SqliteStoreOptions& options = {});
  // Commits the open batch (errors are logged).
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // The schema version this binary writes.
  static int SchemaVersion();
  // PRAGMA integrity_check: OK, or kStorage with SQLite's report.
  Status IntegrityCheck();
  // Sorted runs the near-duplicate key index is made of now (for tests and benchmarks).
  std::size_t DedupRunCount();

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
  Result<DedupRecheckReport> RecheckNearDuplicates(bool all, std::int64_t now) override;
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
  Result<std::int64_t> ResetInProgress() override;
  Result<std::optional<UrlEntry>> GetUrl(std::string_view url) override;
  Result<std::map<UrlStatus, std::int64_t>> CountByStatus() override;

 private:
  class Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_SQLITE_STORE_H_
