// Building blocks shared by every extractor (private to the extractors library): link resolution,
// lazy-image sources, captions, tags, bylines and the body flattener that turns a content element
// into paragraphs and images. Pure functions over an HtmlDocument; thread-safe.
#ifndef NEWSCRAWL_EXTRACTORS_COMMON_EXTRACT_HELPERS_H_
#define NEWSCRAWL_EXTRACTORS_COMMON_EXTRACT_HELPERS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/article.h"
#include "newscrawl/html/html_document.h"
#include "newscrawl/extract/page_metadata.h"
#include "newscrawl/html/selector.h"

namespace newscrawl::extract {

// `ref` resolved against `base` as a browser would; "" when it is not an http(s) URL.
std::string ResolveLink(std::string_view base, std::string_view ref);

// The URL links on the page resolve against: the URL it was fetched from, else its canonical link.
std::string PageBase(std::string_view page_url, std::string_view canonical);

// Sets `field` to the cleaned text of the first element `selector` matches under `root`; leaves it
// as it was (e.g. the metadata's value) when nothing matches or the text is empty.
void SetFromFirst(std::optional<std::string>& field, const Selector& selector, HtmlNode root);

// CleanText, then nullopt for empty or placeholder ("null", "undefined") text.
std::optional<std::string> CleanField(std::string_view text);

// The real image URL of an <img> (or <source>): lazy-load attributes first (data-src,
// data-original, data-lazy-src, data-large-src, ...), then srcset's largest candidate, then src;
// never a data: placeholder. nullopt when there is none.
std::optional<std::string> ImageSource(HtmlNode img, std::string_view base);

// The caption of a figure-like element: figcaption, legacy td.caption / td.pCaption / .caption,
// or nullopt. Text is cleaned.
std::optional<std::string> CaptionOf(HtmlNode container);

// Splits a keyword string on commas/semicolons, strips a leading '#', cleans, and appends the
// tags not already present (case-sensitive).
void AddTags(std::string_view text, std::vector<std::string>& tags);

// "A, B and C" → "A, B, C": names joined by ", ", duplicates dropped.
std::string JoinNames(const std::vector<std::string>& names);

struct BodyOptions {
  // Subtrees to leave out entirely (ads, related boxes, share bars...). May be null.
  const Selector* drop = nullptr;
  // Elements to leave out individually (e.g. a byline block found beforehand).
  std::vector<HtmlNode> skip;
  std::string base_url;  // for image URLs
};

struct Body {
  std::vector<std::string> paragraphs;
  std::vector<Image> images;
};

// Flattens `root` into paragraphs in document order: each block element (p, div, h2-h6, li,
// blockquote, ...) and each <br>-separated run becomes one paragraph; figures and legacy
// table.picture blocks become images with their captions and never body text.
Body ExtractBody(HtmlNode root, const BodyOptions& options);
// The same, also leaving out each element for which `skip_if` returns true (the generic
// extractor's boilerplate analysis). Called once per element reached by the walk.
Body ExtractBody(HtmlNode root, const BodyOptions& options, const std::function<bool(HtmlNode)>& skip_if);

// Paragraphs joined by one blank line, or nullopt when there are none.
std::optional<std::string> JoinParagraphs(const std::vector<std::string>& paragraphs);

// The byline block many Vietnamese papers print as the last block of the body: short, with no
// sentence punctuation, and set apart by right alignment, bold, a class, or upper case
// (baolaocai: `<div class="t1"><span class="t2">Anh Dũng</span></div>`). Ignores elements matching
// `ignore` (ad slots). Returns the element, or a null node.
HtmlNode FindTrailingByline(HtmlNode body, const Selector* ignore);

// A date and time as papers print them in the page ("Thứ ba, 23/12/2025 09:02 (GMT+7)",
// "08/01/2026 - 18:21", "Thứ Tư, 24/12/2025 09:30:00 +07:00"): the first dd/mm/yyyy, the first
// hh:mm[:ss] after it, and a printed offset ("GMT+7", "+07:00") when there is one, else
// `default_offset`. ISO 8601 with offset, or nullopt when the text holds no valid date.
std::optional<std::string> PrintedDateTime(std::string_view text, std::string_view default_offset);

// The first JSON-LD article date of `key` ("datePublished", "dateModified") that carries a time of
// day, normalised with `default_offset` for times printed without one. A date-only value
// ("2026-01-08") is not a publication time, so it gives nullopt and the caller uses the page.
std::optional<std::string> JsonLdDateTime(const PageMetadata& meta, std::string_view key,
                                          std::string_view default_offset);

// Removes a leading credit label ("Tin, ảnh:", "Bài và ảnh:", "Ảnh:", "Theo") from a byline line,
// leaving the names: "Tin, ảnh: P.Y" → "P.Y". Text without such a label is returned cleaned.
std::string StripCreditLabel(std::string_view text);

// Fills each null field (and each empty list) of `into` from `from`.
void MergeMissing(Article& into, const Article& from);

}  // namespace newscrawl::extract

#endif  // NEWSCRAWL_EXTRACTORS_COMMON_EXTRACT_HELPERS_H_
