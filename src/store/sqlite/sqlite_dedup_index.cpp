#include "sqlite_dedup_index.h"

#include <algorithm>
#include <cstring>

#include "newscrawl/dedup/content_dedup.h"
#include "newscrawl/core/log.h"
#include "stmt_use.h"

namespace newscrawl::store {
namespace {

using Use = StmtUse;

std::vector<std::uint64_t> KeysFromColumn(const SQLite::Column& c) {
  std::vector<std::uint64_t> keys;
  if (c.isNull()) return keys;
  const int bytes = c.getBytes();
  keys.resize(static_cast<std::size_t>(bytes) / sizeof(std::uint64_t));
  if (!keys.empty()) std::memcpy(keys.data(), c.getBlob(), keys.size() * sizeof(std::uint64_t));
  return keys;
}

// Postings read per key at the most. A key shared by more articles than this is a template's
// (a stock closing paragraph): the articles that share many keys with the new one still rank
// first through the keys that are rare.
constexpr int kMaxPostingsPerKey = 64;

}  // namespace

SQLite::Statement& SqliteDedupIndex::Stmt(const char* sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) it = stmts_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  return *it->second;
}

std::string SqliteDedupIndex::KeysBlob(const std::vector<std::uint64_t>& keys) {
  std::string blob(keys.size() * sizeof(std::uint64_t), '\0');
  if (!keys.empty()) std::memcpy(blob.data(), keys.data(), blob.size());
  return blob;
}

std::string RunTable(std::int64_t id) { return "dedup_run_" + std::to_string(id); }

void SqliteDedupIndex::Forget() {
  runs_.reset();
  level0_rows_.reset();
  run_probes_.clear();
}

void SqliteDedupIndex::LoadRuns() {
  if (runs_) return;
  runs_.emplace();
  Use s(Stmt("SELECT id, level, rows FROM dedup_runs ORDER BY id"));
  while (s->executeStep()) runs_->push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt(), s->getColumn(2).getInt64()});
}

