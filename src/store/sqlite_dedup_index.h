// SqliteDedupIndex: the SQLite side of near-duplicate dedup. It keeps each dedup-eligible
// article's MinHash band keys in dedup_keys (one indexed row per key, so finding candidates costs
// a few index probes whatever the store's size, and nothing per article is held in memory), and
// the decision behind each link in dedup_links (score, evidence, rule version). The rule itself
// is the dedup component's (near_duplicate.h); this class only answers its questions.
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

#include "newscrawl/article_store.h"
#include "newscrawl/near_duplicate.h"

namespace newscrawl::store {

class SqliteDedupIndex final : public CandidateIndex {
 public:
  explicit SqliteDedupIndex(SQLite::Database& db) : db_(db) {}

  // CandidateIndex
  std::vector<Candidate> Candidates(const std::vector<std::uint64_t>& keys, int limit) override;
  std::optional<StoredText> Load(std::int64_t id) override;

  // Replaces the article's keys (empty `keys`: the article takes no part in near dedup).
  void SetKeys(std::int64_t article_id, const std::vector<std::uint64_t>& keys);
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

  // Link rows for `dedup links`.
  std::vector<DedupLinkInfo> Links(const std::optional<std::string>& site);

 private:
  SQLite::Statement& Stmt(const char* sql);

  SQLite::Database& db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> stmts_;
};

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_SQLITE_DEDUP_INDEX_H_
