// `newscrawl [crawl] [--config FILE] [--site NAME]... [--db PATH] [--max-pages N]` and
// `newscrawl reextract [--config FILE] [--db PATH] [--site NAME]...`.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "commands.h"
#include "store_access.h"
#include "newscrawl/config/config.h"
#include "newscrawl/crawl/crawler.h"
#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/core/log.h"
#include "newscrawl/export/metrics_file.h"
#include "newscrawl/store/database.h"

namespace newscrawl::cli {
namespace {

struct CrawlArgs {
  DatabaseArgs where;
  std::vector<std::string> sites;
  int max_pages = 0;
  std::string metrics_file;  // empty = none
};

bool CheckSites(const char* cmd, const Config& config, const std::vector<std::string>& sites) {
  if (config.sites.empty()) {
    std::fprintf(stderr, "newscrawl %s: no sites configured (use --config FILE)\n", cmd);
    return false;
  }
  for (const std::string& s : sites) {
    if (!config.FindSite(s)) {
      std::string known;
      for (const SiteConfig& c : config.sites) known += (known.empty() ? "" : ", ") + c.key;
      std::fprintf(stderr, "newscrawl %s: unknown site '%s' (configured: %s)\n", cmd, s.c_str(), known.c_str());
      return false;
    }
  }
  return true;
}

// `metrics` (may be null) receives the run's figures when the crawl ran.
// The crawl's figures, and the fill rates per site of this run's new articles and of all stored ones.
void FillRunMetrics(const CrawlResult& result, ArticleStore& store, RunMetrics& m) {
  m.stats = result.stats;
  m.duration_seconds = result.seconds;
  Result<StoreStats> stats = store.ComputeStats();
  if (!stats.ok()) {
    Logger("metrics")->warn("no fill rates in the metrics file: {}", stats.status().ToString());
    return;
  }
  for (const SiteStats& site : stats->sites) {
    if (!result.stats.sites.contains(site.site)) continue;  // only the sites this run crawled
    m.stored_fill[site.site] = site.fill;
    if (!site.recent_runs.empty() && site.recent_runs.front().run_id == result.run_id) {
      m.run_fill[site.site] = site.recent_runs.front().fill;
    }
  }
}

// Writes --metrics-file for a run that ended with `exit_code` (whether or not the crawl started).
int WriteRunMetrics(const std::string& path, RunMetrics& m, int exit_code,
                    std::chrono::steady_clock::time_point started) {
  m.exit_code = exit_code;
  if (m.duration_seconds == 0) m.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  m.finished_at = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (Status s = WriteMetricsFile(path, m); !s.ok()) {
    std::fprintf(stderr, "newscrawl crawl: metrics file: %s\n", s.ToString().c_str());
    return exit_code == kExitOk ? kExitError : exit_code;
  }
  return exit_code;
}

int RunCrawl(const CrawlArgs& args, RunMetrics* metrics) {
  ConfigOrExit resolved = ResolveCommandConfig("crawl", args.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  const CommandConfig& cc = std::get<CommandConfig>(resolved);
  const Config* config = &cc.located.config;
  if (!CheckSites("crawl", *config, args.sites)) return kExitUsage;
  if (!config->crawler.log_file.empty()) AddLogFile(config->crawler.log_file, 10u << 20);

  DatabaseOptions db_options;
  db_options.host_lease_s = config->crawler.host_lease_s;
  db_options.handover_delay_ms = config->crawler.per_host_delay_ms;
  DatabaseOrExit db = OpenLockedDatabase("crawl", cc.db, db_options);
  if (const int* code = std::get_if<int>(&db)) return *code;
  OpenedDatabase& opened = std::get<OpenedDatabase>(db);

  CurlGlobal curl_global;
  CrawlOptions options;
  options.sites = args.sites;
  if (args.max_pages > 0) options.max_pages = args.max_pages;
  options.handle_signals = true;
  const bool tty = ::isatty(STDERR_FILENO) == 1 && !Quiet();
  options.progress = tty;
  Crawler crawler(*config, *opened.db.store, options);
  Result<CrawlResult> result = crawler.Run();
  if (!result.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n", result.status().ToString().c_str());
    return result.status().kind() == ErrorKind::kInvalidArgument ? kExitUsage : kExitError;
  }
  if (metrics != nullptr) FillRunMetrics(*result, *opened.db.store, *metrics);
  // Cron gets one line (none with -q); a terminal gets per-site detail too.
  if (!Quiet()) std::fprintf(stderr, "%s\n", result->stats.SummaryLine(result->seconds).c_str());
  if (tty) {
    for (const auto& [site, s] : result->stats.sites) {
      std::fprintf(stderr, "  %-20s %lld pages, %lld new, %lld updated, %lld errors, %lld robots-denied\n",
                   site.c_str(), static_cast<long long>(s.pages), static_cast<long long>(s.articles_new),
                   static_cast<long long>(s.articles_updated), static_cast<long long>(s.failed),
                   static_cast<long long>(s.robots_denied));
    }
  }
  if (result->exit_code == kExitFailureRatio) {
    std::fprintf(stderr, "newscrawl crawl: failure ratio %.2f over max_failure_ratio %.2f\n",
                 result->stats.FailureRatio(), config->crawler.max_failure_ratio);
  } else if (result->exit_code == kExitInterrupted) {
    std::fprintf(stderr, "newscrawl crawl: interrupted; state saved, run the same command to resume\n");
  }
  return result->exit_code;
}

struct ReextractArgs {
  DatabaseArgs where;
  std::vector<std::string> sites;
};

// A --site of reextract names a configured site or one with records in the store (a site
// dropped from the config can still be re-extracted).
bool CheckReextractSites(const Config& config, ArticleStore& store, const std::vector<std::string>& sites) {
  std::vector<std::string> stored;
  bool listed = false;
  for (const std::string& s : sites) {
    if (config.FindSite(s)) continue;
    if (!listed) {
      listed = true;
      Result<StoreStats> stats = store.ComputeStats();
      if (stats.ok()) {
        for (const SiteStats& st : stats->sites) stored.push_back(st.site);
      }
    }
    if (std::find(stored.begin(), stored.end(), s) != stored.end()) continue;
    std::string known;
    for (const SiteConfig& c : config.sites) known += (known.empty() ? "" : ", ") + c.key;
    for (const std::string& k : stored) {
      if (!config.FindSite(k)) known += (known.empty() ? "" : ", ") + k;
    }
    std::fprintf(stderr, "newscrawl reextract: unknown site '%s' (configured or stored: %s)\n", s.c_str(),
                 known.empty() ? "none" : known.c_str());
    return false;
  }
  return true;
}

int RunReextract(const ReextractArgs& args) {
  ConfigOrExit resolved = ResolveCommandConfig("reextract", args.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  const CommandConfig& cc = std::get<CommandConfig>(resolved);
  const Config* config = &cc.located.config;
  DatabaseOrExit db = OpenLockedDatabase("reextract", cc.db);
  if (const int* code = std::get_if<int>(&db)) return *code;
  OpenedDatabase& opened = std::get<OpenedDatabase>(db);
  if (!CheckReextractSites(*config, *opened.db.store, args.sites)) return kExitUsage;
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  long long pages = 0, updated = 0, unchanged = 0, failed = 0;
  HtmlParseOptions parse;  // the crawl's cap, so a page the crawl stored is read again
  parse.max_bytes = static_cast<std::size_t>(config->crawler.max_body_bytes);
  std::vector<std::optional<std::string>> filters;
  if (args.sites.empty()) filters.push_back(std::nullopt);
  for (const std::string& s : args.sites) filters.push_back(s);
  for (const auto& filter : filters) {
    Status s = opened.db.store->ForEachStoredPage(filter, [&](const StoredPage& page) -> Status {
      ++pages;
      // The site's configured extractor; sites no longer configured use their registry key.
      std::string extractor = page.site;
      if (const SiteConfig* c = config->FindSite(page.site)) extractor = c->extractor;
      if (!registry.FindSite(extractor) && extractor != "generic") extractor = "auto";
      Result<Article> a = registry.Extract(page.html, ExtractRequest{.url = page.url, .site = extractor, .parse = parse});
      if (!a.ok()) {
        ++failed;
        Logger("crawl")->warn("reextract {}: {}", page.url, a.status().ToString());
        return Status::Ok();
      }
      // A record's site is the configured site it was crawled for, as the crawl stored it; the
      // generic extractor's guess (the URL's host) would differ from it and make every
      // reextract an "update".
      a->site = page.site;
      Result<StoreOutcome> o = opened.db.store->UpdateExtracted(page.article_id, *a, now);
      if (!o.ok()) return o.status();
      (o->kind == StoreOutcomeKind::kUpdated ? updated : unchanged)++;
      return opened.db.store->MaybeFlush();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "newscrawl reextract: %s\n", s.ToString().c_str());
      return kExitError;
    }
  }
  if (Status s = opened.db.store->Flush(); !s.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n", s.ToString().c_str());
    return kExitError;
  }
  if (!Quiet() || failed > 0) {
    std::fprintf(stderr, "newscrawl reextract: %lld pages, %lld updated, %lld unchanged, %lld failed\n", pages,
                 updated, unchanged, failed);
  }
  return failed > 0 ? kExitError : kExitOk;
}

}  // namespace

void AddCrawlCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<CrawlArgs>();
  CLI::App* cmd = app.add_subcommand(
      "crawl", "Crawl the configured sites politely and store their articles (the default command: "
               "`newscrawl --site X` = `newscrawl crawl --site X`)");
  AddDatabaseOptions(*cmd, args->where);
  cmd->add_option("--site", args->sites, "Site key from the config; repeatable (default: every site)");
  // A range, not CLI::PositiveNumber: that one's message for 0 quotes the largest double.
  cmd->add_option("--max-pages", args->max_pages, "Pages per site in this run (default: the site's max_pages)")
      ->check(CLI::Range(1, 100'000'000).description("a whole number from 1 to 100000000"));
  cmd->add_option("--metrics-file", args->metrics_file,
                  "Write the run's figures here in Prometheus text format, atomically (node_exporter textfile collector)");
  cmd->fallthrough();
  cmd->callback([args, &ctx] {
    const auto started = std::chrono::steady_clock::now();
    RunMetrics metrics;
    ctx.exit_code = RunCrawl(*args, args->metrics_file.empty() ? nullptr : &metrics);
    if (!args->metrics_file.empty()) ctx.exit_code = WriteRunMetrics(args->metrics_file, metrics, ctx.exit_code, started);
  });
}

void AddReextractCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ReextractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reextract", "Run the current extractors over the stored raw pages and update the records (no fetching)");
  AddDatabaseOptions(*cmd, args->where);
  cmd->add_option("--site", args->sites, "Only this site; repeatable (default: every site)");
  cmd->fallthrough();
  cmd->callback([args, &ctx] { ctx.exit_code = RunReextract(*args); });
}

}  // namespace newscrawl::cli
