// `newscrawl dedup links`: every near-duplicate link with the decision behind it (JSON Lines),
// so a user can see why two records were linked. `newscrawl dedup recheck`: re-decides links
// under the current rule (those of an older rule, or all with --all) and unlinks what the rule
// rejects, saying how many; no page is re-extracted or fetched.
#include <cstdio>
#include <ctime>
#include <optional>
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

struct DedupOptions {
  DatabaseArgs where;
  std::optional<std::string> site;
  bool all = false;
};


int RunLinks(const DedupOptions& opts) {
  ConfigOrExit resolved = ResolveCommandConfig("dedup links", opts.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  DatabaseOrExit opened = OpenExistingDatabase("dedup links", std::get<CommandConfig>(resolved).db);
  if (const int* code = std::get_if<int>(&opened)) return *code;
  auto links = std::get<OpenedDatabase>(opened).db.store->ListDuplicateLinks(opts.site);
  if (!links.ok()) {
    std::fprintf(stderr, "newscrawl dedup links: %s\n", links.status().ToString().c_str());
    return kExitError;
  }
  for (const DedupLinkInfo& l : *links) {
    Json j{{"id", l.article_id},         {"site", l.site},
           {"url", l.url},               {"duplicate_of", l.original_id},
           {"original_url", l.original_url}, {"matched_id", l.matched_id},
           {"score", l.score},           {"rule_version", l.rule_version},
           {"decided_at", l.decided_at}};
    j["evidence"] = Json::parse(l.evidence, nullptr, /*allow_exceptions=*/false);
    std::printf("%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
  }
  return kExitOk;
}

int RunRecheck(const DedupOptions& opts) {
  ConfigOrExit resolved = ResolveCommandConfig("dedup recheck", opts.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  const std::string& db = std::get<CommandConfig>(resolved).db;
  // A writer: it takes the run lock, so it never rewrites links under a running crawl. Opening
  // migrates an old database (and rechecks it). An existing database only: nothing to re-check
  // in a new one.
  DatabaseOptions options;
  options.create_if_missing = false;
  DatabaseOrExit opened = OpenLockedDatabase("dedup recheck", db, options);
  if (const int* code = std::get_if<int>(&opened)) return *code;
  auto report = std::get<OpenedDatabase>(opened).db.store->RecheckNearDuplicates(opts.all, static_cast<std::int64_t>(std::time(nullptr)));
  if (!report.ok()) {
    std::fprintf(stderr, "newscrawl dedup recheck: %s\n", report.status().ToString().c_str());
    return kExitError;
  }
  if (!Quiet()) std::printf("%lld links checked: %lld kept, %lld relinked, %lld unlinked (%lld articles indexed)\n",
              static_cast<long long>(report->checked), static_cast<long long>(report->kept),
              static_cast<long long>(report->relinked), static_cast<long long>(report->unlinked),
              static_cast<long long>(report->indexed));
  return kExitOk;
}

}  // namespace

void AddDedupCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<DedupOptions>();
  CLI::App* cmd = app.add_subcommand("dedup", "Near-duplicate links: list them with their evidence, or re-check them");
  cmd->require_subcommand(1);
  CLI::App* links = cmd->add_subcommand(
      "links", "One JSON line per near-duplicate link: id, url, duplicate_of, original_url, matched_id, score, "
               "evidence (coverages, reason), rule_version, decided_at");
  AddDatabaseOptions(*links, opts->where);
  links->add_option("--site", opts->site, "Only links of this site's articles");
  links->callback([opts, &ctx] { ctx.exit_code = RunLinks(*opts); });
  CLI::App* recheck = cmd->add_subcommand(
      "recheck", "Re-decide near-duplicate links under the current rule and unlink those it rejects "
                 "(links of an older rule; every link with --all); prints how many");
  AddDatabaseOptions(*recheck, opts->where);
  recheck->add_flag("--all", opts->all, "Re-decide every link, not only those of an older rule");
  recheck->callback([opts, &ctx] { ctx.exit_code = RunRecheck(*opts); });
}

}  // namespace newscrawl::cli
