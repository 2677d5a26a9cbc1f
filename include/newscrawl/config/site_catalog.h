// SiteCatalog: what the config loader needs to know about the sites this binary has extractors
// for: the extractor names a [sites.KEY] block may give, and a site's own link rules and domains
// (the defaults the block's keys override). A narrow view, so that the config layer does not
// depend on the extractors; ExtractorRegistry implements it. Implementations are immutable and
// thread-safe.
#ifndef NEWSCRAWL_SITE_CATALOG_H_
#define NEWSCRAWL_SITE_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/discovery/link_extractor.h"

namespace newscrawl {

// A registered site's defaults for a crawl of it.
struct SiteDefaults {
  LinkRules links;                   // how its listing pages link articles
  std::vector<std::string> domains;  // hosts it serves (subdomains too)
};

class SiteCatalog {
 public:
  virtual ~SiteCatalog() = default;
  // "generic" and every site key, in the order help and error messages list them.
  virtual std::vector<std::string> ExtractorNames() const = 0;
  // The site's defaults; nullopt for "generic" and for names that are no site.
  virtual std::optional<SiteDefaults> Defaults(std::string_view key) const = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_SITE_CATALOG_H_
