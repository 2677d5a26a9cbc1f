#include "newscrawl/html_document.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "newscrawl/text.h"

namespace newscrawl {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Case-insensitive search for `needle` (ASCII, lower-case) in `hay` from `from`.
std::size_t IFind(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    const char* p = static_cast<const char*>(std::memchr(hay.data() + i, needle[0], hay.size() - i));
    const char* q = static_cast<const char*>(
        std::memchr(hay.data() + i, needle[0] - 'a' + 'A', hay.size() - i));
    if (needle[0] < 'a' || needle[0] > 'z') q = nullptr;
    const char* first = !p ? q : (!q ? p : std::min(p, q));
    if (!first) return std::string_view::npos;
    i = static_cast<std::size_t>(first - hay.data());
    if (i + needle.size() > hay.size()) return std::string_view::npos;
    if (IEquals(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

// Elements that never have children, and elements whose end tag is optional (closed implicitly by
// siblings): neither adds to the nesting estimate.
bool DoesNotNest(std::string_view tag) {
  // Sorted, for a binary search: this runs for every tag of every page.
  static constexpr std::array<std::string_view, 40> kTags = {
      "area",  "base",  "basefont", "bgsound", "body", "br",     "caption", "col",   "colgroup", "dd",
      "dt",    "embed", "frame",    "head",    "hr",   "html",   "image",   "img",   "input",    "keygen",
      "li",    "link",  "meta",     "optgroup", "option", "p",   "param",   "rb",    "rp",       "rt",
      "rtc",   "source", "tbody",   "td",      "tfoot", "th",    "thead",   "tr",    "track",    "wbr"};
  static_assert(std::is_sorted(kTags.begin(), kTags.end()));
  return std::binary_search(kTags.begin(), kTags.end(), tag);
}

// Elements whose content is raw text: markup inside them is not markup.
bool IsRawTextElement(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "textarea" || tag == "title" || tag == "xmp" ||
         tag == "iframe" || tag == "noembed" || tag == "noframes" || tag == "plaintext";
}

// Finds the '>' that ends the tag starting at `from`, skipping quoted attribute values.
std::size_t FindTagEnd(std::string_view s, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open an attribute value right after '='; elsewhere they are plain bytes.
      std::size_t j = i;
      while (j > from && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\n')) --j;
      if (j > from && s[j - 1] == '=') quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsAttrSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The raw value of attribute `name` (lower-case) in the text after a start tag's name, "" when
// absent; the first occurrence wins, as in the tree builder. Entities stay undecoded.
std::string_view RawAttr(std::string_view attrs, std::string_view name) {
  const std::size_t n = attrs.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && (IsAttrSpace(attrs[i]) || attrs[i] == '/')) ++i;
    const std::size_t name_start = i;
    while (i < n && !IsAttrSpace(attrs[i]) && attrs[i] != '=' && attrs[i] != '>' && attrs[i] != '/') ++i;
    if (i == name_start) {
      ++i;  // a stray '=' or '>'
      continue;
    }
    const std::string_view attr_name = attrs.substr(name_start, i - name_start);
    while (i < n && IsAttrSpace(attrs[i])) ++i;
    std::string_view value;
    if (i < n && attrs[i] == '=') {
      ++i;
      while (i < n && IsAttrSpace(attrs[i])) ++i;
      if (i < n && (attrs[i] == '"' || attrs[i] == '\'')) {
        const char quote = attrs[i++];
        const std::size_t value_start = i;
        while (i < n && attrs[i] != quote) ++i;
        value = attrs.substr(value_start, i - value_start);
        if (i < n) ++i;
      } else {
        const std::size_t value_start = i;
        while (i < n && !IsAttrSpace(attrs[i]) && attrs[i] != '>') ++i;
        value = attrs.substr(value_start, i - value_start);
      }
    }
    if (IEquals(attr_name, name)) return value;
  }
  return {};
}

// Whether a start tag (lower-case `tag`, attribute text `attrs`) matches one of `patterns`.
bool MatchesAny(const std::vector<ElementPattern>& patterns, std::string_view tag, std::string_view attrs) {
  bool read = false;
  std::string_view id, cls;
  for (const ElementPattern& p : patterns) {
    if (!p.tag().empty() && p.tag() != tag) continue;
    if (!read) {
      id = RawAttr(attrs, "id");
      cls = RawAttr(attrs, "class");
      read = true;
    }
    if (p.Matches(tag, id, cls)) return true;
  }
  return false;
}

std::string_view NodeTag(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return {};
  const GumboElement& e = n->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return std::string_view(piece.data, piece.length);
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DD: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_UL: case GUMBO_TAG_CENTER: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_BR: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
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

Result<std::string> PrepareHtml(std::string_view input, const HtmlParseOptions& options, int* pruned_count) {
  if (input.size() > options.max_bytes) {
    return Status::TooLarge("page is " + std::to_string(input.size()) + " bytes of HTML, over the parser's cap of " +
                            std::to_string(options.max_bytes) + " bytes ([crawler] max_body_bytes)");
  }
  // Repair only what needs it: most pages are valid UTF-8 and need no extra copy.
  std::string repaired;
  std::string_view s = input;
  if (!IsValidUtf8(input) || input.find('\0') != std::string_view::npos) {
    repaired = SanitizeUtf8(input);
    s = repaired;
  }
  std::string out;
  out.reserve(s.size());
  std::vector<std::string> open;  // our estimate of the open-element stack
  // Pruning (options.prune): while `pruning`, nothing reaches `out`. The emptied element's start
  // tag began at input offset prune_in, with `out` at size prune_out and `open` at prune_depth,
  // so an element that never ends can be put back.
  bool prune_enabled = !options.prune.empty();
  bool pruning = false;
  std::size_t prune_in = 0, prune_out = 0, prune_depth = 0;
  std::string prune_name;
  int pruned = 0;
  auto emit = [&](std::string_view piece) {
    if (!pruning) out.append(piece);
  };
  std::size_t i = 0;
  for (;;) {
    while (i < s.size()) {
      const std::size_t lt = s.find('<', i);
      if (lt == std::string_view::npos) {
        emit(s.substr(i));
        i = s.size();
        break;
      }
      emit(s.substr(i, lt - i));
      i = lt;
      if (s.compare(i, 4, "<!--") == 0) {
        const std::size_t end = s.find("-->", i + 4);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end + 3;
        if (!options.strip_non_content) emit(s.substr(i, stop - i));
        i = stop;
        continue;
      }
      const bool closing = i + 1 < s.size() && s[i + 1] == '/';
      const std::size_t name_start = i + (closing ? 2 : 1);
      if (name_start >= s.size() || !IsAsciiAlpha(s[name_start])) {
        emit("<");
        ++i;
        continue;
      }
      std::size_t name_end = name_start;
      while (name_end < s.size() && name_end - name_start < 32 &&
             (IsAsciiAlnum(s[name_end]) || s[name_end] == '-')) {
        ++name_end;
      }
      const std::string name = AsciiLower(s.substr(name_start, name_end - name_start));
      const std::size_t gt = FindTagEnd(s, name_end);
      const std::size_t tag_start = i;
      const std::size_t tag_stop = gt == std::string_view::npos ? s.size() : gt + 1;
      const std::string_view tag_text = s.substr(tag_start, tag_stop - tag_start);
      i = tag_stop;
      if (closing) {
        // Pop to the matching open element, as the tree builder would; a stray end tag is ignored.
        for (std::size_t k = open.size(); k-- > 0;) {
          if (open[k] == name) {
            open.resize(k);
            break;
          }
        }
        if (pruning && open.size() <= prune_depth) {
          // The emptied element ended (by its own end tag or an ancestor's): close it and go on.
          pruning = false;
          ++pruned;
          out += "</" + prune_name + ">";
          if (name == prune_name) continue;
        }
        emit(tag_text);
        continue;
      }
      emit(tag_text);
      if (IsRawTextElement(name)) {
        if (name == "plaintext") {
          emit(s.substr(i));
          i = s.size();
          break;
        }
        const std::size_t end = IFind(s, "</" + name, i);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end;
        const std::string_view attrs = s.substr(name_end, tag_stop - name_end);
        const bool keep = !options.strip_non_content ||
                          (name != "script" && name != "style") ||
                          (name == "script" && IFind(attrs, "ld+json", 0) != std::string_view::npos);
        if (keep) emit(s.substr(i, stop - i));
        i = stop;
        continue;
      }
      const bool self_closing = gt != std::string_view::npos && gt > 0 && s[gt - 1] == '/';
      if (DoesNotNest(name) || self_closing) continue;
      if (prune_enabled && !pruning && MatchesAny(options.prune, name, s.substr(name_end, tag_stop - name_end))) {
        pruning = true;
        prune_in = tag_start;
        prune_out = out.size() - tag_text.size();
        prune_depth = open.size();
        prune_name = name;
      }
      open.push_back(name);
      if (static_cast<int>(open.size()) > options.max_depth) {
        return Status::TooDeep("elements nest deeper than " + std::to_string(options.max_depth));
      }
    }
    if (!pruning) break;
    // The emptied element never ended: its nesting is not what we estimated, so keep it (and
    // everything after it) and prune nothing more on this page.
    out.resize(prune_out);
    i = prune_in;
    open.resize(prune_depth);
    pruning = false;
    prune_enabled = false;
  }
  if (pruned_count) *pruned_count = pruned;
  return out;
}

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
    if (IEquals(a->name, name)) return std::string_view(a->value);
  }
  return std::nullopt;
}

std::string_view HtmlNode::AttrOr(std::string_view name, std::string_view fallback) const {
  return Attr(name).value_or(fallback);
}

bool HtmlNode::HasClass(std::string_view cls) const {
  const std::optional<std::string_view> classes = Attr("class");
  if (!classes || cls.empty()) return false;
  std::string_view rest = *classes;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t\n\r\f"), rest.size());
    if (rest.substr(0, end) == cls) return true;
    rest.remove_prefix(end);
  }
  return false;
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
