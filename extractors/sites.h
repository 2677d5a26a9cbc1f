// The table of built-in sites, read once by ExtractorRegistry::Builtin().
#ifndef NEWSCRAWL_EXTRACTORS_SITES_H_
#define NEWSCRAWL_EXTRACTORS_SITES_H_

#include <vector>

#include "newscrawl/extractor_registry.h"

namespace newscrawl {

std::vector<SiteEntry> BuiltinSites();

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_SITES_H_
