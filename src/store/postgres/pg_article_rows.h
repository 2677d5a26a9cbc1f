// PgArticleRows: the articles, images, aliases, versions and near-duplicate tables of the
// PostgreSQL store, as the shared upsert rules (common/upsert_rules.h) read and write them.
// Every worker's committed articles are candidates (dedup_keys is one table for all). An
// upsert first takes transaction advisory locks on its URLs and content hash, so two workers
// storing the same page (or the same text under two URLs) at once make one article, not two.
// Holds the session it is given (which must outlive it); not thread-safe. Private to src/store.
#ifndef NEWSCRAWL_STORE_POSTGRES_PG_ARTICLE_ROWS_H_
#define NEWSCRAWL_STORE_POSTGRES_PG_ARTICLE_ROWS_H_

#include "common/upsert_rules.h"
#include "pg_session.h"

namespace newscrawl::pg {

class PgArticleRows final : public store::ArticleRows, private CandidateIndex {
 public:
  explicit PgArticleRows(PgSession& session) : db_(session) {}

  void LockForUpsert(const std::string& url, const std::string& canonical, const store::StoreFingerprint& fp) override;
  void EnsureSite(const std::string& site, std::int64_t now) override;
  std::optional<std::int64_t> AliasTarget(std::string_view url) override;
  void InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) override;
  std::uint64_t ContentHashOf(std::int64_t id) override;
  std::optional<std::int64_t> DuplicateOf(std::int64_t id) override;
  std::optional<StoredArticle> LoadArticle(std::int64_t id) override;
  std::optional<ExactMatch> FirstWithContentHash(std::uint64_t content_hash) override;
  CandidateIndex& NearDuplicateIndex() override { return *this; }
  void TouchSeen(std::int64_t id, std::int64_t seen_at) override;
  void InsertVersion(const StoredArticle& current, std::int64_t superseded_at) override;
  void UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                    const store::StoreFingerprint& fp, std::optional<std::uint64_t> page_hash,
                    std::int64_t seen_at, bool touch_seen) override;
  std::int64_t InsertArticle(const Article& a, const StoredMeta& meta, const store::StoreFingerprint& fp,
                             std::optional<std::int64_t> duplicate_of) override;
  void RecordLink(std::int64_t id, const NearDuplicateLink& link, std::int64_t decided_at) override;

  // Adds the article's images, in position order.
  void LoadImages(StoredArticle& out);

 private:
  // CandidateIndex: the dedup component's questions, answered from this database.
  std::vector<Candidate> Candidates(const std::vector<std::uint64_t>& keys, int limit) override;
  std::optional<StoredText> Load(std::int64_t id) override;

  void SetBandKeys(std::int64_t id, const std::vector<std::uint64_t>& keys);
  void WriteImages(std::int64_t id, const Article& a);

  PgSession& db_;
};

}  // namespace newscrawl::pg

#endif  // NEWSCRAWL_STORE_POSTGRES_PG_ARTICLE_ROWS_H_
