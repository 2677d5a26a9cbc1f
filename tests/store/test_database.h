// TestDatabase: a fresh, empty database of one backend for one test, removed afterwards.
// SQLite: a file in a temporary directory. PostgreSQL: a database created on the server named
// by NEWSCRAWL_TEST_PG (scripts/with-postgres.sh starts one and sets it) and dropped at the end,
// so tests running in parallel never share tables.
// Without NEWSCRAWL_TEST_PG a PostgreSQL test is skipped, except under CI=true, where it fails:
// CI must not go green by skipping the backend it is meant to test.
#ifndef NEWSCRAWL_TESTS_STORE_TEST_DATABASE_H_
#define NEWSCRAWL_TESTS_STORE_TEST_DATABASE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "newscrawl/store/database.h"
#include "pg_connection.h"
#include "store_test_util.h"

namespace newscrawl::testing {

inline const char* BackendName(DatabaseKind kind) { return kind == DatabaseKind::kSqlite ? "Sqlite" : "Postgres"; }

// The server of NEWSCRAWL_TEST_PG, or nullopt (after failing the test under CI=true).
inline std::optional<std::string> TestPgServer() {
  const char* uri = std::getenv("NEWSCRAWL_TEST_PG");
  if (uri != nullptr && *uri != '\0') return std::string(uri);
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true") {
    ADD_FAILURE() << "NEWSCRAWL_TEST_PG is not set under CI=true: run the PostgreSQL tests through "
                     "scripts/with-postgres.sh (ctest does: store_contract_postgres)";
  }
  return std::nullopt;
}

// `uri` with its database name replaced by `dbname`
// (postgresql://[userinfo@][host][:port][/dbname][?params]).
inline std::string WithDatabaseName(const std::string& uri, const std::string& dbname) {
  const std::size_t scheme = uri.find("://");
  const std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t query = uri.find('?', authority);
  const std::size_t path = uri.find('/', authority);
  const std::size_t end = query == std::string::npos ? uri.size() : query;
  const std::size_t start = (path == std::string::npos || path > end) ? end : path;
  return uri.substr(0, start) + "/" + dbname + uri.substr(end);
}

class TestDatabase {
 public:
  // Creates the database; available() is false if the backend cannot be tested here (the test
  // has been skipped or failed already, see above).
  explicit TestDatabase(DatabaseKind kind) : kind_(kind) {
    if (kind == DatabaseKind::kSqlite) {
      name_ = dir_.File("test.db");
      return;
    }
    server_ = TestPgServer();
    if (!server_) return;
    static std::atomic<int> counter{0};
    pg_name_ = "newscrawl_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    try {
      pg::PgConnection admin(*server_);
      admin.ExecScript("CREATE DATABASE " + pg_name_);
    } catch (const pg::PgError& e) {
      ADD_FAILURE() << "cannot create a test database on " << *server_ << ": " << e.what();
      server_.reset();
      return;
    }
    name_ = WithDatabaseName(*server_, pg_name_);
  }
  ~TestDatabase() {
    if (!server_ || pg_name_.empty()) return;
    try {
      pg::PgConnection admin(*server_);
      admin.ExecScript("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const pg::PgError&) {  // the server is gone with the test run; nothing to clean
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool available() const { return !name_.empty(); }
  DatabaseKind kind() const { return kind_; }
  // The database string to open (a path or a postgresql:// URI).
  const std::string& name() const { return name_; }

  Result<Database> Open(const DatabaseOptions& options = {}) const { return OpenDatabase(name_, options); }

 private:
  DatabaseKind kind_;
  TempDir dir_;
  std::optional<std::string> server_;
  std::string pg_name_;
  std::string name_;
};

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_STORE_TEST_DATABASE_H_
