// dantri.com.vn (2026 template). Evidence: fixtures/dantri/mien-bac-giam-mua-...-20260720215519144.html
// (abridged): the breadcrumb list with a[data-content-name=article-breadcrumb], <time
// datetime="2026-07-21 00:00"> (local time, no offset), article[data-slot=container] with
// h1[data-slot=title], the author line a[rel=author] "Bạch An", h2[data-slot=sapo] "(Dân trí) - …",
// div[data-slot=content] (p paragraphs, <p><strong> subheadings, figure > img[data-original] with
// figcaption "… (Ảnh: Thành Đông).", ad slots [data-slot=ads-in-content]), then the "Tags:" list of
// a[data-content-name=article-tags]. Older markup (h1.title-page, h2.singular-sapo,
// div.singular-content) is read as a fallback.
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

struct DanTriSelectors {
  Selector title = Selector::MustParse("h1[data-slot=title], h1.title-page");
  Selector lead = Selector::MustParse("h2[data-slot=sapo], h2.singular-sapo");
  Selector body = Selector::MustParse("div[data-slot=content], div.singular-content");
  // Ad slots, script modules (related stories, polls, audio) and "Tin liên quan" boxes.
  Selector drop = Selector::MustParse(
      "[data-slot=ads-in-content], [id^=desktop-in-article], [id^=mobile-in-article], [data-module], .mdbl, "
      ".article-related, .singular-related, .dt-news__related");
  Selector author = Selector::MustParse("article a[rel=author], .author-name a, .author-name");
  Selector img = Selector::MustParse("img");
  Selector time = Selector::MustParse("time[datetime]");
  Selector section = Selector::MustParse("a[data-content-name=article-breadcrumb], ul.dt-breadcrumb a");
  Selector tags = Selector::MustParse("a[data-content-name=article-tags], .tags-wrap a");
  // Never read: the header, the section menu (with the full-menu panel), the footer.
  std::vector<ElementPattern> pruned = ElementPattern::MustParseAll({"header.header", "nav.menu", "footer.footer"});
};

const DanTriSelectors& S() {
  static const DanTriSelectors* s = new DanTriSelectors();
  return *s;
}

constexpr std::string_view kName = "dantri";

// dantri.com.vn: `data-slot` template (title, sapo, content), <time datetime> in local time
// without an offset.
class DanTriExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

// Long because it reads the page top down, one guarded field after another, as the page
// prints them; split, the order of the fields would be lost.
Article DanTriExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const DanTriSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    extract::SetFromFirst(a.lead, s.lead, root);  // verbatim, "(Dân trí) -" tag included
  });
  extract::GuardField(kName, "byline", [&] {
    // The avatar link and the name link both carry rel=author; only the second has text.
    std::vector<std::string> names;
    for (HtmlNode n : s.author.SelectAll(root)) {
      if (auto v = extract::CleanField(n.Text())) names.push_back(*v);
    }
    if (!names.empty()) a.byline = extract::JoinNames(names);
  });
  extract::GuardField(kName, "body", [&] {
    const HtmlNode body = s.body.SelectFirst(root);
    if (!body) return;
    extract::Body b = extract::ExtractBody(body, {.drop = &s.drop, .skip = {}, .base_url = base});
    a.body = extract::JoinParagraphs(b.paragraphs);
    // data-src is the 1020 px thumbnail; data-original names the full-size photo.
    for (HtmlNode img : s.img.SelectAll(body)) {
      std::optional<std::string> shown = extract::ImageSource(img, base);
      const std::string large = extract::ResolveLink(base, img.AttrOr("data-original"));
      if (!shown || large.empty()) continue;
      for (Image& image : b.images) {
        if (image.url == *shown) image.url = large;
      }
    }
    a.images = std::move(b.images);
  });
  extract::GuardField(kName, "published_at", [&] {
    // The printed <time datetime="2026-07-21 00:00"> is local time without an offset: Vietnam's.
    // Midnight is a real time of day here (the paper publishes at 00:00), not a bare date.
    if (HtmlNode t = s.time.SelectFirst(root)) {
      if (auto v = NormalizeDateTime(t.AttrOr("datetime"), {.default_offset = ctx.default_offset}); v &&
          std::string_view(t.AttrOr("datetime")).find(':') != std::string_view::npos) {
        a.published_at = v;
      }
    }
    if (!a.published_at) a.published_at = extract::JsonLdDateTime(meta, "datePublished", ctx.default_offset);
  });
  extract::GuardField(kName, "updated_at", [&] {
    if (auto v = extract::JsonLdDateTime(meta, "dateModified", ctx.default_offset)) a.updated_at = v;
  });
  extract::GuardField(kName, "section", [&] {
    std::vector<HtmlNode> crumbs = s.section.SelectAll(root);
    if (!crumbs.empty()) {
      if (auto v = extract::CleanField(crumbs.back().Text())) a.section = v;
    }
  });
  extract::GuardField(kName, "tags", [&] {
    // The printed "Tags:" list; JSON-LD keywords add the section and "Tin nóng".
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(dantri) {
  SiteEntry site;
  site.display_name = "Dân trí";
  site.domains = {"dantri.com.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const DanTriExtractor>();
  // /<section>/<slug>-<id>.htm with a 17-digit time-stamp id (10 digits on old stories); sections
  // (/the-thao.htm) and events (/event/<slug>-<4 digits>.htm) do not match.
  site.links.article_url = "^https://dantri\\.com\\.vn(/[a-z0-9-]+)+-\\d{10,}\\.htm$";
  site.links.follow_url = "^https://dantri\\.com\\.vn/[a-z-]+(/[a-z-]+)?(/trang-\\d+)?\\.htm$";
  return site;
}

}  // namespace newscrawl
