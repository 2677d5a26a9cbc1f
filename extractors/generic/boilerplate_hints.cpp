#include "boilerplate_hints.h"

#include <algorithm>
#include <string>

namespace newscrawl::generic {
namespace {

// Substrings, matched anywhere in the lower-cased class/id string ("post-comments" has both
// "post" and "comment"). Short words that are parts of longer ones ("ad" in "header", "nav" in
// "canvas") are matched as whole tokens instead.
constexpr std::string_view kPositive[] = {"article", "content", "entry", "post",  "story", "body",
                                          "text",    "main",    "blog",  "prose", "hentry", "permalink"};
constexpr std::string_view kBoilerplate[] = {
    "comment",  "share",     "sharing",   "social",   "related",   "newsletter", "cookie",    "consent",
    "subscri",  "promo",     "sponsor",   "advert",   "outbrain",  "taboola",    "disqus",    "breadcrumb",
    "popup",    "modal",     "signup",    "sign-up",  "paywall",   "recommend",  "trending",  "popular",
    "more-from", "read-more", "readmore", "also-read", "alsoread", "next-article", "newsfeed", "gdpr",
    "banner",   "skyscraper", "donate",   "login",    "follow",    "tagcloud",   "tag-list",  "taglist",
    "author-bio", "authorbio", "toolbar", "print",    "pagination", "pager",     "jump-link", "jumplink"};
constexpr std::string_view kNegative[] = {
    "footer", "sidebar", "widget", "menu",  "navbar", "navigation", "masthead", "header", "combx",
    "remark", "rss",     "shoutbox", "community", "extra", "supplement", "hidden", "caption", "credit",
    "byline", "author",  "dateline", "timestamp", "meta", "tags",  "topics",  "rail",  "teaser"};
// Whole tokens (split on anything but a-z0-9).
constexpr std::string_view kNegativeTokens[] = {"ad", "ads", "adv", "nav", "tag", "aside", "links", "bio",
                                                "share", "promo", "date", "time", "info"};
constexpr std::string_view kBoilerplateTokens[] = {"ad", "ads", "adv"};
constexpr std::string_view kBylineHints[] = {"byline", "author", "dateline", "by-line", "writer"};

bool ContainsAny(std::string_view s, const auto& words) {
  return std::any_of(std::begin(words), std::end(words),
                     [&](std::string_view w) { return s.find(w) != std::string_view::npos; });
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool HasToken(std::string_view s, const auto& tokens) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !IsAlnum(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && IsAlnum(s[j])) ++j;
    if (j > i) {
      const std::string_view tok = s.substr(i, j - i);
      if (std::find(std::begin(tokens), std::end(tokens), tok) != std::end(tokens)) return true;
    }
    i = j;
  }
  return false;
}

}  // namespace

ClassHints HintsOfString(std::string_view raw) {
  ClassHints h;
  if (raw.empty()) return h;
  std::string s(raw);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  h.positive = ContainsAny(s, kPositive);
  h.boilerplate = ContainsAny(s, kBoilerplate) || HasToken(s, kBoilerplateTokens);
  h.byline = ContainsAny(s, kBylineHints);
  h.negative = h.boilerplate || ContainsAny(s, kNegative) || HasToken(s, kNegativeTokens);
  return h;
}

ClassHints HintsOf(HtmlNode node) {
  const std::string_view cls = node.AttrOr("class");
  const std::string_view id = node.AttrOr("id");
  ClassHints h;
  if (!cls.empty() || !id.empty()) {
    std::string both;
    both.reserve(cls.size() + id.size() + 1);
    both.append(cls).append(" ").append(id);
    h = HintsOfString(both);
  }
  if (const std::optional<std::string_view> prop = node.Attr("itemprop")) {
    if (*prop == "articleBody" || *prop == "articlebody" || *prop == "text") h.positive = true;
    if (*prop == "author" || *prop == "creator") h.byline = h.negative = true;
  }
  if (const std::optional<std::string_view> role = node.Attr("role")) {
    if (*role == "navigation" || *role == "complementary" || *role == "contentinfo" || *role == "banner" ||
        *role == "dialog" || *role == "alertdialog" || *role == "menu" || *role == "menubar") {
      h.negative = h.boilerplate = true;
    }
    if (*role == "main" || *role == "article") h.positive = true;
  }
  return h;
}

bool IsNonContentTag(std::string_view t) {
  static constexpr std::string_view kTags[] = {
      "script", "style",  "noscript", "template", "iframe", "svg",   "math",  "button", "input",
      "select", "textarea", "nav",    "aside",    "footer", "video", "audio", "object", "embed",
      "canvas", "map",    "head",     "title",    "link",   "meta",  "dialog", "menu",  "label", "option"};
  return std::find(std::begin(kTags), std::end(kTags), t) != std::end(kTags);
}

}  // namespace newscrawl::generic
