#include "content_scoring.h"

#include <algorithm>
#include <cstdint>

#include "boilerplate_hints.h"
#include "newscrawl/html/html_tags.h"
#include "newscrawl/core/text.h"

namespace newscrawl::generic {
namespace {

constexpr std::size_t kMinParagraphChars = 25;  // shorter text runs do not vote for a container
constexpr int kAncestorLevels = 5;              // how far a paragraph's score propagates
constexpr std::size_t kRetryBelowChars = 250;   // retry without the unlikely filter below this

bool IsHeading(std::string_view t) {
  return t.size() == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6';
}

// Readability's starting score of a container by its tag.
int TagBonus(std::string_view t) {
  if (t == "div" || t == "article" || t == "main" || t == "section") return 5;
  if (t == "pre" || t == "td" || t == "blockquote") return 3;
  if (t == "address" || t == "ol" || t == "ul" || t == "dl" || t == "dd" || t == "dt" || t == "li" ||
      t == "form") {
    return -3;
  }
  if (IsHeading(t) || t == "th") return -5;
  return 0;
}

bool IsHidden(HtmlNode n) {
  if (n.Attr("hidden")) return true;
  if (n.AttrOr("aria-hidden") == "true") return true;
  const std::string_view style = n.AttrOr("style");
  if (style.find("display") == std::string_view::npos && style.find("visibility") == std::string_view::npos) {
    return false;
  }
  std::string compact;
  for (char c : style) {
    if (c != ' ') compact += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

struct Elem {
  HtmlNode node;
  std::string_view tag;
  int parent = -1;
  int last = 0;  // index of the last element of this subtree (pre-order)
  uint32_t text = 0, link = 0, commas = 0;
  uint32_t inline_text = 0, inline_link = 0, inline_commas = 0;
  float score = 0;
  ClassHints hints;
  bool block = false;
  bool in_link = false;
  bool unlikely = false;
  bool has_block_child = false;
  bool candidate = false;

  double LinkDensity() const { return text ? static_cast<double>(link) / text : 0.0; }
  double Final() const { return score * (1.0 - LinkDensity()); }
};

class Analysis {
 public:
  Analysis(HtmlNode body, const ContentOptions& options) : options_(options) { Collect(body); }

  MainContent Run() {
    MainContent out;
    if (elems_.empty()) return out;
    ScoreParagraphs();
    int top = PickTop();
    top = Climb(top);
    for (int r : Siblings(top)) out.roots.push_back(elems_[r].node);
    for (int r : Siblings(top)) {
      out.text_chars += elems_[r].text;
      MarkBoilerplate(r, out);
    }
    return out;
  }

 private:
  void Collect(HtmlNode body) {
    struct Item {
      HtmlNode node;
      int parent;
    };
    std::vector<Item> stack{{body, -1}};
    elems_.reserve(2048);
    while (!stack.empty()) {
      const Item item = stack.back();
      stack.pop_back();
      HtmlNode n = item.node;
      if (n.IsText()) {
        if (item.parent < 0) continue;
        Elem& p = elems_[item.parent];
        std::size_t chars = 0, commas = 0;
        CountText(n.RawText(), chars, commas);
        p.text += chars;
        p.inline_text += chars;
        p.commas += commas;
        p.inline_commas += commas;
        if (p.in_link) {
          p.link += chars;
          p.inline_link += chars;
        }
        continue;
      }
      if (!n.IsElement()) continue;
      const std::string_view tag = n.Tag();
      if (item.parent >= 0 && (IsNonContentTag(tag) || IsHidden(n))) continue;
      Elem e;
      e.node = n;
      e.tag = tag;
      e.parent = item.parent;
      e.block = IsBlockTag(tag);
      e.hints = HintsOf(n);
      const Elem* parent = item.parent >= 0 ? &elems_[item.parent] : nullptr;
      e.in_link = tag == "a" || (parent && parent->in_link);
      const bool structural = tag == "body" || tag == "html" || tag == "a" || tag == "main" || tag == "article";
      e.unlikely = (parent && parent->unlikely) ||
                   (!options_.keep_unlikely && !structural &&
                    ((e.hints.negative && !e.hints.positive) || tag == "header"));
      const int index = static_cast<int>(elems_.size());
      e.last = index;
      elems_.push_back(e);
      for (std::size_t i = n.ChildCount(); i-- > 0;) stack.push_back({n.Child(i), index});
    }
    // Children follow their parent in pre-order, so a reverse pass sees every subtree complete.
    for (int i = static_cast<int>(elems_.size()) - 1; i > 0; --i) {
      Elem& e = elems_[i];
      Elem& p = elems_[e.parent];
      p.text += e.text;
      p.link += e.link;
      p.commas += e.commas;
      p.last = std::max(p.last, e.last);
      if (e.block) {
        p.has_block_child = true;
      } else {
        p.inline_text += e.inline_text;
        p.inline_link += e.inline_link;
        p.inline_commas += e.inline_commas;
      }
    }
  }

  void Touch(int i) {
    Elem& e = elems_[i];
    if (e.candidate) return;
    e.candidate = true;
    e.score = static_cast<float>(TagBonus(e.tag) + e.hints.Weight());
  }

  void ScoreParagraphs() {
    for (int i = 0; i < static_cast<int>(elems_.size()); ++i) {
      const Elem& e = elems_[i];
      if (!e.block || e.unlikely || e.in_link || IsHeading(e.tag)) continue;
      if (e.inline_text < kMinParagraphChars) continue;
      if (e.inline_link * 2 > e.inline_text) continue;  // a run of links is not a paragraph
      const float s = 1.0f + static_cast<float>(e.inline_commas) +
                      std::min(static_cast<float>(e.inline_text) / 100.0f, 3.0f);
      // A block with only inline content is the paragraph itself; one that mixes text and
      // blocks holds an implicit paragraph and is the first container.
      int c = e.has_block_child ? i : e.parent;
      for (int level = 0; c >= 0 && level < kAncestorLevels; ++level, c = elems_[c].parent) {
        Touch(c);
        const float divider = level == 0 ? 1.0f : (level == 1 ? 2.0f : static_cast<float>(level * 3));
        elems_[c].score += s / divider;
      }
    }
  }

  int PickTop() const {
    int top = 0;
    double best = -1e18;
    for (int i = 0; i < static_cast<int>(elems_.size()); ++i) {
      if (!elems_[i].candidate) continue;
      const double f = elems_[i].Final();
      if (f > best) {
        best = f;
        top = i;
      }
    }
    return top;
  }

  bool IsAncestor(int a, int d) const { return a < d && d <= elems_[a].last; }

  int Climb(int top) {
    if (top == 0) return top;
    const double top_score = elems_[top].Final();
    // Several strong candidates under one ancestor: the article is split into blocks.
    std::vector<int> alternatives;
    for (int i = 0; i < static_cast<int>(elems_.size()); ++i) {
      if (i != top && elems_[i].candidate && elems_[i].Final() >= 0.75 * top_score &&
          !IsAncestor(i, top) && !IsAncestor(top, i)) {
        alternatives.push_back(i);
      }
    }
    if (alternatives.size() >= 3) {
      for (int p = elems_[top].parent; p > 0; p = elems_[p].parent) {
        const auto inside = std::count_if(alternatives.begin(), alternatives.end(),
                                          [&](int a) { return IsAncestor(p, a); });
        if (inside >= 3) {
          top = p;
          break;
        }
      }
    }
    Touch(top);
    // A parent that scores better than its child holds more of the article.
    double last = elems_[top].Final();
    const double threshold = last / 3;
    for (int p = elems_[top].parent; p > 0; p = elems_[p].parent) {
      if (!elems_[p].candidate) continue;
      const double f = elems_[p].Final();
      if (f < threshold) break;
      if (f > last) {
        top = p;
        break;
      }
      last = f;
    }
    // A lone child is its parent's only content.
    while (top > 0 && elems_[top].parent > 0) {
      const int p = elems_[top].parent;
      int element_children = 0;
      for (int j = p + 1; j <= elems_[p].last; j = elems_[j].last + 1) ++element_children;
      if (element_children != 1) break;
      top = p;
    }
    return top;
  }

  static bool EndsSentence(const std::string& t) {
    if (t.empty()) return false;
    const char c = t.back();
    if (c == '.' || c == '!' || c == '?' || c == ':') return true;
    for (std::string_view end : {"。", "！", "？", "…", "।"}) {
      if (t.size() >= end.size() && t.compare(t.size() - end.size(), end.size(), end) == 0) return true;
    }
    return false;
  }

  std::vector<int> Siblings(int top) const {
    const int p = elems_[top].parent;
    if (top == 0 || p < 0) return {top};
    const double top_score = elems_[top].Final();
    const double threshold = std::max(10.0, top_score * 0.2);
    const std::string_view top_class = elems_[top].node.AttrOr("class");
    std::vector<int> out;
    for (int j = p + 1; j <= elems_[p].last; j = elems_[j].last + 1) {
      const Elem& s = elems_[j];
      if (j == top) {
        out.push_back(j);
        continue;
      }
      if (s.text == 0 || s.hints.boilerplate || s.unlikely) continue;
      double bonus = 0;
      if (!top_class.empty() && s.node.AttrOr("class") == top_class) bonus = top_score * 0.2;
      if (s.candidate && s.Final() + bonus >= threshold) {
        out.push_back(j);
        continue;
      }
      if (s.tag == "p" || (s.block && !s.has_block_child && !IsHeading(s.tag))) {
        const double ld = s.LinkDensity();
        if (s.text > 80 && ld < 0.25) {
          out.push_back(j);
        } else if (s.text <= 80 && ld == 0 && EndsSentence(s.node.Text())) {
          out.push_back(j);
        }
      }
    }
    return out;
  }

  bool RepeatsTitle(const Elem& e) const {
    if (options_.title.empty()) return false;
    std::size_t title_chars = 0, commas = 0;
    CountText(options_.title, title_chars, commas);
    if (e.text > title_chars * 2 + 10 || e.text * 2 + 10 < title_chars) return false;
    const std::string text = AsciiLower(e.node.Text());
    const std::string title = AsciiLower(options_.title);
    return !text.empty() && (title.find(text) != std::string::npos || text.find(title) != std::string::npos);
  }

  void MarkBoilerplate(int root, MainContent& out) const {
    const double root_text = std::max<uint32_t>(elems_[root].text, 1);
    for (int j = root + 1; j <= elems_[root].last;) {
      const Elem& e = elems_[j];
      const double share = e.text / root_text;
      const double ld = e.LinkDensity();
      bool drop = false;
      if (e.tag == "h1" || (e.tag == "header" && share < 0.5)) {
        drop = true;
      } else if (IsHeading(e.tag) && RepeatsTitle(e)) {
        drop = true;
      } else if (e.hints.boilerplate && share < 0.4) {
        drop = true;
      } else if (e.hints.byline && e.text < 300 && share < 0.4) {
        drop = true;
      } else if (e.hints.negative && !e.hints.positive && share < 0.3 && e.tag != "figure") {
        // Not a <figure> named for its caption ("tplCaption", "image-caption"): the body walk
        // turns a figure into an image with that caption, never into body text.
        drop = true;
      } else if (e.block && e.text > 0 && ld > 0.5 && share < 0.5) {
        drop = true;  // link lists, "read more" lines
      } else if ((e.tag == "ul" || e.tag == "ol") && ld > 0.3 && share < 0.5) {
        drop = true;
      }
      if (drop) {
        out.drop.insert(e.node.raw());
        out.text_chars -= std::min<std::size_t>(out.text_chars, e.text);
        j = e.last + 1;
      } else {
        ++j;
      }
    }
  }

  const ContentOptions& options_;
  std::vector<Elem> elems_;
};

}  // namespace

void CountText(std::string_view text, std::size_t& chars, std::size_t& commas) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') continue;
      ++chars;
      if (c == ',') ++commas;
      continue;
    }
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    // U+00A0 NBSP is white space, not text.
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) continue;
    ++chars;
    if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBC && s[i + 2] == 0x8C) ++commas;       // ，
    else if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x81) ++commas;  // 、
    else if (c == 0xD8 && i + 1 < n && s[i + 1] == 0x8C) ++commas;                      // ،
  }
}

MainContent FindMainContent(HtmlNode body, const ContentOptions& options) {
  if (!body) return {};
  MainContent content = Analysis(body, options).Run();
  if (!options.keep_unlikely && content.text_chars < kRetryBelowChars) {
    ContentOptions retry = options;
    retry.keep_unlikely = true;
    MainContent second = Analysis(body, retry).Run();
    if (second.text_chars > content.text_chars) return second;
  }
  return content;
}

}  // namespace newscrawl::generic
