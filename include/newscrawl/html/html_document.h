// HtmlDocument: a parsed HTML page, with Gumbo kept behind this type so that the parser can be
// swapped (maintained forks exist) without touching extractors.
//
// Before Gumbo sees a page, a linear pre-pass (a) caps the input size, (b) estimates the element
// nesting depth and rejects pages nested deeper than the cap (Gumbo 0.10.1 has no depth limit, goes
// quadratic and frees its tree recursively), and (c) drops the bodies of <script> (except JSON-LD),
// <style> and comments, which are about half a news page's bytes and never text. The document owns
// the filtered buffer and the GumboOutput; the buffer is declared first so the tree, which points
// into it, dies first. Node handles are valid while the document lives.
//
// Immutable after Parse(); safe to read from several threads at once.
#ifndef NEWSCRAWL_HTML_DOCUMENT_H_
#define NEWSCRAWL_HTML_DOCUMENT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/html/element_pattern.h"
#include "newscrawl/core/status.h"

struct GumboInternalNode;
struct GumboInternalOutput;

namespace newscrawl {

// The largest page newscrawl fetches and parses: the default of both `[crawler] max_body_bytes`
// and HtmlParseOptions::max_bytes, which the crawler and `reextract` set from that one key, so a
// page the fetcher accepts is never refused by the parser. (News pages are < 1 MiB.)
inline constexpr std::size_t kDefaultMaxPageBytes = 10u << 20;

struct HtmlParseOptions {
  // Pages larger than this are rejected with kTooLarge, naming max_body_bytes. Default:
  // kDefaultMaxPageBytes.
  std::size_t max_bytes = kDefaultMaxPageBytes;
  // Pages whose estimated element nesting exceeds this are rejected with kTooDeep. Default: 1024
  // (real news pages nest < 60 deep).
  int max_depth = 1024;
  // Drop <script> bodies other than JSON-LD, <style> bodies and comments before parsing.
  // Default: true.
  bool strip_non_content = true;
  // Elements whose content the caller never reads (an extractor's sidebars, related-article
  // timelines, menus): the pre-pass keeps their start and end tags and drops everything between,
  // so Gumbo never parses it. On a news template that is most of the page, and Gumbo's time is
  // proportional to what it parses. An element whose end the pre-pass cannot find before the end
  // of the page is kept whole: pruning never eats a page whose nesting it cannot follow.
  // Default: none.
  std::vector<ElementPattern> prune;
};

// A cheap, copyable handle to one node of an HtmlDocument. A null handle (default) is falsy and
// answers every query with an empty value.
class HtmlNode {
 public:
  HtmlNode() = default;
  explicit HtmlNode(const GumboInternalNode* node) : node_(node) {}

  explicit operator bool() const { return node_ != nullptr; }
  bool operator==(const HtmlNode& o) const { return node_ == o.node_; }

  bool IsElement() const;  // element or template
  bool IsText() const;     // text, whitespace or CDATA
  // Lower-case tag name ("div"; unknown tags by their source name); "" for non-elements.
  std::string_view Tag() const;
  // Raw text of a text node (entities decoded); "" otherwise.
  std::string_view RawText() const;
  std::optional<std::string_view> Attr(std::string_view name) const;
  std::string_view AttrOr(std::string_view name, std::string_view fallback = {}) const;
  bool HasClass(std::string_view cls) const;
  std::string_view Id() const { return AttrOr("id"); }

  HtmlNode Parent() const;  // null for the document node
  std::size_t ChildCount() const;
  HtmlNode Child(std::size_t i) const;
  std::vector<HtmlNode> Children() const;
  std::vector<HtmlNode> ElementChildren() const;
  HtmlNode NextElementSibling() const;
  int Depth() const;  // number of element ancestors
  bool IsAncestorOf(const HtmlNode& other) const;

  // All descendant text joined with block-aware spacing and cleaned (CleanText): one line.
  std::string Text() const;
  // Like Text(), but <br> and block boundaries become '\n' (then each line is cleaned and empty
  // lines dropped), so callers can split paragraphs.
  std::string TextWithBreaks() const;

  const GumboInternalNode* raw() const { return node_; }

 private:
  const GumboInternalNode* node_ = nullptr;
};

class HtmlDocument {
 public:
  // Parses UTF-8 HTML. Invalid UTF-8 is repaired (U+FFFD), NUL bytes dropped. Fails with
  // kTooLarge or kTooDeep as set in `options`; never crashes on any input.
  static Result<HtmlDocument> Parse(std::string_view html, const HtmlParseOptions& options = {});

  HtmlDocument(HtmlDocument&&) noexcept;
  HtmlDocument& operator=(HtmlDocument&&) noexcept;
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  ~HtmlDocument();

  HtmlNode Root() const;  // the <html> element
  HtmlNode Head() const;
  HtmlNode Body() const;
  // Bytes handed to Gumbo after the pre-pass (for benchmarks and tests).
  std::size_t ParsedBytes() const { return buffer_->size(); }
  // How many elements the pre-pass emptied for HtmlParseOptions::prune.
  int PrunedElements() const { return pruned_; }

  // Elements in document order, iteratively (no recursion, whatever the depth).
  std::vector<HtmlNode> AllElements() const;

 private:
  struct GumboDeleter {
    void operator()(GumboInternalOutput* out) const;
  };
  HtmlDocument() = default;

  // Declared before output_: the tree points into this buffer, so it must die after the tree.
  std::unique_ptr<std::string> buffer_;
  std::unique_ptr<GumboInternalOutput, GumboDeleter> output_;
  int pruned_ = 0;
};

// Calls `visit(node)` for `root` and every descendant in document order, without recursion.
// `visit` returns false to skip that node's subtree.
template <typename Visit>
void WalkTree(HtmlNode root, Visit&& visit) {
  if (!root) return;
  std::vector<HtmlNode> stack{root};
  while (!stack.empty()) {
    HtmlNode n = stack.back();
    stack.pop_back();
    if (!visit(n)) continue;
    for (std::size_t i = n.ChildCount(); i-- > 0;) stack.push_back(n.Child(i));
  }
}

// The pre-pass on its own (exposed for tests and benchmarks): returns the filtered buffer or
// kTooLarge / kTooDeep. `pruned`, when given, receives the number of elements emptied.
Result<std::string> PrepareHtml(std::string_view html, const HtmlParseOptions& options, int* pruned = nullptr);

}  // namespace newscrawl

#endif  // NEWSCRAWL_HTML_DOCUMENT_H_
