// Per-site extractors for papers that run their own CMS (one class per paper): Znews, VTC News and
// Báo Cần Thơ. Each is stateless and immutable, so one instance serves every thread; each starts
// from the page's metadata (FillFromMetadata) and overrides it with what the article markup prints.
// Shared pieces (printed dates, JSON-LD dates, credit labels, lazy images, captions, the body
// flattener) live in ../common/extract_helpers.h. Registered by domain in ../sites.cpp.
#ifndef NEWSCRAWL_EXTRACTORS_SITES_SITE_EXTRACTORS_H_
#define NEWSCRAWL_EXTRACTORS_SITES_SITE_EXTRACTORS_H_

#include "newscrawl/extractor.h"

namespace newscrawl {

// znews.vn (Tri Thức – Znews): `the-article-*` classes, legacy `table.picture` photos.
class ZnewsExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "znews"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// vtcnews.vn ("VTCNews CMS"): `nd-detail` section, `edittor-content` body, lazy `data-src` images.
class VtcNewsExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "vtcnews"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// baocantho.com.vn: an FCKeditor body (`#newscontents .content-fck`) whose first paragraph is the
// "(CTO) -" lead, captions as a centred italic paragraph under the photo, byline as the last
// right-aligned paragraph.
class BaoCanThoExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "baocantho"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// vnexpress.net: `title-detail` / `description` / `fck_detail` template, the reporter's signature as
// the body's last right-aligned paragraph, full-size photos named by the figure's meta[itemprop=url].
class VnExpressExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "vnexpress"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// vietnamnet.vn: `content-detail-*` template with an author box; the printed headline and lead
// (= og:title / og:description) differ from <title> and JSON-LD.
class VietNamNetExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "vietnamnet"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// dantri.com.vn: `data-slot` template (title, sapo, content), <time datetime> in local time
// without an offset.
class DanTriExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "dantri"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

// thanhnien.vn: `detail-*` template, photo credit in its own block after the figcaption.
class ThanhNienExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return "thanhnien"; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_SITES_SITE_EXTRACTORS_H_
