// vtcnews.vn. Evidence: fixtures/vtcnews/mo-rong-duong-...-ar994669.html (section.nd-detail: h1,
// a.mt-category, span.time-update, "(VTC News) - " + h2 sapo, div.edittor-content[itemprop=articleBody]
// with figure + p.ctmb photo blocks, div.author-make, "Đọc thêm" box, ul.keylink tags).
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/selector.h"
#include "newscrawl/text.h"

namespace newscrawl {
namespace {

struct VtcSelectors {
  Selector title = Selector::MustParse(".nd-detail h1, h1");
  // The sapo is split in two: the "(VTC News) - " tag in a span, the sentence in an h2.
  Selector lead_parts = Selector::MustParse(".nd-detail .content-wrapper > .inline-nb");
  Selector body = Selector::MustParse(".edittor-content[itemprop=articleBody], .edittor-content");
  // Ad slots ("Được tài trợ"), the in-body "Đọc thêm" box, reactions, quizzes, share bar, the
  // text-to-speech slot, and the byline (read separately).
  Selector drop = Selector::MustParse(
      ".baner-mb, .baner-pc, .ads-item, .sys-ads, .sponsored-banner, ins, .relate-listnews, .div-interaction, "
      ".result-quizz, .share-social, #load_texttospeech, .author-make");
  Selector byline = Selector::MustParse(".author-make");
  Selector printed_time = Selector::MustParse(".nd-detail .time-update");
  Selector section = Selector::MustParse(".nd-detail a.mt-category");
  Selector tags = Selector::MustParse("ul.keylink a");
  // Never read: the desktop and mobile menus, the related list under the body, the footer.
  std::vector<ElementPattern> pruned =
      ElementPattern::MustParseAll({"div.menu-pc", "div.menu-mobile", "div.relate-listnews", "footer#footer"});
};

const VtcSelectors& S() {
  static const VtcSelectors* s = new VtcSelectors();
  return *s;
}

constexpr std::string_view kName = "vtcnews";

// vtcnews.vn ("VTCNews CMS"): `nd-detail` section, `edittor-content` body, lazy `data-src` images.
class VtcNewsExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

Article VtcNewsExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const VtcSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    std::string lead;
    for (HtmlNode part : s.lead_parts.SelectAll(root)) lead += part.Text() + " ";
    if (auto v = extract::CleanField(lead)) a.lead = v;  // verbatim, "(VTC News) -" tag included
  });
  extract::GuardField(kName, "byline", [&] {
    // Printed as the paper shortens it ("Lương Ý"); JSON-LD has the full name.
    if (HtmlNode b = s.byline.SelectFirst(root)) {
      if (auto v = extract::CleanField(extract::StripCreditLabel(b.Text()))) a.byline = v;
    }
  });
  extract::GuardField(kName, "body", [&] {
    const HtmlNode body = s.body.SelectFirst(root);
    if (!body) return;
    extract::Body b = extract::ExtractBody(body, {.drop = &s.drop, .skip = {}, .base_url = base});
    a.body = extract::JoinParagraphs(b.paragraphs);
    a.images = std::move(b.images);
  });
  extract::GuardField(kName, "published_at", [&] {
    // The head's pubdate has no offset; JSON-LD and the printed line have it.
    if (auto v = extract::JsonLdDateTime(meta, "datePublished", ctx.default_offset)) a.published_at = v;
    if (!a.published_at) {
      if (HtmlNode t = s.printed_time.SelectFirst(root)) a.published_at = extract::PrintedDateTime(t.Text(), ctx.default_offset);
    }
  });
  extract::GuardField(kName, "updated_at", [&] {
    if (auto v = extract::JsonLdDateTime(meta, "dateModified", ctx.default_offset)) a.updated_at = v;
  });
  extract::GuardField(kName, "section", [&] {
    extract::SetFromFirst(a.section, s.section, root);
  });
  extract::GuardField(kName, "tags", [&] {
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(vtcnews) {
  SiteEntry site;
  site.display_name = "VTC News";
  site.domains = {"vtcnews.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const VtcNewsExtractor>();
  site.links.article_url = "^https://vtcnews\\.vn/[a-z0-9-]+-ar\\d+\\.html$";
  site.links.article_links = "section a[href], article a[href]";
  site.links.next_page = "link[rel=next][href], a.btn-show-news[href]";
  site.links.follow_url = "^https://vtcnews\\.vn/([a-z0-9-]+-\\d+|tin-moi-hom-nay)(/trang-\\d+)?\\.html$";
  return site;
}

}  // namespace newscrawl
