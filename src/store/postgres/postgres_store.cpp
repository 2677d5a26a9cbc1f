#include "newscrawl/postgres_store.h"

#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <cstring>
#include <endian.h>
#include <nlohmann/json.hpp>

#include "newscrawl/content_dedup.h"
#include "newscrawl/near_duplicate.h"
#include "newscrawl/log.h"
#include "newscrawl/report_data.h"
#include "pg_connection.h"
#include "pg_migrations.h"

namespace newscrawl {
namespace {

using Json = nlohmann::ordered_json;
using pg::Params;
using pg::PgConnection;
using pg::PgError;
using pg::Rows;

constexpr int kZstdLevel = 3;
// A statement that lost a deadlock or a serialization race is retried this many times: each call
// is its own short transaction, so running it again is safe.
constexpr int kMaxAttempts = 4;

std::int64_t ToDb(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t FromDb(std::int64_t v) { return static_cast<std::uint64_t>(v); }

std::string DumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

template <typename T>
Status ToStatusHelper(const Result<T>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

const char* kArticleColumns =
    "id, site, url, canonical_url, extractor, title, byline, lead, body, published_at, updated_at, "
    "section, tags, language, first_seen, last_seen, duplicate_of";

const char* kUrlColumns =
    "url, site, kind, priority, published_at, depth, discovered_from, status, attempts, "
    "next_fetch_at, etag, last_modified, last_error";

// "<hostname>:<pid>", and "#2", "#3"... for further stores of one process: claims are per worker
// name, so two stores must never share one.
std::string DefaultWorkerName() {
  static std::atomic<int> stores{0};
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const int n = ++stores;
  return std::string(host) + ":" + std::to_string(::getpid()) + (n > 1 ? "#" + std::to_string(n) : "");
}

// The advisory-lock key of a URL: 64 bits of its hash, so two workers storing the same URL (or
// the same content) serialise, and unrelated URLs almost never wait on each other.
std::int64_t LockKey(std::string_view s) { return ToDb(XXH3_64bits(s.data(), s.size())); }

}  // namespace

bool IsPostgresUri(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

class PostgresStore::Impl {
 public:
  Impl(std::unique_ptr<PgConnection> db, const PostgresStoreOptions& options)
      : db_(std::move(db)), options_(options) {
    if (options_.worker.empty()) options_.worker = DefaultWorkerName();
  }

  // Runs `fn` as one transaction. Every call commits on its own: several workers write to one
  // database, and a transaction that stayed open across calls would hold row locks (claimed
  // URLs, enqueued links) that other workers wait on, and could deadlock with them. Commits are
  // cheap because the session runs with synchronous_commit off (see Open).
  template <typename T, typename Fn>
  Result<T> Write(const char* what, Fn&& fn) {
    for (int attempt = 1;; ++attempt) {
      try {
        db_->ExecScript("BEGIN");
        try {
          T value = fn();
          db_->ExecScript("COMMIT");
          return value;
        } catch (...) {
          try {
            db_->ExecScript("ROLLBACK");
          } catch (...) {  // the connection is gone; the server rolled back already
          }
          throw;
        }
      } catch (const PgError& e) {
        // 40P01 deadlock_detected, 40001 serialization_failure: the server undid the call.
        const bool retry = e.sqlstate() == "40P01" || e.sqlstate() == "40001";
        if (retry && attempt < kMaxAttempts) {
          Logger("store")->debug("{}: {} (attempt {}), retrying", what, e.what(), attempt);
          continue;
        }
        return Status::Storage(std::string(what) + ": " + e.what());
      } catch (const std::exception& e) {
        return Status::Storage(std::string(what) + ": " + e.what());
      }
    }
  }

  // A read outside any transaction (each statement sees the latest committed data).
  template <typename T, typename Fn>
  Result<T> Read(const char* what, Fn&& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      return Status::Storage(std::string(what) + ": " + e.what());
    }
  }

  Rows Exec(const std::string& sql, const Params& p = {}) { return db_->Exec(sql, p); }

  void EnsureSite(const std::string& site, std::int64_t now) {
    Exec("INSERT INTO sites(name, first_seen) VALUES($1, $2) ON CONFLICT (name) DO NOTHING", Params().Add(site).Add(now));
  }

  std::optional<std::int64_t> AliasTarget(std::string_view url) {
    Rows r = Exec("SELECT article_id FROM aliases WHERE url = $1", Params().Add(url));
    if (r.empty()) return std::nullopt;
    return r.Int(0, 0);
  }

  void InsertAlias(const std::string& url, std::int64_t article_id, const char* reason) {
    if (url.empty()) return;
    Exec("INSERT INTO aliases(url, article_id, reason) VALUES($1, $2, $3) ON CONFLICT (url) DO NOTHING",
         Params().Add(url).Add(article_id).Add(reason));
  }

  // Takes transaction-scoped advisory locks on `keys` in ascending order (one order for every
  // worker, so two workers never wait on each other in a cycle).
  void LockKeys(std::vector<std::int64_t> keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (std::int64_t k : keys) Exec("SELECT pg_advisory_xact_lock($1::bigint)", Params().Add(k));
  }

  struct Fingerprint {
    std::uint64_t content_hash;
    std::uint64_t simhash;
    bool eligible;
    std::vector<std::uint64_t> band_keys;  // empty unless eligible
  };

  static Fingerprint Fingerprints(const Article& a) {
    ContentFingerprint fp = newscrawl::Fingerprint(a.title.value_or(""), a.body.value_or(""));
    const bool eligible = fp.body_words >= static_cast<std::size_t>(kMinDedupWords);
    if (!eligible) fp.band_keys.clear();
    return {fp.exact_hash, fp.simhash, eligible, std::move(fp.band_keys)};
  }

  // The dedup component's questions, answered from this database (every worker's articles).
  class PgCandidateIndex final : public CandidateIndex {
   public:
    explicit PgCandidateIndex(Impl& impl) : impl_(impl) {}
    std::vector<Candidate> Candidates(const std::vector<std::uint64_t>& keys, int limit) override {
      std::string list;
      for (const std::uint64_t k : keys) list += (list.empty() ? "" : ",") + std::to_string(static_cast<std::int64_t>(k));
      Rows r = impl_.Exec("SELECT article_id, COUNT(*) AS n FROM dedup_keys WHERE key = ANY($1::bigint[]) "
                          "GROUP BY article_id ORDER BY n DESC, article_id LIMIT $2",
                          Params().Add("{" + list + "}").Add(static_cast<std::int64_t>(limit)));
      std::vector<Candidate> out;
      for (int i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), static_cast<int>(r.Int(i, 1))});
      return out;
    }
    std::optional<StoredText> Load(std::int64_t id) override {
      Rows r = impl_.Exec("SELECT COALESCE(title, ''), COALESCE(body, ''), published_at, COALESCE(duplicate_of, id) "
                          "FROM articles WHERE id = $1",
                          Params().Add(id));
      if (r.empty()) return std::nullopt;
      return StoredText{r.OptText(0, 0).value_or(""), r.OptText(0, 1).value_or(""), r.OptText(0, 2), r.Int(0, 3)};
    }

   private:
    Impl& impl_;
  };

