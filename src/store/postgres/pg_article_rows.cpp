#include "pg_article_rows.h"

#include <algorithm>

#include "common/record_codec.h"

namespace newscrawl::pg {
namespace {

using store::ToDb;

// The record columns shared by INSERT and UPDATE, as $1..$13.
Params RecordParams(const Article& a, const std::string& site, const std::string& url) {
  Params p;
  p.Add(site)
      .Add(a.url ? a.url : std::optional<std::string>(url))
      .Add(a.canonical_url)
      .Add(a.extractor)
      .Add(a.title)
      .Add(a.byline)
      .Add(a.lead)
      .Add(a.body)
      .Add(a.published_at)
      .Add(a.updated_at)
      .Add(a.section)
      .Add(store::TagsJson(a))
      .Add(a.language);
  return p;
}

// The fingerprint columns and the page hash (or NULL), as the four parameters after the record's.
void AddFingerprint(Params& p, const store::StoreFingerprint& fp, std::optional<std::uint64_t> page_hash) {
  p.Add(ToDb(fp.content_hash))
      .Add(ToDb(fp.simhash))
      .Add(fp.eligible)
      .Add(page_hash ? std::optional<std::int64_t>(ToDb(*page_hash)) : std::nullopt);
}

}  // namespace

// Locks are taken in ascending key order (one order for every worker, so two workers never wait
// on each other in a cycle).
void PgArticleRows::LockForUpsert(const std::string& url, const std::string& canonical,
                                  const store::StoreFingerprint& fp) {
  std::vector<std::int64_t> keys = {LockKey(canonical), LockKey(url)};
  if (fp.eligible) keys.push_back(ToDb(fp.content_hash));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (std::int64_t k : keys) db_.Exec("SELECT pg_advisory_xact_lock($1::bigint)", Params().Add(k));
}

void PgArticleRows::EnsureSite(const std::string& site, std::int64_t now) {
  db_.Exec("INSERT INTO sites(name, first_seen) VALUES($1, $2) ON CONFLICT (name) DO NOTHING",
           Params().Add(site).Add(now));
}

std::optional<std::int64_t> PgArticleRows::AliasTarget(std::string_view url) {
  Rows r = db_.Exec("SELECT article_id FROM aliases WHERE url = $1", Params().Add(url));
  if (r.empty()) return std::nullopt;
  return r.Int(0, 0);
}

void PgArticleRows::InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) {
  if (url.empty()) return;
  db_.Exec("INSERT INTO aliases(url, article_id, reason) VALUES($1, $2, $3) ON CONFLICT (url) DO NOTHING",
           Params().Add(url).Add(article_id).Add(reason));
}

std::uint64_t PgArticleRows::ContentHashOf(std::int64_t id) {
  Rows r = db_.Exec("SELECT content_hash FROM articles WHERE id = $1", Params().Add(id));
  if (r.empty()) throw PgError("article " + std::to_string(id) + " not found", "");
  return store::FromDb(r.Int(0, 0));
}

std::optional<std::int64_t> PgArticleRows::DuplicateOf(std::int64_t id) {
  Rows r = db_.Exec("SELECT duplicate_of FROM articles WHERE id = $1", Params().Add(id));
  if (r.empty()) return std::nullopt;
  return r.OptInt(0, 0);
}

void PgArticleRows::LoadImages(StoredArticle& out) {
  Rows r = db_.Exec("SELECT url, caption FROM images WHERE article_id = $1 ORDER BY position", Params().Add(out.id));
  for (int i = 0; i < r.size(); ++i) out.article.images.push_back({r.Text(i, 0), r.OptText(i, 1)});
}

std::optional<StoredArticle> PgArticleRows::LoadArticle(std::int64_t id) {
  Rows r = db_.Exec(std::string("SELECT ") + store::kArticleColumns + " FROM articles WHERE id = $1", Params().Add(id));
  if (r.empty()) return std::nullopt;
  StoredArticle out = store::ArticleFromRow(PgRow{r, 0});
  LoadImages(out);
  return out;
}

std::optional<store::ArticleRows::ExactMatch> PgArticleRows::FirstWithContentHash(std::uint64_t content_hash) {
  Rows r = db_.Exec("SELECT id, duplicate_of FROM articles WHERE content_hash = $1 AND dedup_eligible ORDER BY id LIMIT 1",
                    Params().Add(ToDb(content_hash)));
  if (r.empty()) return std::nullopt;
  return ExactMatch{r.Int(0, 0), r.OptInt(0, 1)};
}

std::vector<CandidateIndex::Candidate> PgArticleRows::Candidates(const std::vector<std::uint64_t>& keys, int limit) {
  std::string list;
  for (const std::uint64_t k : keys) list += (list.empty() ? "" : ",") + std::to_string(static_cast<std::int64_t>(k));
  Rows r = db_.Exec("SELECT article_id, COUNT(*) AS n FROM dedup_keys WHERE key = ANY($1::bigint[]) "
                    "GROUP BY article_id ORDER BY n DESC, article_id LIMIT $2",
                    Params().Add("{" + list + "}").Add(static_cast<std::int64_t>(limit)));
  std::vector<Candidate> out;
  for (int i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), static_cast<int>(r.Int(i, 1))});
  return out;
}

