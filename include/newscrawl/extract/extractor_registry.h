// ExtractorRegistry: maps site names and hosts to extractors, with the generic extractor as the
// fallback, and runs the whole page → record pipeline (parse, pick, extract, fall back). It is
// also the SiteCatalog the config loader validates [sites.KEY] blocks against.
// Built once (Builtin()) and immutable afterwards; thread-safe for concurrent use.
#ifndef NEWSCRAWL_EXTRACTOR_REGISTRY_H_
#define NEWSCRAWL_EXTRACTOR_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/extract/extractor.h"
#include "newscrawl/discovery/link_extractor.h"
#include "newscrawl/config/site_catalog.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

// One registered site: a name `--site` accepts, the hosts it serves, and its extractor.
struct SiteEntry {
  std::string key;                   // "baogialai"
  std::string display_name;          // "Báo Gia Lai"
  std::vector<std::string> domains;  // "baogialai.com.vn" (subdomains match too)
  std::string default_offset;        // time zone offset the site prints local times in
  std::string language;              // default language when the page does not say
  std::shared_ptr<const Extractor> extractor;
  // How its listing pages link articles; the config's article_url / follow_url / article_links
  // override these defaults.
  LinkRules links;
};

struct ExtractRequest {
  std::string url;            // page URL if known; else the page's canonical link / og:url
  std::string site = "auto";  // "auto", "generic" or a site key
  HtmlParseOptions parse;
  // Parse the whole page even when the site's extractor names regions it never reads
  // (Extractor::PrunedRegions); `extract --full-parse` sets it to compare the two.
  bool full_parse = false;
};

class ExtractorRegistry final : public SiteCatalog {
 public:
  // Every built-in site and the generic extractor.
  static const ExtractorRegistry& Builtin();

  void AddSite(SiteEntry entry);
  void SetGeneric(std::shared_ptr<const Extractor> generic);

  const SiteEntry* FindSite(std::string_view key) const;
  // The site serving `host`: exact domain match first, then the longest parent domain.
  const SiteEntry* SiteForHost(std::string_view host) const;
  const Extractor& Generic() const { return *generic_; }
  // "auto", "generic" and every site key: what `extract --site` accepts.
  std::vector<std::string> Names() const;
  std::vector<std::string> ExtractorNames() const override;
  std::optional<SiteDefaults> Defaults(std::string_view key) const override;
  const std::vector<SiteEntry>& sites() const { return sites_; }

  // Parses `html` and extracts a record. Fails only when the page cannot be parsed (too large,
  // too deep) or `site` is unknown; a page with no article gives a record of nulls. When the
  // extractor is known before parsing (a site key, "generic", or "auto" with a URL), its pruned
  // regions are left out of the parse; a page that then shows no body is parsed again whole
  // before the generic fallback, so pruning changes the cost of a page, not its record.
  Result<Article> Extract(std::string_view html, const ExtractRequest& request) const;

 private:
  std::vector<SiteEntry> sites_;
  std::shared_ptr<const Extractor> generic_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_REGISTRY_H_
