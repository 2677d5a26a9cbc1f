// The PostgreSQL schema as an ordered list of migrations, and the migrator. The applied version
// is kept in the schema_version table (one row per applied migration), the PostgreSQL
// counterpart of SQLite's PRAGMA user_version.
#ifndef NEWSCRAWL_STORE_POSTGRES_PG_MIGRATIONS_H_
#define NEWSCRAWL_STORE_POSTGRES_PG_MIGRATIONS_H_

#include <span>

#include "newscrawl/core/status.h"
#include "pg_connection.h"

namespace newscrawl::pg {

struct PgMigration {
  const char* description;
  const char* sql;
};

// Migrations this binary knows, version 1 first.
std::span<const PgMigration> PgSchemaMigrations();

// The highest applied version (0 on an empty database).
int PgSchemaVersion(PgConnection& db);

// Applies the missing migrations, each in its own transaction. Workers that open one fresh
// database at the same time serialise on an advisory lock, so each migration runs once.
// A database newer than `migrations` is refused (kStorage). Throws nothing.
Status PgMigrate(PgConnection& db, std::span<const PgMigration> migrations);

}  // namespace newscrawl::pg

#endif  // NEWSCRAWL_STORE_POSTGRES_PG_MIGRATIONS_H_
