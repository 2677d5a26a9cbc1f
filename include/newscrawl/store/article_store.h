// ArticleStore: where records, raw pages, the fetch log and run history are kept, and where the
// dedup rules are applied. The crawler and the CLI only see this interface; SqliteStore
// (sqlite_store.h) and PostgresStore (postgres_store.h) implement it; the rules themselves are
// written once, in src/store/common/.
//
// Dedup rules applied by UpsertArticle (see content_dedup.h for the fingerprints):
//  - URL: each article has aliases (URLs that resolve to it). A URL or canonical URL already
//    aliased is the same article: unchanged if its content hash is equal, otherwise updated
//    (the previous version is kept in the version history).
//  - Exact: new URLs whose folded title + body hash equals a stored article's become aliases of
//    it (kAliasOfExisting), not a second article.
//  - Near: MinHash band keys propose stored articles as candidates, and the dedup component's
//    confirmation (near_duplicate.h) compares the two texts; only a confirmed copy is stored
//    linked with duplicate_of to the original (the root of its duplicate chain), with the
//    decision's score and evidence kept beside the link (ListDuplicateLinks).
//  Bodies shorter than kMinDedupWords words take part in neither content rule.
//
// Writes are batched: every write joins the open transaction, which commits on Flush(), when
// MaybeFlush() finds batch_size writes pending, or when the store is closed. Each call is atomic
// on its own (a failed call leaves nothing half-written). Times are Unix seconds.
// Implementations need not be thread-safe: one thread drives a store.
#ifndef NEWSCRAWL_ARTICLE_STORE_H_
#define NEWSCRAWL_ARTICLE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/article.h"
#include "newscrawl/frontier/frontier.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

// Where a record came from.
struct StoredMeta {
  std::string site;
  std::string url;            // the URL fetched (after the crawler's canonicalisation)
  std::string canonical_url;  // the page's canonical URL (canonicalised); empty = same as url
  std::int64_t fetched_at = 0;
  std::optional<std::uint64_t> page_hash;  // StorePage's result for the raw HTML, if stored
};

enum class StoreOutcomeKind { kInserted, kUpdated, kUnchanged, kAliasOfExisting, kNearDuplicateOf };
std::string_view StoreOutcomeKindName(StoreOutcomeKind kind);  // "inserted", "near_duplicate_of", ...

struct StoreOutcome {
  StoreOutcomeKind kind = StoreOutcomeKind::kInserted;
  std::int64_t article_id = 0;                // the article the URL now resolves to
  std::optional<std::int64_t> duplicate_of;   // that article's original, if it is a near duplicate
};

// One line of the fetch log.
struct FetchLogEntry {
  std::string url;
  std::string site;
  std::int64_t fetched_at = 0;
  int http_status = 0;  // 0 = no response
  std::int64_t bytes = 0;
  std::int64_t duration_ms = 0;
  std::optional<ErrorKind> error;  // nullopt = success (incl. 304)
  std::string error_message;
};

struct StoredArticle {
  std::int64_t id = 0;
  Article article;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::optional<std::int64_t> duplicate_of;
};

struct ArticleVersion {
  Article article;
  std::int64_t first_seen = 0;
  std::int64_t superseded_at = 0;
};

// A raw page kept for `reextract`.
struct StoredPage {
  std::int64_t article_id = 0;
  std::string url;
  std::string site;
  std::string html;
  // When this content was first stored (Unix seconds): the fetch that returned it. Only what is
  // listed here is kept of the exchange (no status line or headers).
  std::int64_t stored_at = 0;
};

struct ExportFilter {
  std::optional<std::string> site;        // only this site
  std::optional<std::int64_t> since;      // only first_seen >= since
  bool include_duplicates = false;        // near duplicates (duplicate_of set) too
};

struct RunSummary {
  std::int64_t ended_at = 0;
  int exit_status = 0;
  std::int64_t fetched = 0;
  std::int64_t articles_new = 0;
  std::int64_t articles_updated = 0;
  std::int64_t duplicates = 0;
  std::int64_t errors = 0;
};

// Share (0..1) of articles with each field present, over `articles` articles. Keys:
// title, byline, lead, body, images, date (published_at).
struct FillRates {
  std::int64_t articles = 0;
  std::map<std::string, double> rate;
};

struct RunFillRates {
  std::int64_t run_id = 0;
  FillRates fill;  // over the site's original articles first seen in that run
};

struct SiteStats {
  std::string site;
  std::int64_t articles = 0;           // originals (near duplicates not counted)
  std::int64_t new_in_last_run = 0;    // originals first seen in the last run
  std::int64_t duplicates_merged = 0;  // near duplicates linked + URLs aliased by equal content
  std::int64_t near_duplicates = 0;    // of those, near duplicates linked (confirmed links)
  std::map<std::string, std::int64_t> fetch_errors_by_kind;  // last run (all time if no run)
  FillRates fill;                                            // over all originals
  // The two latest runs in which the site got new articles, newest first (0–2 entries).
  std::vector<RunFillRates> recent_runs;
};

struct StoreStats {
  std::optional<std::int64_t> last_run_id;
  std::vector<SiteStats> sites;  // by site name
};

