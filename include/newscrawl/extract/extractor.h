// Extractor: turns one parsed article page into an Article record. Implementations are stateless
// and immutable after construction, so one instance serves every thread. Each field is found
// independently: a field that cannot be found is null and never drops the others.
#ifndef NEWSCRAWL_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/article.h"
#include "newscrawl/html/element_pattern.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/extract/page_metadata.h"

namespace newscrawl {

// What the caller knows about the page besides its HTML.
struct ExtractContext {
  std::string url;   // the URL the page was fetched from (may be empty for a local file)
  std::string site;  // site key the page belongs to (may be empty)
  // Offset for local times the page prints without one: the site's (SiteEntry::default_offset,
  // "+07:00"); empty = leave such times out.
  std::string default_offset;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  // The implementation's name as stored in Article::extractor ("cms-family", "generic", ...).
  virtual std::string_view Name() const = 0;
  virtual Article Extract(const HtmlDocument& doc, const PageMetadata& meta,
                          const ExtractContext& ctx) const = 0;
  // Regions of the site's pages this extractor never reads (sidebars, related-article lists,
  // menus): the registry has the pre-pass empty them, so Gumbo parses a fraction of the page. A
  // page whose body is not found this way is parsed again whole (ExtractorRegistry::Extract), so
  // a list that is wrong for some page costs time, not data. Default: none.
  virtual const std::vector<ElementPattern>& PrunedRegions() const {
    static const std::vector<ElementPattern> kNone;
    return kNone;
  }
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_H_
