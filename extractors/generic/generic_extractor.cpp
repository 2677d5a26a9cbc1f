#include "generic_extractor.h"

#include <algorithm>

#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "boilerplate_hints.h"
#include "content_scoring.h"
#include "generic_metadata.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/text.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

constexpr std::string_view kName = "generic";

}  // namespace

// Navigation and complementary content: content scoring skips both tags anyway (IsNonContentTag),
// and on the extraction benchmark's 85 pages leaving them out of the parse changes no field of
// any record while saving a fifth of the time. Not <footer>: an article's own footer holds its
// byline and tags.
const std::vector<ElementPattern>& GenericExtractor::PrunedRegions() const {
  static const std::vector<ElementPattern> kRegions = ElementPattern::MustParseAll({"nav", "aside"});
  return kRegions;
}

namespace {

bool IsRightAligned(HtmlNode n) {
  const std::string style = AsciiLower(n.AttrOr("style"));
  if (style.find("text-align") != std::string::npos && style.find("right") != std::string::npos) return true;
  return AsciiLower(n.AttrOr("align")) == "right";
}

// The content's last paragraph when it is a signature: right-aligned, short, a name or two
// without sentence punctuation.
HtmlNode TrailingSignature(const generic::MainContent& content) {
  static const Selector kParagraph = Selector::MustParse("p");
  HtmlNode last;
  for (HtmlNode root : content.roots) {
    for (HtmlNode p : kParagraph.SelectAll(root)) {
      if (!p.Text().empty()) last = p;
    }
  }
  if (!last || !IsRightAligned(last) || content.Dropped(last)) return {};
  const std::string text = last.Text();
  if (Utf8Length(text) > 60 || text.find_first_of(".!?:;\"") != std::string::npos) return {};
  return last;
}

}  // namespace

Article GenericExtractor::Extract(const HtmlDocument& doc, const PageMetadata& meta,
                                  const ExtractContext& ctx) const {
  const std::string base = extract::PageBase(ctx.url, meta.canonical());
  // Metadata first: JSON-LD, OpenGraph, article:*, Dublin Core, <title>.
  Article a = FillFromMetadata(meta, {.base_url = base, .default_offset = ""});
  const HtmlNode root = doc.Root();

  extract::GuardField(kName, "title", [&] {
    std::string host = HostOf(base);
    if (host.empty() && a.canonical_url) host = HostOf(*a.canonical_url);
    if (a.title) a.title = generic::StripSiteName(*a.title, generic::SiteNames(meta, host));
    if (!a.title) {
      // A page without <title> or og:title (saved fragments, some CMS templates): its headline.
      static const Selector kH1 = Selector::MustParse("h1");
      for (HtmlNode h : kH1.SelectAll(root)) {
        std::optional<std::string> t = extract::CleanField(h.Text());
        if (t && Utf8Length(*t) <= 300) {
          a.title = std::move(t);
          break;
        }
      }
    }
  });
  extract::GuardField(kName, "byline", [&] {
    if (!a.byline) a.byline = generic::FindByline(root);
  });
  extract::GuardField(kName, "published_at", [&] {
    if (!a.published_at) a.published_at = generic::FindPublished(root, meta);
  });
  extract::GuardField(kName, "updated_at", [&] {
    if (!a.updated_at) a.updated_at = generic::FindUpdated(root, meta);
  });

  extract::GuardField(kName, "body", [&] {
    const HtmlNode body = doc.Body();
    if (!body) return;
    const generic::MainContent content =
        generic::FindMainContent(body, {.title = a.title.value_or(""), .keep_unlikely = false});
    const extract::BodyOptions options{.drop = nullptr, .skip = {}, .base_url = base};
    // A signature line closing the body and set right, as Vietnamese papers print the author
    // (VnExpress: <p style="text-align:right"><strong>Lê Phương</strong></p>): the byline, not
    // body text. Right alignment only: bold or a class alone is too common a last line elsewhere.
    const HtmlNode signature = TrailingSignature(content);
    const std::function<bool(HtmlNode)> skip_if = [&content, &signature](HtmlNode n) {
      return content.Dropped(n) || generic::IsNonContentTag(n.Tag()) || (signature && n == signature);
    };
    if (signature && !a.byline) a.byline = extract::CleanField(extract::StripCreditLabel(signature.Text()));
    std::vector<std::string> paragraphs;
    for (HtmlNode r : content.roots) {
      extract::Body b = extract::ExtractBody(r, options, skip_if);
      for (std::string& p : b.paragraphs) paragraphs.push_back(std::move(p));
      for (Image& img : b.images) {
        const bool seen = std::any_of(a.images.begin(), a.images.end(), [&](const Image& i) { return i.url == img.url; });
        if (!seen) a.images.push_back(std::move(img));
      }
    }
    // The lead printed above the body often sits in the content block too: the record keeps it
    // once, in `lead`. Only near the top, and only the same text: a body that merely opens
    // like its meta description keeps its paragraph.
    if (a.lead && paragraphs.size() > 1) {
      const std::size_t near_top = std::min<std::size_t>(2, paragraphs.size() - 1);
      const auto it = std::find(paragraphs.begin(), paragraphs.begin() + static_cast<std::ptrdiff_t>(near_top), *a.lead);
      if (it != paragraphs.begin() + static_cast<std::ptrdiff_t>(near_top)) paragraphs.erase(it);
    }
    a.body = extract::JoinParagraphs(paragraphs);
  });

  extract::GuardField(kName, "images", [&] {
    if (!a.images.empty()) return;
    if (std::optional<std::string> img = generic::MainImage(meta, base)) a.images.push_back(Image{*img, std::nullopt});
  });
  return a;
}

}  // namespace newscrawl
