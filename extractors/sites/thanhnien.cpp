// thanhnien.vn. Evidence: fixtures/thanhnien/lu-quet-o-lai-chau-...-185260717213044074.html
// (abridged): article.detail__cmain with div.detail-cate (section), h1.detail-title >
// span[data-role=title], div.detail-author (.name "Đình Huy" next to the reporter's e-mail),
// time[data-role=publishdate], div.detail-sapo, div.detail-content[data-role=content] written with
// numeric character references (p paragraphs; figure[type=Photo] with figcaption.PhotoCMS_Caption
// and the photo credit in its own div.PhotoCMS_Author; video blocks div[type=VideoStream] with a
// VideoCMS_Caption; script widgets), then div.detail__related ("Tin liên quan") and the tag list
// div.detail-tab[data-role=tags].
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

struct ThanhNienSelectors {
  // The headline span only: live pages put a "Trực tiếp" label before it inside the h1.
  Selector title = Selector::MustParse("h1.detail-title [data-role=title]");
  Selector title_fallback = Selector::MustParse("h1.detail-title");
  Selector lead = Selector::MustParse("[data-role=sapo], .detail-sapo");
  Selector body = Selector::MustParse("[data-role=content].detail-content, .detail-content.afcbc-body");
  // Video blocks (player shell and caption), in-body related boxes, widgets and position markers.
  Selector drop = Selector::MustParse(
      "[type=VideoStream], [type=RelatedNewsBox], [type=RelatedOneNews], [type=SimpleQuote].related, "
      ".VideoCMS_Caption, .PhotoCMS_Author, [data-type=_mgwidget], [data-check-position], zone, .detail__related, "
      ".box-related, .kbwscwl-relatedbox");
  Selector author = Selector::MustParse(".detail-author .author-info .name, .detail-author a.name");
  Selector figure = Selector::MustParse("figure");
  Selector img = Selector::MustParse("img");
  Selector credit = Selector::MustParse(".PhotoCMS_Author");
  Selector printed_time = Selector::MustParse("time[data-role=publishdate], .detail-time");
  Selector section = Selector::MustParse(".detail-cate a, [data-role=cate-name]");
  Selector tags = Selector::MustParse("[data-role=tags] a.item, .detail-tab a");
  // Never read: the header menus, the share toolbars and their "Google" pop-up, the comment box,
  // the related box under the body and the right column.
  std::vector<ElementPattern> pruned = ElementPattern::MustParseAll(
      {"div.header__middle", "div.detail__scroll-action", "div.tn-ggr2-popup-overlay", "div.detail__comment",
       "div.detail__related", "div.detail__cmain-sub", "div.footer"});
};

const ThanhNienSelectors& S() {
  static const ThanhNienSelectors* s = new ThanhNienSelectors();
  return *s;
}

constexpr std::string_view kName = "thanhnien";

// "caption" + "ẢNH: credit" as the reader sees them one under the other, in one line.
std::string WithCredit(std::string caption, const std::string& credit) {
  if (caption.empty()) return credit;
  const char last = caption.back();
  caption += (last == '.' || last == '!' || last == '?' || last == ')') ? " " : ". ";
  return caption + credit;
}

// thanhnien.vn: `detail-*` template, photo credit in its own block after the figcaption.
class ThanhNienExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

// Long because it reads the page top down, one guarded field after another, as the page
// prints them; split, the order of the fields would be lost.
Article ThanhNienExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const ThanhNienSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title.SelectFirst(root) ? s.title : s.title_fallback, root);
  });
  extract::GuardField(kName, "lead", [&] {
    extract::SetFromFirst(a.lead, s.lead, root);
  });
  extract::GuardField(kName, "byline", [&] {
    // The name only: the box also prints the reporter's e-mail ("-  quanghuy95.pr@gmail.com").
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
    // The credit block follows the figcaption inside the figure; the caption the flattener took
    // stops before it.
    for (HtmlNode fig : s.figure.SelectAll(body)) {
      HtmlNode credit = s.credit.SelectFirst(fig);
      std::optional<std::string> text = credit ? extract::CleanField(credit.Text()) : std::nullopt;
      if (!text) continue;
      for (HtmlNode img : s.img.SelectAll(fig)) {
        std::optional<std::string> src = extract::ImageSource(img, base);
        for (Image& image : b.images) {
          if (src && image.url == *src) image.caption = WithCredit(image.caption.value_or(""), *text);
        }
      }
    }
    a.images = std::move(b.images);
  });
  extract::GuardField(kName, "published_at", [&] {
    if (auto v = extract::JsonLdDateTime(meta, "datePublished", ctx.default_offset)) a.published_at = v;
    if (!a.published_at) {
      if (HtmlNode t = s.printed_time.SelectFirst(root)) {
        a.published_at = extract::PrintedDateTime(t.Text(), ctx.default_offset);
      }
    }
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
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(thanhnien) {
  SiteEntry site;
  site.display_name = "Thanh Niên";
  site.domains = {"thanhnien.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const ThanhNienExtractor>();
  // Current stories end in an 18-digit id and .htm; the 2022 feed still links -post<id>.html.
  site.links.article_url = "^https://thanhnien\\.vn/[a-z0-9-]+-(\\d{15,}\\.htm|post\\d+\\.html)$";
  site.links.article_links = "a.box-category-link-title[href], a.box-category-link-with-avatar[href], article a[href]";
  site.links.follow_url = "^https://thanhnien\\.vn/[a-z-]+(/[a-z-]+)?(/trang-\\d+)?\\.htm$";
  return site;
}

}  // namespace newscrawl
