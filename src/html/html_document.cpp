// HtmlDocument and HtmlNode over Gumbo. The pre-pass that runs before Gumbo (PrepareHtml) is in
// html_prepass.cpp.
#include "newscrawl/html/html_document.h"

#include <gumbo.h>

#include <algorithm>
#include <array>

#include "newscrawl/core/ascii.h"
#include "newscrawl/html/html_tags.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

std::string_view NodeTag(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return {};
  const GumboElement& e = n->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return std::string_view(piece.data, piece.length);
}

// The shared block list (html_tags.h) indexed by Gumbo's tag enum: JoinText asks it for every
// element, and the enum saves a string lookup.
bool IsBlockTag(GumboTag tag) {
  static const std::array<bool, GUMBO_TAG_LAST + 1> kBlock = [] {
    std::array<bool, GUMBO_TAG_LAST + 1> block{};
    for (std::string_view name : BlockTagNames()) {
      block[gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()))] = true;
    }
    block[GUMBO_TAG_UNKNOWN] = false;
    return block;
  }();
  return kBlock[tag];
}

bool IsNonTextTag(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_SVG ||
         tag == GUMBO_TAG_MATH || tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_OBJECT ||
         tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_BUTTON;
}

// Joins descendant text; block boundaries become `sep`.
std::string JoinText(const GumboNode* root, char sep) {
  std::string out;
  struct Item {
    const GumboNode* node;
    bool closing;
  };
  std::vector<Item> stack{{root, false}};
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const GumboNode* n = item.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out.append(n->v.text.text);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    const bool is_doc = n->type == GUMBO_NODE_DOCUMENT;
    const GumboTag tag = is_doc ? GUMBO_TAG_UNKNOWN : n->v.element.tag;
    const bool block = !is_doc && IsBlockTag(tag);
    if (item.closing) {
      if (block) out += sep;
      continue;
    }
    if (!is_doc && n != root && IsNonTextTag(tag)) continue;
    if (block) out += sep;
    stack.push_back({n, true});
    const GumboVector& children = is_doc ? n->v.document.children : n->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
    }
  }
  return out;
}

}  // namespace

void HtmlDocument::GumboDeleter::operator()(GumboInternalOutput* out) const {
  gumbo_destroy_output(&kGumboDefaultOptions, out);
}

HtmlDocument::HtmlDocument(HtmlDocument&&) noexcept = default;
HtmlDocument& HtmlDocument::operator=(HtmlDocument&&) noexcept = default;
HtmlDocument::~HtmlDocument() = default;

Result<HtmlDocument> HtmlDocument::Parse(std::string_view html, const HtmlParseOptions& options) {
  HtmlDocument doc;
  Result<std::string> prepared = PrepareHtml(html, options, &doc.pruned_);
  if (!prepared.ok()) return prepared.status();
  doc.buffer_ = std::make_unique<std::string>(std::move(prepared).value());
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;  // errors are never read; recording them only costs memory
  // Explicit length: gumbo_parse() would stop at the first NUL byte.
  doc.output_.reset(gumbo_parse_with_options(&gumbo_options, doc.buffer_->data(), doc.buffer_->size()));
  if (!doc.output_) return Status::ParseError("the HTML parser returned no tree");
  return doc;
}

HtmlNode HtmlDocument::Root() const { return HtmlNode(output_->root); }

HtmlNode HtmlDocument::Head() const {
  for (HtmlNode c : Root().ElementChildren()) {
    if (c.Tag() == "head") return c;
  }
  return {};
}

HtmlNode HtmlDocument::Body() const {
  for (HtmlNode c : Root().ElementChildren()) {
    if (c.Tag() == "body") return c;
  }
  return {};
}

std::vector<HtmlNode> HtmlDocument::AllElements() const {
  std::vector<HtmlNode> out;
  WalkTree(Root(), [&](HtmlNode n) {
    if (!n.IsElement()) return false;
    out.push_back(n);
    return true;
  });
  return out;
}

