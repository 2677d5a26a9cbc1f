#include "newscrawl/core/article.h"

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

using Json = nlohmann::ordered_json;

Json OptionalToJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

// Reads an optional string field; absent and null both mean "not found".
Status ReadOptional(const Json& json, const char* key, std::optional<std::string>& out) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Status::ParseError(std::string("field '") + key + "' is not a string");
  out = it->get<std::string>();
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& ArticleFieldNames() {
  static const std::vector<std::string> kNames = {
      "url",   "canonical_url", "site",         "extractor",  "title",   "byline", "lead",
      "body",  "images",        "published_at", "updated_at", "section", "tags",   "language"};
  return kNames;
}

nlohmann::ordered_json ArticleToJson(const Article& a) {
  Json images = Json::array();
  for (const Image& img : a.images) {
    images.push_back(Json{{"url", img.url}, {"caption", OptionalToJson(img.caption)}});
  }
  Json tags = Json::array();
  for (const std::string& t : a.tags) tags.push_back(t);
  return Json{{"url", OptionalToJson(a.url)},
              {"canonical_url", OptionalToJson(a.canonical_url)},
              {"site", OptionalToJson(a.site)},
              {"extractor", OptionalToJson(a.extractor)},
              {"title", OptionalToJson(a.title)},
              {"byline", OptionalToJson(a.byline)},
              {"lead", OptionalToJson(a.lead)},
              {"body", OptionalToJson(a.body)},
              {"images", std::move(images)},
              {"published_at", OptionalToJson(a.published_at)},
              {"updated_at", OptionalToJson(a.updated_at)},
              {"section", OptionalToJson(a.section)},
              {"tags", std::move(tags)},
              {"language", OptionalToJson(a.language)}};
}

Result<Article> ArticleFromJson(const nlohmann::ordered_json& json) {
  if (!json.is_object()) return Status::ParseError("article JSON is not an object");
  Article a;
  struct Field {
    const char* key;
    std::optional<std::string> Article::*member;
  };
  static constexpr Field kFields[] = {
      {"url", &Article::url},         {"canonical_url", &Article::canonical_url},
      {"site", &Article::site},       {"extractor", &Article::extractor},
      {"title", &Article::title},     {"byline", &Article::byline},
      {"lead", &Article::lead},       {"body", &Article::body},
      {"published_at", &Article::published_at}, {"updated_at", &Article::updated_at},
      {"section", &Article::section}, {"language", &Article::language}};
  for (const Field& f : kFields) {
    if (Status s = ReadOptional(json, f.key, a.*(f.member)); !s.ok()) return s;
  }
  if (auto it = json.find("images"); it != json.end() && !it->is_null()) {
    if (!it->is_array()) return Status::ParseError("field 'images' is not a list");
    for (const Json& img : *it) {
      if (!img.is_object() || !img.contains("url") || !img["url"].is_string()) {
        return Status::ParseError("an image has no string 'url'");
      }
      Image out{img["url"].get<std::string>(), std::nullopt};
      if (Status s = ReadOptional(img, "caption", out.caption); !s.ok()) return s;
      a.images.push_back(std::move(out));
    }
  }
  if (auto it = json.find("tags"); it != json.end() && !it->is_null()) {
    if (!it->is_array()) return Status::ParseError("field 'tags' is not a list");
    for (const Json& t : *it) {
      if (!t.is_string()) return Status::ParseError("a tag is not a string");
      a.tags.push_back(t.get<std::string>());
    }
  }
  return a;
}

}  // namespace newscrawl
