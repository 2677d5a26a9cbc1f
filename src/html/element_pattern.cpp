#include "newscrawl/html/element_pattern.h"

#include "newscrawl/html/html_tags.h"
#include "newscrawl/core/text.h"

namespace newscrawl {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

Result<ElementPattern> ElementPattern::Parse(std::string_view text) {
  ElementPattern p;
  std::size_t i = 0;
  auto error = [&](const std::string& why) {
    return Status::ParseError("element pattern '" + std::string(text) + "': " + why);
  };
  if (text.empty()) return error("empty");
  // Optional tag name first, then any number of .class and #id parts.
  while (i < text.size() && IsNameChar(text[i])) ++i;
  p.tag_ = AsciiLower(text.substr(0, i));
  while (i < text.size()) {
    const char kind = text[i++];
    if (kind != '.' && kind != '#') return error(std::string("unexpected '") + kind + "'");
    const std::size_t start = i;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    if (i == start) return error(std::string("'") + kind + "' without a name");
    const std::string name(text.substr(start, i - start));
    if (kind == '.') {
      p.classes_.push_back(name);
    } else if (!p.id_.empty()) {
      return error("two ids");
    } else {
      p.id_ = name;
    }
  }
  return p;
}

ElementPattern ElementPattern::MustParse(std::string_view text) {
  return Parse(text).ValueOrAbort("built-in element pattern");
}

std::vector<ElementPattern> ElementPattern::MustParseAll(std::initializer_list<std::string_view> texts) {
  std::vector<ElementPattern> out;
  out.reserve(texts.size());
  for (std::string_view t : texts) out.push_back(MustParse(t));
  return out;
}

bool ElementPattern::Matches(std::string_view tag, std::string_view id, std::string_view class_attr) const {
  if (!tag_.empty() && tag != tag_) return false;
  if (!id_.empty() && id != id_) return false;
  for (const std::string& c : classes_) {
    if (!HasSpaceSeparatedToken(class_attr, c)) return false;
  }
  return true;
}

std::string ElementPattern::ToString() const {
  std::string s = tag_;
  if (!id_.empty()) s += "#" + id_;
  for (const std::string& c : classes_) s += "." + c;
  return s;
}

}  // namespace newscrawl
