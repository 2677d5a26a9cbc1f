// GenericExtractor: the extractor for any site without its own, and the fallback when a site
// extractor finds no body. Metadata first (JSON-LD, OpenGraph, Dublin Core), then the main content
// block found by content analysis. Stateless; thread-safe.
#ifndef NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_EXTRACTOR_H_

#include "newscrawl/extract/extractor.h"

namespace newscrawl {

class GenericExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "generic"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_GENERIC_GENERIC_EXTRACTOR_H_
