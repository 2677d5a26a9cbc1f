// Article: the record newscrawl produces for one article page, and its JSON form.
// Every field the brief names is always present in JSON: a missing value is null (lists: []).
// Text fields are already clean (NFC, collapsed whitespace, no boilerplate) when an extractor
// returns them. A plain value type; thread-compatible.
#ifndef NEWSCRAWL_ARTICLE_H_
#define NEWSCRAWL_ARTICLE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newscrawl/core/status.h"

namespace newscrawl {

struct Image {
  std::string url;                     // absolute URL of the real image (never a data: placeholder)
  std::optional<std::string> caption;  // the caption as printed, credit ("Ảnh: …") included

  bool operator==(const Image&) const = default;
};

struct Article {
  std::optional<std::string> url;            // the URL the page was fetched from (or --url)
  std::optional<std::string> canonical_url;  // link[rel=canonical] / og:url, absolute
  std::optional<std::string> site;           // site key from the config / registry ("baogialai")
  std::optional<std::string> extractor;      // which extractor produced the record ("cms-family", "generic")
  std::optional<std::string> title;
  std::optional<std::string> byline;         // authors as the page prints them, comma-separated
  std::optional<std::string> lead;           // the sapo / standfirst, verbatim
  std::optional<std::string> body;           // paragraphs joined by "\n\n"
  std::vector<Image> images;
  std::optional<std::string> published_at;   // ISO 8601 with offset: 2023-05-24T10:15:00+07:00
  std::optional<std::string> updated_at;
  std::optional<std::string> section;
  std::vector<std::string> tags;
  std::optional<std::string> language;       // BCP 47 primary tag ("vi")

  bool operator==(const Article&) const = default;
};

// The field names in output order; tests and `stats` iterate over them.
const std::vector<std::string>& ArticleFieldNames();

// JSON with every field present (null / []), in ArticleFieldNames() order.
nlohmann::ordered_json ArticleToJson(const Article& article);

// The inverse of ArticleToJson; unknown keys are ignored, wrong types are a ParseError.
Result<Article> ArticleFromJson(const nlohmann::ordered_json& json);

}  // namespace newscrawl

#endif  // NEWSCRAWL_ARTICLE_H_
