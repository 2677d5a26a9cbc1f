#include "store_access.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "newscrawl/core/exit_codes.h"

namespace newscrawl::cli {

void AddDatabaseOptions(CLI::App& cmd, DatabaseArgs& args) {
  cmd.add_option("--config", args.config,
                 "TOML config (default: the first of $NEWSCRAWL_CONFIG, ./newscrawl.toml, ./config/newscrawl.toml, "
                 "$XDG_CONFIG_HOME/newscrawl/newscrawl.toml, /etc/newscrawl/newscrawl.toml)");
  cmd.add_option("--db", args.db,
                 "Database file, or a postgresql:// URI (default: the config's [crawler] database, relative to the "
                 "config file; newscrawl.db without one)");
}

ConfigOrExit ResolveCommandConfig(const std::string& cmd, const DatabaseArgs& args) {
  Result<LocatedConfig> located = LocateConfig(ConfigSearch::FromEnvironment(args.config));
  if (!located.ok()) {
    std::fprintf(stderr, "newscrawl %s: %s\n", cmd.c_str(), located.status().message().c_str());
    return kExitUsage;
  }
  std::string db = DatabaseFor(args.db, *located);
  return CommandConfig{std::move(*located), std::move(db)};
}

namespace {

// A SQLite file that is not there, reported once for every command that must not create it.
bool ReportIfMissing(const std::string& cmd, const std::string& db) {
  std::error_code ec;
  if (db == ":memory:" || DatabaseKindOf(db) != DatabaseKind::kSqlite || std::filesystem::is_regular_file(db, ec)) {
    return false;
  }
  std::fprintf(stderr, "newscrawl %s: no database at %s (crawl first, or pass --db PATH or --config FILE)\n",
               cmd.c_str(), db.c_str());
  return true;
}

}  // namespace

DatabaseOrExit OpenExistingDatabase(const std::string& cmd, const std::string& db) {
  if (ReportIfMissing(cmd, db)) return kExitError;
  DatabaseOptions options;
  options.create_if_missing = false;
  Result<Database> opened = OpenDatabase(db, options);
  if (!opened.ok()) {
    std::fprintf(stderr, "newscrawl %s: %s\n", cmd.c_str(), opened.status().ToString().c_str());
    return kExitError;
  }
  return OpenedDatabase{std::nullopt, std::move(*opened)};
}

DatabaseOrExit OpenLockedDatabase(const std::string& cmd, const std::string& db, const DatabaseOptions& options) {
  if (!options.create_if_missing && ReportIfMissing(cmd, db)) return kExitError;
  OpenedDatabase out;
  if (DatabaseKindOf(db) == DatabaseKind::kSqlite && db != ":memory:") {
    Result<RunLock> lock = RunLock::Acquire(db);
    if (!lock.ok()) {
      std::fprintf(stderr, "newscrawl %s: %s\n", cmd.c_str(), lock.status().message().c_str());
      return lock.status().kind() == ErrorKind::kLocked ? kExitLocked : kExitError;
    }
    out.lock.emplace(std::move(*lock));
  }
  Result<Database> opened = OpenDatabase(db, options);
  if (!opened.ok()) {
    if (out.lock) out.lock->ReleaseAndRemoveIfCreated();
    std::fprintf(stderr, "newscrawl %s: %s\n", cmd.c_str(), opened.status().ToString().c_str());
    return kExitError;
  }
  out.db = std::move(*opened);
  return out;
}

}  // namespace newscrawl::cli
