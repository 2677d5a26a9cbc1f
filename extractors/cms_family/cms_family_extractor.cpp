#include "cms_family_extractor.h"

#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

// Every selector of the family in one place, compiled once.
struct CmsSelectors {
  Selector title = Selector::MustParse("h1.article__title, h1.cms-title, h1.article__header, .article h1");
  Selector lead = Selector::MustParse(".article__sapo, .cms-desc");
  Selector body = Selector::MustParse(".article__body, .cms-body, [itemprop=articleBody]");
  // Inside the body: ad slots, players, in-body related boxes, author blocks, share bars.
  Selector drop = Selector::MustParse(
      "[id^=sdaWeb_], [id^=adsWeb_], .rennab, .banner, .sda_middle, .ads_middle, .adsitem, "
      ".article-relate, .related-news, .box-related, .hidden-player, .tts-player, .article__author, "
      ".cms-author, .article__tags, .article__tag, .wrap-comment, .article__comment, .article__meta, "
      ".social, .fb-like, figure.video, .video, .zce-video, .cms-video, table.video, "
      // Third-party video players injected into the body (truvid on plo).
      "[class^=trv-], [id^=br_video_player]");
  Selector byline_in_body = Selector::MustParse(".article__author .name, .article__author, .cms-author");
  Selector byline_outside = Selector::MustParse(
      ".article__author .name, .article__author, .cms-author, .article__meta .author, .author-info .name");
  Selector published = Selector::MustParse(
      ".article__meta time[datetime], .article time.time[datetime], meta.cms-date[itemprop=datePublished], "
      "time[datetime]");
  Selector section = Selector::MustParse(".breadcrumbs h2.main a, .breadcrumbs a.active, .breadcrumb a.active");
  Selector tags = Selector::MustParse(".article__tags .box-content a, .article__tag .box-content a, .article__tags a, .article__tag a");
  Selector lead_image = Selector::MustParse(".article__avatar, .article__image, table.article__avatar");
  // Never read, on every article page of the family's template: the site menu, the two sidebar
  // columns, the "suggest" strip and the related-article timeline: 85% of a Báo Gia Lai page.
  std::vector<ElementPattern> pruned =
      ElementPattern::MustParseAll({"header.site-header", "div.sub-col", "div.timeline",
                                    "section.suggest", "footer.site-footer"});
};

const CmsSelectors& S() {
  static const CmsSelectors* s = new CmsSelectors();
  return *s;
}

constexpr std::string_view kName = "cms-family";

}  // namespace

const std::vector<ElementPattern>& CmsFamilyExtractor::PrunedRegions() const { return S().pruned; }

Article CmsFamilyExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta,
                                     const ExtractContext& ctx) const {
  const CmsSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    extract::SetFromFirst(a.lead, s.lead, root);  // verbatim, "(GLO)-" tag included
  });

  const HtmlNode body = s.body.SelectFirst(root);
  HtmlNode byline_node;
  extract::GuardField(kName, "byline", [&] {
    if (body) byline_node = s.byline_in_body.SelectFirst(body);
    if (!byline_node) {
      // An author block after the body (plo) belongs to the article, one elsewhere may not.
      HtmlNode scope = body ? body.Parent() : root;
      byline_node = s.byline_outside.SelectFirst(scope ? scope : root);
    }
    if (!byline_node && body) byline_node = extract::FindTrailingByline(body, &s.drop);
    if (byline_node) {
      if (auto v = extract::CleanField(byline_node.Text())) a.byline = v;
    }
  });

  extract::GuardField(kName, "body", [&] {
    if (!body) return;
    extract::BodyOptions options{.drop = &s.drop, .skip = {}, .base_url = base};
    if (byline_node) options.skip.push_back(byline_node);
    extract::Body b = extract::ExtractBody(body, options);
    a.body = extract::JoinParagraphs(b.paragraphs);
    a.images = std::move(b.images);
    if (a.images.empty()) {
      // Legacy template: the lead photo sits above the body in table.article__avatar.
      if (HtmlNode lead_image = s.lead_image.SelectFirst(root)) {
        a.images = extract::ExtractBody(lead_image.Parent(), {.drop = nullptr, .skip = {}, .base_url = base}).images;
      }
    }
  });

  extract::GuardField(kName, "published_at", [&] {
    for (HtmlNode t : s.published.SelectAll(root)) {
      const std::string_view raw = t.Tag() == "meta" ? t.AttrOr("content") : t.AttrOr("datetime");
      if (auto v = NormalizeDateTime(raw, {.default_offset = ctx.default_offset})) {
        a.published_at = v;
        break;
      }
    }
  });
  extract::GuardField(kName, "section", [&] {
    extract::SetFromFirst(a.section, s.section, root);
    if (!a.section) {
      std::vector<std::string> crumbs = meta.JsonLdBreadcrumb();
      if (!crumbs.empty()) a.section = crumbs.back();
    }
  });
  extract::GuardField(kName, "tags", [&] {
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace newscrawl
