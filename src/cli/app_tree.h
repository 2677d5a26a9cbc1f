// Walks the CLI11 command tree the way `--help` shows it (visible subcommands, visible options),
// so the man page and the shell completions list exactly what `--help` lists. Private to src/cli.
#ifndef NEWSCRAWL_CLI_APP_TREE_H_
#define NEWSCRAWL_CLI_APP_TREE_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace newscrawl::cli {

// Subcommands --help lists: named, enabled, and not hidden (CLI11 hides an empty group).
inline std::vector<const CLI::App*> VisibleSubcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) {
    return !sub->get_name().empty() && !sub->get_group().empty() && !sub->get_disabled();
  });
}

// Options --help lists, positionals first (as in the usage line), --help itself left out.
inline std::vector<const CLI::Option*> VisibleOptions(const CLI::App& app) {
  const CLI::Option* help = app.get_help_ptr();
  std::vector<const CLI::Option*> out =
      app.get_options([](const CLI::Option* o) { return o->get_positional() && !o->get_group().empty(); });
  for (const CLI::Option* o :
       app.get_options([help](const CLI::Option* o) { return o != help && o->nonpositional() && !o->get_group().empty(); })) {
    out.push_back(o);
  }
  return out;
}

// A flag takes no value (--all); any other option takes one.
inline bool IsFlag(const CLI::Option& o) { return o.get_expected_min() == 0 && o.get_items_expected_max() == 0; }

// The words after `newscrawl` that select `app` ("fixture capture"); empty for the root.
inline std::string CommandPath(const CLI::App& app) {
  std::string path;
  for (const CLI::App* a = &app; a->get_parent() != nullptr; a = a->get_parent()) {
    path = a->get_name() + (path.empty() ? "" : " ") + path;
  }
  return path;
}

// Every visible command below `app`, depth first in definition order (crawl, ..., fixture,
// fixture update, fixture capture, ...).
inline void CollectCommands(const CLI::App& app, std::vector<const CLI::App*>& out) {
  for (const CLI::App* sub : VisibleSubcommands(app)) {
    out.push_back(sub);
    CollectCommands(*sub, out);
  }
}

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_APP_TREE_H_
