// `newscrawl report`: the database as one self-contained HTML page (run_report.h).
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "commands.h"
#include "store_access.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/report/run_report.h"
#include "newscrawl/store/database.h"

namespace newscrawl::cli {
namespace {

struct ReportCommandOptions {
  DatabaseArgs where;
  std::string out = "report.html";
  int latest = 8;
};

// Writes next to the target and renames, so a browser tab reloading the report never sees half
// a file and a failed run leaves the previous report in place.
Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

int RunReport(const ReportCommandOptions& opts) {
  ConfigOrExit resolved = ResolveCommandConfig("report", opts.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  const std::string db = std::get<CommandConfig>(resolved).db;
  DatabaseOrExit opened = OpenExistingDatabase("report", db);
  if (const int* code = std::get_if<int>(&opened)) return *code;
  Database* store = &std::get<OpenedDatabase>(opened).db;
  ReportOptions report_options;
  report_options.latest_per_site = opts.latest;
  auto data = store->store->ComputeReportData(report_options);
  if (!data.ok()) {
    std::fprintf(stderr, "newscrawl report: %s\n", data.status().ToString().c_str());
    return kExitError;
  }
  RunReportOptions render;
  render.database = db;
  render.generated_at = static_cast<std::int64_t>(std::time(nullptr));
  const std::string html = RenderRunReport(*data, render);
  if (opts.out == "-") {
    std::fwrite(html.data(), 1, html.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitError;
  }
  if (Status s = WriteFileAtomically(opts.out, html); !s.ok()) {
    std::fprintf(stderr, "newscrawl report: %s\n", s.ToString().c_str());
    return kExitError;
  }
  if (!Quiet()) std::fprintf(stderr, "newscrawl report: wrote %s (%zu sites, %zu runs)\n", opts.out.c_str(), data->sites.size(),
               data->runs.size());
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<ReportCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "One self-contained HTML page (no network needed to view or print it): runs, and per site articles "
                "over time, fetch status mix, response times, field fill rates with layout-drift warnings, latest "
                "articles");
  AddDatabaseOptions(*cmd, opts->where);
  cmd->add_option("--out", opts->out, "HTML file to write; - for stdout")->capture_default_str();
  cmd->add_option("--latest", opts->latest, "Latest articles listed per site")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->callback([opts, &ctx] { ctx.exit_code = RunReport(*opts); });
}

}  // namespace newscrawl::cli
