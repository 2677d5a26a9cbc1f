// PrepareHtml, the linear pre-pass HtmlDocument::Parse runs before Gumbo (see html_document.h):
// caps the size, estimates the nesting depth, drops non-content bodies and prunes the regions a
// caller never reads.
#include "newscrawl/html/html_document.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "newscrawl/core/ascii.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

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
    if (EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) return i;
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
    if (EqualsIgnoreCase(attr_name, name)) return value;
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


// One run of the pre-pass over a page already repaired to valid UTF-8 without NUL bytes (`s` and
// `options` are not owned and must outlive the pass): copies `s` to the output tag by tag,
// keeping an estimate of the open-element stack, and drops what HtmlParseOptions says to drop.
// Pruning (options.prune): while pruning_, nothing reaches out_; the emptied element's start tag
// began at input offset prune_in_, with out_ at size prune_out_ and open_ at prune_depth_, so an
// element that never ends can be put back. The steps take and return the read position rather
// than keep it in a member: out_ is written through a char pointer, which may alias any member,
// and a member position would be reloaded after every append.
class PrePass {
 public:
  PrePass(std::string_view s, const HtmlParseOptions& options)
      : s_(s), options_(options), prune_enabled_(!options.prune.empty()) {
    out_.reserve(s.size());
  }

  // The filtered page, or kTooDeep. `pruned_count`, when given, receives the elements emptied.
  Result<std::string> Run(int* pruned_count);

 private:
  // A start or end tag as the scanner read it: [start, stop) in s_, the name lower-cased.
  struct Tag {
    bool closing = false;
    std::string name;
    std::size_t name_end = 0;                 // just past the name: the attributes follow
    std::size_t gt = std::string_view::npos;  // the closing '>', npos when the page ends first
    std::size_t start = 0, stop = 0;
  };

  // From `from` to the end of the page; false when the nesting cap is exceeded.
  bool Scan(std::size_t from);
  void Emit(std::string_view piece) {
    if (!pruning_) out_.append(piece);
  }
  std::size_t SkipComment(std::size_t at);
  bool ReadTag(std::size_t at, Tag& tag) const;
  void OnEndTag(const Tag& tag);
  bool OnStartTag(const Tag& tag);
  std::size_t CopyRawText(const Tag& tag);
  void StartPruning(const Tag& tag);
  std::string_view TextOf(const Tag& tag) const { return s_.substr(tag.start, tag.stop - tag.start); }
  std::string_view AttrsOf(const Tag& tag) const { return s_.substr(tag.name_end, tag.stop - tag.name_end); }

  const std::string_view s_;
  const HtmlParseOptions& options_;
  std::string out_;
  std::vector<std::string> open_;  // our estimate of the open-element stack
  bool prune_enabled_;
  bool pruning_ = false;
  std::size_t prune_in_ = 0, prune_out_ = 0, prune_depth_ = 0;
  std::string prune_name_;
  int pruned_ = 0;
};

Result<std::string> PrePass::Run(int* pruned_count) {
  std::size_t from = 0;
  while (true) {
    if (!Scan(from)) return Status::TooDeep("elements nest deeper than " + std::to_string(options_.max_depth));
    if (!pruning_) break;
    // The emptied element never ended: its nesting is not what we estimated, so keep it (and
    // everything after it) and prune nothing more on this page.
    out_.resize(prune_out_);
    from = prune_in_;
    open_.resize(prune_depth_);
    pruning_ = false;
    prune_enabled_ = false;
  }
  if (pruned_count) *pruned_count = pruned_;
  return std::move(out_);
}

// Text is copied as it is; each '<' is a comment, a tag, or a plain '<'.
bool PrePass::Scan(std::size_t from) {
  const std::string_view s = s_;
  std::size_t i = from;
  Tag tag;
  while (i < s.size()) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) {
      Emit(s.substr(i));
      break;
    }
    Emit(s.substr(i, lt - i));
    i = lt;
    if (s.compare(i, 4, "<!--") == 0) {
      i = SkipComment(i);
      continue;
    }
    if (!ReadTag(i, tag)) {
      Emit("<");
      ++i;
      continue;
    }
    i = tag.stop;
    if (tag.closing) {
      OnEndTag(tag);
    } else if (IsRawTextElement(tag.name)) {
      Emit(TextOf(tag));
      i = CopyRawText(tag);
    } else if (!OnStartTag(tag)) {
      return false;
    }
  }
  return true;
}

