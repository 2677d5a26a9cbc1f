#include "generic_extractor.h"

#include "../common/extract_helpers.h"

namespace newscrawl {

// For now the metadata-only record (issue 2); content analysis of the body comes with issue 5.
Article GenericExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta,
                                  const ExtractContext& ctx) const {
  const std::string base = !ctx.url.empty() ? ctx.url : extract::ResolveLink("", meta.canonical());
  return FillFromMetadata(meta, {.base_url = base, .default_offset = ""});
}

}  // namespace newscrawl
