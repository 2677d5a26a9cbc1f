// CmsFamilyExtractor: the newspaper CMS shared by Báo Gia Lai, Báo Lào Cai, Nhân Dân, PLO, Tiền
// Phong, Báo Hà Tĩnh, VietnamPlus, SGGP and others (`article__*` / `cms-*` classes, `sdaWeb_` /
// `adsWeb_` ad slots). The markup is the same across the family, so one stateless extractor serves
// them all; sites differ only in their registry entry (extractors/sites.cpp). See
// ../../docs/extractors.md and shared SITE-STRUCTURE.md for the evidence behind each selector.
#ifndef NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_

#include "newscrawl/extractor.h"

namespace newscrawl {

class CmsFamilyExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "cms-family"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_
