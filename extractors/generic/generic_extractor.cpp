#include "generic_extractor.h"

#include "../common/extract_helpers.h"
#include "../common/field_guard.h"
#include "boilerplate_hints.h"
#include "content_scoring.h"
#include "generic_metadata.h"
#include "newscrawl/selector.h"
#include "newscrawl/text.h"
#include "newscrawl/url.h"

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
    const std::function<bool(HtmlNode)> skip_if = [&content](HtmlNode n) {
      return content.Dropped(n) || generic::IsNonContentTag(n.Tag());
    };
    std::vector<std::string> paragraphs;
    for (HtmlNode r : content.roots) {
      extract::Body b = extract::ExtractBody(r, options, skip_if);
      for (std::string& p : b.paragraphs) paragraphs.push_back(std::move(p));
      for (Image& img : b.images) {
        const bool seen = std::any_of(a.images.begin(), a.images.end(), [&](const Image& i) { return i.url == img.url; });
        if (!seen) a.images.push_back(std::move(img));
      }
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
