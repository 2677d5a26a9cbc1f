// `newscrawl [crawl] [--config FILE] [--site NAME]... [--db PATH] [--max-pages N]` and
// `newscrawl reextract [--config FILE] [--db PATH] [--site NAME]...`.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "newscrawl/config.h"
#include "newscrawl/crawler.h"
#include "newscrawl/curl_handles.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/extractor_registry.h"
#include "newscrawl/log.h"
#include "newscrawl/metrics_file.h"
#include "newscrawl/run_lock.h"
#include "newscrawl/database.h"

namespace newscrawl::cli {
namespace {

constexpr const char* kDefaultConfig = "config/newscrawl.toml";

struct CrawlArgs {
  std::string config;
  std::vector<std::string> sites;
  std::string db;
  int max_pages = 0;
  std::string metrics_file;  // empty = none
};

// The config named on the command line, else config/newscrawl.toml if present, else defaults.
Result<Config> LoadConfigFor(const std::string& path) {
  if (!path.empty()) return LoadConfig(path);
  std::error_code ec;
  if (std::filesystem::exists(kDefaultConfig, ec)) return LoadConfig(kDefaultConfig);
  return Config{};
}

// Opens the store after taking the lock; prints errors as `cmd: ...` and sets *exit_code.
// PostgreSQL takes no lock: there, several workers crawling one database is the point.
struct OpenedStore {
  std::optional<RunLock> lock;
  Database db;
  ArticleStore* store = nullptr;  // points into db
};

bool OpenLocked(const char* cmd, const std::string& db, OpenedStore& out, int* exit_code,
                const DatabaseOptions& options = {}) {
  if (DatabaseKindOf(db) == DatabaseKind::kSqlite) {
    Result<RunLock> lock = RunLock::Acquire(db);
    if (!lock.ok()) {
      std::fprintf(stderr, "newscrawl %s: %s\n", cmd, lock.status().message().c_str());
      *exit_code = lock.status().kind() == ErrorKind::kLocked ? kExitLocked : kExitError;
      return false;
    }
    out.lock.emplace(std::move(*lock));
  }
  Result<Database> store = OpenDatabase(db, options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl %s: %s\n", cmd, store.status().ToString().c_str());
    *exit_code = kExitError;
    return false;
  }
  out.db = std::move(*store);
  out.store = out.db.store.get();
  return true;
}

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
  Result<Config> config = LoadConfigFor(args.config);
  if (!config.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n", config.status().message().c_str());
    return config.status().kind() == ErrorKind::kIoError ? kExitUsage : kExitUsage;
  }
  if (!CheckSites("crawl", *config, args.sites)) return kExitUsage;
  if (!config->crawler.log_file.empty()) AddLogFile(config->crawler.log_file, 10u << 20);
  const std::string db = args.db.empty() ? config->crawler.database : args.db;

  int exit_code = kExitOk;
  OpenedStore opened;
  DatabaseOptions db_options;
  db_options.host_lease_s = config->crawler.host_lease_s;
  db_options.handover_delay_ms = config->crawler.per_host_delay_ms;
  if (!OpenLocked("crawl", db, opened, &exit_code, db_options)) return exit_code;

  CurlGlobal curl_global;
  CrawlOptions options;
  options.sites = args.sites;
  if (args.max_pages > 0) options.max_pages = args.max_pages;
  options.handle_signals = true;
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  options.progress = tty;
  Crawler crawler(*config, *opened.db.frontier, *opened.store, options);
  Result<CrawlResult> result = crawler.Run();
  if (!result.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n", result.status().ToString().c_str());
    return result.status().kind() == ErrorKind::kInvalidArgument ? kExitUsage : kExitError;
  }
  if (metrics != nullptr) FillRunMetrics(*result, *opened.store, *metrics);
  // Cron gets one line; a terminal gets per-site detail too.
  std::fprintf(stderr, "%s\n", result->stats.SummaryLine(result->seconds).c_str());
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
  std::string config;
  std::vector<std::string> sites;
  std::string db;
};

int RunReextract(const ReextractArgs& args) {
  Result<Config> config = LoadConfigFor(args.config);
  if (!config.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  const std::string db = args.db.empty() ? config->crawler.database : args.db;
  int exit_code = kExitOk;
  OpenedStore opened;
  if (!OpenLocked("reextract", db, opened, &exit_code)) return exit_code;
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  long long pages = 0, updated = 0, unchanged = 0, failed = 0;
  std::vector<std::optional<std::string>> filters;
  if (args.sites.empty()) filters.push_back(std::nullopt);
  for (const std::string& s : args.sites) filters.push_back(s);
  for (const auto& filter : filters) {
    Status s = opened.store->ForEachStoredPage(filter, [&](const StoredPage& page) -> Status {
      ++pages;
      // The site's configured extractor; sites no longer configured use their registry key.
      std::string extractor = page.site;
      if (const SiteConfig* c = config->FindSite(page.site)) extractor = c->extractor;
      if (!registry.FindSite(extractor) && extractor != "generic") extractor = "auto";
      Result<Article> a = registry.Extract(page.html, ExtractRequest{.url = page.url, .site = extractor, .parse = {}});
      if (!a.ok()) {
        ++failed;
        Logger("crawl")->warn("reextract {}: {}", page.url, a.status().ToString());
        return Status::Ok();
      }
      if (!a->site) a->site = page.site;
      Result<StoreOutcome> o = opened.store->UpdateExtracted(page.article_id, *a, now);
      if (!o.ok()) return o.status();
      (o->kind == StoreOutcomeKind::kUpdated ? updated : unchanged)++;
      return opened.store->MaybeFlush();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "newscrawl reextract: %s\n", s.ToString().c_str());
      return kExitError;
    }
  }
  if (Status s = opened.store->Flush(); !s.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n", s.ToString().c_str());
    return kExitError;
  }
  std::fprintf(stderr, "newscrawl reextract: %lld pages, %lld updated, %lld unchanged, %lld failed\n", pages,
               updated, unchanged, failed);
  return failed > 0 ? kExitError : kExitOk;
}

}  // namespace

void AddCrawlCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<CrawlArgs>();
  CLI::App* cmd = app.add_subcommand(
      "crawl", "Crawl the configured sites politely and store their articles (the default command: "
               "`newscrawl --site X` = `newscrawl crawl --site X`)");
  cmd->add_option("--config", args->config, "TOML config (default: config/newscrawl.toml if it exists)");
  cmd->add_option("--site", args->sites, "Site key from the config; repeatable (default: every site)");
  cmd->add_option("--db", args->db, "Database file, or a postgresql:// URI (default: [crawler] database)");
  cmd->add_option("--max-pages", args->max_pages, "Pages per site in this run (default: the site's max_pages)")
      ->check(CLI::PositiveNumber);
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
  cmd->add_option("--config", args->config, "TOML config (default: config/newscrawl.toml if it exists)");
  cmd->add_option("--site", args->sites, "Only this site; repeatable (default: every site)");
  cmd->add_option("--db", args->db, "Database file, or a postgresql:// URI (default: [crawler] database)");
  cmd->fallthrough();
  cmd->callback([args, &ctx] { ctx.exit_code = RunReextract(*args); });
}

}  // namespace newscrawl::cli
