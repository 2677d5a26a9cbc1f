#include "newscrawl/extract/page_metadata.h"

#include <algorithm>

#include "extract_helpers.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/text.h"
#include "newscrawl/core/time_parse.h"

namespace newscrawl {
namespace {

using Json = nlohmann::json;

bool IsArticleType(const Json& type) {
  static constexpr std::string_view kTypes[] = {
      "NewsArticle",     "Article",          "BlogPosting",        "ReportageNewsArticle",
      "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
      "LiveBlogPosting", "TechArticle",      "ScholarlyArticle",   "SatiricalArticle",
      "Report",          "AskPublicNewsArticle", "SocialMediaPosting", "WebPage"};
  auto matches = [](const Json& t) {
    if (!t.is_string()) return false;
    std::string_view s = t.get_ref<const std::string&>();
    if (const std::size_t slash = s.rfind('/'); slash != std::string_view::npos) s.remove_prefix(slash + 1);
    // WebPage is a weak match handled by the caller's ordering; exclude it here.
    return s != "WebPage" && std::find(std::begin(kTypes), std::end(kTypes), s) != std::end(kTypes);
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

// Adds `value` and, for @graph containers and lists, their members to `out` (iteratively).
void Flatten(Json value, std::vector<Json>& out) {
  std::vector<Json> stack{std::move(value)};
  while (!stack.empty() && out.size() < 256) {
    Json v = std::move(stack.back());
    stack.pop_back();
    if (v.is_array()) {
      for (auto it = v.rbegin(); it != v.rend(); ++it) stack.push_back(std::move(*it));
    } else if (v.is_object()) {
      if (auto g = v.find("@graph"); g != v.end() && g->is_array()) {
        Json graph = std::move(*g);
        for (auto it = graph.rbegin(); it != graph.rend(); ++it) stack.push_back(std::move(*it));
        if (!v.contains("@type")) continue;
      }
      out.push_back(std::move(v));
    }
  }
}

Json ParseLenient(const std::string& text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) return j;
  // Many sites print raw newlines and tabs inside JSON strings; JSON forbids them, browsers and
  // search engines accept them.
  std::string fixed = text;
  for (char& c : fixed) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return Json::parse(fixed, nullptr, false);
}

std::optional<std::string> FirstOf(std::initializer_list<std::optional<std::string>> values) {
  for (const auto& v : values) {
    if (v && !v->empty()) return v;
  }
  return std::nullopt;
}

std::optional<std::string> JsonLdField(const Json* obj, const char* key) {
  if (!obj) return std::nullopt;
  auto it = obj->find(key);
  if (it == obj->end()) return std::nullopt;
  return JsonLdText(*it);
}

std::optional<std::string> Date(const std::optional<std::string>& raw, const MetadataFillOptions& o) {
  if (!raw) return std::nullopt;
  return NormalizeDateTime(*raw, DateParseOptions{.default_offset = o.default_offset});
}

// Author names from a JSON-LD author value (string, Person, Organization or a list of them).
std::vector<std::string> JsonLdAuthors(const Json& v) {
  std::vector<std::string> names;
  auto add = [&](const Json& a) {
    if (std::optional<std::string> n = JsonLdText(a); n && !n->empty()) names.push_back(*n);
  };
  if (v.is_array()) {
    for (const Json& a : v) add(a);
  } else {
    add(v);
  }
  return names;
}

}  // namespace

std::optional<std::string> JsonLdText(const Json& value) {
  const Json* v = &value;
  if (v->is_array()) {
    if (v->empty()) return std::nullopt;
    v = &(*v)[0];
  }
  if (v->is_object()) {
    for (const char* key : {"name", "@value", "url"}) {
      if (auto it = v->find(key); it != v->end() && it->is_string()) {
        v = &*it;
        break;
      }
    }
  }
  if (!v->is_string()) return std::nullopt;
  std::string text = CleanText(v->get_ref<const std::string&>());
  if (text.empty() || IsPlaceholderText(text)) return std::nullopt;
  return text;
}

PageMetadata PageMetadata::Build(const HtmlDocument& doc) {
  PageMetadata m;
  m.language_ = AsciiLower(doc.Root().AttrOr("lang"));
  if (const std::size_t dash = m.language_.find_first_of("-_"); dash != std::string::npos) {
    m.language_.resize(dash);
  }
  static const Selector kMeta = Selector::MustParse("meta[content]");
  static const Selector kCanonical = Selector::MustParse("link[rel=canonical][href]");
  static const Selector kTitle = Selector::MustParse("title");
  static const Selector kJsonLd = Selector::MustParse("script[type*=\"ld+json\"]");
  for (HtmlNode n : kMeta.SelectAll(doc.Root())) {
    for (const char* attr : {"property", "name", "itemprop"}) {
      if (std::optional<std::string_view> key = n.Attr(attr); key && !key->empty()) {
        m.meta_.emplace_back(AsciiLower(*key), std::string(n.AttrOr("content")));
      }
    }
  }
  if (HtmlNode c = kCanonical.SelectFirst(doc.Root())) m.canonical_ = CleanText(c.AttrOr("href"));
  if (HtmlNode t = kTitle.SelectFirst(doc.Root())) m.title_tag_ = t.Text();
  for (HtmlNode s : kJsonLd.SelectAll(doc.Root())) {
    std::string text;
    for (HtmlNode c : s.Children()) text.append(c.RawText());
    Json j = ParseLenient(text);
    if (!j.is_discarded()) Flatten(std::move(j), m.json_ld_);
  }
  return m;
}

std::optional<std::string> PageMetadata::Meta(std::string_view key) const {
  const std::string k = AsciiLower(key);
  for (const auto& [name, content] : meta_) {
    if (name != k) continue;
    std::string text = CleanText(content);
    if (!text.empty() && !IsPlaceholderText(text)) return text;
  }
  return std::nullopt;
}

std::vector<std::string> PageMetadata::MetaAll(std::string_view key) const {
  const std::string k = AsciiLower(key);
  std::vector<std::string> out;
  for (const auto& [name, content] : meta_) {
    if (name != k) continue;
    std::string text = CleanText(content);
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

const nlohmann::json* PageMetadata::JsonLdArticle() const {
  for (const Json& obj : json_ld_) {
    if (auto t = obj.find("@type"); t != obj.end() && IsArticleType(*t)) return &obj;
  }
  return nullptr;
}

std::vector<std::string> PageMetadata::JsonLdBreadcrumb() const {
  std::vector<std::string> names;
  for (const Json& obj : json_ld_) {
    auto t = obj.find("@type");
    if (t == obj.end() || !t->is_string() || *t != "BreadcrumbList") continue;
    auto items = obj.find("itemListElement");
    if (items == obj.end() || !items->is_array()) continue;
    for (const Json& item : *items) {
      if (!item.is_object()) continue;
      std::optional<std::string> name = JsonLdField(&item, "name");
      if (!name) {
        if (auto inner = item.find("item"); inner != item.end()) name = JsonLdText(*inner);
      }
      if (name) names.push_back(*name);
    }
    break;
  }
  return names;
}

// Long because it is a table in code: for each field, its sources (JSON-LD, OpenGraph, meta
// tags) in order of trust.
Article FillFromMetadata(const PageMetadata& meta, const MetadataFillOptions& o) {
  Article a;
  const Json* ld = meta.JsonLdArticle();
  std::optional<std::string> canonical =
      FirstOf({meta.canonical().empty() ? std::nullopt : std::optional(meta.canonical()), meta.Meta("og:url")});
  if (canonical) {
    std::string abs = extract::ResolveLink(o.base_url, *canonical);
    if (!abs.empty()) a.canonical_url = abs;
  }
  a.title = FirstOf({JsonLdField(ld, "headline"), meta.Meta("og:title"), meta.Meta("twitter:title"),
                     meta.title_tag().empty() ? std::nullopt : std::optional(meta.title_tag())});
  a.lead = FirstOf({JsonLdField(ld, "description"), meta.Meta("og:description"), meta.Meta("description"),
                    meta.Meta("twitter:description")});
  // Many sites put their own name where an author belongs; a publisher is not a byline.
  std::vector<std::string> publishers;
  for (const char* key : {"og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site",
                          "copyright", "generator"}) {
    if (std::optional<std::string> v = meta.Meta(key)) publishers.push_back(AsciiLower(*v));
  }
  if (ld) {
    if (auto it = ld->find("publisher"); it != ld->end()) {
      if (std::optional<std::string> p = JsonLdText(*it)) publishers.push_back(AsciiLower(*p));
    }
  }
  auto is_publisher = [&](const std::string& name) {
    const std::string lower = AsciiLower(name);
    return std::any_of(publishers.begin(), publishers.end(), [&](const std::string& p) {
      return lower == p || "@" + lower == p || p.find(lower) != std::string::npos;
    });
  };
  if (ld) {
    if (auto it = ld->find("author"); it != ld->end()) {
      std::vector<std::string> names = JsonLdAuthors(*it);
      std::erase_if(names, is_publisher);
      if (!names.empty()) a.byline = extract::JoinNames(names);
    }
  }
  if (!a.byline) {
    for (const char* key : {"article:author", "author", "dc.creator", "byl", "sailthru.author"}) {
      std::optional<std::string> v = meta.Meta(key);
      if (v && v->find("://") == std::string::npos && !is_publisher(*v)) {
        a.byline = v;
        break;
      }
    }
  }
  a.published_at = FirstOf({Date(JsonLdField(ld, "datePublished"), o), Date(meta.Meta("article:published_time"), o),
                            Date(meta.Meta("datePublished"), o), Date(meta.Meta("og:published_time"), o),
                            Date(meta.Meta("pubdate"), o), Date(meta.Meta("publishdate"), o),
                            Date(meta.Meta("dc.date.issued"), o), Date(meta.Meta("dc.date"), o),
                            Date(meta.Meta("date"), o), Date(JsonLdField(ld, "dateCreated"), o)});
  a.updated_at = FirstOf({Date(JsonLdField(ld, "dateModified"), o), Date(meta.Meta("article:modified_time"), o),
                          Date(meta.Meta("dateModified"), o), Date(meta.Meta("og:updated_time"), o)});
  a.section = FirstOf({meta.Meta("article:section"), JsonLdField(ld, "articleSection")});
  for (const std::string& t : meta.MetaAll("article:tag")) extract::AddTags(t, a.tags);
  if (ld && a.tags.empty()) {
    if (auto it = ld->find("keywords"); it != ld->end()) {
      if (it->is_string()) {
        extract::AddTags(it->get<std::string>(), a.tags);
      } else if (it->is_array()) {
        for (const Json& k : *it) {
          if (k.is_string()) extract::AddTags(k.get<std::string>(), a.tags);
        }
      }
    }
  }
  if (a.tags.empty()) {
    if (std::optional<std::string> k = meta.Meta("news_keywords")) extract::AddTags(*k, a.tags);
  }
  std::string lang = meta.language();
  if (lang.empty()) {
    if (std::optional<std::string> loc = meta.Meta("og:locale")) lang = AsciiLower(loc->substr(0, loc->find_first_of("-_")));
  }
  if (lang.empty()) {
    if (std::optional<std::string> l = JsonLdField(ld, "inLanguage")) lang = AsciiLower(l->substr(0, l->find_first_of("-_")));
  }
  if (!lang.empty() && lang.size() <= 8) a.language = lang;
  return a;
}

}  // namespace newscrawl
