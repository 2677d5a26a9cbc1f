// baocantho.com.vn. Evidence: fixtures/baocantho/tap-trung-trien-khai-...-a196670.html
// (div.titlecate h1 crumbs, span.pubdate "08/01/2026 - 18:21", h1.fw700 title, #newscontents
// div.content-fck body whose first paragraph is the "(CTO) -" lead, a photo paragraph followed by a
// centred <em> caption paragraph, the byline "Tin, ảnh: P.Y" right-aligned last, .block_tag tags).
#include <map>

#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "../site_definition.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

struct CanThoSelectors {
  Selector title = Selector::MustParse("#colcate1 > h1, h1.fw700");
  Selector body = Selector::MustParse("#newscontents .content-fck");
  Selector body_fallback = Selector::MustParse("#newscontents");
  // Ad slots inside the body (AMN_res_* placeholders, ad-server iframes).
  Selector drop = Selector::MustParse("[class^=AMN_], [id^=AMN_], iframe, .sharemxh, #linkshare");
  Selector img = Selector::MustParse("img");
  Selector printed_time = Selector::MustParse(".sharemxh .pubdate, .pubdate");
  Selector section = Selector::MustParse(".titlecate h1 a");
  Selector tags = Selector::MustParse(".block_tag a.tag_item");
  // Never read: the header with its mega-menu (46% of the page), the related list under the
  // article, the two side columns and the footer.
  std::vector<ElementPattern> pruned =
      ElementPattern::MustParseAll({"div.wapperheader", "div.detail-related", "div#colcate2",
                                    "div#col3b", "div#footer"});
};

const CanThoSelectors& S() {
  static const CanThoSelectors* s = new CanThoSelectors();
  return *s;
}

constexpr std::string_view kName = "baocantho";

std::string StyleOf(HtmlNode n) {
  std::string compact;
  for (char c : AsciiLower(n.AttrOr("style"))) {
    if (c != ' ') compact += c;
  }
  return compact;
}

bool Aligned(HtmlNode n, std::string_view how) {
  return StyleOf(n).find("text-align:" + std::string(how)) != std::string::npos ||
         AsciiLower(n.AttrOr("align")) == how;
}

// baocantho.com.vn: an FCKeditor body (`#newscontents .content-fck`) whose first paragraph is the
// "(CTO) -" lead, captions as a centred italic paragraph under the photo, byline as the last
// right-aligned paragraph.
class BaoCanThoExtractor final : public Extractor {
 public:
  std::string_view Name() const override { return kName; }
  Article Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const override;
  const std::vector<ElementPattern>& PrunedRegions() const override { return S().pruned; }
};

// Long because it reads the page top down, one guarded field after another, as the page
// prints them; split, the order of the fields would be lost.
Article BaoCanThoExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta, const ExtractContext& ctx) const {
  const CanThoSelectors& s = S();
  const HtmlNode root = doc.Root();
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ctx.default_offset});

  extract::GuardField(kName, "title", [&] {
    extract::SetFromFirst(a.title, s.title, root);
  });

  HtmlNode body = s.body.SelectFirst(root);
  if (!body) body = s.body_fallback.SelectFirst(root);
  std::vector<HtmlNode> skip;
  extract::GuardField(kName, "lead", [&] {
    // The lead is the body's first paragraph, opening with the paper's "(CTO)" tag.
    if (!body) return;
    for (HtmlNode p : body.ElementChildren()) {
      if (s.drop.Matches(p)) continue;
      const std::string text = p.Text();
      if (text.empty()) continue;
      if (text.rfind("(CTO)", 0) == 0) {
        a.lead = extract::CleanField(text);
        skip.push_back(p);
      }
      break;
    }
  });
  extract::GuardField(kName, "byline", [&] {
    // The credit line is the last right-aligned paragraph: "Tin, ảnh: P.Y", "Bài, ảnh: ...".
    if (!body) return;
    std::vector<HtmlNode> children = body.ElementChildren();
    for (std::size_t i = children.size(); i-- > 0;) {
      HtmlNode p = children[i];
      const std::string text = p.Text();
      if (text.empty() || s.drop.Matches(p)) continue;
      if (Aligned(p, "right") && Utf8Length(text) <= 80) {
        if (auto v = extract::CleanField(extract::StripCreditLabel(text))) a.byline = v;
        skip.push_back(p);
      }
      break;
    }
  });
  extract::GuardField(kName, "body", [&] {
    if (!body) return;
    // Photos are bare <img> in a paragraph; the caption is the next paragraph, centred and in
    // italics. Captions are kept with their image and never become body text.
    std::map<std::string, std::string> captions;
    for (HtmlNode p : body.ElementChildren()) {
      HtmlNode img = s.img.SelectFirst(p);
      if (!img || !p.Text().empty()) continue;
      HtmlNode next = p.NextElementSibling();
      if (!next || !Aligned(next, "center") || s.img.SelectFirst(next)) continue;
      std::optional<std::string> cap = extract::CleanField(next.Text());
      std::optional<std::string> src = extract::ImageSource(img, base);
      if (cap && src && Utf8Length(*cap) <= 400) {
        captions[*src] = *cap;
        skip.push_back(next);
      }
    }
    extract::Body b = extract::ExtractBody(body, {.drop = &s.drop, .skip = skip, .base_url = base});
    a.body = extract::JoinParagraphs(b.paragraphs);
    for (Image& image : b.images) {
      if (auto it = captions.find(image.url); it != captions.end() && !image.caption) image.caption = it->second;
    }
    a.images = std::move(b.images);
  });
  extract::GuardField(kName, "published_at", [&] {
    // JSON-LD gives only the day ("2026-01-08"); the printed line has the time.
    if (HtmlNode t = s.printed_time.SelectFirst(root)) {
      if (auto v = extract::PrintedDateTime(t.Text(), ctx.default_offset)) a.published_at = v;
    }
  });
  extract::GuardField(kName, "section", [&] {
    // "THỜI SỰ > Cần Thơ": the most specific crumb.
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

NEWSCRAWL_SITE(baocantho) {
  SiteEntry site;
  site.display_name = "Báo Cần Thơ";
  site.domains = {"baocantho.com.vn"};
  site.default_offset = "+07:00";
  site.language = "vi";
  site.extractor = std::make_shared<const BaoCanThoExtractor>();
  site.links.article_url = "^https://baocantho\\.com\\.vn/[a-z0-9-]+-a\\d+\\.html$";
  // The page body only: the header's mega menu previews other sections' stories (navigation).
  site.links.article_links = "#content a[href]";
  // The pager prints page numbers only ("« < 1 2 3 4 »", the current one a bare <b>, "»" jumps to
  // the next block) and no rel=next, so no selector names "the next page": the pager's ?p=N pages
  // are followed as listing pages instead (follow_url).
  site.links.next_page = "link[rel=next][href]";
  site.links.follow_url = "^https://baocantho\\.com\\.vn/[a-z0-9-]+(/[a-z0-9-]+)?/?(\\?p=\\d+)?$";
  return site;
}

}  // namespace newscrawl
