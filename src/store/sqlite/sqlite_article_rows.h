// SqliteArticleRows: the articles, images, aliases and versions tables of the SQLite store, as
// the shared upsert rules (common/upsert_rules.h) read and write them, plus the row loads the
// facade's readers use. Holds the session it is given (which must outlive it); not thread-safe.
// Private to src/store.
#ifndef NEWSCRAWL_STORE_SQLITE_SQLITE_ARTICLE_ROWS_H_
#define NEWSCRAWL_STORE_SQLITE_SQLITE_ARTICLE_ROWS_H_

#include "common/upsert_rules.h"
#include "sqlite_session.h"

namespace newscrawl::store {

class SqliteArticleRows final : public ArticleRows {
 public:
  explicit SqliteArticleRows(SqliteSession& session) : db_(session) {}

  void EnsureSite(const std::string& site, std::int64_t now) override;
  std::optional<std::int64_t> AliasTarget(std::string_view url) override;
  void InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) override;
  std::uint64_t ContentHashOf(std::int64_t id) override;
  std::optional<std::int64_t> DuplicateOf(std::int64_t id) override;
  std::optional<StoredArticle> LoadArticle(std::int64_t id) override;
  std::optional<ExactMatch> FirstWithContentHash(std::uint64_t content_hash) override;
  CandidateIndex& NearDuplicateIndex() override { return db_.dedup(); }
  void TouchSeen(std::int64_t id, std::int64_t seen_at) override;
  void InsertVersion(const StoredArticle& current, std::int64_t superseded_at) override;
  void UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                    const StoreFingerprint& fp, std::optional<std::uint64_t> page_hash, std::int64_t seen_at,
                    bool touch_seen) override;
  std::int64_t InsertArticle(const Article& a, const StoredMeta& meta, const StoreFingerprint& fp,
                             std::optional<std::int64_t> duplicate_of) override;
  void RecordLink(std::int64_t id, const NearDuplicateLink& link, std::int64_t decided_at) override {
    db_.dedup().RecordLink(id, link, decided_at);
  }

  // Adds the article's images, in position order.
  void LoadImages(StoredArticle& out);

 private:
  void WriteImages(std::int64_t id, const Article& a);

  SqliteSession& db_;
};

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_SQLITE_SQLITE_ARTICLE_ROWS_H_