  void SetBandKeys(std::int64_t id, const std::vector<std::uint64_t>& keys) {
    Exec("DELETE FROM dedup_keys WHERE article_id = $1", Params().Add(id));
    for (const std::uint64_t k : keys) {
      Exec("INSERT INTO dedup_keys(key, article_id) VALUES($1, $2) ON CONFLICT DO NOTHING",
           Params().Add(static_cast<std::int64_t>(k)).Add(id));
    }
  }

  void RecordLink(std::int64_t id, const NearDuplicateLink& link, std::int64_t decided_at) {
    Exec("INSERT INTO dedup_links(article_id, original_id, matched_id, score, evidence, rule_version, decided_at) "
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

  static std::string TagsJson(const Article& a) {
    Json tags = Json::array();
    for (const std::string& t : a.tags) tags.push_back(t);
    return DumpJson(tags);
  }

  void WriteImages(std::int64_t id, const Article& a) {
    Exec("DELETE FROM images WHERE article_id = $1", Params().Add(id));
    for (std::size_t i = 0; i < a.images.size(); ++i) {
      Exec("INSERT INTO images(article_id, position, url, caption) VALUES($1, $2, $3, $4)",
           Params().Add(id).Add(static_cast<std::int64_t>(i)).Add(a.images[i].url).Add(a.images[i].caption));
    }
  }

  // The record columns shared by INSERT and UPDATE, as $1..$13.
  static Params RecordParams(const Article& a, const std::string& site, const std::string& url) {
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
        .Add(TagsJson(a))
        .Add(a.language);
    return p;
  }

  std::int64_t InsertArticle(const Article& a, const StoredMeta& meta, const Fingerprint& fp,
                             std::optional<std::int64_t> duplicate_of) {
    Params p = RecordParams(a, meta.site, meta.url);
    p.Add(ToDb(fp.content_hash))
        .Add(ToDb(fp.simhash))
        .Add(fp.eligible)
        .Add(meta.page_hash ? std::optional<std::int64_t>(ToDb(*meta.page_hash)) : std::nullopt)
        .Add(meta.fetched_at)
        .Add(run_id_)
        .Add(duplicate_of);
    Rows r = Exec(
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

  void ArchiveVersion(std::int64_t id, std::int64_t superseded_at) {
    std::optional<StoredArticle> current = LoadArticle(id);
    if (!current) throw PgError("article " + std::to_string(id) + " vanished", "");
    Rows h = Exec("SELECT content_hash, page_hash FROM articles WHERE id = $1", Params().Add(id));
    Exec(
        "INSERT INTO article_versions(article_id, record, content_hash, page_hash, first_seen, superseded_at) "
        "VALUES($1, $2, $3, $4, $5, $6)",
        Params()
            .Add(id)
            .Add(DumpJson(ArticleToJson(current->article)))
            .Add(h.Int(0, 0))
            .Add(h.OptInt(0, 1))
            .Add(current->first_seen)
            .Add(superseded_at));
  }

  void UpdateRecord(std::int64_t id, const Article& a, const std::string& site, const std::string& url,
                    const Fingerprint& fp, std::optional<std::uint64_t> page_hash, std::int64_t seen_at,
                    bool touch_seen) {
    Params p = RecordParams(a, site, url);
    p.Add(ToDb(fp.content_hash))
        .Add(ToDb(fp.simhash))
        .Add(fp.eligible)
        .Add(page_hash ? std::optional<std::int64_t>(ToDb(*page_hash)) : std::nullopt)
        .Add(touch_seen)
        .Add(seen_at)
        .Add(run_id_)
        .Add(id);
    Exec(
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

  void TouchSeen(std::int64_t id, std::int64_t seen_at) {
    Exec(
        "UPDATE articles SET last_seen = GREATEST(last_seen, $1::bigint), "
        "last_run_id = COALESCE($2::bigint, last_run_id) WHERE id = $3",
        Params().Add(seen_at).Add(run_id_).Add(id));
  }

  std::optional<std::int64_t> DuplicateOf(std::int64_t id) {
    Rows r = Exec("SELECT duplicate_of FROM articles WHERE id = $1", Params().Add(id));
    if (r.empty()) return std::nullopt;
    return r.OptInt(0, 0);
  }

  std::uint64_t ContentHashOf(std::int64_t id) {
    Rows r = Exec("SELECT content_hash FROM articles WHERE id = $1", Params().Add(id));
    if (r.empty()) throw PgError("article " + std::to_string(id) + " not found", "");
    return FromDb(r.Int(0, 0));
  }

  // The same rules as SqliteStore's Upsert (article_store.h). The URLs and the content hash are
  // locked first, so two workers storing the same page (or the same text under two URLs) at
  // once make one article, not two.
  StoreOutcome Upsert(const Article& a, const StoredMeta& meta) {
    const Fingerprint fp = Fingerprints(a);
    const std::string canonical = meta.canonical_url.empty() ? meta.url : meta.canonical_url;
    std::vector<std::int64_t> keys = {LockKey(canonical), LockKey(meta.url)};
    if (fp.eligible) keys.push_back(ToDb(fp.content_hash));
    LockKeys(std::move(keys));
    EnsureSite(meta.site, meta.fetched_at);

    std::optional<std::int64_t> existing = AliasTarget(canonical);
    if (!existing && meta.url != canonical) existing = AliasTarget(meta.url);
    if (existing) {
      const std::int64_t id = *existing;
      InsertAlias(meta.url, id, "url");
      InsertAlias(canonical, id, "url");
      if (ContentHashOf(id) == fp.content_hash) {
        TouchSeen(id, meta.fetched_at);
        return {StoreOutcomeKind::kUnchanged, id, DuplicateOf(id)};
      }
      ArchiveVersion(id, meta.fetched_at);
      UpdateRecord(id, a, meta.site, meta.url, fp, meta.page_hash, meta.fetched_at, /*touch_seen=*/true);
      return {StoreOutcomeKind::kUpdated, id, DuplicateOf(id)};
    }

    std::optional<NearDuplicateLink> link;
    if (fp.eligible) {
      Rows r = Exec(
          "SELECT id, duplicate_of FROM articles WHERE content_hash = $1 AND dedup_eligible ORDER BY id LIMIT 1",
          Params().Add(ToDb(fp.content_hash)));
      if (!r.empty()) {
        const std::int64_t id = r.Int(0, 0);
        const std::optional<std::int64_t> dup = r.OptInt(0, 1);
        InsertAlias(meta.url, id, "content");
        InsertAlias(canonical, id, "content");
        TouchSeen(id, meta.fetched_at);
        return {StoreOutcomeKind::kAliasOfExisting, id, dup};
      }
      PgCandidateIndex index(*this);
      link = FindNearDuplicate(index, PrepareDedupText(a.title.value_or(""), a.body.value_or(""), a.published_at),
                               fp.band_keys);
    }
    const std::optional<std::int64_t> duplicate_of =
        link ? std::optional<std::int64_t>(link->original_id) : std::nullopt;
    const std::int64_t id = InsertArticle(a, meta, fp, duplicate_of);
    if (link) RecordLink(id, *link, meta.fetched_at);
    InsertAlias(canonical, id, "url");
    InsertAlias(meta.url, id, "url");
    return {duplicate_of ? StoreOutcomeKind::kNearDuplicateOf : StoreOutcomeKind::kInserted, id, duplicate_of};
  }

  static StoredArticle ArticleFromRow(const Rows& r, int row) {
    StoredArticle out;
    out.id = r.Int(row, 0);
    Article& a = out.article;
    a.site = r.OptText(row, 1);
    a.url = r.OptText(row, 2);
    a.canonical_url = r.OptText(row, 3);
    a.extractor = r.OptText(row, 4);
    a.title = r.OptText(row, 5);
    a.byline = r.OptText(row, 6);
    a.lead = r.OptText(row, 7);
    a.body = r.OptText(row, 8);
    a.published_at = r.OptText(row, 9);
    a.updated_at = r.OptText(row, 10);
    a.section = r.OptText(row, 11);
    const Json tags = Json::parse(r.Text(row, 12), nullptr, /*allow_exceptions=*/false);
    if (tags.is_array()) {
      for (const Json& t : tags) {
        if (t.is_string()) a.tags.push_back(t.get<std::string>());
      }
    }
    a.language = r.OptText(row, 13);
    out.first_seen = r.Int(row, 14);
    out.last_seen = r.Int(row, 15);
    out.duplicate_of = r.OptInt(row, 16);
    return out;
  }

  void LoadImages(StoredArticle& out) {
    Rows r = Exec("SELECT url, caption FROM images WHERE article_id = $1 ORDER BY position", Params().Add(out.id));
    for (int i = 0; i < r.size(); ++i) out.article.images.push_back({r.Text(i, 0), r.OptText(i, 1)});
  }

  std::optional<StoredArticle> LoadArticle(std::int64_t id) {
    Rows r = Exec(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = $1", Params().Add(id));
    if (r.empty()) return std::nullopt;
    StoredArticle out = ArticleFromRow(r, 0);
    LoadImages(out);
    return out;
  }

  static UrlEntry UrlFromRow(const Rows& r, int row) {
    UrlEntry e;
    e.url = r.Text(row, 0);
    e.site = r.Text(row, 1);
    e.kind = UrlKindFromName(r.Text(row, 2)).value_or(UrlKind::kArticle);
    e.priority = static_cast<int>(r.Int(row, 3));
    e.published_at = r.OptInt(row, 4);
    e.depth = static_cast<int>(r.Int(row, 5));
    e.discovered_from = r.OptText(row, 6);
    e.status = UrlStatusFromName(r.Text(row, 7)).value_or(UrlStatus::kPending);
    e.attempts = static_cast<int>(r.Int(row, 8));
    e.next_fetch_at = r.OptInt(row, 9).value_or(0);
    e.validators.etag = r.OptText(row, 10);
    e.validators.last_modified = r.OptText(row, 11);
    e.last_error = r.OptText(row, 12);
    return e;
  }

  // --- host leases ----------------------------------------------------------------------
  // A site is crawled by the one worker whose connection holds its session advisory lock
  // (pg_try_advisory_lock): the server drops the lock the moment that connection ends, so a
  // killed worker's sites are free again at once (over TCP: when the server's keepalive gives
  // up, bounded by host_lease_s, see Open). Holding the lock is the lease; nothing to renew.
  static std::int64_t SiteLockKey(const std::string& site) { return LockKey("newscrawl-site:" + site); }

  // Takes the free sites among `sites` (all sites when empty) that have work, and gives back
  // held sites that have none (nothing due, nothing claimed), so another worker may take them.
  void ScanLeases(const std::vector<std::string>& sites, std::int64_t now) {
    std::string sql =
        "SELECT site, bool_or(status IN ('pending', 'failed', 'done') AND next_fetch_at IS NOT NULL AND "
        "next_fetch_at <= $1) OR bool_or(status = 'in_progress') FROM urls";
    Params p;
    p.Add(now);
    if (!sites.empty()) {
      sql += " WHERE site IN (";
      for (std::size_t i = 0; i < sites.size(); ++i) {
        sql += (i ? ", $" : "$") + std::to_string(i + 2);
        p.Add(sites[i]);
      }
      sql += ")";
    }
    sql += " GROUP BY site";
    Rows r = Exec(sql, p);
    blocked_.clear();
    const auto steady = std::chrono::steady_clock::now();
    for (int i = 0; i < r.size(); ++i) {
      const std::string site = r.Text(i, 0);
      const bool work = r.Text(i, 1) == "t";
      const bool held = held_.count(site) > 0;
      if (work && !held) {
        if (Exec("SELECT pg_try_advisory_lock($1::bigint)", Params().Add(SiteLockKey(site))).Text(0, 0) == "t") {
          // The previous holder's last request started before we got the lock: waiting one
          // delay from now keeps the two workers' requests to the host at least that far apart.
          held_[site] = steady + std::chrono::milliseconds(options_.handover_delay_ms);
          Logger("store")->info("host lease: {} taken by {}", site, options_.worker);
        } else {
          blocked_.insert(site);
        }
      } else if (!work && held) {
        Exec("SELECT pg_advisory_unlock($1::bigint)", Params().Add(SiteLockKey(site)));
        held_.erase(site);
        Logger("store")->info("host lease: {} released by {} (nothing due)", site, options_.worker);
      }
    }
  }

  // Held sites among `sites` (all when empty) whose handover wait is over.
  std::vector<std::string> ReadySites(const std::vector<std::string>& sites) const {
    std::vector<std::string> out;
    const auto steady = std::chrono::steady_clock::now();
    for (const auto& [site, usable_from] : held_) {
      if (usable_from > steady) continue;
      if (sites.empty() || std::find(sites.begin(), sites.end(), site) != sites.end()) out.push_back(site);
    }
    return out;
  }

  std::unique_ptr<PgConnection> db_;
  PostgresStoreOptions options_;
  std::optional<std::int64_t> run_id_;
  std::map<std::string, std::chrono::steady_clock::time_point> held_;  // site → usable from
  std::set<std::string> blocked_;  // sites with work whose lease another worker holds
};

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

int PostgresStore::SchemaVersion() { return static_cast<int>(pg::PgSchemaMigrations().size()); }

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri, const PostgresStoreOptions& options) {
  try {
    auto db = std::make_unique<PgConnection>(uri);
    // Each call commits on its own (Impl::Write); without waiting for the WAL flush a commit
    // costs one round trip. A server crash may lose the last commits' effects, never
    // consistency: the frontier hands those URLs out again. The PostgreSQL counterpart of
    // SQLite's synchronous=NORMAL.
    db->ExecScript("SET synchronous_commit = off");
    // The host leases are held by this connection: over TCP, the server notices a worker that
    // vanished (power loss, network) within about host_lease_s and frees its leases then.
    const int lease = std::max(3, options.url_claim_s);
    db->ExecScript("SET tcp_keepalives_idle = " + std::to_string(lease / 3) +
                   "; SET tcp_keepalives_interval = " + std::to_string(std::max(1, lease / 9)) +
                   "; SET tcp_keepalives_count = 3");
    if (Status s = pg::PgMigrate(*db, pg::PgSchemaMigrations()); !s.ok()) return s;
    return std::unique_ptr<PostgresStore>(new PostgresStore(std::make_unique<Impl>(std::move(db), options)));
  } catch (const PgError& e) {
    return Status::Storage(std::string("cannot open database: ") + e.what());
  }
}

Result<std::int64_t> PostgresStore::BeginRun(std::int64_t started_at) {
  auto r = impl_->Write<std::int64_t>("begin run", [&] {
    return impl_->Exec("INSERT INTO runs(started_at, worker) VALUES($1, $2) RETURNING id",
                       Params().Add(started_at).Add(impl_->options_.worker))
        .Int(0, 0);
  });
  if (r.ok()) impl_->run_id_ = *r;
  return r;
}

Status PostgresStore::EndRun(const RunSummary& summary) {
  if (!impl_->run_id_) return Status::InvalidArgument("EndRun without BeginRun");
  auto r = impl_->Write<bool>("end run", [&] {
    impl_->Exec(
        "UPDATE runs SET ended_at=$1, exit_status=$2, fetched=$3, articles_new=$4, articles_updated=$5, "
        "duplicates=$6, errors=$7 WHERE id=$8",
        Params()
            .Add(summary.ended_at)
            .Add(summary.exit_status)
            .Add(summary.fetched)
            .Add(summary.articles_new)
            .Add(summary.articles_updated)
            .Add(summary.duplicates)
            .Add(summary.errors)
            .Add(*impl_->run_id_));
    return true;
  });
  if (!r.ok()) return r.status();
  impl_->run_id_.reset();
  return Status::Ok();
}

Status PostgresStore::RecordFetch(const FetchLogEntry& e) {
  return ToStatusHelper(impl_->Write<bool>("record fetch", [&] {
    impl_->Exec(
        "INSERT INTO fetches(run_id, url, site, fetched_at, http_status, bytes, duration_ms, error_kind, "
        "error_message) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
        Params()
            .Add(impl_->run_id_)
            .Add(e.url)
            .Add(e.site)
            .Add(e.fetched_at)
            .Add(e.http_status)
            .Add(e.bytes)
            .Add(e.duration_ms)
            .Add(e.error ? std::optional<std::string>(std::string(ErrorKindName(*e.error))) : std::nullopt)
            .Add(e.error_message.empty() ? std::nullopt : std::optional<std::string>(e.error_message)));
    return true;
  }));
}

Result<std::uint64_t> PostgresStore::StorePage(std::string_view url, std::string_view raw_html) {
  const std::uint64_t hash = XXH3_64bits(raw_html.data(), raw_html.size());
  std::string compressed(ZSTD_compressBound(raw_html.size()), '\0');
  const std::size_t n = ZSTD_compress(compressed.data(), compressed.size(), raw_html.data(), raw_html.size(), kZstdLevel);
  if (ZSTD_isError(n)) return Status::Storage(std::string("zstd: ") + ZSTD_getErrorName(n));
  compressed.resize(n);
  auto r = impl_->Write<bool>("store page", [&] {
    impl_->Exec(
        "INSERT INTO pages(hash, size, zstd, stored_at) VALUES($1, $2, $3, EXTRACT(EPOCH FROM now())::bigint) "
        "ON CONFLICT (hash) DO NOTHING",
        Params().Add(ToDb(hash)).Add(static_cast<std::int64_t>(raw_html.size())).Binary(compressed));
    return true;
  });
  if (!r.ok()) return r.status();
  Logger("store")->debug("page {} stored as {:016x} ({} -> {} bytes)", url, hash, raw_html.size(), n);
  return hash;
}

Result<std::string> PostgresStore::LoadPage(std::uint64_t page_hash) {
  auto blob = impl_->Read<std::optional<std::pair<std::int64_t, std::string>>>("load page", [&] {
    // Binary results: the bytea arrives as raw bytes and the size as a big-endian int8.
    Rows r = impl_->db_->Exec("SELECT size, zstd FROM pages WHERE hash = $1", Params().Add(ToDb(page_hash)),
                              /*binary_result=*/true);
    std::optional<std::pair<std::int64_t, std::string>> out;
    if (!r.empty()) {
      std::uint64_t be = 0;
      const std::string_view size = r.Bytes(0, 0);
      if (size.size() != sizeof be) throw PgError("pages.size is not an int8", "");
      std::memcpy(&be, size.data(), sizeof be);
      out.emplace(static_cast<std::int64_t>(be64toh(be)), std::string(r.Bytes(0, 1)));
    }
    return out;
  });
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no stored page with hash " + std::to_string(page_hash));
  const auto& [size, compressed] = **blob;
  std::string html(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(html.data(), html.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != html.size()) return Status::Storage("stored page " + std::to_string(page_hash) + " is corrupt");
  return html;
}

Result<StoreOutcome> PostgresStore::UpsertArticle(const Article& article, const StoredMeta& meta) {
  if (meta.url.empty() || meta.site.empty()) return Status::InvalidArgument("UpsertArticle needs a site and a URL");
  return impl_->Write<StoreOutcome>("upsert article", [&] { return impl_->Upsert(article, meta); });
}

Status PostgresStore::AddAlias(std::string_view url, std::int64_t article_id) {
  return ToStatusHelper(impl_->Write<bool>("add alias", [&] {
    impl_->InsertAlias(std::string(url), article_id, "url");
    return true;
  }));
}

Result<std::optional<std::int64_t>> PostgresStore::FindArticleByUrl(std::string_view url) {
  return impl_->Read<std::optional<std::int64_t>>("find article", [&] { return impl_->AliasTarget(url); });
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticle(std::int64_t id) {
  return impl_->Read<std::optional<StoredArticle>>("get article", [&] { return impl_->LoadArticle(id); });
}

Result<std::vector<ArticleVersion>> PostgresStore::GetVersions(std::int64_t id) {
  return impl_->Read<std::vector<ArticleVersion>>("get versions", [&] {
    std::vector<ArticleVersion> out;
    Rows r = impl_->Exec("SELECT record, first_seen, superseded_at FROM article_versions WHERE article_id = $1 ORDER BY id",
                         Params().Add(id));
    for (int i = 0; i < r.size(); ++i) {
      ArticleVersion v;
      const Json j = Json::parse(r.Text(i, 0), nullptr, false);
      if (auto a = ArticleFromJson(j); a.ok()) v.article = std::move(*a);
      v.first_seen = r.Int(i, 1);
      v.superseded_at = r.Int(i, 2);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<Validators> PostgresStore::GetValidators(std::string_view url) {
  return impl_->Read<Validators>("get validators", [&] {
    Rows r = impl_->Exec("SELECT etag, last_modified FROM urls WHERE url = $1", Params().Add(url));
    Validators v;
    if (!r.empty()) {
      v.etag = r.OptText(0, 0);
      v.last_modified = r.OptText(0, 1);
    }
    return v;
  });
}

Status PostgresStore::ForEachStoredPage(const std::optional<std::string>& site,
                                        const std::function<Status(const StoredPage&)>& fn) {
  struct Ref {
    std::int64_t id;
    std::string url, site;
    std::uint64_t page_hash;
    std::int64_t stored_at;
  };
  // The list is read first so that `fn` may update the articles it is given.
  auto refs = impl_->Read<std::vector<Ref>>("list stored pages", [&] {
    std::vector<Ref> out;
    Rows r = impl_->Exec(
        "SELECT a.id, COALESCE(a.url, ''), a.site, a.page_hash, COALESCE(p.stored_at, 0) FROM articles a "
        "LEFT JOIN pages p ON p.hash = a.page_hash WHERE a.page_hash IS NOT NULL "
        "AND ($1::text IS NULL OR a.site = $1::text) ORDER BY a.id",
        Params().Add(site));
    for (int i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), FromDb(r.Int(i, 3)), r.Int(i, 4)});
    return out;
  });
  if (!refs.ok()) return refs.status();
  for (Ref& ref : *refs) {
    auto html = LoadPage(ref.page_hash);
    if (!html.ok()) return html.status();
    if (Status s = fn(StoredPage{ref.id, std::move(ref.url), std::move(ref.site), std::move(*html), ref.stored_at}); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<StoreOutcome> PostgresStore::UpdateExtracted(std::int64_t article_id, const Article& article, std::int64_t now) {
  return impl_->Write<StoreOutcome>("update extracted", [&] {
    std::optional<StoredArticle> current = impl_->LoadArticle(article_id);
    if (!current) throw PgError("article " + std::to_string(article_id) + " not found", "");
    const Impl::Fingerprint fp = Impl::Fingerprints(article);
    const std::string site = current->article.site.value_or(article.site.value_or(""));
    if (impl_->ContentHashOf(article_id) == fp.content_hash && current->article.images == article.images &&
        ArticleToJson(current->article) == ArticleToJson(article)) {
      return StoreOutcome{StoreOutcomeKind::kUnchanged, article_id, current->duplicate_of};
    }
    impl_->ArchiveVersion(article_id, now);
    impl_->UpdateRecord(article_id, article, site, current->article.url.value_or(""), fp, std::nullopt, now,
                        /*touch_seen=*/false);
    return StoreOutcome{StoreOutcomeKind::kUpdated, article_id, current->duplicate_of};
  });
}

Status PostgresStore::ForEachArticle(const ExportFilter& filter, const std::function<Status(const StoredArticle&)>& fn) {
  // Pages of ids, so no result is held while `fn` runs (it may write, or take long).
  std::int64_t after = 0;
  constexpr int kPage = 500;
  while (true) {
    auto page = impl_->Read<std::vector<StoredArticle>>("export", [&] {
      std::vector<StoredArticle> out;
      Rows r = impl_->Exec(std::string("SELECT ") + kArticleColumns +
                               " FROM articles WHERE id > $1 AND ($2::text IS NULL OR site = $2::text) AND "
                               "($3::bigint IS NULL OR first_seen >= $3::bigint) AND ($4::boolean OR duplicate_of IS NULL) "
                               "ORDER BY id LIMIT $5",
                           Params().Add(after).Add(filter.site).Add(filter.since).Add(filter.include_duplicates).Add(kPage));
      for (int i = 0; i < r.size(); ++i) out.push_back(Impl::ArticleFromRow(r, i));
      for (StoredArticle& a : out) impl_->LoadImages(a);
      return out;
    });
    if (!page.ok()) return page.status();
    if (page->empty()) return Status::Ok();
    for (StoredArticle& a : *page) {
      if (Status s = fn(a); !s.ok()) return s;
      after = a.id;
    }
  }
}

namespace {

constexpr const char* kFillSelect =
    "SELECT COUNT(*), "
    "COUNT(*) FILTER (WHERE title IS NOT NULL AND title <> ''), "
    "COUNT(*) FILTER (WHERE byline IS NOT NULL AND byline <> ''), "
    "COUNT(*) FILTER (WHERE lead IS NOT NULL AND lead <> ''), "
    "COUNT(*) FILTER (WHERE body IS NOT NULL AND body <> ''), "
    "COUNT(*) FILTER (WHERE EXISTS(SELECT 1 FROM images i WHERE i.article_id = a.id)), "
    "COUNT(*) FILTER (WHERE published_at IS NOT NULL AND published_at <> '') "
    "FROM articles a WHERE site = $1 AND duplicate_of IS NULL AND ($2::bigint IS NULL OR first_run_id = $2::bigint)";

FillRates FillFromRow(const Rows& r) {
  FillRates f;
  f.articles = r.Int(0, 0);
  const std::vector<std::string>& fields = FillRateFields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const double filled = static_cast<double>(r.Int(0, static_cast<int>(i + 1)));
    f.rate[fields[i]] = f.articles > 0 ? filled / static_cast<double>(f.articles) : 0.0;
  }
  return f;
}

}  // namespace

Result<std::vector<DedupLinkInfo>> PostgresStore::ListDuplicateLinks(const std::optional<std::string>& site) {
  return impl_->Read<std::vector<DedupLinkInfo>>("list duplicate links", [&] {
    Rows r = impl_->Exec(
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

Result<StoreStats> PostgresStore::ComputeStats() {
  return impl_->Read<StoreStats>("stats", [&] {
    StoreStats stats;
    stats.last_run_id = impl_->Exec("SELECT MAX(id) FROM runs").OptInt(0, 0);
    Rows names = impl_->Exec("SELECT name FROM sites ORDER BY name");
    for (int n = 0; n < names.size(); ++n) {
      SiteStats st;
      st.site = names.Text(n, 0);
      st.fill = FillFromRow(impl_->Exec(kFillSelect, Params().Add(st.site).Add(std::optional<std::int64_t>())));
      st.articles = st.fill.articles;
      if (stats.last_run_id) {
        st.new_in_last_run =
            impl_
                ->Exec("SELECT COUNT(*) FROM articles WHERE site = $1 AND first_run_id = $2 AND duplicate_of IS NULL",
                       Params().Add(st.site).Add(*stats.last_run_id))
                .Int(0, 0);
      }
      st.duplicates_merged =
          impl_
              ->Exec(
                  "SELECT (SELECT COUNT(*) FROM articles WHERE site = $1 AND duplicate_of IS NOT NULL) + "
                  "(SELECT COUNT(*) FROM aliases al JOIN articles a ON a.id = al.article_id "
                  " WHERE a.site = $1 AND al.reason = 'content')",
                  Params().Add(st.site))
              .Int(0, 0);
      // With several workers, "the last run" is one worker's run; the errors of all runs that
      // overlap it would be a better figure, but this keeps SqliteStore's meaning.
      Rows errors = impl_->Exec(
          "SELECT error_kind, COUNT(*) FROM fetches WHERE site = $1 AND error_kind IS NOT NULL "
          "AND ($2::bigint IS NULL OR run_id = $2::bigint) GROUP BY error_kind ORDER BY error_kind",
          Params().Add(st.site).Add(stats.last_run_id));
      for (int i = 0; i < errors.size(); ++i) st.fetch_errors_by_kind[errors.Text(i, 0)] = errors.Int(i, 1);
      Rows runs = impl_->Exec(
          "SELECT DISTINCT first_run_id FROM articles WHERE site = $1 AND first_run_id IS NOT NULL "
          "AND duplicate_of IS NULL ORDER BY first_run_id DESC LIMIT 2",
          Params().Add(st.site));
      for (int i = 0; i < runs.size(); ++i) {
        const std::int64_t run = runs.Int(i, 0);
        st.recent_runs.push_back({run, FillFromRow(impl_->Exec(kFillSelect, Params().Add(st.site).Add(run)))});
      }
      stats.sites.push_back(std::move(st));
    }
    return stats;
  });
}

Result<ReportData> PostgresStore::ComputeReportData(const ReportOptions& options) {
  // One snapshot (REPEATABLE READ), so a report made while workers crawl adds up.
  try {
    impl_->db_->ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (const PgError& e) {
    return Status::Storage(std::string("report: ") + e.what());
  }
  struct EndRead {
    PgConnection& db;
    ~EndRead() {
      try {
        db.ExecScript("COMMIT");
      } catch (...) {  // a read-only transaction has nothing to lose
      }
    }
  } end_read{*impl_->db_};

  auto stats = ComputeStats();
  if (!stats.ok()) return stats.status();
  return impl_->Read<ReportData>("report", [&] {
    ReportData data;
    data.stats = std::move(*stats);
    data.drifts = LayoutDrifts(data.stats);
    Rows runs_rows = impl_->Exec(
        "SELECT id, started_at, ended_at, exit_status, fetched, articles_new, articles_updated, duplicates, errors "
        "FROM runs ORDER BY id");
    for (int i = 0; i < runs_rows.size(); ++i) {
      ReportRun r;
      r.id = runs_rows.Int(i, 0);
      r.started_at = runs_rows.Int(i, 1);
      r.ended_at = runs_rows.OptInt(i, 2);
      if (auto v = runs_rows.OptInt(i, 3)) r.exit_status = static_cast<int>(*v);
      r.fetched = runs_rows.OptInt(i, 4);
      r.articles_new = runs_rows.OptInt(i, 5);
      r.articles_updated = runs_rows.OptInt(i, 6);
      r.duplicates = runs_rows.OptInt(i, 7);
      r.errors = runs_rows.OptInt(i, 8);
      data.runs.push_back(r);
    }
    std::map<std::string, SiteReport> sites;
    for (const SiteStats& st : data.stats.sites) sites[st.site].site = st.site;
    std::map<std::string, std::map<std::int64_t, SiteRunReport>> runs;
    {
      // The status mix is counted in the database; durations are needed one by one for the
      // percentiles (SummarizeLatency), so only those of answered requests are fetched.
      Rows mix = impl_->Exec(
          "SELECT site, run_id, http_status, COALESCE(error_kind, ''), COUNT(*) FROM fetches WHERE site IS NOT NULL "
          "GROUP BY 1, 2, 3, 4");
      for (int i = 0; i < mix.size(); ++i) {
        const std::string site = mix.Text(i, 0);
        const std::optional<std::int64_t> run = mix.OptInt(i, 1);
        const int http_status = static_cast<int>(mix.Int(i, 2));
        const std::string kind = mix.Text(i, 3);
        const std::int64_t count = mix.Int(i, 4);
        SiteReport& sr = sites[site];
        sr.site = site;
        sr.status.Add(http_status, kind, count);
        if (run) runs[site][*run].status.Add(http_status, kind, count);
        data.total_fetches += count;
      }
      std::map<std::string, std::vector<std::int64_t>> all;
      std::map<std::string, std::map<std::int64_t, std::vector<std::int64_t>>> by_run;
      // A timeout's duration is the timeout, not the site's speed.
      Rows ms = impl_->Exec("SELECT site, run_id, duration_ms FROM fetches WHERE site IS NOT NULL AND http_status > 0");
      for (int i = 0; i < ms.size(); ++i) {
        const std::string site = ms.Text(i, 0);
        all[site].push_back(ms.Int(i, 2));
        if (auto run = ms.OptInt(i, 1)) by_run[site][*run].push_back(ms.Int(i, 2));
      }
      for (auto& [name, durations] : all) sites[name].latency = SummarizeLatency(durations);
      for (auto& [name, per_run] : by_run) {
        for (auto& [id, durations] : per_run) runs[name][id].latency = SummarizeLatency(durations);
      }
    }
    Rows per_run = impl_->Exec(
        "SELECT site, first_run_id, COUNT(*) FROM articles WHERE duplicate_of IS NULL AND first_run_id IS NOT NULL "
        "GROUP BY site, first_run_id");
    for (int i = 0; i < per_run.size(); ++i) runs[per_run.Text(i, 0)][per_run.Int(i, 1)].articles_new = per_run.Int(i, 2);
    for (auto& [name, sr] : sites) {
      Rows days = impl_->Exec(
          "SELECT first_seen / 86400, COUNT(*) FROM articles WHERE site = $1 AND duplicate_of IS NULL "
          "GROUP BY 1 ORDER BY 1",
          Params().Add(name));
      for (int i = 0; i < days.size(); ++i) sr.articles_per_day.push_back({days.Int(i, 0), days.Int(i, 1)});
      Rows latest = impl_->Exec(
          "SELECT id, COALESCE(title, ''), COALESCE(lead, ''), COALESCE(NULLIF(canonical_url, ''), url, ''), "
          "published_at, first_seen FROM articles WHERE site = $1 AND duplicate_of IS NULL "
          "ORDER BY first_seen DESC, id DESC LIMIT $2",
          Params().Add(name).Add(std::max(0, options.latest_per_site)));
      for (int i = 0; i < latest.size(); ++i) {
        sr.latest.push_back({latest.Int(i, 0), latest.Text(i, 1), latest.Text(i, 2), latest.Text(i, 3),
                             latest.OptText(i, 4), latest.Int(i, 5)});
      }
      for (auto& [run, row] : runs[name]) {
        row.run_id = run;
        sr.runs.push_back(std::move(row));
      }
      data.sites.push_back(std::move(sr));
    }
    return data;
  });
}

Status PostgresStore::Flush() { return Status::Ok(); }       // every call has committed already
Status PostgresStore::MaybeFlush() { return Status::Ok(); }  // (Impl::Write)

// --- Frontier -------------------------------------------------------------------------------

Result<bool> PostgresStore::Enqueue(const UrlEntry& e) {
  if (e.url.empty() || e.site.empty()) return Status::InvalidArgument("Enqueue needs a URL and a site");
  return impl_->Write<bool>("enqueue", [&] {
    impl_->EnsureSite(e.site, e.next_fetch_at);
    return impl_
               ->Exec(
                   "INSERT INTO urls(url, site, kind, priority, published_at, depth, discovered_from, status, attempts, "
                   "next_fetch_at) VALUES($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8) ON CONFLICT (url) DO NOTHING",
                   Params()
                       .Add(e.url)
                       .Add(e.site)
                       .Add(UrlKindName(e.kind))
                       .Add(e.priority)
                       .Add(e.published_at)
                       .Add(e.depth)
                       .Add(e.discovered_from)
                       .Add(e.next_fetch_at))
               .Affected() == 1;
  });
}

Result<bool> PostgresStore::Reschedule(std::string_view url, std::int64_t at) {
  return impl_->Write<bool>("reschedule", [&] {
    return impl_
               ->Exec(
                   "UPDATE urls SET status = CASE WHEN status = 'in_progress' THEN status ELSE 'pending' END, "
                   "next_fetch_at = CASE WHEN status = 'in_progress' THEN next_fetch_at ELSE $1::bigint END WHERE url = $2",
                   Params().Add(at).Add(url))
               .Affected() == 1;
  });
}

// One claim query over the sites this worker holds; when it finds nothing, the leases are
// scanned (free sites with work taken, idle ones given back) and the query runs once more.
Result<std::optional<UrlEntry>> PostgresStore::Next(std::int64_t now, const std::vector<std::string>& sites) {
  auto claim = [&](const std::vector<std::string>& ready) {
    return impl_->Write<std::optional<UrlEntry>>("next url", [&] {
      std::optional<UrlEntry> e;
      if (ready.empty()) return e;
      // SKIP LOCKED: a row another transaction is claiming right now is passed over, not
      // waited for. An in-progress URL claimed by another worker on a site whose lease we
      // hold was left by a worker that died (a live one would still hold the lease).
      std::string sql =
          "WITH c AS (SELECT url FROM urls WHERE ((status IN ('pending', 'failed', 'done') "
          "AND next_fetch_at IS NOT NULL AND next_fetch_at <= $1) OR (status = 'in_progress' AND "
          "claimed_by IS DISTINCT FROM $3)) AND site IN (";
      Params p;
      p.Add(now).Add(now + impl_->options_.url_claim_s).Add(impl_->options_.worker);
      for (std::size_t i = 0; i < ready.size(); ++i) {
        sql += (i ? ", $" : "$") + std::to_string(i + 4);
        p.Add(ready[i]);
      }
      sql += ") ORDER BY priority DESC, published_at DESC NULLS LAST, next_fetch_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
             "UPDATE urls u SET status = 'in_progress', claimed_until = $2, claimed_by = $3 FROM c WHERE u.url = c.url "
             "RETURNING ";
      for (std::string_view col : {"url", "site", "kind", "priority", "published_at", "depth", "discovered_from",
                                   "status", "attempts", "next_fetch_at", "etag", "last_modified", "last_error"}) {
        if (col != "url") sql += ", ";
        sql += "u.";
        sql += col;
      }
      Rows r = impl_->Exec(sql, p);
      if (!r.empty()) e = Impl::UrlFromRow(r, 0);
      return e;
    });
  };
  auto first = claim(impl_->ReadySites(sites));
  if (!first.ok() || first->has_value()) return first;
  auto scanned = impl_->Read<bool>("host leases", [&] {
    impl_->ScanLeases(sites, now);
    return true;
  });
  if (!scanned.ok()) return scanned.status();
  return claim(impl_->ReadySites(sites));
}

Result<std::optional<std::int64_t>> PostgresStore::HeldBackRetryMs(const std::vector<std::string>& sites) {
  // A site in its handover wait is ready when the wait ends; a site another worker holds is
  // looked at again shortly (that worker may finish or die, and its work would then be ours).
  constexpr std::int64_t kBlockedPollMs = 500;
  std::optional<std::int64_t> wait;
  const auto steady = std::chrono::steady_clock::now();
  for (const auto& [site, usable_from] : impl_->held_) {
    if (!sites.empty() && std::find(sites.begin(), sites.end(), site) == sites.end()) continue;
    if (usable_from <= steady) continue;
    const std::int64_t ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(usable_from - steady).count() + 1;
    wait = std::min(wait.value_or(ms), ms);
  }
  if (!impl_->blocked_.empty()) wait = std::min(wait.value_or(kBlockedPollMs), kBlockedPollMs);
  return wait;
}

Status PostgresStore::MarkDone(std::string_view url, const Validators& v, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->Write<bool>("mark done", [&] {
    return impl_
               ->Exec(
                   "UPDATE urls SET status = 'done', next_fetch_at = $1, etag = $2, last_modified = $3, attempts = 0, "
                   "last_error = NULL, claimed_until = NULL, claimed_by = NULL WHERE url = $4",
                   Params().Add(recheck_at).Add(v.etag).Add(v.last_modified).Add(url))
               .Affected() == 1;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return Status::Ok();
}

Status PostgresStore::MarkUnchanged(std::string_view url, std::int64_t seen_at, std::optional<std::int64_t> recheck_at) {
  auto r = impl_->Write<bool>("mark unchanged", [&] {
    const bool known =
        impl_
            ->Exec(
                "UPDATE urls SET status = 'done', next_fetch_at = $1, attempts = 0, last_error = NULL, "
                "claimed_until = NULL, claimed_by = NULL WHERE url = $2",
                Params().Add(recheck_at).Add(url))
            .Affected() == 1;
    if (std::optional<std::int64_t> id = impl_->AliasTarget(url)) impl_->TouchSeen(*id, seen_at);
    return known;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return Status::Ok();
}

Status PostgresStore::MarkFailed(std::string_view url, std::string_view error, std::optional<std::int64_t> retry_at) {
  auto r = impl_->Write<bool>("mark failed", [&] {
    return impl_
               ->Exec(
                   "UPDATE urls SET status = $1, next_fetch_at = $2, attempts = attempts + 1, last_error = $3, "
                   "claimed_until = NULL, claimed_by = NULL WHERE url = $4",
                   Params().Add(retry_at ? "failed" : "gone").Add(retry_at).Add(error).Add(url))
               .Affected() == 1;
  });
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("URL not in the frontier: " + std::string(url));
  return Status::Ok();
}

Result<bool> PostgresStore::HasPending() {
  return impl_->Read<bool>("has pending", [&] {
    return impl_->Exec("SELECT EXISTS(SELECT 1 FROM urls WHERE status IN ('pending', 'in_progress', 'failed'))").Text(0, 0) ==
           "t";
  });
}

Result<std::optional<std::int64_t>> PostgresStore::NextDueAt() {
  return impl_->Read<std::optional<std::int64_t>>("next due", [&] {
    return impl_->Exec("SELECT MIN(next_fetch_at) FROM urls WHERE status IN ('pending', 'failed')").OptInt(0, 0);
  });
}

Result<std::int64_t> PostgresStore::ResetInProgress() {
  // Only this worker's own claims (taken but not fetched: budgets, a stop). A dead worker's
  // claims go back through the host lease (Next), never from here: a live worker's claims may
  // be older than any timeout while they wait in its queue.
  return impl_->Write<std::int64_t>("reset in progress", [&] {
    return impl_
        ->Exec(
            "UPDATE urls SET status = 'pending', next_fetch_at = COALESCE(next_fetch_at, 0), claimed_until = NULL, "
            "claimed_by = NULL WHERE status = 'in_progress' AND claimed_by = $1",
            Params().Add(impl_->options_.worker))
        .Affected();
  });
}

Result<std::optional<UrlEntry>> PostgresStore::GetUrl(std::string_view url) {
  return impl_->Read<std::optional<UrlEntry>>("get url", [&] {
    Rows r = impl_->Exec(std::string("SELECT ") + kUrlColumns + " FROM urls WHERE url = $1", Params().Add(url));
    std::optional<UrlEntry> e;
    if (!r.empty()) e = Impl::UrlFromRow(r, 0);
    return e;
  });
}

Result<std::map<UrlStatus, std::int64_t>> PostgresStore::CountByStatus() {
  return impl_->Read<std::map<UrlStatus, std::int64_t>>("count urls", [&] {
    std::map<UrlStatus, std::int64_t> out;
    Rows r = impl_->Exec("SELECT status, COUNT(*) FROM urls GROUP BY status");
    for (int i = 0; i < r.size(); ++i) {
      if (auto st = UrlStatusFromName(r.Text(i, 0))) out[*st] = r.Int(i, 1);
    }
    return out;
  });
}

// --- PolitenessLedger -------------------------------------------------------------------------
// One statement each, so a reservation is atomic across workers: the upsert takes the host only
// if its not_before has passed (or it is new), and otherwise leaves the row as it is and returns
// nothing; the second statement then says how long to wait.

Result<std::int64_t> PostgresStore::Reserve(std::string_view host, std::int64_t now_ms, std::int64_t hold_ms) {
  return impl_->Write<std::int64_t>("reserve host", [&] {
    Rows taken = impl_->Exec(
        "INSERT INTO host_politeness(host, not_before_ms, held_by) VALUES ($1, $2, $3) "
        "ON CONFLICT (host) DO UPDATE SET not_before_ms = EXCLUDED.not_before_ms, held_by = EXCLUDED.held_by "
        "WHERE host_politeness.not_before_ms <= $4 RETURNING host",
        Params().Add(host).Add(now_ms + hold_ms).Add(impl_->options_.worker).Add(now_ms));
    if (!taken.empty()) return std::int64_t{0};
    Rows r = impl_->Exec("SELECT not_before_ms FROM host_politeness WHERE host = $1", Params().Add(host));
    // The row cannot vanish (nothing deletes it); a wait of at least 1 ms keeps callers from spinning.
    return r.empty() ? std::int64_t{1} : std::max<std::int64_t>(1, r.Int(0, 0) - now_ms);
  });
}

Status PostgresStore::Release(std::string_view host, std::int64_t not_before_ms) {
  return ToStatusHelper(impl_->Write<bool>("release host", [&] {
    impl_->Exec(
        "INSERT INTO host_politeness(host, not_before_ms, held_by) VALUES ($1, $2, NULL) "
        "ON CONFLICT (host) DO UPDATE SET not_before_ms = EXCLUDED.not_before_ms, held_by = NULL",
        Params().Add(host).Add(not_before_ms));
    return true;
  }));
}

Result<std::optional<StoredRobots>> PostgresStore::LoadRobots(std::string_view origin) {
  return impl_->Read<std::optional<StoredRobots>>("load robots.txt", [&] {
    // Binary results: the body is bytes as fetched (robots.txt need not be UTF-8), the two
    // numbers big-endian int8.
    Rows r = impl_->db_->Exec("SELECT status::int8, fetched_at, body FROM robots_txt WHERE origin = $1",
                              Params().Add(origin), /*binary_result=*/true);
    std::optional<StoredRobots> out;
    if (r.empty()) return out;
    auto int8 = [&](int col) {
      std::uint64_t be = 0;
      const std::string_view v = r.Bytes(0, col);
      if (v.size() != sizeof be) throw PgError("robots_txt: not an int8", "");
      std::memcpy(&be, v.data(), sizeof be);
      return static_cast<std::int64_t>(be64toh(be));
    };
    out.emplace();
    out->status = static_cast<long>(int8(0));
    out->fetched_at = int8(1);
    out->body = std::string(r.Bytes(0, 2));
    return out;
  });
}

Status PostgresStore::SaveRobots(std::string_view origin, const StoredRobots& robots) {
  return ToStatusHelper(impl_->Write<bool>("save robots.txt", [&] {
    impl_->Exec(
        "INSERT INTO robots_txt(origin, status, body, fetched_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (origin) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body, "
        "fetched_at = EXCLUDED.fetched_at",
        Params().Add(origin).Add(static_cast<std::int64_t>(robots.status)).Binary(robots.body).Add(robots.fetched_at));
    return true;
  }));
}

}  // namespace newscrawl
