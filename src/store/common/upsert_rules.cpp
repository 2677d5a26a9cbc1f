#include "common/upsert_rules.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "newscrawl/dedup/content_dedup.h"

namespace newscrawl::store {
namespace {

// Copies the current record of `id` into the version history before it is replaced.
void ArchiveVersion(ArticleRows& rows, std::int64_t id, std::int64_t superseded_at) {
  std::optional<StoredArticle> current = rows.LoadArticle(id);
  if (!current) throw std::runtime_error("article " + std::to_string(id) + " vanished");
  rows.InsertVersion(*current, superseded_at);
}

// URL rule: a URL (or canonical URL) already aliased is the same article, unchanged or updated.
StoreOutcome UpsertKnownUrl(ArticleRows& rows, std::int64_t id, const Article& a, const StoredMeta& meta,
                            const std::string& canonical, const StoreFingerprint& fp) {
  rows.InsertAlias(meta.url, id, "url");
  rows.InsertAlias(canonical, id, "url");
  if (rows.ContentHashOf(id) == fp.content_hash) {
    rows.TouchSeen(id, meta.fetched_at);
    return {StoreOutcomeKind::kUnchanged, id, rows.DuplicateOf(id)};
  }
  ArchiveVersion(rows, id, meta.fetched_at);
  rows.UpdateRecord(id, a, meta.site, meta.url, fp, meta.page_hash, meta.fetched_at, /*touch_seen=*/true);
  return {StoreOutcomeKind::kUpdated, id, rows.DuplicateOf(id)};
}

}  // namespace

StoreFingerprint FingerprintForStore(const Article& a) {
  ContentFingerprint fp = Fingerprint(a.title.value_or(""), a.body.value_or(""));
  const bool eligible = fp.body_words >= static_cast<std::size_t>(kMinDedupWords);
  if (!eligible) fp.band_keys.clear();
  return {fp.exact_hash, fp.simhash, eligible, std::move(fp.band_keys)};
}

StoreOutcome UpsertByDedupRules(ArticleRows& rows, const Article& a, const StoredMeta& meta) {
  const StoreFingerprint fp = FingerprintForStore(a);
  const std::string canonical = meta.canonical_url.empty() ? meta.url : meta.canonical_url;
  rows.LockForUpsert(meta.url, canonical, fp);
  rows.EnsureSite(meta.site, meta.fetched_at);

  // The canonical URL decides; the fetched URL is the fallback (a page without a canonical
  // link, or one whose canonical changed).
  std::optional<std::int64_t> existing = rows.AliasTarget(canonical);
  if (!existing && meta.url != canonical) existing = rows.AliasTarget(meta.url);
  if (existing) return UpsertKnownUrl(rows, *existing, a, meta, canonical, fp);

  std::optional<NearDuplicateLink> link;
  if (fp.eligible) {
    // Exact rule: equal folded text is the same article under another URL.
    if (std::optional<ArticleRows::ExactMatch> same = rows.FirstWithContentHash(fp.content_hash)) {
      rows.InsertAlias(meta.url, same->id, "content");
      rows.InsertAlias(canonical, same->id, "content");
      rows.TouchSeen(same->id, meta.fetched_at);
      return {StoreOutcomeKind::kAliasOfExisting, same->id, same->duplicate_of};
    }
    // Near rule: only a copy the confirmation accepts is linked.
    const DedupText text = PrepareDedupText(a.title.value_or(""), a.body.value_or(""), a.published_at);
    link = FindNearDuplicate(rows.NearDuplicateIndex(), text, fp.band_keys);
  }
  const std::optional<std::int64_t> duplicate_of =
      link ? std::optional<std::int64_t>(link->original_id) : std::nullopt;
  const std::int64_t id = rows.InsertArticle(a, meta, fp, duplicate_of);
  if (link) rows.RecordLink(id, *link, meta.fetched_at);
  rows.InsertAlias(canonical, id, "url");
  rows.InsertAlias(meta.url, id, "url");
  return {duplicate_of ? StoreOutcomeKind::kNearDuplicateOf : StoreOutcomeKind::kInserted, id, duplicate_of};
}

StoreOutcome ReplaceExtracted(ArticleRows& rows, std::int64_t article_id, const Article& article,
                              std::int64_t now) {
  std::optional<StoredArticle> current = rows.LoadArticle(article_id);
  if (!current) throw std::runtime_error("article " + std::to_string(article_id) + " not found");
  const StoreFingerprint fp = FingerprintForStore(article);
  const std::string site = current->article.site.value_or(article.site.value_or(""));
  if (rows.ContentHashOf(article_id) == fp.content_hash && current->article.images == article.images &&
      ArticleToJson(current->article) == ArticleToJson(article)) {
    return {StoreOutcomeKind::kUnchanged, article_id, current->duplicate_of};
  }
  rows.InsertVersion(*current, now);
  rows.UpdateRecord(article_id, article, site, current->article.url.value_or(""), fp, std::nullopt, now,
                    /*touch_seen=*/false);
  return {StoreOutcomeKind::kUpdated, article_id, current->duplicate_of};
}

}  // namespace newscrawl::store
