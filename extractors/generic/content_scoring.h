// Content analysis for the generic extractor: finds the element(s) holding the article body of a
// page and the boilerplate inside them, from text and link density, paragraph structure,
// class/id hints and position (Readability-style candidate scoring, then trafilatura-style
// cleaning). No per-site or per-language rules: text is measured in code points and commas of
// several scripts, never read for words.
//
// Everything is iterative and linear in the number of nodes: one pre-order walk collects the
// elements, one reverse pass sums their text. MainContent's handles point into the document, so
// it must not outlive it. Pure functions; thread-safe.
#ifndef NEWSCRAWL_EXTRACTORS_GENERIC_CONTENT_SCORING_H_
#define NEWSCRAWL_EXTRACTORS_GENERIC_CONTENT_SCORING_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "newscrawl/html/html_document.h"

namespace newscrawl::generic {

struct ContentOptions {
  // The article's title (cleaned); headings repeating it are left out of the body. May be empty.
  std::string title;
  // Disable the "unlikely candidate" filter (class/id hints that usually mean boilerplate). The
  // analysis retries with it off when the first attempt finds too little text.
  bool keep_unlikely = false;
};

struct MainContent {
  // The content block and the sibling blocks that belong with it, in document order. Empty when
  // the page has no body.
  std::vector<HtmlNode> roots;
  // Elements inside `roots` to leave out: headline, byline, share bars, related boxes, link lists.
  std::unordered_set<const GumboInternalNode*> drop;
  // Visible text code points (without spaces) kept: in the roots, less the dropped elements.
  std::size_t text_chars = 0;

  bool Dropped(HtmlNode n) const { return drop.count(n.raw()) != 0; }
};

// Finds the main content under `body` (the page's <body>; any element works).
MainContent FindMainContent(HtmlNode body, const ContentOptions& options);

// Counts the visible code points (white space excluded) and the commas (, ， 、 ،) of `text`.
void CountText(std::string_view text, std::size_t& chars, std::size_t& commas);

}  // namespace newscrawl::generic

#endif  // NEWSCRAWL_EXTRACTORS_GENERIC_CONTENT_SCORING_H_
