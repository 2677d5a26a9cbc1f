// UpsertRules: the store's dedup decision (the rules listed in article_store.h: URL alias, exact
// content alias, confirmed near duplicate, version history) and the reextract update, written
// once for every backend. The rules use the dedup component (content_dedup.h for the
// fingerprints, near_duplicate.h for candidates and confirmation); a backend supplies only its
// rows through ArticleRows, inside the transaction it opened for the call. Private to src/store.
#ifndef NEWSCRAWL_STORE_COMMON_UPSERT_RULES_H_
#define NEWSCRAWL_STORE_COMMON_UPSERT_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/store/article_store.h"
#include "newscrawl/dedup/near_duplicate.h"

namespace newscrawl::store {

// A record's fingerprints as the store keeps them.
struct StoreFingerprint {
  std::uint64_t content_hash = 0;
  std::uint64_t simhash = 0;
  bool eligible = false;                 // at least kMinDedupWords body words: takes part in content dedup
  std::vector<std::uint64_t> band_keys;  // empty unless eligible
};
StoreFingerprint FingerprintForStore(const Article& article);

// The rows the rules read and write. Every method runs inside the caller's open transaction and
// may throw the backend's storage exception (or std::runtime_error from the rules), which the
// backend's write wrapper turns into a Status and a rollback.
class ArticleRows {
 public:
  virtual ~ArticleRows() = default;

  // Called first, with what is about to be decided, so that a backend written by several
  // processes at once can serialise two stores of the same page. Default: nothing.
  virtual void LockForUpsert(const std::string& /*url*/, const std::string& /*canonical*/,
                             const StoreFingerprint& /*fp*/) {}
  virtual void EnsureSite(const std::string& site, std::int64_t now) = 0;
  virtual std::optional<std::int64_t> AliasTarget(std::string_view url) = 0;
  // Ignored for an empty URL or one that already has an article.
  virtual void InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) = 0;

  // Throws if there is no such article.
  virtual std::uint64_t ContentHashOf(std::int64_t id) = 0;
  virtual std::optional<std::int64_t> DuplicateOf(std::int64_t id) = 0;
  // The article with its images.
  virtual std::optional<StoredArticle> LoadArticle(std::int64_t id) = 0;
  struct ExactMatch {
    std::int64_t id = 0;
    std::optional<std::int64_t> duplicate_of;
  };
  // The oldest dedup-eligible article with this content hash.
  virtual std::optional<ExactMatch> FirstWithContentHash(std::uint64_t content_hash) = 0;
  virtual CandidateIndex& NearDuplicateIndex() = 0;

  // last_seen = max(last_seen, seen_at), and the open run.
  virtual void TouchSeen(std::int64_t id, std::int64_t seen_at) = 0;
  // Adds `current` (the record as it is now) to the article's version history.
  virtual void InsertVersion(const StoredArticle& current, std::int64_t superseded_at) = 0;
  // Replaces the record's fields, images and band keys; the page hash only if given; last_seen
  // and the run only with `touch_seen`.
  virtual void UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                            const StoreFingerprint& fp, std::optional<std::uint64_t> page_hash,
                            std::int64_t seen_at, bool touch_seen) = 0;
  // A new article (with its images and band keys) first seen in the open run; returns its id.
  virtual std::int64_t InsertArticle(const Article& a, const StoredMeta& meta, const StoreFingerprint& fp,
                                     std::optional<std::int64_t> duplicate_of) = 0;
  // Keeps the decision behind a near-duplicate link.
  virtual void RecordLink(std::int64_t id, const NearDuplicateLink& link, std::int64_t decided_at) = 0;
};

// Stores a record under the dedup rules (ArticleStore::UpsertArticle).
StoreOutcome UpsertByDedupRules(ArticleRows& rows, const Article& article, const StoredMeta& meta);

// Replaces an article's fields with a re-extraction (ArticleStore::UpdateExtracted).
StoreOutcome ReplaceExtracted(ArticleRows& rows, std::int64_t article_id, const Article& article,
                              std::int64_t now);

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_COMMON_UPSERT_RULES_H_
