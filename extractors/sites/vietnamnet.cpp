// vietnamnet.vn. Evidence: fixtures/vietnamnet/phuc-hoi-dieu-tra-...-2537078.html (abridged):
// div.bread-crumb-detail (crumbs and "Chủ Nhật, 19/07/2026 - 14:30"), div.content-detail with
// h1.content-detail-title, the author box div.article-detail-author (.name a "Đàm Đệ"),
// h2.content-detail-sapo, div.maincontent#maincontent (p paragraphs, figure.vnn-content-image with
// figcaption, the in-body related box div.ck-cms-insert-neww-group of article.ck-cms-insert-news),
// then div.related-news and the "Xem thêm về:" tag list div.tag-cotnent.
// The page shows a rewritten headline and lead (equal to og:title / og:description) that differ
// from <title>, JSON-LD headline and meta description: the record takes what the page shows.
#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/html/selector.h"

namespace newscrawl {
namespace {

struct VietNamNetSelectors {
  Selector title = Selector::MustParse("h1.content-detail-title");
  Selector lead = Selector::MustParse("h2.content-detail-sapo");
  Selector body = Selector::MustParse("div.maincontent#maincontent, #maincontent");
  // In-body related-story boxes (the editor's "insert news" template, "Tin liên quan" boxes),
  // ad zones, the poll and video-player shells.
  Selector drop = Selector::MustParse(
      ".ck-cms-insert-neww-group, .ck-cms-insert-news, article[data-vnnembedtype=article], .related-news, "
      ".vmcadszone, .banner-advertisement, [id^=adzone], .vnn-template-noneditable, .box-taitro, "
      ".vnn-share-social");
  Selector author = Selector::MustParse(".article-detail-author__info .name");
  Selector printed_time = Selector::MustParse(".bread-crumb-detail__time, .publish-date");
  // The crumbs themselves, not the section drop-down nested in the first one.
  Selector section = Selector::MustParse(".bread-crumb-detail > ul > li > a[title]");
  Selector tags = Selector::MustParse(".tag-cotnent li h3 a, .tag-content li h3 a");
  // Never read: the header and menus, the right column, the comment box, "Tin cùng chuyên mục".
  std::vector<ElementPattern> pruned = ElementPattern::MustParseAll(
      {"header.header", "div.wrapNav", "div.mainHamburger", "div.nav-controls", "div.container__right",
       "div.commentComponent", "div.footer"});
};

const VietNamNetSelectors& S() {
  static const VietNamNetSelectors* s = new VietNamNetSelectors();
  return *s;
}

constexpr std::string_view kName = "vietnamnet";

// vietnamnet.vn: `content-detail-*` template with an author box; the printed headline and lead
// (= og:title / og:description) differ from <title> and JSON-LD.
class VietNamNetExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

Article VietNamNetExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const VietNamNetSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    // The printed headline, then og:title (the same text), never the JSON-LD headline.
    if (auto og = meta.Meta("og:title")) a.title = og;
    extract::SetFromFirst(a.title, s.title, root);
  });
  extract::GuardField(kName, "lead", [&] {
    if (auto og = meta.Meta("og:description")) a.lead = og;
    extract::SetFromFirst(a.lead, s.lead, root);
  });
  extract::GuardField(kName, "byline", [&] {
    // The author box; co-authors each have one (author-single / several boxes).
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
    a.images = std::move(b.images);
  });
  extract::GuardField(kName, "published_at", [&] {
    // JSON-LD writes "2026-07-19T14:30:00.000 +07:00"; the printed line is the fallback.
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
    // "Xem thêm về:" lists the story's tags; meta keywords is a different, SEO list.
    std::vector<std::string> tags;
    for (HtmlNode t : s.tags.SelectAll(root)) extract::AddTags(t.Text(), tags);
    if (!tags.empty()) a.tags = std::move(tags);
  });
  return a;
}

}  // namespace

NEWSCRAWL_SITE(vietnamnet) {
  SiteEntry site;
  site.display_name = "VietNamNet";
  site.domains = {"vietnamnet.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const VietNamNetExtractor>();
  // Articles end in a 7-digit id; tag pages (-tag<digits>.html), events (-sk<id>.html) and authors
  // (/tac-gia/...) do not match.
  site.links.article_url = "^https://vietnamnet\\.vn/[a-z0-9-]+-\\d{6,}\\.html$";
  site.links.article_links = "h3 a[href], h2 a[href], .related-news a[href], .vnn-title a[href]";
  site.links.follow_url = "^https://vietnamnet\\.vn/[a-z0-9-]+(/[a-z0-9-]+)?(-page\\d+)?$";
  return site;
}

}  // namespace newscrawl
