#include "newscrawl/config/config.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "newscrawl/politeness/robots.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

// Collects the first error with its position; every check below returns false after Fail().
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  bool Fail(const toml::source_region& where, const std::string& reason) {
    if (error_.empty()) error_ = source_ + ":" + std::to_string(where.begin.line) + ": " + reason;
    return false;
  }
  bool failed() const { return !error_.empty(); }
  std::string Where(const toml::node& n) const { return source_ + ":" + std::to_string(n.source().begin.line); }
  const std::string& error() const { return error_; }

  bool String(const toml::node& n, std::string_view key, const std::string& table, std::string& out) {
    if (const auto* s = n.as_string()) {
      out = s->get();
      return true;
    }
    return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be a string");
  }
  bool Int(const toml::node& n, std::string_view key, const std::string& table, std::int64_t lo, std::int64_t hi,
           std::int64_t& out) {
    const auto* i = n.as_integer();
    if (!i) return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be an integer");
    if (i->get() < lo || i->get() > hi) {
      return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be between " + std::to_string(lo) +
                                  " and " + std::to_string(hi));
    }
    out = i->get();
    return true;
  }
  bool Number(const toml::node& n, std::string_view key, const std::string& table, double lo, double hi,
              double& out) {
    double v = 0;
    if (const auto* i = n.as_integer()) {
      v = static_cast<double>(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      v = f->get();
    } else {
      return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be a number");
    }
    if (!(v >= lo && v <= hi)) {
      std::ostringstream os;
      os << "'" << key << "' in " << table << " must be between " << lo << " and " << hi;
      return Fail(n.source(), os.str());
    }
    out = v;
    return true;
  }
  bool Bool(const toml::node& n, std::string_view key, const std::string& table, bool& out) {
    if (const auto* b = n.as_boolean()) {
      out = b->get();
      return true;
    }
    return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be true or false");
  }
  bool Urls(const toml::node& n, std::string_view key, const std::string& table, std::vector<std::string>& out) {
    const auto* arr = n.as_array();
    if (!arr) return Fail(n.source(), "'" + std::string(key) + "' in " + table + " must be an array of URLs");
    for (const toml::node& e : *arr) {
      const auto* s = e.as_string();
      if (!s) return Fail(e.source(), "'" + std::string(key) + "' in " + table + " must hold strings");
      Result<std::string> canonical = CanonicalUrl(s->get());
      if (!canonical.ok()) {
        return Fail(e.source(), "bad URL '" + s->get() + "' in " + table + ": " + canonical.status().message());
      }
      out.push_back(*canonical);
    }
    return true;
  }
  bool Regex(const toml::node& n, std::string_view key, const std::string& table, std::string& out) {
    if (!String(n, key, table, out)) return false;
    try {
      std::regex re(out, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return Fail(n.source(), "bad regex in '" + std::string(key) + "' of " + table + ": " + e.what());
    }
    return true;
  }

 private:
  std::string source_;
  std::string error_;
};

bool ParseCrawler(const toml::table& t, Checker& c, CrawlerConfig& cfg, std::map<std::string, std::string>& origins) {
  const std::string table = "[crawler]";
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    std::int64_t i = 0;
    bool ok = true;
    if (key == "user_agent") {
      ok = c.String(node, key, table, cfg.user_agent);
      if (ok) {
        const std::string_view token = ProductToken(cfg.user_agent);
        const bool letters = !token.empty() && std::all_of(token.begin(), token.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        });
        if (!letters || cfg.user_agent.size() <= token.size() || cfg.user_agent[token.size()] != '/') {
          ok = c.Fail(node.source(), "user_agent must start with a letters-only product token and '/' "
                                     "(e.g. \"newscrawl/0.1 (+https://example.org/bot)\")");
        }
      }
    } else if (key == "database") {
      ok = c.String(node, key, table, cfg.database);
      if (ok && cfg.database.empty()) ok = c.Fail(node.source(), "'database' in [crawler] must not be empty");
    } else if (key == "max_concurrency") {
      ok = c.Int(node, key, table, 1, 10'000, i);
      cfg.max_concurrency = static_cast<int>(i);
    } else if (key == "per_host_concurrency") {
      ok = c.Int(node, key, table, 1, 1'000, i);
      cfg.per_host_concurrency = static_cast<int>(i);
    } else if (key == "host_lease_s") {
      ok = c.Int(node, key, table, 3, 86'400, i);
      cfg.host_lease_s = static_cast<int>(i);
    } else if (key == "per_host_delay_ms") {
      ok = c.Int(node, key, table, 0, 3'600'000, cfg.per_host_delay_ms);
    } else if (key == "max_crawl_delay_s") {
      ok = c.Number(node, key, table, 0, 86'400, cfg.max_crawl_delay_s);
    } else if (key == "timeout_s") {
      ok = c.Number(node, key, table, 0.1, 86'400, cfg.timeout_s);
    } else if (key == "max_retries") {
      ok = c.Int(node, key, table, 0, 100, i);
      cfg.max_retries = static_cast<int>(i);
    } else if (key == "max_body_bytes") {
      ok = c.Int(node, key, table, 1024, std::int64_t{1} << 34, cfg.max_body_bytes);
    } else if (key == "allow_private_addresses") {
      ok = c.Bool(node, key, table, cfg.allow_private_addresses);
    } else if (key == "max_failure_ratio") {
      ok = c.Number(node, key, table, 0, 1, cfg.max_failure_ratio);
    } else if (key == "log_file") {
      ok = c.String(node, key, table, cfg.log_file);
    } else if (key == "recheck_after_h") {
      ok = c.Number(node, key, table, 0, 24.0 * 365 * 10, cfg.recheck_after_h);
    } else if (key == "extract_threads") {
      ok = c.Int(node, key, table, 0, 64, i);
      cfg.extract_threads = static_cast<int>(i);
    } else {
      ok = c.Fail(node.source(), "unknown key '" + key + "' in [crawler]");
    }
    if (!ok) return false;
    origins["crawler." + key] = c.Where(node);
  }
  return true;
}

bool ParseSite(const std::string& site_key, const toml::table& t, const SiteCatalog& catalog, Checker& c,
               SiteConfig& site, std::map<std::string, std::string>& origins) {
  const std::string table = "[sites." + site_key + "]";
  site.key = site_key;
  site.name = site_key;
  site.extractor = site_key;
  bool has_article_url = false, has_follow_url = false, has_article_links = false;
  std::string article_url, follow_url, article_links;
  const toml::node* extractor_node = nullptr;
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    bool ok = true;
    if (key == "name") {
      ok = c.String(node, key, table, site.name);
    } else if (key == "extractor") {
      ok = c.String(node, key, table, site.extractor);
      extractor_node = &node;
    } else if (key == "start_urls") {
      ok = c.Urls(node, key, table, site.start_urls);
    } else if (key == "feeds") {
      ok = c.Urls(node, key, table, site.feeds);
    } else if (key == "sitemaps") {
      ok = c.Urls(node, key, table, site.sitemaps);
    } else if (key == "article_url") {
      ok = c.Regex(node, key, table, article_url);
      has_article_url = true;
    } else if (key == "follow_url") {
      ok = c.Regex(node, key, table, follow_url);
      has_follow_url = true;
    } else if (key == "article_links") {
      ok = c.String(node, key, table, article_links);
      has_article_links = true;
    } else if (key == "max_pages") {
      std::int64_t i = 0;
      ok = c.Int(node, key, table, 1, 100'000'000, i);
      site.max_pages = static_cast<int>(i);
    } else {
      ok = c.Fail(node.source(), "unknown key '" + key + "' in " + table);
    }
    if (!ok) return false;
    origins["sites." + site_key + "." + key] = c.Where(node);
  }
  const std::vector<std::string> names = catalog.ExtractorNames();
  if (std::find(names.begin(), names.end(), site.extractor) == names.end()) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    return c.Fail(extractor_node ? extractor_node->source() : t.source(),
                  "unknown extractor '" + site.extractor + "' in " + table + " (known: " + known + ")");
  }
  const std::optional<SiteDefaults> defaults = catalog.Defaults(site.extractor);
  if (defaults) site.links = defaults->links;
  if (has_article_url) site.links.article_url = article_url;
  if (has_follow_url) site.links.follow_url = follow_url;
  if (has_article_links) site.links.article_links = article_links;
  if (site.start_urls.empty() && site.feeds.empty() && site.sitemaps.empty()) {
    return c.Fail(t.source(), table + " needs at least one of start_urls, feeds or sitemaps");
  }
  std::set<std::string> domains;
  for (const auto* list : {&site.start_urls, &site.feeds, &site.sitemaps}) {
    for (const std::string& u : *list) domains.insert(HostOf(u));
  }
  if (defaults) domains.insert(defaults->domains.begin(), defaults->domains.end());
  site.domains.assign(domains.begin(), domains.end());
  site.links.allowed_domains = site.domains;
  // Validates the selectors too (regexes were checked above with their lines).
  Result<LinkExtractor> links = LinkExtractor::Create(site.links);
  if (!links.ok()) return c.Fail(t.source(), table + ": " + links.status().message());
  return true;
}

}  // namespace

const SiteConfig* Config::FindSite(std::string_view key) const {
  for (const SiteConfig& s : sites) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name, const SiteCatalog& catalog) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(source_name + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  Config config;
  config.source = source_name;
  Checker c(source_name);
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    if (key == "crawler") {
      const toml::table* t = node.as_table();
      if (!t) {
        c.Fail(node.source(), "[crawler] must be a table");
        break;
      }
      if (!ParseCrawler(*t, c, config.crawler, config.origins)) break;
    } else if (key == "sites") {
      const toml::table* sites = node.as_table();
      if (!sites) {
        c.Fail(node.source(), "'sites' must be a table of [sites.NAME] tables");
        break;
      }
      for (const auto& [sk, snode] : *sites) {
        const toml::table* st = snode.as_table();
        if (!st) {
          c.Fail(snode.source(), "[sites." + std::string(sk.str()) + "] must be a table");
          break;
        }
        SiteConfig site;
        config.origins["sites." + std::string(sk.str())] = c.Where(snode);
        if (!ParseSite(std::string(sk.str()), *st, catalog, c, site, config.origins)) break;
        config.sites.push_back(std::move(site));
      }
      if (c.failed()) break;
    } else {
      c.Fail(node.source(), "unknown table or key '" + key + "' (expected [crawler] or [sites.NAME])");
      break;
    }
  }
  if (c.failed()) return Status::InvalidArgument(c.error());
  return config;
}

Result<Config> LoadConfig(const std::string& path, const SiteCatalog& catalog) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path, catalog);
}

}  // namespace newscrawl