std::size_t PrePass::SkipComment(std::size_t at) {
  const std::size_t end = s_.find("-->", at + 4);
  const std::size_t stop = end == std::string_view::npos ? s_.size() : end + 3;
  if (!options_.strip_non_content) Emit(s_.substr(at, stop - at));
  return stop;
}

// The tag at `at` (a '<') into `tag`; false when no tag name follows.
bool PrePass::ReadTag(std::size_t at, Tag& tag) const {
  tag.closing = at + 1 < s_.size() && s_[at + 1] == '/';
  const std::size_t name_start = at + (tag.closing ? 2 : 1);
  if (name_start >= s_.size() || !IsAsciiAlpha(s_[name_start])) return false;
  std::size_t name_end = name_start;
  while (name_end < s_.size() && name_end - name_start < 32 &&
         (IsAsciiAlnum(s_[name_end]) || s_[name_end] == '-')) {
    ++name_end;
  }
  tag.name = AsciiLower(s_.substr(name_start, name_end - name_start));
  tag.name_end = name_end;
  tag.gt = FindTagEnd(s_, name_end);
  tag.start = at;
  tag.stop = tag.gt == std::string_view::npos ? s_.size() : tag.gt + 1;
  return true;
}

void PrePass::OnEndTag(const Tag& tag) {
  // Pop to the matching open element, as the tree builder would; a stray end tag is ignored.
  for (std::size_t k = open_.size(); k-- > 0;) {
    if (open_[k] == tag.name) {
      open_.resize(k);
      break;
    }
  }
  if (pruning_ && open_.size() <= prune_depth_) {
    // The emptied element ended (by its own end tag or an ancestor's): close it and go on.
    pruning_ = false;
    ++pruned_;
    out_ += "</" + prune_name_ + ">";
    if (tag.name == prune_name_) return;
  }
  Emit(TextOf(tag));
}

// A start tag other than a raw-text element's; false when it nests deeper than the cap.
bool PrePass::OnStartTag(const Tag& tag) {
  Emit(TextOf(tag));
  const bool self_closing = tag.gt != std::string_view::npos && tag.gt > 0 && s_[tag.gt - 1] == '/';
  if (DoesNotNest(tag.name) || self_closing) return true;
  if (prune_enabled_ && !pruning_ && MatchesAny(options_.prune, tag.name, AttrsOf(tag))) StartPruning(tag);
  open_.push_back(tag.name);
  return static_cast<int>(open_.size()) <= options_.max_depth;
}

// The content of a raw-text element, from the end of its start tag to its end tag: kept, except
// that stripping drops <script> (but not JSON-LD) and <style> bodies. <plaintext> runs to the end
// of the page. Returns where the end tag starts.
std::size_t PrePass::CopyRawText(const Tag& tag) {
  if (tag.name == "plaintext") {
    Emit(s_.substr(tag.stop));
    return s_.size();
  }
  const std::size_t end = IFind(s_, "</" + tag.name, tag.stop);
  const std::size_t stop = end == std::string_view::npos ? s_.size() : end;
  const bool keep = !options_.strip_non_content || (tag.name != "script" && tag.name != "style") ||
                    (tag.name == "script" && IFind(AttrsOf(tag), "ld+json", 0) != std::string_view::npos);
  if (keep) Emit(s_.substr(tag.stop, stop - tag.stop));
  return stop;
}

void PrePass::StartPruning(const Tag& tag) {
  pruning_ = true;
  prune_in_ = tag.start;
  prune_out_ = out_.size() - (tag.stop - tag.start);  // its start tag was just emitted
  prune_depth_ = open_.size();
  prune_name_ = tag.name;
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
  return PrePass(s, options).Run(pruned_count);
}

}  // namespace newscrawl
