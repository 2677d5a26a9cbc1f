#include "newscrawl/extract/fixtures.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "newscrawl/extract/extractor_registry.h"

namespace newscrawl {

namespace fs = std::filesystem;

Result<std::string> ReadFileToString(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::IoError(path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return Status::TooLarge(path.string() + " is " + std::to_string(size) + " bytes, over the " +
                            std::to_string(max_bytes) + "-byte cap");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path.string() + ": cannot open");
  std::string data(static_cast<std::size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (!in && !in.eof()) return Status::IoError(path.string() + ": read failed");
  data.resize(static_cast<std::size_t>(in.gcount()));
  return data;
}

Result<std::vector<Fixture>> ListFixtures(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Status::NotFound(root.string() + " is not a directory");
  std::vector<Fixture> out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (p.extension() != ".html" || name.ends_with(".listing.html")) continue;
    Fixture f;
    f.html = p;
    const fs::path stem = p.parent_path() / p.stem();
    f.expected = stem.string() + ".json";
    f.source = stem.string() + ".source.json";
    if (!fs::exists(f.source)) continue;
    Result<std::string> src = ReadFileToString(f.source, 1 << 20);
    if (!src.ok()) return src.status();
    const nlohmann::json j = nlohmann::json::parse(*src, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status::ParseError(f.source.string() + ": not a JSON object");
    if (j.contains("url") && j["url"].is_string()) f.url = j["url"].get<std::string>();
    if (j.contains("site") && j["site"].is_string()) f.site = j["site"].get<std::string>();
    out.push_back(std::move(f));
  }
  if (ec) return Status::IoError(root.string() + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.html < b.html; });
  return out;
}

Result<Article> ExtractFixture(const Fixture& fixture) {
  Result<std::string> html = ReadFileToString(fixture.html, 64u << 20);
  if (!html.ok()) return html.status();
  ExtractRequest req;
  req.url = fixture.url;
  req.site = fixture.site;
  return ExtractorRegistry::Builtin().Extract(*html, req);
}

Result<Article> ReadExpected(const Fixture& fixture) {
  Result<std::string> text = ReadFileToString(fixture.expected, 16u << 20);
  if (!text.ok()) return text.status();
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(*text, nullptr, false);
  if (j.is_discarded()) return Status::ParseError(fixture.expected.string() + ": invalid JSON");
  return ArticleFromJson(j);
}

std::string DiffArticles(const Article& expected, const Article& actual) {
  const nlohmann::ordered_json e = ArticleToJson(expected);
  const nlohmann::ordered_json a = ArticleToJson(actual);
  std::ostringstream out;
  for (const std::string& field : ArticleFieldNames()) {
    if (e[field] == a[field]) continue;
    out << "  " << field << ":\n    expected: " << e[field].dump() << "\n    actual:   " << a[field].dump() << "\n";
  }
  return out.str();
}

}  // namespace newscrawl
