// PostgresStore's articles part: storing records under the shared upsert rules, aliases,
// versions, reextract's update, export's walk and the near-duplicate links.
#include <nlohmann/json.hpp>

#include "common/record_codec.h"
#include "common/store_walks.h"
#include "common/upsert_rules.h"
#include "newscrawl/store/postgres_store.h"
#include "postgres_store_impl.h"

namespace newscrawl {

using pg::Params;
using pg::PgRow;
using pg::Rows;

Result<StoreOutcome> PostgresStore::UpsertArticle(const Article& article, const StoredMeta& meta) {
  if (meta.url.empty() || meta.site.empty()) return Status::InvalidArgument("UpsertArticle needs a site and a URL");
  return impl_->session.Write<StoreOutcome>("upsert article",
                                            [&] { return store::UpsertByDedupRules(impl_->rows, article, meta); });
}

Status PostgresStore::AddAlias(std::string_view url, std::int64_t article_id) {
  return store::StatusOf(impl_->session.Write<bool>("add alias", [&] {
    impl_->rows.InsertAlias(std::string(url), article_id, "url");
    return true;
  }));
}

Result<std::optional<std::int64_t>> PostgresStore::FindArticleByUrl(std::string_view url) {
  return impl_->session.Read<std::optional<std::int64_t>>("find article", [&] { return impl_->rows.AliasTarget(url); });
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticle(std::int64_t id) {
  return impl_->session.Read<std::optional<StoredArticle>>("get article", [&] { return impl_->rows.LoadArticle(id); });
}

Result<std::vector<ArticleVersion>> PostgresStore::GetVersions(std::int64_t id) {
  return impl_->session.Read<std::vector<ArticleVersion>>("get versions", [&] {
    std::vector<ArticleVersion> out;
    Rows r = impl_->session.Exec(
        "SELECT record, first_seen, superseded_at FROM article_versions WHERE article_id = $1 ORDER BY id",
        Params().Add(id));
    for (int i = 0; i < r.size(); ++i) {
      ArticleVersion v;
      const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.Text(i, 0), nullptr, false);
      if (auto a = ArticleFromJson(j); a.ok()) v.article = std::move(*a);
      v.first_seen = r.Int(i, 1);
      v.superseded_at = r.Int(i, 2);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<StoreOutcome> PostgresStore::UpdateExtracted(std::int64_t article_id, const Article& article, std::int64_t now) {
  return impl_->session.Write<StoreOutcome>(
      "update extracted", [&] { return store::ReplaceExtracted(impl_->rows, article_id, article, now); });
}

Status PostgresStore::ForEachArticle(const ExportFilter& filter, const std::function<Status(const StoredArticle&)>& fn) {
  // A page's images are read with the page.
  auto page = [&](std::int64_t after) {
    return impl_->session.Read<std::vector<StoredArticle>>("export", [&] {
      std::vector<StoredArticle> out;
      Rows r = impl_->session.Exec(
          std::string("SELECT ") + store::kArticleColumns +
              " FROM articles WHERE id > $1 AND ($2::text IS NULL OR site = $2::text) AND "
              "($3::bigint IS NULL OR first_seen >= $3::bigint) AND ($4::boolean OR duplicate_of IS NULL) "
              "ORDER BY id LIMIT $5",
          Params().Add(after).Add(filter.site).Add(filter.since).Add(filter.include_duplicates).Add(store::kExportPageSize));
      for (int i = 0; i < r.size(); ++i) out.push_back(store::ArticleFromRow(PgRow{r, i}));
      for (StoredArticle& a : out) impl_->rows.LoadImages(a);
      return out;
    });
  };
  return store::WalkArticles(page, [](StoredArticle&) { return Status::Ok(); }, fn);
}

Result<std::vector<DedupLinkInfo>> PostgresStore::ListDuplicateLinks(const std::optional<std::string>& site) {
  return impl_->session.Read<std::vector<DedupLinkInfo>>("list duplicate links", [&] {
    Rows r = impl_->session.Exec(
        "SELECT a.id, a.site, COALESCE(a.url, ''), a.duplicate_of, COALESCE(o.url, ''), "
        "COALESCE(l.matched_id, a.duplicate_of), COALESCE(l.score, 0), COALESCE(l.evidence, '{}'), "
        "COALESCE(l.rule_version, 0), COALESCE(l.decided_at, 0) "
        "FROM articles a LEFT JOIN dedup_links l ON l.article_id = a.id LEFT JOIN articles o ON o.id = a.duplicate_of "
        "WHERE a.duplicate_of IS NOT NULL AND ($1::text IS NULL OR a.site = $1) ORDER BY a.id",
        Params().Add(site));
    std::vector<DedupLinkInfo> out;
    for (int i = 0; i < r.size(); ++i) {
      DedupLinkInfo l;
      l.article_id = r.Int(i, 0);
      l.site = r.Text(i, 1);
      l.url = r.Text(i, 2);
      l.original_id = r.Int(i, 3);
      l.original_url = r.Text(i, 4);
      l.matched_id = r.Int(i, 5);
      l.score = r.Double(i, 6);
      l.evidence = r.Text(i, 7);
      l.rule_version = static_cast<int>(r.Int(i, 8));
      l.decided_at = r.Int(i, 9);
      out.push_back(std::move(l));
    }
    return out;
  });
}

}  // namespace newscrawl
