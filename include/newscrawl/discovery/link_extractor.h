// LinkExtractor: finds the links a crawler follows on a fetched page (article pages, more listing
// pages, the next page of a listing). Links are resolved as browsers resolve them (honouring
// <base href>), canonicalised for dedup, de-duplicated, and kept in page order.
// Which links count is per site (LinkRules, from the config): a CSS selector for the anchors that
// hold article links (default: every a[href]) and regexes over the canonical URL.
// Immutable once built; Extract() is thread-safe.
#ifndef NEWSCRAWL_LINK_EXTRACTOR_H_
#define NEWSCRAWL_LINK_EXTRACTOR_H_

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/html/html_document.h"
#include "newscrawl/html/selector.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct LinkRules {
  // Article pages: canonical URLs matching this (ECMAScript regex, searched). Empty = none.
  std::string article_url;
  // Listing pages worth following (categories, pagination): canonical URLs matching this.
  std::string follow_url;
  // Anchors that may hold article links. Default: every a[href]. A site whose pages link
  // articles from menus and footers too narrows it (e.g. "article.story a, h3.title-news a").
  std::string article_links = "a[href]";
  // The link to the next page of a listing. Default: rel=next links, then common pager classes.
  std::string next_page = "link[rel=next][href], a[rel=next][href], .pagination a.next[href], a.next[href]";
  // Only links to these hosts (or their subdomains) are kept. Empty = the page's own host.
  std::vector<std::string> allowed_domains;
};

struct PageLinks {
  std::vector<std::string> articles;  // canonical, in page order, no duplicates
  std::vector<std::string> follow;    // canonical listing pages (article links excluded)
  std::optional<std::string> next_page;
};

class LinkExtractor {
 public:
  // Compiles the rules; a bad regex or selector is an InvalidArgument naming it.
  static Result<LinkExtractor> Create(const LinkRules& rules);

  // `page_url` is the URL the page was fetched from (after redirects).
  PageLinks Extract(const HtmlDocument& doc, std::string_view page_url) const;

  // Whether a canonical URL is an article by the `article_url` rule, or a listing worth following
  // by the `follow_url` rule (false without the rule). Feeds and sitemaps are read with these.
  bool IsArticleUrl(std::string_view url) const {
    return article_re_ && std::regex_search(url.begin(), url.end(), *article_re_);
  }
  bool IsFollowUrl(std::string_view url) const {
    return follow_re_ && std::regex_search(url.begin(), url.end(), *follow_re_);
  }

 private:
  LinkRules rules_;
  std::optional<std::regex> article_re_;
  std::optional<std::regex> follow_re_;
  Selector article_links_;
  Selector next_page_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_LINK_EXTRACTOR_H_
