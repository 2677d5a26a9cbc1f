#include "newscrawl/discovery/link_extractor.h"

#include <algorithm>
#include <unordered_set>

#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

Result<std::optional<std::regex>> CompileRegex(const std::string& pattern, const char* what) {
  if (pattern.empty()) return std::optional<std::regex>();
  try {
    return std::optional<std::regex>(std::regex(pattern, std::regex::ECMAScript | std::regex::optimize));
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument(std::string(what) + " '" + pattern + "' is not a valid regex: " + e.what());
  }
}

// A list that keeps the first occurrence of each value, in order.
class OrderedSet {
 public:
  bool Add(const std::string& v) {
    if (!seen_.insert(v).second) return false;
    items_.push_back(v);
    return true;
  }
  bool Contains(const std::string& v) const { return seen_.count(v) > 0; }
  std::vector<std::string> Take() { return std::move(items_); }

 private:
  std::unordered_set<std::string> seen_;
  std::vector<std::string> items_;
};

}  // namespace

Result<LinkExtractor> LinkExtractor::Create(const LinkRules& rules) {
  LinkExtractor e;
  e.rules_ = rules;
  auto article = CompileRegex(rules.article_url, "article_url");
  if (!article.ok()) return article.status();
  auto follow = CompileRegex(rules.follow_url, "follow_url");
  if (!follow.ok()) return follow.status();
  e.article_re_ = std::move(article).value();
  e.follow_re_ = std::move(follow).value();
  Result<Selector> links = Selector::Parse(rules.article_links);
  if (!links.ok()) return Status::InvalidArgument("article_links: " + links.status().message());
  Result<Selector> next = Selector::Parse(rules.next_page);
  if (!next.ok()) return Status::InvalidArgument("next_page: " + next.status().message());
  e.article_links_ = std::move(links).value();
  e.next_page_ = std::move(next).value();
  return e;
}

PageLinks LinkExtractor::Extract(const HtmlDocument& doc, std::string_view page_url) const {
  std::string base(page_url);
  static const Selector kBase = Selector::MustParse("base[href]");
  if (HtmlNode b = kBase.SelectFirst(doc.Root())) {
    if (Result<std::string> r = ResolveUrl(page_url, b.AttrOr("href")); r.ok()) base = *r;
  }
  std::vector<std::string> domains = rules_.allowed_domains;
  if (domains.empty()) {
    std::string host = HostOf(page_url);
    // www.x.vn and x.vn are one site.
    if (host.starts_with("www.")) host.erase(0, 4);
    if (!host.empty()) domains.push_back(host);
  }
  auto canonical_link = [&](std::string_view href) -> std::optional<std::string> {
    Result<std::string> abs = ResolveUrl(base, href);
    if (!abs.ok()) return std::nullopt;
    Result<std::string> canon = CanonicalUrl(*abs);
    if (!canon.ok()) return std::nullopt;
    const std::string host = HostOf(*canon);
    const bool allowed = std::any_of(domains.begin(), domains.end(),
                                     [&](const std::string& d) { return HostInDomain(host, d); });
    if (!allowed) return std::nullopt;
    return std::move(canon).value();
  };

  OrderedSet articles, follow;
  if (article_re_) {
    for (HtmlNode a : article_links_.SelectAll(doc.Root())) {
      if (a.Tag() != "a" && a.Tag() != "area") continue;
      const std::optional<std::string> url = canonical_link(a.AttrOr("href"));
      if (url && std::regex_search(*url, *article_re_)) articles.Add(*url);
    }
  }
  if (follow_re_) {
    static const Selector kAnchors = Selector::MustParse("a[href], area[href]");
    for (HtmlNode a : kAnchors.SelectAll(doc.Root())) {
      const std::optional<std::string> url = canonical_link(a.AttrOr("href"));
      if (!url || articles.Contains(*url)) continue;
      if (article_re_ && std::regex_search(*url, *article_re_)) continue;
      if (std::regex_search(*url, *follow_re_)) follow.Add(*url);
    }
  }
  PageLinks out;
  if (HtmlNode next = next_page_.SelectFirst(doc.Root())) {
    out.next_page = canonical_link(next.AttrOr("href"));
    Result<std::string> self = CanonicalUrl(page_url);
    if (out.next_page && self.ok() && *out.next_page == *self) out.next_page.reset();
  }
  out.articles = articles.Take();
  out.follow = follow.Take();
  return out;
}

}  // namespace newscrawl
