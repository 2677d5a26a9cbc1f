#include "newscrawl/cli/cli.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/core/log.h"
#include "newscrawl/core/version.h"

namespace newscrawl {
namespace cli {
namespace {
bool g_quiet = false;
}  // namespace
bool Quiet() { return g_quiet; }
}  // namespace cli

namespace {

// How much is logged and where: the root options, accepted after every subcommand too (cron lines
// put them anywhere), all bound to one instance.
struct LogArgs {
  bool quiet = false;
  int verbose = 0;
  std::string level;  // --log-level; "" = from -q / -v (warn without either)
  std::string file;
  std::string format = "text";
};

void AddLogOptions(CLI::App& app, LogArgs& a) {
  app.add_flag("-q,--quiet", a.quiet, "Write nothing on success, only errors (for cron)");
  app.add_flag("-v,--verbose", a.verbose, "Log more: -v info, -vv debug");
  app.add_option("--log-level", a.level, "trace, debug, info, warn, error or off (overrides -q and -v)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-file", a.file, "Also write the log to FILE (rotated at 10 MiB, 5 files kept)");
  app.add_option("--log-format", a.format, "text, or json: one object a line with time, level, logger, run_id, "
                                            "site, url, event")
      ->check(CLI::IsMember({"text", "json"}));
}

void ApplyLogArgs(const LogArgs& a) {
  spdlog::level::level_enum level = spdlog::level::warn;
  if (!a.level.empty()) {
    level = spdlog::level::from_str(a.level);
  } else if (a.quiet) {
    level = spdlog::level::err;
  } else if (a.verbose == 1) {
    level = spdlog::level::info;
  } else if (a.verbose > 1) {
    level = spdlog::level::debug;
  }
  SetLogLevel(level);
  if (a.format == "json") SetLogFormat(LogFormat::kJson);
  if (!a.file.empty()) AddLogFile(a.file, 10u << 20);
  cli::g_quiet = a.quiet;
}

void AddLogOptionsEverywhere(CLI::App& app, LogArgs& a) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name().empty()) continue;  // an option group, not a command
    AddLogOptions(*sub, a);
    AddLogOptionsEverywhere(*sub, a);
  }
}

// Root options that come before a subcommand (or the one-off crawl form's options): how many
// arguments the one at args[i] takes up, 0 if it is not one.
std::size_t RootOptionWidth(const std::vector<std::string>& args, std::size_t i) {
  const std::string& a = args[i];
  if (a == "-q" || a == "--quiet" || a == "--verbose" || (a.size() >= 2 && a.rfind("-v", 0) == 0 &&
                                                          a.find_first_not_of('v', 1) == std::string::npos)) {
    return 1;
  }
  for (const char* with_value : {"--log-level", "--log-file", "--log-format"}) {
    if (a == with_value) return 2;
    if (a.rfind(std::string(with_value) + "=", 0) == 0) return 1;
  }
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"newscrawl: a polite news crawler and article extractor.\n" + std::string(kExitCodeHelp),
               "newscrawl"};
  app.set_version_flag("--version", std::string("newscrawl ") + kVersion);
  app.require_subcommand(0, 1);
  LogArgs log_args;
  AddLogOptions(app, log_args);
  app.parse_complete_callback([&] { ApplyLogArgs(log_args); });

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
  cli::AddConfigCommand(app, ctx);
  AddLogOptionsEverywhere(app, log_args);
  cli::AddHelpCommand(app, ctx);  // last: it walks the commands (and options) above

  // `newscrawl` alone or followed by options (not --help/--version) means `newscrawl crawl ...`,
  // as cron runs it.
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t first = 0;  // the first argument after root options
  while (first < args.size()) {
    const std::size_t width = RootOptionWidth(args, first);
    if (width == 0) break;
    first += width;
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