bool HtmlNode::IsElement() const {
  return node_ && (node_->type == GUMBO_NODE_ELEMENT || node_->type == GUMBO_NODE_TEMPLATE);
}

bool HtmlNode::IsText() const {
  return node_ && (node_->type == GUMBO_NODE_TEXT || node_->type == GUMBO_NODE_WHITESPACE ||
                   node_->type == GUMBO_NODE_CDATA);
}

std::string_view HtmlNode::Tag() const { return node_ ? NodeTag(node_) : std::string_view(); }

std::string_view HtmlNode::RawText() const { return IsText() ? node_->v.text.text : std::string_view(); }

std::optional<std::string_view> HtmlNode::Attr(std::string_view name) const {
  if (!IsElement()) return std::nullopt;
  const GumboVector& attrs = node_->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (EqualsIgnoreCase(a->name, name)) return std::string_view(a->value);
  }
  return std::nullopt;
}

std::string_view HtmlNode::AttrOr(std::string_view name, std::string_view fallback) const {
  return Attr(name).value_or(fallback);
}

bool HtmlNode::HasClass(std::string_view cls) const {
  const std::optional<std::string_view> classes = Attr("class");
  return classes && HasSpaceSeparatedToken(*classes, cls);
}

HtmlNode HtmlNode::Parent() const {
  if (!node_ || !node_->parent || node_->parent->type == GUMBO_NODE_DOCUMENT) return {};
  return HtmlNode(node_->parent);
}

std::size_t HtmlNode::ChildCount() const {
  if (!node_) return 0;
  if (node_->type == GUMBO_NODE_DOCUMENT) return node_->v.document.children.length;
  return IsElement() ? node_->v.element.children.length : 0;
}

HtmlNode HtmlNode::Child(std::size_t i) const {
  if (i >= ChildCount()) return {};
  const GumboVector& children =
      node_->type == GUMBO_NODE_DOCUMENT ? node_->v.document.children : node_->v.element.children;
  return HtmlNode(static_cast<const GumboNode*>(children.data[i]));
}

std::vector<HtmlNode> HtmlNode::Children() const {
  std::vector<HtmlNode> out;
  const std::size_t n = ChildCount();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(Child(i));
  return out;
}

std::vector<HtmlNode> HtmlNode::ElementChildren() const {
  std::vector<HtmlNode> out;
  const std::size_t n = ChildCount();
  for (std::size_t i = 0; i < n; ++i) {
    HtmlNode c = Child(i);
    if (c.IsElement()) out.push_back(c);
  }
  return out;
}

HtmlNode HtmlNode::NextElementSibling() const {
  if (!node_ || !node_->parent) return {};
  HtmlNode parent(node_->parent);
  for (std::size_t i = node_->index_within_parent + 1; i < parent.ChildCount(); ++i) {
    HtmlNode c = parent.Child(i);
    if (c.IsElement()) return c;
  }
  return {};
}

int HtmlNode::Depth() const {
  int d = 0;
  for (HtmlNode p = Parent(); p; p = p.Parent()) ++d;
  return d;
}

bool HtmlNode::IsAncestorOf(const HtmlNode& other) const {
  if (!node_) return false;
  for (HtmlNode p = other.Parent(); p; p = p.Parent()) {
    if (p == *this) return true;
  }
  return false;
}

std::string HtmlNode::Text() const {
  if (!node_) return {};
  if (IsText()) return CleanText(RawText());
  return CleanText(JoinText(node_, ' '));
}

std::string HtmlNode::TextWithBreaks() const {
  if (!node_) return {};
  const std::string joined = IsText() ? std::string(RawText()) : JoinText(node_, '\n');
  std::string out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('\n', start);
    if (end == std::string::npos) end = joined.size();
    const std::string line = CleanText(std::string_view(joined).substr(start, end - start));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace newscrawl
