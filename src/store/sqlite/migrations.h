// Schema migrations keyed on PRAGMA user_version. Migration i (0-based) turns a version-i
// database into version i+1; Migrate applies the missing ones, each in its own transaction
// together with the new user_version, so a crash mid-migration leaves the previous version.
// Private to src/store (and its tests).
#ifndef NEWSCRAWL_STORE_MIGRATIONS_H_
#define NEWSCRAWL_STORE_MIGRATIONS_H_

#include <span>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "newscrawl/core/status.h"

namespace newscrawl::store {

struct Migration {
  const char* description;
  const char* sql;  // one or more statements
};

// The migrations of this binary; its size is the schema version it writes.
std::span<const Migration> SchemaMigrations();

// Brings `db` to version migrations.size(). A database newer than that is kStorage (an older
// binary must not write a newer schema).
Status Migrate(SQLite::Database& db, std::span<const Migration> migrations);

int UserVersion(SQLite::Database& db);

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_MIGRATIONS_H_
