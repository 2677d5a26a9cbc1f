#include "common/record_codec.h"

#include <xxhash.h>
#include <zstd.h>

namespace newscrawl::store {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kZstdLevel = 3;

}  // namespace

std::string DumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string TagsJson(const Article& a) {
  Json tags = Json::array();
  for (const std::string& t : a.tags) tags.push_back(t);
  return DumpJson(tags);
}

std::vector<std::string> ParseTags(const std::string& json) {
  std::vector<std::string> tags;
  const Json parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return tags;
  for (const Json& t : parsed) {
    if (t.is_string()) tags.push_back(t.get<std::string>());
  }
  return tags;
}

Result<PackedPage> PackPage(std::string_view raw_html) {
  PackedPage page;
  page.hash = XXH3_64bits(raw_html.data(), raw_html.size());
  page.zstd.resize(ZSTD_compressBound(raw_html.size()));
  const std::size_t n =
      ZSTD_compress(page.zstd.data(), page.zstd.size(), raw_html.data(), raw_html.size(), kZstdLevel);
  if (ZSTD_isError(n)) return Status::Storage(std::string("zstd: ") + ZSTD_getErrorName(n));
  page.zstd.resize(n);
  return page;
}

Result<std::string> UnpackPage(std::uint64_t hash, std::int64_t size, const std::string& zstd) {
  std::string html(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(html.data(), html.size(), zstd.data(), zstd.size());
  if (ZSTD_isError(n) || n != html.size()) {
    return Status::Storage("stored page " + std::to_string(hash) + " is corrupt");
  }
  return html;
}

}  // namespace newscrawl::store
