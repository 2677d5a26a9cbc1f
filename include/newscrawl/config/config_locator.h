// ConfigLocator: which config file a command reads when none is named, and the database and log
// file that config names. Every command that opens the database goes through it, so `crawl`,
// `export`, `stats`, `report` and `dedup` agree on where the database is.
//
// Search order, the first that applies wins:
//   1. --config FILE                           (must exist)
//   2. $NEWSCRAWL_CONFIG                        (must exist when set and non-empty)
//   3. ./newscrawl.toml
//   4. ./config/newscrawl.toml                  (the source tree's; kept for existing setups)
//   5. $XDG_CONFIG_HOME/newscrawl/newscrawl.toml (~/.config when XDG_CONFIG_HOME is unset)
//   6. /etc/newscrawl/newscrawl.toml
// and when none exists, the built-in defaults. A relative `database` or `log_file` in a config
// file is taken relative to that file's folder (so a timer's config in /etc works from any
// working directory); --db and --log-file on the command line are relative to the working
// directory, as command-line paths are. Plain functions and values; thread-compatible.
#ifndef NEWSCRAWL_CONFIG_LOCATOR_H_
#define NEWSCRAWL_CONFIG_LOCATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "newscrawl/config/config.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

// What the search looks at: the command line and the environment, captured once so tests can
// give their own.
struct ConfigSearch {
  std::string flag;                               // --config; "" = not given
  std::optional<std::string> env_config;          // $NEWSCRAWL_CONFIG
  std::optional<std::string> xdg_config_home;     // $XDG_CONFIG_HOME
  std::optional<std::string> home;                // $HOME
  std::string system_file = "/etc/newscrawl/newscrawl.toml";

  static ConfigSearch FromEnvironment(std::string flag);
};

// One place the search looks, in order: how it was found ("--config", "$NEWSCRAWL_CONFIG",
// "./newscrawl.toml", ...) and the path.
struct ConfigCandidate {
  std::string found_by;
  std::string path;
  bool required = false;  // named by the user: missing is an error, not a reason to go on
};
std::vector<ConfigCandidate> ConfigCandidates(const ConfigSearch& search);

struct LocatedConfig {
  Config config;         // database and log_file already resolved (see above); config.source is
                         // the file read, "" for the built-in defaults
  std::string found_by;  // a ConfigCandidate::found_by, or "built-in defaults"
};

// Finds and loads the config. Errors: IoError naming the file for a --config or
// $NEWSCRAWL_CONFIG that does not exist or cannot be read; InvalidArgument "FILE:LINE: reason"
// from LoadConfig for a bad one.
Result<LocatedConfig> LocateConfig(const ConfigSearch& search);

// `path` made relative to the folder of `config_file` when it is a relative file path (not a
// URI, not absolute, `config_file` not empty); otherwise `path` unchanged.
std::string RelativeToConfig(const std::string& path, const std::string& config_file);

// The database a command opens: --db when given, else the config's (resolved) database.
std::string DatabaseFor(const std::string& db_flag, const LocatedConfig& located);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_LOCATOR_H_
