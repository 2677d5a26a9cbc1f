// `newscrawl demo [--dir DIR] [--fixtures DIR]`: the first run anyone can watch. Serves the
// project's fixture pages as eight small news sites on 127.0.0.1, crawls them politely with the
// real crawler into a fresh database, prints what happened and a few records, and stops the sites.
#include <cstdarg>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "newscrawl/config/config.h"
#include "newscrawl/crawl/crawler.h"
#include "newscrawl/testsite/demo_site.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/store/run_lock.h"
#include "newscrawl/store/sqlite_store.h"
#include "newscrawl/core/text.h"

namespace newscrawl::cli {
namespace {

// The demo's narration on stdout; nothing with -q.
[[gnu::format(printf, 1, 2)]] void Say(const char* format, ...) {
  if (Quiet()) return;
  va_list args;
  va_start(args, format);
  std::vprintf(format, args);
  va_end(args);
}

namespace fs = std::filesystem;

struct DemoArgs {
  std::string dir;       // where the database goes; default: a new temporary folder
  std::string fixtures;  // default: ./fixtures, else the installed pages (FindFixtures)
};

// The first `n` code points of `s`, with an ellipsis when cut.
std::string Clip(const std::string& s, std::size_t n) {
  std::size_t i = 0, count = 0;
  while (i < s.size() && count < n) {
    ++count;
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

// Where the demo's pages are, without the source tree: --fixtures, else ./fixtures (a checkout),
// else next to the executable: <prefix>/bin/newscrawl finds <prefix>/share/newscrawl/fixtures
// (`cmake --install`), build/newscrawl finds build/share/newscrawl/fixtures (a link the build
// makes to the source tree's fixtures). NEWSCRAWL_DEMO_PAGES is that relative path.
fs::path FindFixtures(const std::string& given) {
  if (!given.empty()) return given;
  if (fs::is_directory("fixtures")) return "fixtures";
  std::error_code ec;
  const fs::path exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  const fs::path installed = exe_dir.parent_path() / NEWSCRAWL_DEMO_PAGES;
  for (const fs::path& candidate : {installed, exe_dir / NEWSCRAWL_DEMO_PAGES}) {
    if (fs::is_directory(candidate, ec)) return candidate;
  }
  return installed;  // names the installed place in the "not a directory" error
}

// A fresh demo.db in `dir_arg`, or in a new temporary folder; the path, or nothing after saying why.
std::optional<fs::path> FreshDatabase(const std::string& dir_arg) {
  fs::path dir = dir_arg;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "newscrawl-demo-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      std::perror("newscrawl demo: mkdtemp");
      return std::nullopt;
    }
    dir = tmpl;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path db = dir / "demo.db";
  for (const std::string& file : {db.string(), db.string() + "-wal", db.string() + "-shm"}) fs::remove(file, ec);
  return db;
}

// The demo's own sites live on loopback, hence allow_private_addresses; politeness stays on,
// with a shorter delay than the real default so the demo ends in seconds.
Result<Config> DemoConfig(const fs::path& db, const DemoSite& site) {
  const std::string toml = "[crawler]\ndatabase = \"" + db.string() +
                           "\"\nper_host_delay_ms = 150\nper_host_concurrency = 1\ntimeout_s = 10\n"
                           "allow_private_addresses = true\n\n" +
                           site.SitesToml();
  return ParseConfig(toml, "demo config");
}

void SayWhatItWillDo(const DemoSite& site, const fs::path& fixtures, const Config& config, const fs::path& db) {
  Say("newscrawl demo: %zu articles of %zu papers served on 127.0.0.1 (fixtures: %s)\n", site.ArticleCount(),
      site.papers().size(), fixtures.c_str());
  Say("  each site has robots.txt (it forbids a draft that the home page links to), a sitemap index\n"
      "  with a gzipped news sitemap, an RSS feed, two listing pages, and one article twice more:\n"
      "  under utm_* tracking parameters and as a copy at another address.\n");
  Say("  crawling politely (robots.txt obeyed, 1 request at a time per host, %lld ms apart) into %s\n\n",
      static_cast<long long>(config.crawler.per_host_delay_ms), db.c_str());
  std::fflush(stdout);
}

void SayWhatItDid(const CrawlResult& result, std::size_t requests, std::size_t disallowed) {
  const SiteCrawlStats total = result.stats.Total();
  Say("What it did (%.1f s):\n", result.seconds);
  Say("  pages fetched           %lld (the servers logged %zu requests, robots.txt included)\n",
      static_cast<long long>(total.pages), requests);
  Say("  articles stored         %lld\n", static_cast<long long>(total.articles_new));
  Say("  duplicates merged       %lld by content (tracking-parameter links were the same URL: never fetched)\n",
      static_cast<long long>(total.duplicates));
  Say("  robots.txt refusals     %lld (requests for the forbidden drafts that reached a server: %zu)\n",
      static_cast<long long>(total.robots_denied), disallowed);
  Say("  errors                  %lld\n\n", static_cast<long long>(total.failed));
}

void SayAFewRecords(ArticleStore& store) {
  Say("A few records:\n");
  // Records with a title and a byline first (the fixtures include page fragments without a head),
  // one per site.
  std::vector<Article> records;
  (void)store.ForEachArticle(ExportFilter{}, [&](const StoredArticle& s) {
    records.push_back(s.article);
    return Status::Ok();
  });
  std::stable_sort(records.begin(), records.end(), [](const Article& x, const Article& y) {
    return (x.title.has_value() + x.byline.has_value()) > (y.title.has_value() + y.byline.has_value());
  });
  std::set<std::string> shown_sites;
  for (const Article& a : records) {
    if (shown_sites.size() == 5 || !shown_sites.insert(a.site.value_or("")).second) continue;
    Say("  [%s] %s\n", a.site.value_or("?").c_str(), Clip(a.title.value_or("(no title)"), 90).c_str());
    Say("      by %s · published %s · %zu image(s) · %zu characters of body\n",
        a.byline.value_or("(no byline)").c_str(), a.published_at.value_or("(no date)").c_str(), a.images.size(),
        Utf8Length(a.body.value_or("")));
    if (a.lead) Say("      %s\n", Clip(*a.lead, 110).c_str());
  }
}

// Serves the pages, crawls them into a fresh database and narrates; the crawl's exit code.
int RunDemo(const DemoArgs& args) {
  const fs::path fixtures = FindFixtures(args.fixtures);
  Result<std::unique_ptr<DemoSite>> site = DemoSite::Start(fixtures);
  if (!site.ok()) {
    std::fprintf(stderr, "newscrawl demo: %s\n", site.status().ToString().c_str());
    return kExitError;
  }
  const std::optional<fs::path> db = FreshDatabase(args.dir);
  if (!db) return kExitError;
  Result<Config> config = DemoConfig(*db, **site);
  if (!config.ok()) {
    std::fprintf(stderr, "newscrawl demo: %s\n", config.status().ToString().c_str());
    return kExitError;
  }
  SayWhatItWillDo(**site, fixtures, *config, *db);

  Result<RunLock> lock = RunLock::Acquire(db->string());
  if (!lock.ok()) {
    std::fprintf(stderr, "newscrawl demo: %s\n", lock.status().ToString().c_str());
    return kExitLocked;
  }
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(db->string());
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl demo: %s\n", store.status().ToString().c_str());
    return kExitError;
  }
  CrawlOptions options;
  options.handle_signals = true;
  options.progress = ::isatty(STDERR_FILENO) == 1 && !Quiet();
  Crawler crawler(*config, **store, options);
  Result<CrawlResult> result = crawler.Run();
  const std::size_t disallowed = (*site)->DisallowedRequests();
  const std::size_t requests = (*site)->TotalRequests();
  (*site)->Stop();
  if (!result.ok()) {
    std::fprintf(stderr, "newscrawl demo: %s\n", result.status().ToString().c_str());
    return kExitError;
  }
  SayWhatItDid(*result, requests, disallowed);
  SayAFewRecords(**store);
  Say("\nNext: newscrawl stats --db %s\n      newscrawl export --db %s | head\n"
      "      newscrawl report --db %s --out report.html\n",
      db->c_str(), db->c_str(), db->c_str());
  return result->exit_code;
}

}  // namespace

void AddDemoCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Crawl a local copy of several papers (served on 127.0.0.1 from the fixtures) and show the records");
  cmd->add_option("--dir", args->dir, "Folder for the demo database (default: a new temporary folder)");
  cmd->add_option("--fixtures", args->fixtures,
                  "Fixture folder to serve (default: ./fixtures, else the pages installed with newscrawl)");
  cmd->callback([args, &ctx] { ctx.exit_code = RunDemo(*args); });
}

}  // namespace newscrawl::cli
