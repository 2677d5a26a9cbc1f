// ElementPattern: a start-tag pattern ("div.sub-col", "section.suggest", "#footer", "nav") that the
// HTML pre-pass can match before any tree exists, from the tag name and the raw class and id
// attribute values alone. Extractors use it to name regions of a page they never read, whose
// content the pre-pass then keeps away from Gumbo (see HtmlParseOptions::prune).
//
// Deliberately tiny: a tag name, an id and class names, all optional, all required to match. No
// combinators and no attribute selectors: the pre-pass sees one start tag at a time, and a richer
// language would suggest a precision it cannot have. A plain value; thread-compatible.
#ifndef NEWSCRAWL_ELEMENT_PATTERN_H_
#define NEWSCRAWL_ELEMENT_PATTERN_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/core/status.h"

namespace newscrawl {

class ElementPattern {
 public:
  // "tag", ".class", "#id" or a compound of them ("div.box.related", "section#top"). Fails with
  // kParseError on anything else (spaces, combinators, attribute selectors, empty input).
  static Result<ElementPattern> Parse(std::string_view text);
  // For built-in constants: aborts on a bad pattern.
  static ElementPattern MustParse(std::string_view text);
  // MustParse of each, in order (an extractor's PrunedRegions list).
  static std::vector<ElementPattern> MustParseAll(std::initializer_list<std::string_view> texts);

  // `tag` is the lower-case tag name; `id` and `class_attr` the raw attribute values (class names
  // separated by ASCII white space), empty when absent.
  bool Matches(std::string_view tag, std::string_view id, std::string_view class_attr) const;

  const std::string& tag() const { return tag_; }  // "" = any element
  std::string ToString() const;

 private:
  std::string tag_;
  std::string id_;
  std::vector<std::string> classes_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_ELEMENT_PATTERN_H_
