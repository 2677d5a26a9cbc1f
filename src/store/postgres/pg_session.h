// PgSession: PostgresStore's connection and how it writes: every call its own short
// transaction (retried after a deadlock or serialization failure), this worker's options and
// its open run. Every part of the PostgreSQL store goes through it. Owned by
// PostgresStore::Impl; not thread-safe (one libpq connection). Private to src/store.
#ifndef NEWSCRAWL_STORE_POSTGRES_PG_SESSION_H_
#define NEWSCRAWL_STORE_POSTGRES_PG_SESSION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "newscrawl/core/log.h"
#include "newscrawl/store/postgres_store.h"
#include "newscrawl/core/status.h"
#include "pg_connection.h"

namespace newscrawl::pg {

// A statement that lost a deadlock or a serialization race is retried this many times: each call
// is its own short transaction, so running it again is safe.
inline constexpr int kMaxAttempts = 4;

// The advisory-lock key of a URL: 64 bits of its hash, so two workers storing the same URL (or
// the same content) serialise, and unrelated URLs almost never wait on each other.
std::int64_t LockKey(std::string_view s);

class PgSession {
 public:
  // `options.worker` empty: "<hostname>:<pid>" (see PostgresStoreOptions).
  PgSession(std::unique_ptr<PgConnection> db, const PostgresStoreOptions& options);
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs `fn` as one transaction. Every call commits on its own: several workers write to one
  // database, and a transaction that stayed open across calls would hold row locks (claimed
  // URLs, enqueued links) that other workers wait on, and could deadlock with them. Commits are
  // cheap because the session runs with synchronous_commit off (see PostgresStore::Open).
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
  PgConnection& connection() { return *db_; }
  const PostgresStoreOptions& options() const { return options_; }
  // The run BeginRun opened (records and fetches are counted in it).
  const std::optional<std::int64_t>& run_id() const { return run_id_; }
  void set_run_id(std::optional<std::int64_t> id) { run_id_ = id; }

 private:
  std::unique_ptr<PgConnection> db_;
  PostgresStoreOptions options_;
  std::optional<std::int64_t> run_id_;
};

// PgRow: one row of a result as record_codec.h's row readers want it.
struct PgRow {
  const Rows& r;
  int row;
  std::int64_t Int(int col) const { return r.Int(row, col); }
  std::string Text(int col) const { return r.Text(row, col); }
  std::optional<std::int64_t> OptInt(int col) const { return r.OptInt(row, col); }
  std::optional<std::string> OptText(int col) const { return r.OptText(row, col); }
};

// A big-endian int8 column of a binary-format result.
std::int64_t BinaryInt8(const Rows& r, int row, int col, const char* what);

}  // namespace newscrawl::pg

#endif  // NEWSCRAWL_STORE_POSTGRES_PG_SESSION_H_
