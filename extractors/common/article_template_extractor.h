// ArticleTemplateExtractor: one extractor for the papers whose article page is the plain news
// template (headline, sapo, body, printed credit, printed time, breadcrumb, tag list) with nothing
// else of its own, as Znews and VTC News print it. A site gives its selectors as an
// ArticleTemplate (data, in its extractors/sites/<key>.cpp); the reading rules are shared: head
// metadata first (FillFromMetadata), then the printed markup, one GuardField per field.
// Compiles the template once at construction; immutable afterwards, so one instance serves every
// thread.
#ifndef NEWSCRAWL_EXTRACTORS_COMMON_ARTICLE_TEMPLATE_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTORS_COMMON_ARTICLE_TEMPLATE_EXTRACTOR_H_

#include <string>
#include <vector>

#include "newscrawl/html/element_pattern.h"
#include "newscrawl/extract/extractor.h"
#include "newscrawl/html/selector.h"

namespace newscrawl {

// A site's article template: CSS selectors (compiled by the extractor; a bad one aborts at
// start-up, which the fixture tests catch) and the regions it never reads.
struct ArticleTemplate {
  // Which matches of a selector make a field: the first, the last (the most specific crumb of a
  // breadcrumb), or all of them joined with spaces (a sapo printed in parts).
  enum class Pick { kFirst, kLast, kAll };

  std::string name;  // Extractor::Name(), stored in Article::extractor
  std::string title;
  std::string lead;
  Pick lead_pick = Pick::kFirst;
  std::string body;
  std::string drop;  // inside the body: ad slots, related boxes, players, the byline and tags
  std::string byline;  // the printed credit; "Tin, ảnh:" style labels are stripped
  std::string printed_time;  // the printed date line, when the head has no datePublished
  std::string section;
  Pick section_pick = Pick::kFirst;
  std::string tags;
  std::vector<std::string> pruned;  // ElementPatterns (Extractor::PrunedRegions)
};

class ArticleTemplateExtractor final : public Extractor {
 public:
  explicit ArticleTemplateExtractor(const ArticleTemplate& page);

  std::string_view Name() const override { return name_; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return pruned_; }

 private:
  std::string name_;
  Selector title_, lead_, body_, drop_, byline_, printed_time_, section_, tags_;
  ArticleTemplate::Pick lead_pick_, section_pick_;
  std::vector<ElementPattern> pruned_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTORS_COMMON_ARTICLE_TEMPLATE_EXTRACTOR_H_
