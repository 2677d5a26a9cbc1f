#include "newscrawl/store/database.h"

#include "newscrawl/store/postgres_store.h"
#include "newscrawl/store/sqlite_store.h"

namespace newscrawl {

DatabaseKind DatabaseKindOf(const std::string& database) {
  return IsPostgresUri(database) ? DatabaseKind::kPostgres : DatabaseKind::kSqlite;
}

Result<Database> OpenDatabase(const std::string& database, const DatabaseOptions& options) {
  Database out;
  out.kind = DatabaseKindOf(database);
  if (out.kind == DatabaseKind::kPostgres) {
    PostgresStoreOptions pg;
    pg.url_claim_s = options.host_lease_s;
    pg.handover_delay_ms = options.handover_delay_ms;
    auto store = PostgresStore::Open(database, pg);
    if (!store.ok()) return store.status();
    out.frontier = store->get();
    out.store = std::move(*store);
    return out;
  }
  SqliteStoreOptions sqlite;
  sqlite.create_if_missing = options.create_if_missing;
  auto store = SqliteStore::Open(database, sqlite);
  if (!store.ok()) return store.status();
  out.frontier = store->get();
  out.store = std::move(*store);
  return out;
}

}  // namespace newscrawl
