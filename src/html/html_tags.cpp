#include "newscrawl/html/html_tags.h"

#include <algorithm>
#include <array>

#include "newscrawl/core/ascii.h"

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

bool HasSpaceSeparatedToken(std::string_view list, std::string_view token) {
  if (token.empty()) return false;
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t start = list.find_first_not_of(kHtmlWhitespace, pos);
    if (start == std::string_view::npos) return false;
    const std::size_t end = std::min(list.find_first_of(kHtmlWhitespace, start), list.size());
    if (list.substr(start, end - start) == token) return true;
    pos = end;
  }
  return false;
}

}  // namespace newscrawl
