// Config: the crawl configuration read from a TOML file (config/newscrawl.toml documents every key
// and its default). Plain structs, leveldb options.h style: each field says its default.
// LoadConfig validates everything up front (unknown keys, wrong types, bad regexes and selectors,
// unknown extractors) and reports "FILE:LINE: reason", so a bad config stops a run before it
// touches the network or the database. Plain values; thread-compatible.
#ifndef NEWSCRAWL_CONFIG_H_
#define NEWSCRAWL_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/html/html_document.h"
#include "newscrawl/discovery/link_extractor.h"
#include "newscrawl/config/site_catalog.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct CrawlerConfig {
  // User-Agent header; its product token (before "/") must be letters only.
  // Default: "newscrawl/0.1 (+https://example.org/newscrawl)".
  std::string user_agent = "newscrawl/0.1 (+https://example.org/newscrawl)";
  // SQLite database file (frontier, pages, records), or a postgresql:// / postgres:// URI for a
  // PostgreSQL database shared by several workers (database.h). Default: "newscrawl.db".
  std::string database = "newscrawl.db";
  // Transfers in flight across all hosts. Default: 64.
  int max_concurrency = 64;
  // Transfers in flight per host. Default: 1.
  int per_host_concurrency = 1;
  // Minimum time between two request starts to one host. Default: 1000 ms.
  std::int64_t per_host_delay_ms = 1000;
  // robots.txt Crawl-delay is honoured up to this many seconds. Default: 30.
  double max_crawl_delay_s = 30;
  // Whole-request timeout; connect timeout is a third of it. Default: 30 s.
  double timeout_s = 30;
  // Retries of timeouts, connection errors, 5xx and 429. Default: 3.
  int max_retries = 3;
  // Larger bodies are aborted (too_large), and larger pages are not parsed (the parser's cap,
  // HtmlParseOptions::max_bytes, is this same value). Default: 10 MiB (kDefaultMaxPageBytes).
  std::int64_t max_body_bytes = static_cast<std::int64_t>(kDefaultMaxPageBytes);
  // Allow loopback/private destinations (tests, demos). Default: false.
  bool allow_private_addresses = false;
  // A finished run whose failed / fetched ratio exceeds this exits with kExitFailureRatio.
  // Default: 0.5.
  double max_failure_ratio = 0.5;
  // Rotating log file besides stderr; "" = none. Default: "".
  std::string log_file;
  // Stored articles are fetched again (conditionally) this many hours after their last fetch;
  // 0 = never. Feeds, sitemaps, start and listing pages are revisited on every run. Default: 0.
  double recheck_after_h = 0;
  // Threads that decode, parse and extract fetched pages, so the event loop never waits on
  // Gumbo; 0 = on the loop thread. Default: 2.
  int extract_threads = 2;
  // PostgreSQL only: how long a vanished worker's host leases stay taken at most (the server's
  // keepalive gives up on its connection within about this time; a killed process's leases
  // are freed at once). Default: 60 s.
  int host_lease_s = 60;
};

struct SiteConfig {
  std::string key;           // the [sites.KEY] table name; what --site takes
  std::string name;          // display name. Default: the key.
  std::string extractor;     // an ExtractorRegistry name. Default: the key.
  std::vector<std::string> start_urls;  // Default: none.
  std::vector<std::string> feeds;       // RSS/Atom. Default: none.
  std::vector<std::string> sitemaps;    // sitemap or sitemap index URLs. Default: none.
  // Link rules: article_url / follow_url / article_links default to the registry site's rules.
  LinkRules links;
  // Pages fetched for this site per run (robots.txt excluded). Default: 1000.
  int max_pages = 1000;
  // Hosts that belong to the site (from the start URLs, feeds, sitemaps and the registry).
  std::vector<std::string> domains;
};

struct Config {
  std::string source;  // file the config came from ("" = built-in defaults)
  CrawlerConfig crawler;
  std::vector<SiteConfig> sites;  // by key
  // Where each key given in the file was set, "FILE:LINE", by dotted key ("crawler.database",
  // "sites.baogialai.feeds"); a key not in here took its default (`config show` says which).
  std::map<std::string, std::string> origins;

  const SiteConfig* FindSite(std::string_view key) const;
};

// Parses and validates a TOML config. `source_name` is used in messages. Errors are
// InvalidArgument ("FILE:LINE: unknown key 'x' in [crawler]") or IoError for an unreadable file.
// A site's extractor must be one `catalog` names; its link rules and domains start from the
// catalog's defaults for it.
Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name, const SiteCatalog& catalog);
Result<Config> LoadConfig(const std::string& path, const SiteCatalog& catalog);
// The same against this binary's built-in sites (ExtractorRegistry::Builtin(); builtin_config.cpp).
Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name);
Result<Config> LoadConfig(const std::string& path);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_H_
