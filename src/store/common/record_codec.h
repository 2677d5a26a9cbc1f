// How a record, a URL row and a raw page are written into and read back from a store's tables,
// the same for every backend: the column lists, the tags as a JSON array, the version history's
// record JSON, raw pages as zstd with an XXH3 content hash. A backend supplies only a row reader
// (ArticleFromRow, UrlFromRow below). Pure functions; thread-safe. Private to src/store.
#ifndef NEWSCRAWL_STORE_COMMON_RECORD_CODEC_H_
#define NEWSCRAWL_STORE_COMMON_RECORD_CODEC_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "newscrawl/store/article_store.h"
#include "newscrawl/frontier/frontier.h"
#include "newscrawl/core/status.h"

namespace newscrawl::store {

// The columns ArticleFromRow reads, in its order.
inline constexpr const char* kArticleColumns =
    "id, site, url, canonical_url, extractor, title, byline, lead, body, published_at, updated_at, "
    "section, tags, language, first_seen, last_seen, duplicate_of";
// The columns UrlFromRow reads, in its order.
inline constexpr const char* kUrlColumns =
    "url, site, kind, priority, published_at, depth, discovered_from, status, attempts, "
    "next_fetch_at, etag, last_modified, last_error";

// Databases keep 64-bit hashes in signed 64-bit columns.
inline std::int64_t ToDb(std::uint64_t v) { return static_cast<std::int64_t>(v); }
inline std::uint64_t FromDb(std::int64_t v) { return static_cast<std::uint64_t>(v); }

template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

// JSON text for the database; invalid UTF-8 is replaced rather than thrown on.
std::string DumpJson(const nlohmann::ordered_json& j);
// The tags column: a JSON array of strings.
std::string TagsJson(const Article& a);
// The inverse of TagsJson; anything but an array of strings gives what strings it holds.
std::vector<std::string> ParseTags(const std::string& json);

// A raw page as stored: its content hash (the key) and its zstd bytes.
struct PackedPage {
  std::uint64_t hash = 0;
  std::string zstd;
};
Result<PackedPage> PackPage(std::string_view raw_html);
// The page of `hash` from its stored size and zstd bytes; kStorage if they do not agree.
Result<std::string> UnpackPage(std::uint64_t hash, std::int64_t size, const std::string& zstd);

// Row readers: `Row` has Int(col), OptInt(col), Text(col), OptText(col) for one result row
// (a SQLiteCpp statement on its current row, a libpq result row).
template <typename Row>
StoredArticle ArticleFromRow(const Row& row) {
  StoredArticle out;
  out.id = row.Int(0);
  Article& a = out.article;
  a.site = row.OptText(1);
  a.url = row.OptText(2);
  a.canonical_url = row.OptText(3);
  a.extractor = row.OptText(4);
  a.title = row.OptText(5);
  a.byline = row.OptText(6);
  a.lead = row.OptText(7);
  a.body = row.OptText(8);
  a.published_at = row.OptText(9);
  a.updated_at = row.OptText(10);
  a.section = row.OptText(11);
  a.tags = ParseTags(row.Text(12));
  a.language = row.OptText(13);
  out.first_seen = row.Int(14);
  out.last_seen = row.Int(15);
  out.duplicate_of = row.OptInt(16);
  return out;
}

template <typename Row>
UrlEntry UrlFromRow(const Row& row) {
  UrlEntry e;
  e.url = row.Text(0);
  e.site = row.Text(1);
  e.kind = UrlKindFromName(row.Text(2)).value_or(UrlKind::kArticle);
  e.priority = static_cast<int>(row.Int(3));
  e.published_at = row.OptInt(4);
  e.depth = static_cast<int>(row.Int(5));
  e.discovered_from = row.OptText(6);
  e.status = UrlStatusFromName(row.Text(7)).value_or(UrlStatus::kPending);
  e.attempts = static_cast<int>(row.Int(8));
  e.next_fetch_at = row.OptInt(9).value_or(0);
  e.validators.etag = row.OptText(10);
  e.validators.last_modified = row.OptText(11);
  e.last_error = row.OptText(12);
  return e;
}

}  // namespace newscrawl::store

#endif  // NEWSCRAWL_STORE_COMMON_RECORD_CODEC_H_
