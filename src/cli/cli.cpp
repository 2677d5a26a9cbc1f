#include "newscrawl/cli.h"

#include <algorithm>
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
  cli::AddFixtureCaptureCommand(*app.get_subcommand("fixture"), ctx);
  cli::AddUrlCommand(app, ctx);
  cli::AddRobotsCommand(app, ctx);
  cli::AddExportCommand(app, ctx);
  cli::AddStatsCommand(app, ctx);
  cli::AddCrawlCommand(app, ctx);
  cli::AddReextractCommand(app, ctx);
  cli::AddDemoCommand(app, ctx);
  cli::AddReportCommand(app, ctx);
  cli::AddDedupCommand(app, ctx);
  cli::AddHelpCommand(app, ctx);  // last: it walks the commands above

  // `newscrawl` alone or followed by options (not --help/--version) means `newscrawl crawl ...`,
  // as cron runs it.
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t first = 0;  // the first argument after root options
  while (first < args.size() && args[first].rfind("--log-level", 0) == 0) {
    first += args[first] == "--log-level" ? 2 : 1;
  }
  first = std::min(first, args.size());
  if (first == args.size() || (args[first].rfind("-", 0) == 0 && args[first] != "-h" && args[first] != "--help" &&
                               args[first] != "--version")) {
    args.insert(args.begin() + static_cast<std::ptrdiff_t>(first), "crawl");
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order

  try {
    app.parse(args);
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
