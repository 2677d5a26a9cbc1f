// SqliteSession: SqliteStore's connection and how it writes: a cache of prepared statements, the
// open write batch (one transaction, a savepoint per call), the open run and the near-duplicate
// index on the same connection. Every part of the SQLite store (articles, pages, runs, frontier,
// report) goes through it. Owned by SqliteStore::Impl; not thread-safe. Private to src/store.
#ifndef NEWSCRAWL_STORE_SQLITE_SQLITE_SESSION_H_
#define NEWSCRAWL_STORE_SQLITE_SQLITE_SESSION_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "newscrawl/store/sqlite_store.h"
#include "newscrawl/core/status.h"
#include "sqlite_dedup_index.h"
#include "stmt_use.h"

namespace newscrawl::store {

class SqliteSession {
 public:
  SqliteSession(SQLite::Database db, const SqliteStoreOptions& options)
      : db_(std::move(db)), options_(options), dedup_(db_, options.dedup_level0_rows) {}
  // Commits the open batch (errors are logged).
  ~SqliteSession();
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  // A cached prepared statement for `sql` (a string literal or other stable text).
  SQLite::Statement& Stmt(const std::string& sql);

  // Runs a cached parameterless statement (savepoints run several times per record, and
  // db_.exec would compile them each time).
  void Exec(const char* sql) {
    StmtUse s(Stmt(sql));
    s->exec();
  }

  // Runs `fn` as one atomic write inside the open batch: a savepoint undoes a failed call
  // without losing the batch's earlier writes.
  template <typename T, typename Fn>
  Result<T> Write(const char* what, Fn&& fn) {
    try {
      if (!in_txn_) {
        // IMMEDIATE takes the write lock now, so a busy database fails here (after the busy
        // timeout) rather than half-way through a batch.
        db_.exec("BEGIN IMMEDIATE");
        in_txn_ = true;
      }
      Exec("SAVEPOINT op");
      try {
        T value = fn();
        Exec("RELEASE op");
        ++pending_writes_;
        return value;
      } catch (...) {
        db_.exec("ROLLBACK TO op");
        db_.exec("RELEASE op");
        throw;
      }
    } catch (const std::exception& e) {  // SQLite::Exception, or bad_alloc and the like
      dedup_.Forget();  // the rollback may have undone a spill or merge of its tables
      return Status::Storage(std::string(what) + ": " + e.what());
    }
  }

  template <typename T, typename Fn>
  Result<T> Read(const char* what, Fn&& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      return Status::Storage(std::string(what) + ": " + e.what());
    }
  }

  // Commits the open batch.
  Status Flush();
  // Commits the open batch if it holds at least batch_size writes.
  Status MaybeFlush() { return pending_writes_ >= options_.batch_size ? Flush() : Status::Ok(); }
  bool in_transaction() const { return in_txn_; }

  SQLite::Database& database() { return db_; }
  SqliteDedupIndex& dedup() { return dedup_; }
  // The run BeginRun opened (records and fetches are counted in it).
  const std::optional<std::int64_t>& run_id() const { return run_id_; }
  void set_run_id(std::optional<std::int64_t> id) { run_id_ = id; }

 private:
  SQLite::Database db_;
  SqliteStoreOptions options_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> stmts_;
  bool in_txn_ = false;
  int pending_writes_ = 0;
  std::optional<std::int64_t> run_id_;
  SqliteDedupIndex dedup_;  // declared after db_: it holds statements of that connection
};

// SqliteRow: the current row of a statement as record_codec.h's row readers want it.
struct SqliteRow {
  SQLite::Statement& s;
  std::int64_t Int(int col) const { return s.getColumn(col).getInt64(); }
  std::string Text(int col) const { return s.getColumn(col).getString(); }
  std::optional<std::int64_t> OptInt(int col) const {
    SQLite::Column c = s.getColumn(col);
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
  }
  std::optional<std::string> OptText(int col) const {
    SQLite::Column c = s.getColumn(col);
    if (c.isNull()) return std::nullopt;
    return c.getString();
  }
};

// Binds a value or NULL.
inline void BindText(SQLite::Statement& s, int index, const std::optional<std::string>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}
inline void BindInt(SQLite::Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_SQLITE_SQLITE_SESSION_H_
