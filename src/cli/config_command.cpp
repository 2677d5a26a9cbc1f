// `newscrawl config check [--config FILE]` and `newscrawl config show [--config FILE]`: validate the
// config a run would read (found by the same search as every command, config_locator.h), and
// print it resolved, every default filled in, each value with where it came from.
#include <charconv>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newscrawl/config/config_locator.h"
#include "newscrawl/core/exit_codes.h"

namespace newscrawl::cli {
namespace {

// A TOML basic string. JSON's escapes (\" \\ \n \t \uXXXX ...) are all valid in TOML.
std::string Quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string QuotedList(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Quoted(v[i]);
  return out + "]";
}

// The shortest form that reads back as the same double ("0.1", not "0.10000000000000001"); the
// loader takes integers and floats for these keys.
std::string Number(double d) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

// Writes `key = value  # origin` lines, the origin looked up in config.origins.
class ShowWriter {
 public:
  ShowWriter(const Config& config, std::string prefix) : config_(config), prefix_(std::move(prefix)) {}
  void Line(const std::string& key, const std::string& value, const char* default_note = "default") {
    const auto it = config_.origins.find(prefix_ + key);
    const std::string origin = it != config_.origins.end() ? it->second : default_note;
    std::printf("%s = %s  # %s\n", key.c_str(), value.c_str(), origin.c_str());
  }

 private:
  const Config& config_;
  std::string prefix_;
};

void Show(const LocatedConfig& located, const std::string& flag) {
  const Config& config = located.config;
  std::printf("# newscrawl config: %s\n", located.config.source.empty() ? "built-in defaults (no config file found)"
                                                               : (located.config.source + " (from " + located.found_by + ")").c_str());
  std::printf("# searched, in order:");
  for (const ConfigCandidate& c : ConfigCandidates(ConfigSearch::FromEnvironment(flag))) {
    std::printf(" %s", c.found_by.c_str());
  }
  std::printf("\n# relative database and log_file paths are resolved against the config file's folder\n\n");
  const CrawlerConfig& c = config.crawler;
  ShowWriter w(config, "crawler.");
  std::printf("[crawler]\n");
  w.Line("user_agent", Quoted(c.user_agent));
  w.Line("database", Quoted(c.database));
  w.Line("max_concurrency", std::to_string(c.max_concurrency));
  w.Line("per_host_concurrency", std::to_string(c.per_host_concurrency));
  w.Line("per_host_delay_ms", std::to_string(c.per_host_delay_ms));
  w.Line("max_crawl_delay_s", Number(c.max_crawl_delay_s));
  w.Line("timeout_s", Number(c.timeout_s));
  w.Line("max_retries", std::to_string(c.max_retries));
  w.Line("max_body_bytes", std::to_string(c.max_body_bytes));
  w.Line("allow_private_addresses", c.allow_private_addresses ? "true" : "false");
  w.Line("max_failure_ratio", Number(c.max_failure_ratio));
  w.Line("log_file", Quoted(c.log_file));
  w.Line("recheck_after_h", Number(c.recheck_after_h));
  w.Line("extract_threads", std::to_string(c.extract_threads));
  w.Line("host_lease_s", std::to_string(c.host_lease_s));
  for (const SiteConfig& s : config.sites) {
    const auto where = config.origins.find("sites." + s.key);
    std::printf("\n[sites.%s]  # %s\n", s.key.c_str(), where != config.origins.end() ? where->second.c_str() : "");
    ShowWriter sw(config, "sites." + s.key + ".");
    sw.Line("name", Quoted(s.name), "default: the key");
    sw.Line("extractor", Quoted(s.extractor), "default: the key");
    sw.Line("start_urls", QuotedList(s.start_urls));
    sw.Line("feeds", QuotedList(s.feeds));
    sw.Line("sitemaps", QuotedList(s.sitemaps));
    sw.Line("article_url", Quoted(s.links.article_url), "default: the extractor's");
    sw.Line("follow_url", Quoted(s.links.follow_url), "default: the extractor's");
    sw.Line("article_links", Quoted(s.links.article_links), "default: the extractor's");
    sw.Line("max_pages", std::to_string(s.max_pages));
    std::string domains;
    for (const std::string& d : s.domains) domains += (domains.empty() ? "" : ", ") + d;
    std::printf("# hosts of this site (derived): %s\n", domains.c_str());
  }
}

int RunConfig(const std::string& flag, bool show) {
  const char* cmd = show ? "config show" : "config check";
  Result<LocatedConfig> located = LocateConfig(ConfigSearch::FromEnvironment(flag));
  if (!located.ok()) {
    std::fprintf(stderr, "newscrawl %s: %s\n", cmd, located.status().message().c_str());
    return kExitUsage;
  }
  if (show) {
    Show(*located, flag);
    return std::fflush(stdout) == 0 ? kExitOk : kExitError;
  }
  if (located->config.source.empty()) {
    std::string searched;
    for (const ConfigCandidate& c : ConfigCandidates(ConfigSearch::FromEnvironment(flag))) {
      searched += (searched.empty() ? "" : ", ") + c.path;
    }
    std::fprintf(stderr, "newscrawl config check: no config file found (searched: %s)\n", searched.c_str());
    return kExitUsage;
  }
  if (!Quiet()) {
    std::printf("%s: ok (%zu sites; database %s)\n", located->config.source.c_str(), located->config.sites.size(),
                located->config.crawler.database.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddConfigCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("config", "Check or show the config a run reads");
  cmd->require_subcommand(1);
  auto flag = std::make_shared<std::string>();
  const std::string help =
      "TOML config (default: the first of $NEWSCRAWL_CONFIG, ./newscrawl.toml, ./config/newscrawl.toml, "
      "$XDG_CONFIG_HOME/newscrawl/newscrawl.toml, /etc/newscrawl/newscrawl.toml)";
  CLI::App* check = cmd->add_subcommand(
      "check", "Validate the config: exit 0 if a run would accept it, 2 with FILE:LINE: reason if not");
  check->add_option("--config", *flag, help);
  check->callback([flag, &ctx] { ctx.exit_code = RunConfig(*flag, /*show=*/false); });
  CLI::App* show = cmd->add_subcommand(
      "show", "Print the resolved config as TOML, every default filled in, each value with where it came from");
  show->add_option("--config", *flag, help);
  show->callback([flag, &ctx] { ctx.exit_code = RunConfig(*flag, /*show=*/true); });
}

}  // namespace newscrawl::cli
