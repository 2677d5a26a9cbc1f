// OpenDatabase: the one place that turns a database string (`--db`, `[crawler] database`) into a
// store. A string starting with postgresql:// or postgres:// is a libpq connection URI and opens
// a PostgresStore (postgres_store.h); anything else is a SQLite file path (or ":memory:") and
// opens a SqliteStore (sqlite_store.h). Both backends implement ArticleStore and Frontier on
// one object, so a record and the acknowledgement of its URL go through the same connection.
#ifndef NEWSCRAWL_DATABASE_H_
#define NEWSCRAWL_DATABASE_H_

#include <memory>
#include <string>

#include "newscrawl/store/crawl_database.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

enum class DatabaseKind { kSqlite, kPostgres };

// DatabaseKind of a database string (see above).
DatabaseKind DatabaseKindOf(const std::string& database);

struct DatabaseOptions {
  // SQLite only: create the file if it is missing (else kNotFound). Default: true. A PostgreSQL
  // database must exist; its tables are created on open.
  bool create_if_missing = true;
  // PostgreSQL only: `[crawler] host_lease_s` and the largest per-host delay
  // (PostgresStoreOptions url_claim_s, handover_delay_ms). Defaults: 60 s, 1000 ms.
  int host_lease_s = 60;
  std::int64_t handover_delay_ms = 1000;
};

// An open store. `store` owns the object; `frontier` is the same object seen as a Frontier.
struct Database {
  DatabaseKind kind = DatabaseKind::kSqlite;
  std::unique_ptr<CrawlDatabase> store;
  Frontier* frontier = nullptr;  // not owned: points into *store
};

Result<Database> OpenDatabase(const std::string& database, const DatabaseOptions& options = {});

}  // namespace newscrawl

#endif  // NEWSCRAWL_DATABASE_H_
