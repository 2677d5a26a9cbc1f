#include "newscrawl/html/selector.h"

#include <cctype>

#include "newscrawl/html/html_tags.h"
#include "newscrawl/core/text.h"

namespace newscrawl {

struct Selector::AttrTest {
  enum class Op { kExists, kEquals, kIncludes, kPrefix, kSuffix, kContains };
  std::string name;  // lower-case
  Op op = Op::kExists;
  std::string value;
};

struct Selector::Compound {
  std::string tag;  // lower-case; empty = any
  std::vector<std::string> classes;
  std::string id;
  std::vector<AttrTest> attrs;
  std::vector<Compound> negations;  // :not(...)
};

struct Selector::Complex {
  std::vector<Compound> compounds;
  std::vector<bool> child_combinator;  // [i] links compounds[i] and compounds[i + 1]
};

namespace {

using Compound = Selector::Compound;
using Complex = Selector::Complex;
using AttrTest = Selector::AttrTest;

bool IsIdentChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '-' || c == '_' || u >= 0x80;
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view s) : s_(s) {}

  Result<std::vector<Complex>> ParseList() {
    std::vector<Complex> out;
    while (true) {
      SkipSpace();
      Complex c;
      if (Status st = ParseComplex(c); !st.ok()) return st;
      out.push_back(std::move(c));
      SkipSpace();
      if (done()) break;
      if (!Eat(',')) return Error("expected ',' or end");
    }
    return out;
  }

 private:
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool SkipSpace() {
    const std::size_t start = i_;
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
    return i_ > start;
  }
  Status Error(const std::string& what) const {
    return Status::ParseError("selector '" + std::string(s_) + "' at " + std::to_string(i_) + ": " + what);
  }

