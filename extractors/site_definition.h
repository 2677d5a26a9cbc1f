// How a built-in site says what it is. A paper on a CMS of its own is one file,
// extractors/sites/<key>.cpp: its extractor, then
//
//   NEWSCRAWL_SITE(<key>) {
//     SiteEntry site;  // display name, domains, default offset, language, extractor, link rules
//     ...
//     return site;
//   }
//
// The build lists extractors/sites/*.cpp and generates OwnCmsSites(), which calls each file's
// function by its name (extractors/CMakeLists.txt, own_cms_sites.cpp.in). So a new file is a new
// site with no other edit, and a file whose NEWSCRAWL_SITE does not name it fails to link: a site
// cannot be silently lost the way a static initialiser in a static library can. The key is the
// file name; OwnCmsSites() sets SiteEntry::key from it.
#ifndef NEWSCRAWL_EXTRACTORS_SITE_DEFINITION_H_
#define NEWSCRAWL_EXTRACTORS_SITE_DEFINITION_H_

#include <memory>
#include <vector>

#include "newscrawl/extract/extractor_registry.h"

// Defines the function describing the site `key` (an identifier, the file's name without .cpp).
// Use it in namespace newscrawl.
#define NEWSCRAWL_SITE(key) SiteEntry DescribeSite_##key()

namespace newscrawl {

// Every site of extractors/sites/, in file-name order (generated).
std::vector<SiteEntry> OwnCmsSites();

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_SITE_DEFINITION_H_
