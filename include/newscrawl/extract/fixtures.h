// Fixtures: saved pages with their expected records, the regression suite of every extractor.
// Layout: fixtures/<site>/<name>.html (the page), <name>.source.json (where it came from: url,
// source, captured, notes, optional "site" for --site), and <name>.json (the expected record,
// written by `newscrawl fixture update` and reviewed as a diff, never typed by hand).
// Used by the fixture test and the `fixture` subcommand. Stateless functions.
#ifndef NEWSCRAWL_FIXTURES_H_
#define NEWSCRAWL_FIXTURES_H_

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newscrawl/core/article.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct Fixture {
  std::filesystem::path html;      // fixtures/<site>/<name>.html
  std::filesystem::path expected;  // fixtures/<site>/<name>.json (may not exist yet)
  std::filesystem::path source;    // fixtures/<site>/<name>.source.json
  std::string url;                 // from source: the page's URL
  std::string site = "auto";       // from source: the --site to extract with
};

// Every article fixture under `root` (pages with a .source.json), sorted by path. Listing pages
// (*.listing.html) are not article fixtures and are skipped.
Result<std::vector<Fixture>> ListFixtures(const std::filesystem::path& root);

// Extracts the fixture's page as `newscrawl extract --site <site> --url <url>` would.
Result<Article> ExtractFixture(const Fixture& fixture);

// The expected record as stored.
Result<Article> ReadExpected(const Fixture& fixture);

// Field-by-field differences between two records, one readable line per field ("" when equal).
std::string DiffArticles(const Article& expected, const Article& actual);

Result<std::string> ReadFileToString(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace newscrawl

#endif  // NEWSCRAWL_FIXTURES_H_
