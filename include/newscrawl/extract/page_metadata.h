// PageMetadata: what a page says about itself in its <head> and JSON-LD, computed once per page and
// shared by every field of every extractor (Fundus' "Precomputed"). Also FillFromMetadata(), the
// metadata-only record that every extractor starts from and the generic extractor builds on.
// Immutable after Build(); thread-compatible.
#ifndef NEWSCRAWL_PAGE_METADATA_H_
#define NEWSCRAWL_PAGE_METADATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "newscrawl/core/article.h"
#include "newscrawl/html/html_document.h"

namespace newscrawl {

class PageMetadata {
 public:
  static PageMetadata Build(const HtmlDocument& doc);

  // The content of the first <meta> whose property, name or itemprop equals `key`
  // (ASCII case-insensitive), cleaned; nullopt when absent or empty.
  std::optional<std::string> Meta(std::string_view key) const;
  // All contents for `key` in document order (article:tag appears once per tag).
  std::vector<std::string> MetaAll(std::string_view key) const;

  const std::string& canonical() const { return canonical_; }  // link[rel=canonical] href, raw
  const std::string& language() const { return language_; }    // primary subtag of <html lang>
  const std::string& title_tag() const { return title_tag_; }  // <title>, cleaned
  // Every JSON-LD object on the page, with @graph members and top-level lists flattened.
  const std::vector<nlohmann::json>& json_ld() const { return json_ld_; }
  // The first JSON-LD object whose @type is an article type (NewsArticle, Article, BlogPosting,
  // ReportageNewsArticle, ...), or nullptr.
  const nlohmann::json* JsonLdArticle() const;
  // The JSON-LD BreadcrumbList's item names in order (empty when none).
  std::vector<std::string> JsonLdBreadcrumb() const;

 private:
  std::vector<std::pair<std::string, std::string>> meta_;  // lower-case key, raw content
  std::string canonical_;
  std::string language_;
  std::string title_tag_;
  std::vector<nlohmann::json> json_ld_;
};

// A string from a JSON-LD value: a string itself, or the "name"/"@value" of an object, or the
// first such of a list.
std::optional<std::string> JsonLdText(const nlohmann::json& value);

struct MetadataFillOptions {
  std::string base_url;        // to make relative URLs absolute
  std::string default_offset;  // for times printed without one (e.g. "+07:00"); "" = none
};

// A record from metadata alone: canonical_url (link or og:url), title (JSON-LD headline, og:title,
// <title>), lead (description), byline (JSON-LD author names, meta author), published/updated times,
// section, tags, language and the main image. Fields the page does not state stay null.
Article FillFromMetadata(const PageMetadata& meta, const MetadataFillOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_PAGE_METADATA_H_
