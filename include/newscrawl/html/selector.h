// Selector: a small CSS selector matcher over HtmlNode, so extractors read like their selectors.
// Supported: type (`div`, `*`), `.class`, `#id`, `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr^=v]`,
// `[attr$=v]`, `[attr*=v]` (values quoted or bare), `:not(<compound>)`, the descendant (` `) and
// child (`>`) combinators, and selector lists (`a, b`). Anything else is a ParseError.
// A compiled Selector is immutable and thread-safe; compile once (e.g. a function-local static).
#ifndef NEWSCRAWL_SELECTOR_H_
#define NEWSCRAWL_SELECTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/html/html_document.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

class Selector {
 public:
  static Result<Selector> Parse(std::string_view css);
  // For selectors written in the source: aborts with the parse error if `css` is invalid, which
  // the fixture tests catch on their first run.
  static Selector MustParse(std::string_view css);

  bool Matches(HtmlNode node) const;
  // Descendants of `root` (not root itself) that match, in document order.
  std::vector<HtmlNode> SelectAll(HtmlNode root) const;
  HtmlNode SelectFirst(HtmlNode root) const;
  const std::string& source() const { return source_; }

  struct AttrTest;
  struct Compound;
  struct Complex;

 private:
  std::string source_;
  std::shared_ptr<const std::vector<Complex>> alternatives_;
};

// Conveniences for one-off queries (the selector is compiled on each call; cache hot ones).
std::vector<HtmlNode> SelectAll(HtmlNode root, std::string_view css);
HtmlNode SelectFirst(HtmlNode root, std::string_view css);

}  // namespace newscrawl

#endif  // NEWSCRAWL_SELECTOR_H_
