// Boilerplate hints for the generic extractor: what an element's class and id say about it
// ("article-body" vs "share-bar"), and which tags never hold article text. Language-neutral: only
// markup is read, never the text. Pure functions; thread-safe.
#ifndef NEWSCRAWL_EXTRACTORS_GENERIC_BOILERPLATE_HINTS_H_
#define NEWSCRAWL_EXTRACTORS_GENERIC_BOILERPLATE_HINTS_H_

#include <string_view>

#include "newscrawl/html/html_document.h"

namespace newscrawl::generic {

struct ClassHints {
  bool positive = false;  // article, content, entry, post, story, body, text, main, ...
  bool negative = false;  // comment, share, related, footer, nav, sidebar, promo, ad, menu, ...
  // A subset of negative: hints that name boilerplate even inside the article container
  // (comments, share bars, related boxes, newsletter and cookie prompts, bylines).
  bool boilerplate = false;
  bool byline = false;    // byline, author, dateline: the record's byline, not body text
  // Readability's class weight: +25 for a positive hint, -25 for a negative one (both: 0).
  int Weight() const { return (positive ? 25 : 0) - (negative ? 25 : 0); }
};

// Hints from the class and id attributes of `node` (ASCII case-insensitive; `itemprop` and `role`
// are read too: itemprop=articleBody is positive, role=navigation/complementary negative).
ClassHints HintsOf(HtmlNode node);

// Hints from one class/id string (exposed for tests).
ClassHints HintsOfString(std::string_view class_and_id);

// Tags whose subtree is never article text (navigation, forms, embedded players, ...).
bool IsNonContentTag(std::string_view tag);

}  // namespace newscrawl::generic

#endif  // NEWSCRAWL_EXTRACTORS_GENERIC_BOILERPLATE_HINTS_H_
