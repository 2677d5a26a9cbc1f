// znews.vn. Evidence: fixtures/znews/gia-vang-the-gioi-cao-nhat-moi-thoi-dai-post1613516.html
// (header.the-article-header, p.the-article-summary, div.the-article-body, div.the-article-credit,
// p.the-article-tags; related stories as table.article inside the body).
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/selector.h"

namespace newscrawl {
namespace {

struct ZnewsSelectors {
  Selector title = Selector::MustParse("h1.the-article-title");
  Selector lead = Selector::MustParse("p.the-article-summary");
  Selector body = Selector::MustParse("div.the-article-body");
  // In-body related stories (table.article > .inner-article), the paper's standing promotion box
  // centred at the end (div.notebox.ncenter, "Tri Thức - Znews giới thiệu ..."), banners, players.
  Selector drop = Selector::MustParse(
      "table.article, .inner-article, .notebox.ncenter, .znews-banner, [id^=ZingNews_], .z-widget-video, "
      ".video-player, .the-article-credit, .the-article-tags");
  Selector byline = Selector::MustParse(".the-article-credit .author, .the-article-credit");
  Selector printed_time = Selector::MustParse(".the-article-meta .the-article-publish");
  Selector section = Selector::MustParse(".the-article-category a");
  Selector tags = Selector::MustParse(".the-article-tags strong, .the-article-tags a, .the-article-tags span");
  // Never read: the header with its category menus, the most-viewed sidebar, the footer.
  std::vector<ElementPattern> pruned =
      ElementPattern::MustParseAll({"header#zing-header", "section.sidebar", "footer#footer", "div.cookie-consent"});
};

const ZnewsSelectors& S() {
  static const ZnewsSelectors* s = new ZnewsSelectors();
  return *s;
}

constexpr std::string_view kName = "znews";

// znews.vn (Tri Thức – Znews): `the-article-*` classes, legacy `table.picture` photos.
class ZnewsExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

Article ZnewsExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const ZnewsSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    extract::SetFromFirst(a.lead, s.lead, root);
  });
  extract::GuardField(kName, "byline", [&] {
    // The printed credit, not JSON-LD's author (which has a trailing space and may differ).
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
    // article:published_time / JSON-LD carry seconds and the offset; the printed line is the
    // fallback when the head is missing.
    if (auto v = extract::JsonLdDateTime(meta, "datePublished", ctx.default_offset)) a.published_at = v;
    if (!a.published_at) {
      if (HtmlNode t = s.printed_time.SelectFirst(root)) a.published_at = extract::PrintedDateTime(t.Text(), ctx.default_offset);
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
    // The tag line prints the keyword (strong), topic links and plain tags (span), in that order.
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(znews) {
  SiteEntry site;
  site.display_name = "Znews";
  site.domains = {"znews.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const ZnewsExtractor>();
  site.links.article_url = "^https://znews\\.vn/[a-z0-9-]+-post\\d+\\.html$";
  // Story cards (article.article-item, also in the home page's album strip); the mega menu and
  // footer hold only section links.
  site.links.article_links = "article a[href], .album-list a[href]";
  site.links.next_page = "link[rel=next][href], .btnMore a[href*=trang]";
  site.links.follow_url = "^https://znews\\.vn/[a-z0-9-]+(/trang\\d+)?\\.html$";
  return site;
}

}  // namespace newscrawl