SQLite::Statement& SqliteDedupIndex::RunProbe(std::int64_t run_id) {
  auto it = run_probes_.find(run_id);
  if (it == run_probes_.end()) {
    const std::string sql = "SELECT article_id FROM " + RunTable(run_id) + " WHERE key = ? LIMIT ?";
    it = run_probes_.emplace(run_id, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return *it->second;
}

// Level 0 written out as one sorted run: an append into an empty B-tree, page after page.
void SqliteDedupIndex::SpillLevel0() {
  LoadRuns();
  std::int64_t id = 0;
  {
    Use ins(Stmt("INSERT INTO dedup_runs(level, rows) VALUES(0, 0)"));
    ins->exec();
    id = db_.getLastInsertRowid();
  }
  const std::string table = RunTable(id);
  db_.exec("CREATE TABLE " + table + "(key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY(key, article_id)) WITHOUT ROWID");
  const int rows = db_.exec("INSERT INTO " + table + " SELECT key, article_id FROM dedup_keys ORDER BY key, article_id");
  db_.exec("DELETE FROM dedup_keys");
  db_.exec("UPDATE dedup_runs SET rows = " + std::to_string(rows) + " WHERE id = " + std::to_string(id));
  runs_->push_back({id, 0, rows});
  level0_rows_ = 0;
  Logger("store")->debug("dedup keys: level 0 written out as run {} ({} keys)", id, rows);
  MergeLevel(0);
}

// kFanout runs of `level` merged into one run of level + 1 (and so on up), in one sorted pass.
void SqliteDedupIndex::MergeLevel(int level) {
  std::vector<Run> same;
  for (const Run& r : *runs_) {
    if (r.level == level) same.push_back(r);
  }
  if (static_cast<int>(same.size()) < kFanout) return;
  std::int64_t id = 0;
  {
    Use ins(Stmt("INSERT INTO dedup_runs(level, rows) VALUES(?, 0)"));  // reset before recursing
    ins->bind(1, level + 1);
    ins->exec();
    id = db_.getLastInsertRowid();
  }
  std::string sources;
  for (const Run& r : same) {
    sources += (sources.empty() ? "" : " UNION ALL ") + std::string("SELECT key, article_id FROM ") + RunTable(r.id);
  }
  const std::string table = RunTable(id);
  db_.exec("CREATE TABLE " + table + "(key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY(key, article_id)) WITHOUT ROWID");
  const int rows = db_.exec("INSERT OR IGNORE INTO " + table + " SELECT key, article_id FROM (" + sources + ") ORDER BY key, article_id");
  for (const Run& r : same) {
    run_probes_.erase(r.id);  // a prepared statement on a dropped table must go first
    db_.exec("DROP TABLE " + RunTable(r.id));
    db_.exec("DELETE FROM dedup_runs WHERE id = " + std::to_string(r.id));
  }
  db_.exec("UPDATE dedup_runs SET rows = " + std::to_string(rows) + " WHERE id = " + std::to_string(id));
  std::erase_if(*runs_, [&](const Run& r) { return r.level == level; });
  runs_->push_back({id, level + 1, rows});
  Logger("store")->debug("dedup keys: {} runs of level {} merged into run {} ({} keys)", same.size(), level, id, rows);
  MergeLevel(level + 1);
}

std::vector<CandidateIndex::Candidate> SqliteDedupIndex::Candidates(const std::vector<std::uint64_t>& keys, int limit) {
  LoadRuns();
  std::unordered_map<std::int64_t, int> shared;
  for (const std::uint64_t key : keys) {
    {
      Use s(Stmt("SELECT article_id FROM dedup_keys WHERE key = ? LIMIT ?"));
      s->bind(1, static_cast<std::int64_t>(key));
      s->bind(2, kMaxPostingsPerKey);
      while (s->executeStep()) ++shared[s->getColumn(0).getInt64()];
    }
    for (const Run& r : *runs_) {
      Use s(RunProbe(r.id));
      s->bind(1, static_cast<std::int64_t>(key));
      s->bind(2, kMaxPostingsPerKey);
      while (s->executeStep()) ++shared[s->getColumn(0).getInt64()];
    }
  }
  std::vector<Candidate> out;
  out.reserve(shared.size());
  for (const auto& [id, n] : shared) out.push_back({id, n});
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.shared_keys != b.shared_keys ? a.shared_keys > b.shared_keys : a.id < b.id;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

std::optional<CandidateIndex::StoredText> SqliteDedupIndex::Load(std::int64_t id) {
  Use s(Stmt("SELECT COALESCE(title, ''), COALESCE(body, ''), published_at, COALESCE(duplicate_of, id) "
             "FROM articles WHERE id = ?"));
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  StoredText t;
  t.title = s->getColumn(0).getString();
  t.body = s->getColumn(1).getString();
  if (!s->getColumn(2).isNull()) t.published_at = s->getColumn(2).getString();
  t.root = s->getColumn(3).getInt64();
  return t;
}

void SqliteDedupIndex::SetKeys(std::int64_t article_id, const std::vector<std::uint64_t>& keys) {
  {
    Use old(Stmt("SELECT band_keys FROM articles WHERE id = ?"));
    old->bind(1, article_id);
    if (old->executeStep()) {
      for (const std::uint64_t key : KeysFromColumn(old->getColumn(0))) {
        Use del(Stmt("DELETE FROM dedup_keys WHERE key = ? AND article_id = ?"));
        del->bind(1, static_cast<std::int64_t>(key));
        del->bind(2, article_id);
        del->exec();
      }
    }
  }
  // An empty blob (not NULL) marks an article that was looked at and takes no part.
  const std::string blob = KeysBlob(keys);
  Use up(Stmt("UPDATE articles SET band_keys = ? WHERE id = ?"));
  up->bind(1, blob.data(), static_cast<int>(blob.size()));
  up->bind(2, article_id);
  up->exec();
  AddKeysOfNewArticle(article_id, keys);
}

void SqliteDedupIndex::AddKeysOfNewArticle(std::int64_t article_id, const std::vector<std::uint64_t>& keys) {
  if (!level0_rows_) level0_rows_ = db_.execAndGet("SELECT COUNT(*) FROM dedup_keys").getInt64();
  for (const std::uint64_t key : keys) {
    Use ins(Stmt("INSERT OR IGNORE INTO dedup_keys(key, article_id) VALUES(?, ?)"));
    ins->bind(1, static_cast<std::int64_t>(key));
    ins->bind(2, article_id);
    *level0_rows_ += ins->exec();
  }
  if (*level0_rows_ >= level0_rows_max_) SpillLevel0();
}

void SqliteDedupIndex::RecordLink(std::int64_t article_id, const NearDuplicateLink& link, std::int64_t decided_at) {
  Use s(Stmt("INSERT OR REPLACE INTO dedup_links(article_id, original_id, matched_id, score, evidence, "
             "rule_version, decided_at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, article_id);
  s->bind(2, link.original_id);
  s->bind(3, link.matched_id);
  s->bind(4, link.verdict.score);
  s->bind(5, link.verdict.EvidenceJson());
  s->bind(6, kNearDuplicateRuleVersion);
  s->bind(7, decided_at);
  s->exec();
}

void SqliteDedupIndex::Unlink(std::int64_t article_id) {
  {
    Use s(Stmt("UPDATE articles SET duplicate_of = NULL WHERE id = ?"));
    s->bind(1, article_id);
    s->exec();
  }
  Use d(Stmt("DELETE FROM dedup_links WHERE article_id = ?"));
  d->bind(1, article_id);
  d->exec();
}

bool SqliteDedupIndex::NeedsRecheck() {
  Use s(Stmt("SELECT EXISTS(SELECT 1 FROM articles WHERE band_keys IS NULL AND dedup_eligible = 1) OR "
             "EXISTS(SELECT 1 FROM articles a LEFT JOIN dedup_links l ON l.article_id = a.id "
             "WHERE a.duplicate_of IS NOT NULL AND (l.article_id IS NULL OR l.rule_version < ?))"));
  s->bind(1, kNearDuplicateRuleVersion);
  s->executeStep();
  return s->getColumn(0).getInt() != 0;
}

namespace {
constexpr int kRecheckCommitEvery = 500;
}  // namespace

DedupRecheckReport SqliteDedupIndex::Recheck(bool all, std::int64_t now, const std::function<void()>& commit) {
  DedupRecheckReport report;
  // Keys first, in id order, so every article's candidates are indexed before links are decided.
  IndexArticlesWithoutKeys(report, commit);
  RedecideLinks(all, now, report, commit);
  return report;
}

void SqliteDedupIndex::IndexArticlesWithoutKeys(DedupRecheckReport& report, const std::function<void()>& commit) {
  // Articles stored before schema v2.
  std::vector<std::int64_t> ids;
  {
    Use s(Stmt("SELECT id FROM articles WHERE band_keys IS NULL ORDER BY id"));
    while (s->executeStep()) ids.push_back(s->getColumn(0).getInt64());
  }
  for (const std::int64_t id : ids) {
    std::optional<StoredText> t = Load(id);
    if (!t) continue;
    bool eligible = false;
    {
      Use e(Stmt("SELECT dedup_eligible FROM articles WHERE id = ?"));
      e->bind(1, id);
      eligible = e->executeStep() && e->getColumn(0).getInt() != 0;
    }
    SetKeys(id, eligible ? MinHashBandKeys(t->body) : std::vector<std::uint64_t>{});
    if (++report.indexed % kRecheckCommitEvery == 0) commit();
  }
}

void SqliteDedupIndex::RedecideLinks(bool all, std::int64_t now, DedupRecheckReport& report,
                                     const std::function<void()>& commit) {
  struct Pending {
    std::int64_t id;
    std::int64_t original;
  };
  std::vector<Pending> pending;
  {
    Use s(Stmt("SELECT a.id, a.duplicate_of FROM articles a LEFT JOIN dedup_links l ON l.article_id = a.id "
               "WHERE a.duplicate_of IS NOT NULL AND (? OR l.article_id IS NULL OR l.rule_version < ?) ORDER BY a.id"));
    s->bind(1, all ? 1 : 0);
    s->bind(2, kNearDuplicateRuleVersion);
    while (s->executeStep()) pending.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64()});
  }
  for (const Pending& p : pending) {
    ++report.checked;
    std::optional<StoredText> t = Load(p.id);
    if (!t) continue;
    std::vector<std::uint64_t> keys;
    {
      Use k(Stmt("SELECT band_keys FROM articles WHERE id = ?"));
      k->bind(1, p.id);
      if (k->executeStep()) keys = KeysFromColumn(k->getColumn(0));
    }
    const DedupText text = PrepareDedupText(t->title, t->body, t->published_at);
    // Only older articles can be its original: a later copy of it must not become its root.
    std::optional<NearDuplicateLink> link = FindNearDuplicate(*this, text, keys, /*older_than=*/p.id);
    if (!link) {
      Unlink(p.id);
      ++report.unlinked;
      Logger("store")->info("near-duplicate link of article {} to {} rejected by the current rule", p.id, p.original);
    } else {
      if (link->original_id == p.original) {
        ++report.kept;
      } else {
        ++report.relinked;
        Use s(Stmt("UPDATE articles SET duplicate_of = ? WHERE id = ?"));
        s->bind(1, link->original_id);
        s->bind(2, p.id);
        s->exec();
      }
      RecordLink(p.id, *link, now);
    }
    if (report.checked % kRecheckCommitEvery == 0) commit();
  }
}

std::vector<DedupLinkInfo> SqliteDedupIndex::Links(const std::optional<std::string>& site) {
  std::vector<DedupLinkInfo> out;
  Use s(Stmt("SELECT a.id, a.site, COALESCE(a.url, ''), a.duplicate_of, COALESCE(o.url, ''), "
             "COALESCE(l.matched_id, a.duplicate_of), COALESCE(l.score, 0), COALESCE(l.evidence, '{}'), "
             "COALESCE(l.rule_version, 0), COALESCE(l.decided_at, 0) "
             "FROM articles a LEFT JOIN dedup_links l ON l.article_id = a.id "
             "LEFT JOIN articles o ON o.id = a.duplicate_of "
             "WHERE a.duplicate_of IS NOT NULL AND (?1 IS NULL OR a.site = ?1) ORDER BY a.id"));
  if (site) {
    s->bind(1, *site);
  } else {
    s->bind(1);
  }
  while (s->executeStep()) {
    DedupLinkInfo i;
    i.article_id = s->getColumn(0).getInt64();
    i.site = s->getColumn(1).getString();
    i.url = s->getColumn(2).getString();
    i.original_id = s->getColumn(3).getInt64();
    i.original_url = s->getColumn(4).getString();
    i.matched_id = s->getColumn(5).getInt64();
    i.score = s->getColumn(6).getDouble();
    i.evidence = s->getColumn(7).getString();
    i.rule_version = s->getColumn(8).getInt();
    i.decided_at = s->getColumn(9).getInt64();
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace newscrawl::store
