#include "extract_helpers.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "newscrawl/core/ascii.h"
#include "newscrawl/html/html_tags.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"
#include "newscrawl/url/url.h"

namespace newscrawl::extract {
namespace {

bool IsSkippedTag(std::string_view t) {
  static constexpr std::string_view kSkipped[] = {
      "script", "style", "noscript", "template", "iframe", "svg",    "math",  "button", "input",
      "select", "textarea", "form",  "video",    "audio",  "object", "embed", "canvas", "map",
      "head",   "title",  "link",    "meta",     "source", "picture-placeholder"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), t) != std::end(kSkipped);
}

// A figure-like block: <figure>, or a legacy `table.picture` / a table holding a picture and a
// caption cell.
bool IsFigureBlock(HtmlNode n) {
  const std::string_view tag = n.Tag();
  if (tag == "figure") return true;
  if (tag != "table") return false;
  if (n.HasClass("picture") || n.HasClass("article__avatar") || n.HasClass("image")) return true;
  static const Selector kLegacy = Selector::MustParse("td.caption, td.pCaption, td.pic, .PhotoCMS_Caption, .image_caption");
  static const Selector kImg = Selector::MustParse("img");
  return kLegacy.SelectFirst(n) && kImg.SelectFirst(n);
}

// Parses a srcset and returns the URL of its largest candidate.
std::string LargestSrcsetCandidate(std::string_view srcset) {
  std::string best;
  double best_size = -1;
  std::size_t i = 0;
  while (i < srcset.size()) {
    while (i < srcset.size() && (srcset[i] == ' ' || srcset[i] == ',' || srcset[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < srcset.size() && srcset[j] != ' ' && srcset[j] != '\n') ++j;
    std::string_view url = srcset.substr(i, j - i);
    // A URL directly followed by a comma has no descriptor.
    bool had_comma = false;
    if (!url.empty() && url.back() == ',') {
      url.remove_suffix(1);
      had_comma = true;
    }
    std::size_t k = j;
    double size = 1;
    if (!had_comma) {
      while (k < srcset.size() && srcset[k] == ' ') ++k;
      std::size_t end = srcset.find(',', k);
      if (end == std::string_view::npos) end = srcset.size();
      const std::string descriptor(srcset.substr(k, end - k));
      if (!descriptor.empty()) size = std::atof(descriptor.c_str());
      k = end;
    }
    if (!url.empty() && size > best_size) {
      best_size = size;
      best = std::string(url);
    }
    i = k + 1;
  }
  return best;
}

bool UsableImageUrl(std::string_view v) {
  return !v.empty() && !StartsWithIgnoreCase(v, "data:") && !StartsWithIgnoreCase(v, "about:") && !StartsWithIgnoreCase(v, "javascript:");
}

bool IsUpperCase(const std::string& text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString upper = u;
  upper.toUpper();
  icu::UnicodeString lower = u;
  lower.toLower();
  return u == upper && u != lower;  // has letters, none of them lower case
}

std::size_t WordCount(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

class BodyFlattener {
 public:
  BodyFlattener(const BodyOptions& options, const std::function<bool(HtmlNode)>* skip_if, Body& out)
      : options_(options), skip_if_(skip_if), out_(out) {}

  void Run(HtmlNode root) {
    struct Item {
      HtmlNode node;
      bool closing;
    };
    std::vector<Item> stack{{root, false}};
    while (!stack.empty()) {
      const Item item = stack.back();
      stack.pop_back();
      HtmlNode n = item.node;
      if (item.closing) {
        Flush();
        continue;
      }
      if (n.IsText()) {
        buffer_.append(n.RawText());
        continue;
      }
      if (!n.IsElement()) continue;
      const std::string_view tag = n.Tag();
      if (n != root && (IsSkippedTag(tag) || Skipped(n))) continue;
      if (tag == "br") {
        Flush();
        continue;
      }
      if (n != root && IsFigureBlock(n)) {
        Flush();
        AddFigure(n);
        continue;
      }
      if (tag == "figcaption") {  // an album caption after its figures, for all of them
        Flush();
        if (std::optional<std::string> cap = CleanField(n.Text())) {
          const HtmlNode album = n.Parent();
          for (std::size_t k = 0; k < out_.images.size(); ++k) {
            if (!out_.images[k].caption && album.IsAncestorOf(image_nodes_[k])) out_.images[k].caption = cap;
          }
        }
        continue;
      }
      if (tag == "img") {
        AddImage(n, std::nullopt);
        continue;
      }
      const bool block = IsBlockTag(tag);
      if (block) {
        Flush();
        stack.push_back({n, true});
      }
      for (std::size_t i = n.ChildCount(); i-- > 0;) stack.push_back({n.Child(i), false});
    }
    Flush();
  }

 private:
  bool Skipped(HtmlNode n) const {
    if (std::find(options_.skip.begin(), options_.skip.end(), n) != options_.skip.end()) return true;
    if (skip_if_ && *skip_if_ && (*skip_if_)(n)) return true;
    // Hidden elements are players, ad slots and templates, never article text.
    if (n.Attr("hidden")) return true;
    if (std::optional<std::string_view> style = n.Attr("style"); style && style->find("display") != std::string_view::npos) {
      std::string compact;
      for (char c : AsciiLower(*style)) {
        if (c != ' ') compact += c;
      }
      if (compact.find("display:none") != std::string::npos) return true;
    }
    return options_.drop && options_.drop->Matches(n);
  }

  void Flush() {
    if (buffer_.empty()) return;
    std::optional<std::string> text = CleanField(buffer_);
    buffer_.clear();
    if (text) out_.paragraphs.push_back(std::move(*text));
  }

  void AddFigure(HtmlNode figure) {
    static const Selector kImg = Selector::MustParse("img");
    const std::optional<std::string> caption = CaptionOf(figure);
    for (HtmlNode img : kImg.SelectAll(figure)) {
      if (img.Parent().Tag() == "noscript") continue;
      AddImage(img, caption);
    }
  }

  void AddImage(HtmlNode img, std::optional<std::string> caption) {
    std::optional<std::string> src = ImageSource(img, options_.base_url);
    if (!src) return;
    // Tracking pixels and icons are not article images.
    const int w = std::atoi(std::string(img.AttrOr("width")).c_str());
    const int h = std::atoi(std::string(img.AttrOr("height")).c_str());
    if ((w > 0 && w < 48) || (h > 0 && h < 48)) return;
    const std::string style = AsciiLower(img.AttrOr("style"));
    if (style.find("width: 1px") != std::string::npos || style.find("width:1px") != std::string::npos) return;
    for (const Image& existing : out_.images) {
      if (existing.url == *src) return;
    }
    out_.images.push_back(Image{std::move(*src), std::move(caption)});
    image_nodes_.push_back(img);
  }

  const BodyOptions& options_;
  const std::function<bool(HtmlNode)>* skip_if_;  // may be null
  Body& out_;
  std::string buffer_;
  std::vector<HtmlNode> image_nodes_;  // parallel to out_.images
};

}  // namespace

std::string ResolveLink(std::string_view base, std::string_view ref) {
  if (base.empty()) {
    Result<Url> url = Url::Parse(ref);
    return url.ok() ? url->Href() : std::string();
  }
  Result<std::string> resolved = ResolveUrl(base, ref);
  return resolved.ok() ? *resolved : std::string();
}

std::string PageBase(std::string_view page_url, std::string_view canonical) {
  return !page_url.empty() ? std::string(page_url) : ResolveLink("", canonical);
}

void SetFromFirst(std::optional<std::string>& field, const Selector& selector, HtmlNode root) {
  if (HtmlNode n = selector.SelectFirst(root)) {
    if (std::optional<std::string> v = CleanField(n.Text())) field = std::move(v);
  }
}

std::optional<std::string> CleanField(std::string_view text) {
  std::string t = CleanText(text);
  if (t.empty() || IsPlaceholderText(t)) return std::nullopt;
  return t;
}

std::optional<std::string> ImageSource(HtmlNode img, std::string_view base) {
  static constexpr const char* kLazy[] = {"data-src",     "data-original", "data-lazy-src", "data-lazy",
                                          "data-url",     "data-full-src", "data-hi-res-src", "data-echo",
                                          "data-large-src"};
  for (const char* attr : kLazy) {
    std::string_view v = img.AttrOr(attr);
    if (UsableImageUrl(v)) {
      std::string abs = ResolveLink(base, v);
      if (!abs.empty()) return abs;
    }
  }
  for (const char* attr : {"data-srcset", "srcset"}) {
    const std::string best = LargestSrcsetCandidate(img.AttrOr(attr));
    if (UsableImageUrl(best)) {
      std::string abs = ResolveLink(base, best);
      if (!abs.empty()) return abs;
    }
  }
  std::string_view src = img.AttrOr("src");
  if (UsableImageUrl(src)) {
    std::string abs = ResolveLink(base, src);
    if (!abs.empty()) return abs;
  }
  return std::nullopt;
}

std::optional<std::string> CaptionOf(HtmlNode container) {
  static const Selector kCaption = Selector::MustParse(
      "figcaption, td.caption, td.pCaption, .caption, .PhotoCMS_Caption, .image_caption, .image-caption");
  HtmlNode cap = kCaption.SelectFirst(container);
  return cap ? CleanField(cap.Text()) : std::nullopt;
}

void AddTags(std::string_view text, std::vector<std::string>& tags) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(",;", start);
    if (end == std::string_view::npos) end = text.size();
    std::string tag = CleanText(text.substr(start, end - start));
    while (!tag.empty() && tag.front() == '#') tag.erase(0, 1);
    tag = CleanText(tag);
    if (!tag.empty() && !IsPlaceholderText(tag) && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.push_back(std::move(tag));
    }
    start = end + 1;
  }
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::vector<std::string> unique;
  for (const std::string& n : names) {
    std::string c = CleanText(n);
    if (!c.empty() && std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
  }
  std::string out;
  for (const std::string& n : unique) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

Body ExtractBody(HtmlNode root, const BodyOptions& options) {
  Body body;
  if (root) BodyFlattener(options, nullptr, body).Run(root);
  return body;
}

Body ExtractBody(HtmlNode root, const BodyOptions& options, const std::function<bool(HtmlNode)>& skip_if) {
  Body body;
  if (root) BodyFlattener(options, &skip_if, body).Run(root);
  return body;
}

std::optional<std::string> JoinParagraphs(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

HtmlNode FindTrailingByline(HtmlNode body, const Selector* ignore) {
  std::vector<HtmlNode> children = body.ElementChildren();
  std::size_t blocks_with_text = 0;
  HtmlNode candidate;
  for (std::size_t i = children.size(); i-- > 0;) {
    HtmlNode c = children[i];
    if (IsSkippedTag(c.Tag()) || (ignore && ignore->Matches(c)) || IsFigureBlock(c)) continue;
    if (c.Text().empty()) continue;
    if (!candidate) {
      candidate = c;
    } else {
      ++blocks_with_text;
      break;
    }
  }
  if (!candidate || blocks_with_text == 0) return {};  // the only block is the article itself
  const std::string text = candidate.Text();
  if (Utf8Length(text) > 60 || WordCount(text) > 8) return {};
  if (text.find_first_of("!?:;\"") != std::string::npos || text.find("“") != std::string::npos) return {};
  if (text.back() == '.' && WordCount(text) > 3) return {};
  // Set apart from body paragraphs by alignment, weight, a class of its own, or capitals.
  const std::string style = AsciiLower(candidate.AttrOr("style"));
  if (style.find("right") != std::string::npos || AsciiLower(candidate.AttrOr("align")) == "right") return candidate;
  static const Selector kEmphasis = Selector::MustParse("b, strong, span[class], em");
  for (HtmlNode e : kEmphasis.SelectAll(candidate)) {
    if (e.Text() == text) return candidate;
  }
  if (candidate.Attr("class") && candidate.AttrOr("class").find_first_not_of(' ') != std::string_view::npos) {
    return candidate;
  }
  if (IsUpperCase(text)) return candidate;
  return {};
}

std::optional<std::string> PrintedDateTime(std::string_view text, std::string_view default_offset) {
  // Day first, as Vietnamese papers print it; the time and the offset are searched after the date
  // so that a weekday name or a "(GMT+7)" before it cannot be mistaken for them.
  static const std::regex kDate(R"((\d{1,2})/(\d{1,2})/(\d{4}))");
  static const std::regex kTime(R"((\d{1,2}):(\d{2})(?::(\d{2}))?)");
  static const std::regex kOffset(R"((?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?|([+-])(\d{2}):?(\d{2}))");
  const std::string s(text);
  std::smatch date;
  if (!std::regex_search(s, date, kDate)) return std::nullopt;
  const std::string rest = date.suffix();
  std::smatch time;
  int hh = 0, mi = 0, ss = 0;
  std::string after_time = rest;
  if (std::regex_search(rest, time, kTime)) {
    hh = std::stoi(time[1]);
    mi = std::stoi(time[2]);
    ss = time[3].matched ? std::stoi(time[3]) : 0;
    after_time = time.suffix();
  } else {
    return std::nullopt;  // a bare date is not a publication time
  }
  std::string offset(default_offset);
  std::smatch off;
  if (std::regex_search(after_time, off, kOffset)) {
    char buf[8];
    if (off[1].matched) {
      std::snprintf(buf, sizeof buf, "%s%02d:%02d", off[1].str().c_str(), std::stoi(off[2]),
                    off[3].matched ? std::stoi(off[3]) : 0);
    } else {
      std::snprintf(buf, sizeof buf, "%s%s:%s", off[4].str().c_str(), off[5].str().c_str(), off[6].str().c_str());
    }
    offset = buf;
  }
  char iso[40];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d%s", std::stoi(date[3]), std::stoi(date[2]),
                std::stoi(date[1]), hh, mi, ss, offset.c_str());
  // NormalizeDateTime validates the fields (no 31 February, no hour 25).
  return NormalizeDateTime(iso, {.default_offset = std::string(default_offset), .day_first = true});
}

std::optional<std::string> JsonLdDateTime(const PageMetadata& meta, std::string_view key,
                                          std::string_view default_offset) {
  const nlohmann::json* article = meta.JsonLdArticle();
  if (!article || !article->is_object()) return std::nullopt;
  auto it = article->find(std::string(key));
  if (it == article->end() || !it->is_string()) return std::nullopt;
  const std::string raw = it->get<std::string>();
  if (raw.find('T') == std::string::npos && raw.find(' ') == std::string::npos) return std::nullopt;
  return NormalizeDateTime(raw, {.default_offset = std::string(default_offset), .day_first = true});
}

std::string StripCreditLabel(std::string_view text) {
  std::string t = CleanText(text);
  const std::size_t colon = t.find(':');
  if (colon == std::string::npos || colon == 0) return t;
  // The label is only words of a credit: "Tin", "Bài", "ảnh", "và", "video"... in any case.
  icu::UnicodeString label = icu::UnicodeString::fromUTF8(t.substr(0, colon));
  label.toLower();
  std::string lower;
  label.toUTF8String(lower);
  for (char& c : lower) {
    if (c == ',' || c == '&' || c == '/' || c == '-') c = ' ';
  }
  static const std::vector<std::string> kWords = {"tin", "bài", "ảnh", "và", "video", "clip", "đồ", "họa",
                                                  "thực", "hiện", "nhóm", "pv"};
  std::istringstream words(lower);
  std::string w;
  bool any = false;
  while (words >> w) {
    if (std::find(kWords.begin(), kWords.end(), w) == kWords.end()) return t;
    any = true;
  }
  if (!any) return t;
  return CleanText(std::string_view(t).substr(colon + 1));
}

void MergeMissing(Article& into, const Article& from) {
  auto fill = [](std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a && b) a = b;
  };
  fill(into.url, from.url);
  fill(into.canonical_url, from.canonical_url);
  fill(into.site, from.site);
  fill(into.title, from.title);
  fill(into.byline, from.byline);
  fill(into.lead, from.lead);
  fill(into.body, from.body);
  fill(into.published_at, from.published_at);
  fill(into.updated_at, from.updated_at);
  fill(into.section, from.section);
  fill(into.language, from.language);
  if (into.images.empty()) into.images = from.images;
  if (into.tags.empty()) into.tags = from.tags;
}

}  // namespace newscrawl::extract
