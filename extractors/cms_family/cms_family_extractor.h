// CmsFamilyExtractor: the newspaper CMS shared by Báo Gia Lai, Báo Lào Cai, Nhân Dân, PLO, Tiền
// Phong, Báo Hà Tĩnh, VietnamPlus, SGGP and others (`article__*` / `cms-*` classes, `sdaWeb_` /
// `adsWeb_` ad slots). The markup is the same across the family, so one stateless extractor serves
// them all (one instance, shared by every thread); the papers differ only in their rows of
// CmsFamilySites() (cms_family_sites.cpp). The evidence behind each selector is in the fixtures
// (fixtures/<paper>/) and in ../shared/docs/SITE-STRUCTURE.md (beside the checkout).
#ifndef NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_

#include <vector>

#include "newscrawl/extract/extractor.h"
#include "newscrawl/extract/extractor_registry.h"

namespace newscrawl {

class CmsFamilyExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "cms-family"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// The family's papers, each a SiteEntry sharing one CmsFamilyExtractor.
std::vector<SiteEntry> CmsFamilySites();

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_CMS_FAMILY_EXTRACTOR_H_
