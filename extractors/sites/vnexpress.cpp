// vnexpress.net. Evidence: fixtures/vnexpress/dau-bung-keo-dai-...-4954454.html (full page) and
// chay-bai-rac-...-5099243.html (abridged, with a video): ul.breadcrumb, span.date "Thứ tư,
// 22/10/2025, 19:25 (GMT+7)", h1.title-detail, p.description (the lead; on the newer template both
// sit inside the body container), article.fck_detail with p.Normal paragraphs, figure.tplCaption
// photos (meta[itemprop=url] names the full-size rendition, w=0), figure.item_slide_show video
// embeds, the signature as the last right-aligned p.Normal (<strong>Lê Phương</strong>), then the
// "Xem thêm" component (div[data-component-type=tin_xemthem], filled by script).
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/html/selector.h"

namespace newscrawl {
namespace {

struct VnExpressSelectors {
  Selector title = Selector::MustParse("h1.title-detail");
  Selector lead = Selector::MustParse("p.description");
  Selector body = Selector::MustParse("article.fck_detail");
  // Inside the body: the title and lead (the newer template puts them there), script components
  // ("Xem thêm", polls, the "Gửi góp ý" box), ads, and the end marker.
  Selector drop = Selector::MustParse(
      "h1.title-detail, p.description, [data-component], .box_brief_info_ads, .banner-ads, [id^=sis_], "
      "#article-end, .box-tinlienquanv2, .width_common.box_category, .list-news");
  // The signature: a right-aligned paragraph, or the older p.author_mail.
  Selector signature = Selector::MustParse("p.author_mail, p[style*=right], p[align=right]");
  Selector figure = Selector::MustParse("figure");
  // A figure holding a video player: its poster is not an article photo, its caption not text.
  Selector video = Selector::MustParse("video, .box_embed_video_parent, .embed_video_new, [id^=video_parent]");
  Selector img = Selector::MustParse("img");
  Selector full_size = Selector::MustParse("meta[itemprop=url]");
  Selector printed_time = Selector::MustParse(".header-content span.date, span.date");
  Selector section = Selector::MustParse("ul.breadcrumb li a");
  // Never read: the top header, the section menu, the right column, the comment/related/most-read
  // blocks under the article and the footer.
  std::vector<ElementPattern> pruned = ElementPattern::MustParseAll(
      {"header.top-header", "section.wrap-main-nav", "div.sidebar-2", "section.bottom-detail", "footer.footer"});
};

const VnExpressSelectors& S() {
  static const VnExpressSelectors* s = new VnExpressSelectors();
  return *s;
}

constexpr std::string_view kName = "vnexpress";

// The signature line: the body's trailing byline block (short, no sentence punctuation), when it
// is right-aligned or the older p.author_mail.
HtmlNode Signature(HtmlNode body, const VnExpressSelectors& s) {
  HtmlNode b = extract::FindTrailingByline(body, &s.drop);
  return b && b.Tag() == "p" && s.signature.Matches(b) ? b : HtmlNode();
}

// vnexpress.net: `title-detail` / `description` / `fck_detail` template, the reporter's signature as
// the body's last right-aligned paragraph, full-size photos named by the figure's meta[itemprop=url].
class VnExpressExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

// Long because it reads the page top down, one guarded field after another, as the page
// prints them; split, the order of the fields would be lost.
Article VnExpressExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const VnExpressSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});
  const HtmlNode body = s.body.SelectFirst(root);

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    extract::SetFromFirst(a.lead, s.lead, root);
  });
  std::vector<HtmlNode> skip;
  extract::GuardField(kName, "byline", [&] {
    // The head names only the paper ("VnExpress"); the reporter signs the last line of the body.
    a.byline = std::nullopt;
    if (!body) return;
    if (HtmlNode sig = Signature(body, s)) {
      a.byline = extract::CleanField(extract::StripCreditLabel(sig.Text()));
      skip.push_back(sig);
    }
  });
  extract::GuardField(kName, "body", [&] {
    if (!body) return;
    // Full-size renditions by the URL the flattener picks (the img's data-src, 680 or 1020 px wide).
    std::vector<std::pair<std::string, std::string>> full_size;
    for (HtmlNode fig : s.figure.SelectAll(body)) {
      if (s.video.SelectFirst(fig)) {
        skip.push_back(fig);
        continue;
      }
      HtmlNode img = s.img.SelectFirst(fig);
      HtmlNode big = s.full_size.SelectFirst(fig);
      if (!img || !big) continue;
      std::optional<std::string> shown = extract::ImageSource(img, base);
      std::string large = extract::ResolveLink(base, big.AttrOr("content"));
      if (shown && !large.empty()) full_size.emplace_back(*shown, std::move(large));
    }
    extract::Body b = extract::ExtractBody(body, {.drop = &s.drop, .skip = skip, .base_url = base});
    a.body = extract::JoinParagraphs(b.paragraphs);
    for (Image& image : b.images) {
      for (const auto& [shown, large] : full_size) {
        if (image.url == shown) image.url = large;
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
    // "Sức khỏe › Tin tức": the most specific crumb, as for the other papers.
    std::vector<HtmlNode> crumbs = s.section.SelectAll(root);
    if (!crumbs.empty()) {
      if (auto v = extract::CleanField(crumbs.back().Text())) a.section = v;
    }
  });
  extract::GuardField(kName, "tags", [&] {
    // The tag line under the article is filled by script from the article's keywords (meta
    // keywords = its_tag); article:tag holds only the topic the story is filed under.
    std::vector<std::string> tags;
    if (auto k = meta.Meta("keywords")) extract::AddTags(*k, tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(vnexpress) {
  SiteEntry site;
  site.display_name = "VnExpress";
  site.domains = {"vnexpress.net"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const VnExpressExtractor>();
  site.links.article_url = "^https://vnexpress\\.net/[a-z0-9-]+-\\d{6,}\\.html$";
  // Story cards are article.item-news (title, thumbnail and comment-count links to the story).
  site.links.article_links = "article a[href]";
  site.links.next_page = "link[rel=next][href], a.next-page[href]";
  // Sections, sub-sections and their pages: /thoi-su, /thoi-su/giao-thong, /thoi-su-p2.
  site.links.follow_url = "^https://vnexpress\\.net/[a-z0-9-]+(/[a-z0-9-]+)?(-p\\d+)?$";
  return site;
}

}  // namespace newscrawl
