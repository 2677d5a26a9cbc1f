#include "newscrawl/cli.h"

#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/log.h"
#include "newscrawl/version.h"

namespace newscrawl {

int RunCli(int argc, char** argv) {
  CLI::App app{"newscrawl: a polite news crawler and article extractor.\n" + std::string(kExitCodeHelp),
               "newscrawl"};
  app.set_version_flag("--version", std::string("newscrawl ") + kVersion);
  app.require_subcommand(0, 1);
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.parse_complete_callback([&] { SetLogLevel(spdlog::level::from_str(log_level)); });

  cli::CommandContext ctx;
  cli::AddExtractCommand(app, ctx);
  cli::AddFixtureCommand(app, ctx);
  cli::AddUrlCommand(app, ctx);
  cli::AddRobotsCommand(app, ctx);
  cli::AddExportCommand(app, ctx);
  cli::AddStatsCommand(app, ctx);
  cli::AddReportCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (app.get_subcommands().empty()) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  }
  return ctx.exit_code;
}

}  // namespace newscrawl
