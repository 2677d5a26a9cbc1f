#include "newscrawl/html_tags.h"

#include <algorithm>
#include <array>

namespace newscrawl {
namespace {

// Sorted, for a binary search: the extractors ask this for every element of every page.
constexpr std::array<std::string_view, 45> kBlockTags = {
    "address", "article", "aside",    "blockquote", "body",       "br",     "caption", "center",
    "dd",      "details", "div",      "dl",         "dt",         "fieldset", "figcaption", "figure",
    "footer",  "form",    "h1",       "h2",         "h3",         "h4",     "h5",      "h6",
    "header",  "hgroup",  "hr",       "html",       "li",         "main",   "nav",     "ol",
    "option",  "p",       "pre",      "section",    "summary",    "table",  "tbody",   "td",
    "tfoot",   "th",      "thead",    "tr",         "ul"};
static_assert(std::is_sorted(kBlockTags.begin(), kBlockTags.end()));

}  // namespace

bool IsBlockTag(std::string_view tag) { return std::binary_search(kBlockTags.begin(), kBlockTags.end(), tag); }

std::span<const std::string_view> BlockTagNames() { return kBlockTags; }

}  // namespace newscrawl
