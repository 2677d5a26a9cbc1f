// `newscrawl stats`: per-site counts, fetch errors and field fill rates, with layout-drift
// warnings; a table for people, --json for machines.
#include <cstdio>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "store_access.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/store/database.h"

namespace newscrawl::cli {
namespace {

using Json = nlohmann::ordered_json;

struct StatsOptions {
  DatabaseArgs where;
  bool json = false;
};

Json FillJson(const FillRates& f) {
  Json rates = Json::object();
  for (const std::string& field : FillRateFields()) rates[field] = f.rate.count(field) ? f.rate.at(field) : 0.0;
  return Json{{"articles", f.articles}, {"fill_rates", rates}};
}

Json StatsJson(const StoreStats& stats, const std::vector<std::string>& warnings) {
  Json sites = Json::array();
  for (const SiteStats& s : stats.sites) {
    Json runs = Json::array();
    for (const RunFillRates& r : s.recent_runs) {
      Json j = FillJson(r.fill);
      j["run_id"] = r.run_id;
      runs.push_back(j);
    }
    Json errors = Json::object();
    for (const auto& [kind, n] : s.fetch_errors_by_kind) errors[kind] = n;
    sites.push_back(Json{{"site", s.site},
                         {"articles", s.articles},
                         {"new_in_last_run", s.new_in_last_run},
                         {"duplicates_merged", s.duplicates_merged},
                         {"near_duplicates", s.near_duplicates},
                         {"fetch_errors_by_kind", errors},
                         {"fill_rates", FillJson(s.fill)["fill_rates"]},
                         {"recent_runs", runs}});
  }
  return Json{{"last_run_id", stats.last_run_id ? Json(*stats.last_run_id) : Json(nullptr)},
              {"sites", sites},
              {"warnings", warnings}};
}

void PrintTable(const StoreStats& stats, const std::vector<std::string>& warnings) {
  std::printf("%-24s %9s %8s %6s", "site", "articles", "new", "dups");
  for (const std::string& f : FillRateFields()) std::printf(" %7s", f.c_str());
  std::printf("  fetch errors%s\n", stats.last_run_id ? " (last run)" : "");
  for (const SiteStats& s : stats.sites) {
    std::printf("%-24s %9lld %8lld %6lld", s.site.c_str(), static_cast<long long>(s.articles),
                static_cast<long long>(s.new_in_last_run), static_cast<long long>(s.duplicates_merged));
    for (const std::string& f : FillRateFields()) {
      const double rate = s.fill.rate.count(f) ? s.fill.rate.at(f) : 0.0;
      std::printf(" %6.0f%%", rate * 100.0);
    }
    std::string errors;
    for (const auto& [kind, n] : s.fetch_errors_by_kind) {
      errors += (errors.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    }
    std::printf("  %s\n", errors.empty() ? "-" : errors.c_str());
  }
  if (stats.sites.empty()) std::printf("(no sites yet)\n");
  for (const std::string& w : warnings) std::printf("warning: %s\n", w.c_str());
}

int RunStats(const StatsOptions& opts) {
  ConfigOrExit resolved = ResolveCommandConfig("stats", opts.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  DatabaseOrExit opened = OpenExistingDatabase("stats", std::get<CommandConfig>(resolved).db);
  if (const int* code = std::get_if<int>(&opened)) return *code;
  Database* store = &std::get<OpenedDatabase>(opened).db;
  auto stats = store->store->ComputeStats();
  if (!stats.ok()) {
    std::fprintf(stderr, "newscrawl stats: %s\n", stats.status().ToString().c_str());
    return kExitError;
  }
  const std::vector<std::string> warnings = LayoutDriftWarnings(*stats);
  if (opts.json) {
    std::printf("%s\n", StatsJson(*stats, warnings).dump(2, ' ', false, Json::error_handler_t::replace).c_str());
  } else {
    PrintTable(*stats, warnings);
  }
  return kExitOk;
}

}  // namespace

void AddStatsCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "stats", "Per site: articles, new in the last run, duplicates merged, fetch errors, field fill rates; "
               "warns when a fill rate drops by more than 30 points between runs (layout change)");
  AddDatabaseOptions(*cmd, opts->where);
  cmd->add_flag("--json", opts->json, "Machine-readable JSON instead of the table");
  cmd->callback([opts, &ctx] { ctx.exit_code = RunStats(*opts); });
}

}  // namespace newscrawl::cli
