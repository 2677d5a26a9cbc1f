// `newscrawl dedup links`: every near-duplicate link with the decision behind it (JSON Lines),
// so a user can see why two records were linked. `newscrawl dedup recheck`: re-decides links
// under the current rule (those of an older rule, or all with --all) and unlinks what the rule
// rejects, saying how many; no page is re-extracted or fetched.
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/database.h"

namespace newscrawl::cli {
namespace {

using Json = nlohmann::ordered_json;

struct DedupOptions {
  std::string db = "newscrawl.db";
  std::optional<std::string> site;
  bool all = false;
};

// SQLite or PostgreSQL, by the database string; a missing SQLite file is an error, not created.
Result<std::unique_ptr<ArticleStore>> OpenExisting(const std::string& db) {
  DatabaseOptions options;
  options.create_if_missing = false;
  Result<Database> opened = OpenDatabase(db, options);
  if (!opened.ok()) return opened.status();
  return std::move(opened->store);
}

int RunLinks(const DedupOptions& opts) {
  auto store = OpenExisting(opts.db);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl dedup links: %s\n", store.status().ToString().c_str());
    return kExitError;
  }
  auto links = (*store)->ListDuplicateLinks(opts.site);
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
  auto store = OpenExisting(opts.db);  // opening migrates an old database (and rechecks it)
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl dedup recheck: %s\n", store.status().ToString().c_str());
    return kExitError;
  }
  auto report = (*store)->RecheckNearDuplicates(opts.all, static_cast<std::int64_t>(std::time(nullptr)));
  if (!report.ok()) {
    std::fprintf(stderr, "newscrawl dedup recheck: %s\n", report.status().ToString().c_str());
    return kExitError;
  }
  std::printf("%lld links checked: %lld kept, %lld relinked, %lld unlinked (%lld articles indexed)\n",
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
  links->add_option("--db", opts->db, "Database: a SQLite file or a postgresql:// URI")->capture_default_str();
  links->add_option("--site", opts->site, "Only links of this site's articles");
  links->callback([opts, &ctx] { ctx.exit_code = RunLinks(*opts); });
  CLI::App* recheck = cmd->add_subcommand(
      "recheck", "Re-decide near-duplicate links under the current rule and unlink those it rejects "
                 "(links of an older rule; every link with --all); prints how many");
  recheck->add_option("--db", opts->db, "Database: a SQLite file or a postgresql:// URI")->capture_default_str();
  recheck->add_flag("--all", opts->all, "Re-decide every link, not only those of an older rule");
  recheck->callback([opts, &ctx] { ctx.exit_code = RunRecheck(*opts); });
}

}  // namespace newscrawl::cli
