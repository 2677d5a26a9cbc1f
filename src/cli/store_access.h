// How every command that reads or writes the database finds it and opens it: the shared
// --config and --db options, the config search (config_locator.h), one message for a missing
// database, and the run lock for writers. Errors are printed as "newscrawl CMD: ..." and come
// back as an exit code. Private to src/cli.
#ifndef NEWSCRAWL_CLI_STORE_ACCESS_H_
#define NEWSCRAWL_CLI_STORE_ACCESS_H_

#include <optional>
#include <string>
#include <variant>

#include <CLI/CLI.hpp>

#include "newscrawl/config/config_locator.h"
#include "newscrawl/store/database.h"
#include "newscrawl/store/run_lock.h"

namespace newscrawl::cli {

struct DatabaseArgs {
  std::string config;  // --config; "" = search
  std::string db;      // --db; "" = the config's
};

// Adds --config and --db to `cmd`, with the same help text everywhere.
void AddDatabaseOptions(CLI::App& cmd, DatabaseArgs& args);

// The located config and the database the command uses.
struct CommandConfig {
  LocatedConfig located;
  std::string db;
};
// Either the config, or the exit code of a failure already reported on stderr.
using ConfigOrExit = std::variant<CommandConfig, int>;
ConfigOrExit ResolveCommandConfig(const std::string& cmd, const DatabaseArgs& args);

// An open database and, for SQLite writers, the run lock held for as long as it is open.
// Members in this order so the store closes before the lock is released.
struct OpenedDatabase {
  std::optional<RunLock> lock;
  Database db;
};
using DatabaseOrExit = std::variant<OpenedDatabase, int>;

// For readers (export, stats, report, dedup links): the database must exist; no lock.
DatabaseOrExit OpenExistingDatabase(const std::string& cmd, const std::string& db);

// For writers (crawl, reextract, dedup recheck): takes the run lock (SQLite only; PostgreSQL
// workers share a database on purpose), then opens or creates the database (with
// create_if_missing off, a missing one gets the readers' message). When the open fails, a lock
// file this call created is removed again.
DatabaseOrExit OpenLockedDatabase(const std::string& cmd, const std::string& db, const DatabaseOptions& options = {});

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_STORE_ACCESS_H_
