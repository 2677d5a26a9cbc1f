// The `newscrawl` subcommands. Each Add*Command registers one CLI11 subcommand whose callback
// does the work and writes its exit code into the shared CommandContext. Private to src/cli.
#ifndef NEWSCRAWL_CLI_COMMANDS_H_
#define NEWSCRAWL_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace newscrawl::cli {

struct CommandContext {
  int exit_code = 0;
};

// Whether -q/--quiet was given. A command then writes nothing on success but the output it was
// asked for (records, a table, an answer): no summaries, no progress, no "wrote FILE".
bool Quiet();

void AddExtractCommand(CLI::App& app, CommandContext& ctx);
void AddFixtureCommand(CLI::App& app, CommandContext& ctx);
void AddDemoCommand(CLI::App& app, CommandContext& ctx);
// `fixture capture`, added under the `fixture` subcommand made by AddFixtureCommand.
void AddFixtureCaptureCommand(CLI::App& fixture, CommandContext& ctx);
void AddUrlCommand(CLI::App& app, CommandContext& ctx);
void AddRobotsCommand(CLI::App& app, CommandContext& ctx);
void AddExportCommand(CLI::App& app, CommandContext& ctx);
void AddStatsCommand(CLI::App& app, CommandContext& ctx);
void AddCrawlCommand(CLI::App& app, CommandContext& ctx);
void AddReextractCommand(CLI::App& app, CommandContext& ctx);
void AddReportCommand(CLI::App& app, CommandContext& ctx);
void AddDedupCommand(CLI::App& app, CommandContext& ctx);
void AddConfigCommand(CLI::App& app, CommandContext& ctx);
// `help`, --help's layout and examples, the man page and completions; register it last.
void AddHelpCommand(CLI::App& app, CommandContext& ctx);

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_COMMANDS_H_
