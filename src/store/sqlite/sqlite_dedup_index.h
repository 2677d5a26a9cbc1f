// SqliteDedupIndex: the SQLite side of near-duplicate dedup. It keeps each dedup-eligible
// article's MinHash band keys, and the decision behind each link in dedup_links (score,
// evidence, rule version). The rule itself is the dedup component's (near_duplicate.h); this
// class only answers its questions.
//
// Band keys are random, so inserting them into one large B-tree dirties a page per key and a
// commit rewrites most of the index: measured, the insert rate fell to 0.35x between 10k and
// 100k records. So the keys are kept like a log-structured merge tree: new keys go into the small
// dedup_keys table (at most SqliteStoreOptions::dedup_level0_rows rows); when it is full it is written out, sorted, as a run
// table, and kFanout runs of one level are merged into one run of the next level, each in one
// sorted pass. A lookup probes the small table and every run (a handful: kFanout - 1 per level
// at most), all by index. Nothing per article is held in memory. Keys of an article whose text
// changed stay in older runs until their merge; a stale key only proposes a candidate, which the
// confirmation then compares on the current texts, so it costs a comparison, never a link.
// Owned by SqliteStore::Impl, on the same connection; it caches its own prepared statements.
// Private to src/store.
#ifndef NEWSCRAWL_STORE_SQLITE_DEDUP_INDEX_H_
#define NEWSCRAWL_STORE_SQLITE_DEDUP_INDEX_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "newscrawl/store/article_store.h"
#include "newscrawl/dedup/near_duplicate.h"

namespace newscrawl::store {

class SqliteDedupIndex final : public CandidateIndex {
 public:
  SqliteDedupIndex(SQLite::Database& db, std::int64_t level0_rows) : db_(db), level0_rows_max_(level0_rows) {}

  // CandidateIndex
  std::vector<Candidate> Candidates(const std::vector<std::uint64_t>& keys, int limit) override;
  std::optional<StoredText> Load(std::int64_t id) override;

  // Replaces the article's keys (empty `keys`: the article takes no part in near dedup).
  void SetKeys(std::int64_t article_id, const std::vector<std::uint64_t>& keys);
  // The keys of a new article whose row was inserted with them in band_keys (KeysBlob): only
  // the index rows are added. Half of SetKeys's cost was reading the old keys a new article does
  // not have and rewriting the row just written.
  void AddKeysOfNewArticle(std::int64_t article_id, const std::vector<std::uint64_t>& keys);
  // The band_keys column value for `keys` (an empty blob, not NULL, for none).
  static std::string KeysBlob(const std::vector<std::uint64_t>& keys);
  // Records why `article_id` was linked (replacing an earlier decision).
  void RecordLink(std::int64_t article_id, const NearDuplicateLink& link, std::int64_t decided_at);
  // Unlinks an article the rule no longer confirms: it becomes an original again.
  void Unlink(std::int64_t article_id);

  // Whether articles lack keys (a database from before schema v2) or links lack a decision of
  // the current rule.
  bool NeedsRecheck();
  // Gives keys to every eligible article without them, then re-decides every link that has no
  // decision of the current rule (all links with `all`): each such article is compared with the
  // older articles its candidates name; confirmed → linked (to the root), else unlinked. Throws
  // SQLite exceptions; the caller commits (`commit` is called every few hundred articles so a
  // large migration does not hold one huge transaction).
  DedupRecheckReport Recheck(bool all, std::int64_t now, const std::function<void()>& commit);

  // Drops what it remembers of the tables (after a rolled-back write, which may have undone a
  // spill or a merge); it is read again on next use.
  void Forget();

  // Link rows for `dedup links`.
  std::vector<DedupLinkInfo> Links(const std::optional<std::string>& site);

  // Runs per level before they are merged.
  static constexpr int kFanout = 4;
  // Runs now (for the tests).
  std::size_t RunCount() {
    LoadRuns();
    return runs_->size();
  }

 private:
  struct Run {
    std::int64_t id = 0;
    int level = 0;
    std::int64_t rows = 0;
  };
  SQLite::Statement& Stmt(const char* sql);
  SQLite::Statement& RunProbe(std::int64_t run_id);
  void LoadRuns();
  void SpillLevel0();
  void MergeLevel(int level);
  // Recheck's two steps: band keys for articles stored without them, then the links.
  void IndexArticlesWithoutKeys(DedupRecheckReport& report, const std::function<void()>& commit);
  void RedecideLinks(bool all, std::int64_t now, DedupRecheckReport& report, const std::function<void()>& commit);

  SQLite::Database& db_;
  const std::int64_t level0_rows_max_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> stmts_;
  std::unordered_map<std::int64_t, std::unique_ptr<SQLite::Statement>> run_probes_;
  std::optional<std::vector<Run>> runs_;      // loaded on first use
  std::optional<std::int64_t> level0_rows_;   // likewise
};

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_SQLITE_DEDUP_INDEX_H_