// Field keys of FillRates, in display order.
const std::vector<std::string>& FillRateFields();

// One message per (site, field) whose fill rate dropped by more than `max_drop_points`
// percentage points between a site's two recent runs, when both runs have at least
// `min_articles` new articles: a sign that the site changed its layout.
std::vector<std::string> LayoutDriftWarnings(const StoreStats& stats, double max_drop_points = 30.0,
                                             std::int64_t min_articles = 10);

// The same findings as LayoutDriftWarnings, as values (the report highlights the fields).
struct LayoutDrift {
  std::string site;
  std::string field;
  double before_percent = 0;
  double after_percent = 0;
  std::int64_t previous_run = 0;
  std::int64_t last_run = 0;
  std::string message;  // the text LayoutDriftWarnings returns for it
};
std::vector<LayoutDrift> LayoutDrifts(const StoreStats& stats, double max_drop_points = 30.0,
                                      std::int64_t min_articles = 10);

// What RecheckNearDuplicates did.
struct DedupRecheckReport {
  std::int64_t indexed = 0;    // articles given band keys (stored before schema v2)
  std::int64_t checked = 0;    // links re-decided
  std::int64_t kept = 0;       // confirmed, linked to the same original
  std::int64_t relinked = 0;   // confirmed against another original
  std::int64_t unlinked = 0;   // rejected: an original again (exported by default)
};

// One near-duplicate link with the decision behind it.
struct DedupLinkInfo {
  std::int64_t article_id = 0;
  std::string site;
  std::string url;
  std::int64_t original_id = 0;
  std::string original_url;
  std::int64_t matched_id = 0;       // the stored article the text was compared with
  double score = 0;
  std::string evidence;               // NearDuplicateVerdict::EvidenceJson()
  int rule_version = 0;
  std::int64_t decided_at = 0;
};

// What `newscrawl report` reads (report_data.h).
struct ReportData;
struct ReportOptions {
  // Latest articles listed per site. Default: 8.
  int latest_per_site = 8;
};

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Starts a run; records stored until EndRun count as seen in it. Returns the run id.
  virtual Result<std::int64_t> BeginRun(std::int64_t started_at) = 0;
  virtual Status EndRun(const RunSummary& summary) = 0;

  virtual Status RecordFetch(const FetchLogEntry& entry) = 0;

  // Keeps the raw HTML (compressed), once per distinct content; returns its content hash.
  virtual Result<std::uint64_t> StorePage(std::string_view url, std::string_view raw_html) = 0;
  virtual Result<std::string> LoadPage(std::uint64_t page_hash) = 0;

  // Stores a record under the dedup rules above.
  virtual Result<StoreOutcome> UpsertArticle(const Article& article, const StoredMeta& meta) = 0;

  // Makes `url` resolve to the article (a redirect source). Ignored if the URL already has one.
  virtual Status AddAlias(std::string_view url, std::int64_t article_id) = 0;
  virtual Result<std::optional<std::int64_t>> FindArticleByUrl(std::string_view url) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(std::int64_t id) = 0;
  // Earlier versions of an article, oldest first.
  virtual Result<std::vector<ArticleVersion>> GetVersions(std::int64_t id) = 0;

  // The validators stored for a URL by MarkDone (empty if unknown).
  virtual Result<Validators> GetValidators(std::string_view url) = 0;

  // Calls `fn` for each article (of `site`, or all) whose raw page is stored, in id order.
  // Stops at and returns the first non-OK status `fn` returns.
  virtual Status ForEachStoredPage(const std::optional<std::string>& site,
                                   const std::function<Status(const StoredPage&)>& fn) = 0;

  // Replaces an article's fields with a re-extraction (reextract): kUpdated keeps the previous
  // version, kUnchanged if the content hash is the same. Dedup links are not revisited.
  virtual Result<StoreOutcome> UpdateExtracted(std::int64_t article_id, const Article& article,
                                               std::int64_t now) = 0;

  // Export: articles matching `filter`, in id order. Stops at the first non-OK status of `fn`.
  virtual Status ForEachArticle(const ExportFilter& filter,
                                const std::function<Status(const StoredArticle&)>& fn) = 0;

  virtual Result<StoreStats> ComputeStats() = 0;

  // Runs, and per site: articles over time, fetch status mix and latency per run and overall,
  // latest articles, with ComputeStats() and its drift findings. A backend without it returns
  // kUnsupported (the default), so adding it breaks no other implementation.
  virtual Result<ReportData> ComputeReportData(const ReportOptions& options);

  // Re-decides near-duplicate links under the current rule (every link with `all`, otherwise
  // those made by an older rule or before decisions were recorded) and unlinks what it rejects.
  // Default: kUnsupported.
  virtual Result<DedupRecheckReport> RecheckNearDuplicates(bool all, std::int64_t now);
  // Near-duplicate links (of `site`, or all) with their decisions, by article id.
  // Default: kUnsupported.
  virtual Result<std::vector<DedupLinkInfo>> ListDuplicateLinks(const std::optional<std::string>& site);

  // Commits the open batch now.
  virtual Status Flush() = 0;
  // Commits the open batch if it holds at least batch_size writes.
  virtual Status MaybeFlush() = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_ARTICLE_STORE_H_