std::optional<CandidateIndex::StoredText> PgArticleRows::Load(std::int64_t id) {
  Rows r = db_.Exec("SELECT COALESCE(title, ''), COALESCE(body, ''), published_at, COALESCE(duplicate_of, id) "
                    "FROM articles WHERE id = $1",
                    Params().Add(id));
  if (r.empty()) return std::nullopt;
  return StoredText{r.OptText(0, 0).value_or(""), r.OptText(0, 1).value_or(""), r.OptText(0, 2), r.Int(0, 3)};
}

void PgArticleRows::TouchSeen(std::int64_t id, std::int64_t seen_at) {
  db_.Exec(
      "UPDATE articles SET last_seen = GREATEST(last_seen, $1::bigint), "
      "last_run_id = COALESCE($2::bigint, last_run_id) WHERE id = $3",
      Params().Add(seen_at).Add(db_.run_id()).Add(id));
}

void PgArticleRows::InsertVersion(const StoredArticle& current, std::int64_t superseded_at) {
  Rows h = db_.Exec("SELECT content_hash, page_hash FROM articles WHERE id = $1", Params().Add(current.id));
  db_.Exec(
      "INSERT INTO article_versions(article_id, record, content_hash, page_hash, first_seen, superseded_at) "
      "VALUES($1, $2, $3, $4, $5, $6)",
      Params()
          .Add(current.id)
          .Add(store::DumpJson(ArticleToJson(current.article)))
          .Add(h.Int(0, 0))
          .Add(h.OptInt(0, 1))
          .Add(current.first_seen)
          .Add(superseded_at));
}

void PgArticleRows::SetBandKeys(std::int64_t id, const std::vector<std::uint64_t>& keys) {
  db_.Exec("DELETE FROM dedup_keys WHERE article_id = $1", Params().Add(id));
  for (const std::uint64_t k : keys) {
    db_.Exec("INSERT INTO dedup_keys(key, article_id) VALUES($1, $2) ON CONFLICT DO NOTHING",
             Params().Add(static_cast<std::int64_t>(k)).Add(id));
  }
}

void PgArticleRows::RecordLink(std::int64_t id, const NearDuplicateLink& link, std::int64_t decided_at) {
  db_.Exec("INSERT INTO dedup_links(article_id, original_id, matched_id, score, evidence, rule_version, decided_at) "
           "VALUES($1, $2, $3, $4::double precision, $5, $6, $7) ON CONFLICT (article_id) DO UPDATE SET "
           "original_id = EXCLUDED.original_id, matched_id = EXCLUDED.matched_id, score = EXCLUDED.score, "
           "evidence = EXCLUDED.evidence, rule_version = EXCLUDED.rule_version, decided_at = EXCLUDED.decided_at",
           Params()
               .Add(id)
               .Add(link.original_id)
               .Add(link.matched_id)
               .Add(std::to_string(link.verdict.score))
               .Add(link.verdict.EvidenceJson())
               .Add(kNearDuplicateRuleVersion)
               .Add(decided_at));
}

void PgArticleRows::WriteImages(std::int64_t id, const Article& a) {
  db_.Exec("DELETE FROM images WHERE article_id = $1", Params().Add(id));
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    db_.Exec("INSERT INTO images(article_id, position, url, caption) VALUES($1, $2, $3, $4)",
             Params().Add(id).Add(static_cast<std::int64_t>(i)).Add(a.images[i].url).Add(a.images[i].caption));
  }
}

void PgArticleRows::UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                                 const store::StoreFingerprint& fp, std::optional<std::uint64_t> page_hash,
                                 std::int64_t seen_at, bool touch_seen) {
  Params p = RecordParams(a, site, url);
  AddFingerprint(p, fp, page_hash);
  p.Add(touch_seen).Add(seen_at).Add(db_.run_id()).Add(id);
  db_.Exec(
      "UPDATE articles SET site=$1, url=$2, canonical_url=$3, extractor=$4, title=$5, byline=$6, lead=$7, "
      "body=$8, published_at=$9, updated_at=$10, section=$11, tags=$12, language=$13, content_hash=$14, "
      "simhash=$15, dedup_eligible=$16, page_hash=COALESCE($17::bigint, page_hash), "
      "last_seen=CASE WHEN $18::boolean THEN $19::bigint ELSE last_seen END, "
      "last_run_id=CASE WHEN $18::boolean THEN COALESCE($20::bigint, last_run_id) ELSE last_run_id END "
      "WHERE id=$21",
      p);
  WriteImages(id, a);
  SetBandKeys(id, fp.band_keys);
}

std::int64_t PgArticleRows::InsertArticle(const Article& a, const StoredMeta& meta, const store::StoreFingerprint& fp,
                                          std::optional<std::int64_t> duplicate_of) {
  Params p = RecordParams(a, meta.site, meta.url);
  AddFingerprint(p, fp, meta.page_hash);
  p.Add(meta.fetched_at).Add(db_.run_id()).Add(duplicate_of);
  Rows r = db_.Exec(
      "INSERT INTO articles(site, url, canonical_url, extractor, title, byline, lead, body, "
      "published_at, updated_at, section, tags, language, content_hash, simhash, dedup_eligible, "
      "page_hash, first_seen, last_seen, first_run_id, last_run_id, duplicate_of) "
      "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,$19,$19,$20) RETURNING id",
      p);
  const std::int64_t id = r.Int(0, 0);
  WriteImages(id, a);
  SetBandKeys(id, fp.band_keys);
  return id;
}

}  // namespace newscrawl::pg
