// HTML rules that more than one reader of a parsed page needs. The text joiner (HtmlNode::Text,
// TextWithBreaks), the extractors' paragraph splitter and the generic extractor's content scorer
// all ask "does this element start a new line of text?", and must get one answer; HasClass, the
// selector's [attr~=v] and element patterns all read class lists the same way. Pure functions
// over lower-case tag names as HtmlNode::Tag() gives them; thread-safe.
#ifndef NEWSCRAWL_HTML_TAGS_H_
#define NEWSCRAWL_HTML_TAGS_H_

#include <span>
#include <string_view>

namespace newscrawl {

// Whether `tag` is a block-level element: text before and after it never runs together. The
// HTML flow-content blocks (p, div, headings, lists, tables and their parts, sectioning
// elements, figure, form, pre...) plus <br>, <option>, <body> and <html>, which also end a line
// of text. Callers that drop some of these earlier (scripts, navigation, forms) do so with their
// own skip lists; this answers only "block or inline".
bool IsBlockTag(std::string_view tag);

// The same set, sorted, for readers that index tags another way (the Gumbo tag enum).
std::span<const std::string_view> BlockTagNames();

// Whether the HTML "set of space-separated tokens" `list` (a class or rel attribute value) holds
// `token`, compared exactly. Tokens are split at ASCII whitespace; an empty token is never held.
bool HasSpaceSeparatedToken(std::string_view list, std::string_view token);

}  // namespace newscrawl

#endif  // NEWSCRAWL_HTML_TAGS_H_