  std::string Ident() {
    std::string out;
    while (!done()) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        out += s_[i_ + 1];
        i_ += 2;
      } else if (IsIdentChar(s_[i_])) {
        out += s_[i_++];
      } else {
        break;
      }
    }
    return out;
  }

  Status ParseComplex(Complex& c) {
    Compound first;
    if (Status st = ParseCompound(first); !st.ok()) return st;
    c.compounds.push_back(std::move(first));
    while (true) {
      const bool space = SkipSpace();
      if (done() || peek() == ',' || peek() == ')') return Status::Ok();
      bool child = false;
      if (Eat('>')) {
        child = true;
        SkipSpace();
      } else if (!space) {
        return Error("unexpected character");
      }
      Compound next;
      if (Status st = ParseCompound(next); !st.ok()) return st;
      c.child_combinator.push_back(child);
      c.compounds.push_back(std::move(next));
    }
  }

  Status ParseCompound(Compound& c) {
    bool any = false;
    if (Eat('*')) {
      any = true;
    } else if (IsIdentChar(peek())) {
      c.tag = AsciiLower(Ident());
      any = true;
    }
    while (!done()) {
      if (Eat('.')) {
        std::string cls = Ident();
        if (cls.empty()) return Error("empty class");
        c.classes.push_back(std::move(cls));
      } else if (Eat('#')) {
        c.id = Ident();
        if (c.id.empty()) return Error("empty id");
      } else if (Eat('[')) {
        AttrTest t;
        if (Status st = ParseAttr(t); !st.ok()) return st;
        c.attrs.push_back(std::move(t));
      } else if (s_.compare(i_, 5, ":not(") == 0) {
        i_ += 5;
        SkipSpace();
        Compound neg;
        if (Status st = ParseCompound(neg); !st.ok()) return st;
        SkipSpace();
        if (!Eat(')')) return Error("expected ')'");
        c.negations.push_back(std::move(neg));
      } else {
        break;
      }
      any = true;
    }
    return any ? Status::Ok() : Error("expected a selector");
  }

  Status ParseAttr(AttrTest& t) {
    SkipSpace();
    t.name = AsciiLower(Ident());
    if (t.name.empty()) return Error("empty attribute name");
    SkipSpace();
    if (Eat(']')) return Status::Ok();
    static constexpr struct {
      char c;
      AttrTest::Op op;
    } kOps[] = {{'~', AttrTest::Op::kIncludes}, {'^', AttrTest::Op::kPrefix},
                {'$', AttrTest::Op::kSuffix},   {'*', AttrTest::Op::kContains}};
    t.op = AttrTest::Op::kEquals;
    for (const auto& op : kOps) {
      if (Eat(op.c)) {
        t.op = op.op;
        break;
      }
    }
    if (!Eat('=')) return Error("expected '='");
    SkipSpace();
    if (peek() == '"' || peek() == '\'') {
      const char q = s_[i_++];
      const std::size_t end = s_.find(q, i_);
      if (end == std::string_view::npos) return Error("unterminated string");
      t.value = std::string(s_.substr(i_, end - i_));
      i_ = end + 1;
    } else {
      t.value = Ident();
    }
    SkipSpace();
    if (!Eat(']')) return Error("expected ']'");
    return Status::Ok();
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

bool MatchAttr(HtmlNode node, const AttrTest& t) {
  const std::optional<std::string_view> v = node.Attr(t.name);
  if (!v) return false;
  switch (t.op) {
    case AttrTest::Op::kExists: return true;
    case AttrTest::Op::kEquals: return *v == t.value;
    case AttrTest::Op::kIncludes: return HasSpaceSeparatedToken(*v, t.value);
    case AttrTest::Op::kPrefix: return !t.value.empty() && v->starts_with(t.value);
    case AttrTest::Op::kSuffix: return !t.value.empty() && v->ends_with(t.value);
    case AttrTest::Op::kContains: return !t.value.empty() && v->find(t.value) != std::string_view::npos;
  }
  return false;
}

bool MatchCompound(HtmlNode node, const Compound& c) {
  if (!node.IsElement()) return false;
  if (!c.tag.empty() && node.Tag() != c.tag) return false;
  if (!c.id.empty() && node.Id() != c.id) return false;
  for (const std::string& cls : c.classes) {
    if (!node.HasClass(cls)) return false;
  }
  for (const AttrTest& t : c.attrs) {
    if (!MatchAttr(node, t)) return false;
  }
  for (const Compound& neg : c.negations) {
    if (MatchCompound(node, neg)) return false;
  }
  return true;
}

// Matches compounds[0..idx] right to left with `node` as the subject of compounds[idx].
bool MatchFrom(HtmlNode node, const Complex& c, std::size_t idx) {
  if (!MatchCompound(node, c.compounds[idx])) return false;
  if (idx == 0) return true;
  if (c.child_combinator[idx - 1]) return MatchFrom(node.Parent(), c, idx - 1);
  for (HtmlNode a = node.Parent(); a; a = a.Parent()) {
    if (MatchFrom(a, c, idx - 1)) return true;
  }
  return false;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view css) {
  Result<std::vector<Complex>> parsed = SelectorParser(css).ParseList();
  if (!parsed.ok()) return parsed.status();
  Selector s;
  s.source_ = std::string(css);
  s.alternatives_ = std::make_shared<const std::vector<Complex>>(std::move(parsed).value());
  return s;
}

Selector Selector::MustParse(std::string_view css) { return Parse(css).ValueOrAbort("built-in selector"); }

bool Selector::Matches(HtmlNode node) const {
  if (!node.IsElement()) return false;
  for (const Complex& c : *alternatives_) {
    if (MatchFrom(node, c, c.compounds.size() - 1)) return true;
  }
  return false;
}

std::vector<HtmlNode> Selector::SelectAll(HtmlNode root) const {
  std::vector<HtmlNode> out;
  WalkTree(root, [&](HtmlNode n) {
    if (!n.IsElement()) return false;
    if (n != root && Matches(n)) out.push_back(n);
    return true;
  });
  return out;
}

HtmlNode Selector::SelectFirst(HtmlNode root) const {
  HtmlNode found;
  WalkTree(root, [&](HtmlNode n) {
    if (found || !n.IsElement()) return false;
    if (n != root && Matches(n)) {
      found = n;
      return false;
    }
    return true;
  });
  return found;
}

std::vector<HtmlNode> SelectAll(HtmlNode root, std::string_view css) {
  Result<Selector> s = Selector::Parse(css);
  return s.ok() ? s->SelectAll(root) : std::vector<HtmlNode>{};
}

HtmlNode SelectFirst(HtmlNode root, std::string_view css) {
  Result<Selector> s = Selector::Parse(css);
  return s.ok() ? s->SelectFirst(root) : HtmlNode();
}

}  // namespace newscrawl
