// SqliteStore's articles part: storing records under the shared upsert rules, aliases,
// versions, reextract's update and export's walk.
#include <SQLiteCpp/Exception.h>

#include <nlohmann/json.hpp>

#include "common/record_codec.h"
#include "common/store_walks.h"
#include "common/upsert_rules.h"
#include "newscrawl/store/sqlite_store.h"
#include "sqlite_store_impl.h"

namespace newscrawl {

using store::SqliteRow;
using store::StmtUse;

Result<StoreOutcome> SqliteStore::UpsertArticle(const Article& article, const StoredMeta& meta) {
  if (meta.url.empty() || meta.site.empty()) return Status::InvalidArgument("UpsertArticle needs a site and a URL");
  return impl_->session.Write<StoreOutcome>("upsert article",
                                            [&] { return store::UpsertByDedupRules(impl_->rows, article, meta); });
}

Status SqliteStore::AddAlias(std::string_view url, std::int64_t article_id) {
  return store::StatusOf(impl_->session.Write<bool>("add alias", [&] {
    impl_->rows.InsertAlias(std::string(url), article_id, "url");
    return true;
  }));
}

Result<std::optional<std::int64_t>> SqliteStore::FindArticleByUrl(std::string_view url) {
  return impl_->session.Read<std::optional<std::int64_t>>("find article", [&] { return impl_->rows.AliasTarget(url); });
}

Result<std::optional<StoredArticle>> SqliteStore::GetArticle(std::int64_t id) {
  return impl_->session.Read<std::optional<StoredArticle>>("get article", [&] { return impl_->rows.LoadArticle(id); });
}

Result<std::vector<ArticleVersion>> SqliteStore::GetVersions(std::int64_t id) {
  return impl_->session.Read<std::vector<ArticleVersion>>("get versions", [&] {
    std::vector<ArticleVersion> out;
    StmtUse s(impl_->session.Stmt(
        "SELECT record, first_seen, superseded_at FROM article_versions WHERE article_id = ? ORDER BY id"));
    s->bind(1, id);
    while (s->executeStep()) {
      ArticleVersion v;
      const nlohmann::ordered_json j = nlohmann::ordered_json::parse(s->getColumn(0).getString(), nullptr, false);
      if (auto a = ArticleFromJson(j); a.ok()) v.article = std::move(*a);
      v.first_seen = s->getColumn(1).getInt64();
      v.superseded_at = s->getColumn(2).getInt64();
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<StoreOutcome> SqliteStore::UpdateExtracted(std::int64_t article_id, const Article& article, std::int64_t now) {
  return impl_->session.Write<StoreOutcome>(
      "update extracted", [&] { return store::ReplaceExtracted(impl_->rows, article_id, article, now); });
}

Status SqliteStore::ForEachArticle(const ExportFilter& filter, const std::function<Status(const StoredArticle&)>& fn) {
  store::SqliteSession& db = impl_->session;
  auto page = [&](std::int64_t after) {
    return db.Read<std::vector<StoredArticle>>("export", [&] {
      std::vector<StoredArticle> out;
      StmtUse s(db.Stmt(std::string("SELECT ") + store::kArticleColumns +
                        " FROM articles WHERE id > ?1 AND (?2 IS NULL OR site = ?2) AND (?3 IS NULL OR "
                        "first_seen >= ?3) AND (?4 OR duplicate_of IS NULL) ORDER BY id LIMIT ?5"));
      s->bind(1, after);
      store::BindText(*s, 2, filter.site);
      store::BindInt(*s, 3, filter.since);
      s->bind(4, filter.include_duplicates ? 1 : 0);
      s->bind(5, store::kExportPageSize);
      while (s->executeStep()) out.push_back(store::ArticleFromRow(SqliteRow{*s}));
      return out;
    });
  };
  // Images are read one article at a time, just before `fn` sees it.
  auto load_images = [&](StoredArticle& a) {
    return store::StatusOf(db.Read<bool>("export images", [&] {
      impl_->rows.LoadImages(a);
      return true;
    }));
  };
  return store::WalkArticles(page, load_images, fn);
}

}  // namespace newscrawl
