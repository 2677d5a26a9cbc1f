// `newscrawl robots`: asks a robots.txt file the questions the crawler asks, for debugging a site's
// rules by hand:
//   newscrawl robots --agent AGENT --url URL FILE     → "allowed" (exit 0) / "disallowed" (exit 1)
//   newscrawl robots --crawl-delay --agent AGENT FILE → seconds, or "none"
//   newscrawl robots --sitemaps FILE                  → one sitemap URL per line
#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/politeness/robots.h"
#include "newscrawl/url/url.h"

namespace newscrawl::cli {
namespace {

// Path and query of an absolute URL ("https://h/a?b#c" → "/a?b"); a value that already is a path
// is returned as it is. nullopt for anything else.
// The path and query robots.txt rules match against; a bare path ("/x?y") is taken as is.
std::optional<std::string> PathAndQuery(std::string_view url) {
  url = url.substr(0, url.find('#'));
  if (!url.empty() && url.front() == '/') return std::string(url);
  Result<Url> parsed = Url::Parse(url);
  if (!parsed.ok()) return std::nullopt;
  std::string path = parsed->path().empty() ? "/" : parsed->path();
  if (parsed->query()) path += "?" + *parsed->query();
  return path;
}

// Reads at most `limit` bytes of `path`; nullopt if the file cannot be opened or read.
std::optional<std::string> ReadPrefix(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(limit, '\0');
  in.read(data.data(), static_cast<std::streamsize>(limit));
  if (in.bad()) return std::nullopt;
  data.resize(static_cast<std::size_t>(in.gcount()));
  return data;
}

std::string FormatSeconds(double seconds) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, seconds);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(seconds);
}

struct RobotsOptions {
  std::string agent;
  std::string url;
  bool crawl_delay = false;
  bool sitemaps = false;
  std::string file;
};

int RunRobots(const RobotsOptions& o) {
  const int modes = (o.url.empty() ? 0 : 1) + (o.crawl_delay ? 1 : 0) + (o.sitemaps ? 1 : 0);
  if (modes != 1) {
    std::fputs("newscrawl robots: give exactly one of --url, --crawl-delay, --sitemaps\n", stderr);
    return kExitUsage;
  }
  if (!o.sitemaps && o.agent.empty()) {
    std::fputs("newscrawl robots: --agent is required with --url and --crawl-delay\n", stderr);
    return kExitUsage;
  }
  std::optional<std::string> path;
  if (!o.url.empty()) {
    path = PathAndQuery(o.url);
    if (!path) {
      std::fprintf(stderr, "newscrawl robots: not an absolute URL: %s\n", o.url.c_str());
      return kExitUsage;
    }
  }
  // One byte past the parse cap tells Parse whether the cap cut a line.
  const auto body = ReadPrefix(o.file, RobotsRules::kMaxBodyBytes + 1);
  if (!body) {
    std::fprintf(stderr, "newscrawl robots: cannot read %s\n", o.file.c_str());
    return kExitError;
  }
  const RobotsRules rules = RobotsRules::Parse(*body);
  if (path) {
    // The exit code answers too, so a script can test it: `if newscrawl robots ...; then`.
    const bool allowed = rules.Allowed(o.agent, *path);
    std::puts(allowed ? "allowed" : "disallowed");
    if (!allowed) return kExitError;
  } else if (o.crawl_delay) {
    const auto delay = rules.CrawlDelay(o.agent);
    std::puts(delay ? FormatSeconds(*delay).c_str() : "none");
  } else {
    for (const std::string& sitemap : rules.Sitemaps()) std::puts(sitemap.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddRobotsCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<RobotsOptions>();
  CLI::App* cmd = app.add_subcommand("robots", "Ask a robots.txt file what a crawler may do");
  cmd->add_option("--agent", options->agent, "User agent (product token or full User-Agent)");
  cmd->add_option("--url", options->url, "Absolute URL to check; prints allowed (exit 0) or disallowed (exit 1)");
  cmd->add_flag("--crawl-delay", options->crawl_delay, "Print the agent's Crawl-delay or none");
  cmd->add_flag("--sitemaps", options->sitemaps, "Print the Sitemap URLs, one per line");
  cmd->add_option("FILE", options->file, "robots.txt body")->required();
  cmd->callback([options, &ctx] { ctx.exit_code = RunRobots(*options); });
}

}  // namespace newscrawl::cli
