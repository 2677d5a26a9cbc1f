// The robots.txt cases of three public test suites (Google's robotstxt, crawler-commons,
// protego), run as data through RobotsRules. The rows and where they come from are described in
// tests/robots/data/SOURCES.md; the rows on which we deliberately answer otherwise, each with its
// reason, are in tests/robots/data/deviations.txt. Every other row must agree, and every listed
// row must still disagree, so the list cannot go stale.
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "newscrawl/politeness/robots.h"
#include "newscrawl/url/url.h"

namespace newscrawl {
namespace {

struct SuiteRow {
  std::string id;
  std::string source;
  std::string robots;
  std::string agent;
  std::string url;
  bool allowed = true;
};

std::string DataPath(const std::string& name) {
  return std::string(NEWSCRAWL_SOURCE_DIR) + "/tests/robots/data/" + name;
}

std::vector<SuiteRow> LoadRows() {
  std::ifstream in(DataPath("suites.jsonl"), std::ios::binary);
  std::vector<SuiteRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line);
    rows.push_back({j.at("id").get<std::string>(), j.at("source").get<std::string>(),
                    j.at("robots").get<std::string>(), j.at("agent").get<std::string>(),
                    j.at("url").get<std::string>(), j.at("allowed").get<bool>()});
  }
  return rows;
}

// deviations.txt: "id  reason" per line; "#" lines and blank lines are comments.
std::map<std::string, std::string> LoadDeviations() {
  std::ifstream in(DataPath("deviations.txt"));
  std::map<std::string, std::string> deviations;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find_first_of(" \t");
    const std::string id = line.substr(0, space);
    std::string reason =
        space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    EXPECT_TRUE(deviations.emplace(id, reason).second) << "listed twice: " << id;
    EXPECT_FALSE(reason.empty()) << "deviation without a reason: " << id;
  }
  return deviations;
}

// What the crawler asks the rules about a URL: its path and query as the URL parser serialises
// them (src/crawl/crawler.cpp does the same). The suites also ask about a few strings that are not
// http(s) URLs (empty, "ftp://..."); for those the part after the authority is taken as it is,
// which is what Google's parser does with them.
std::string PathOf(const std::string& url) {
  if (Result<Url> u = Url::Parse(url); u.ok()) {
    return u->path() + (u->query() ? "?" + *u->query() : "");
  }
  std::string_view rest = url;
  if (const std::size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
    const std::size_t slash = rest.find_first_of("/?");
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  return std::string(rest);
}

// "google/robotstxt robots_test.cc (Apache-2.0)" → "google/robotstxt".
std::string SuiteName(const std::string& source) { return source.substr(0, source.find(' ')); }

TEST(RobotsSuitesTest, EveryRowAgreesExceptListedDeviations) {
  const std::vector<SuiteRow> rows = LoadRows();
  ASSERT_EQ(rows.size(), 682u) << "tests/robots/data/suites.jsonl incomplete?";
  const std::map<std::string, std::string> deviations = LoadDeviations();

  struct Count {
    int rows = 0;
    int agree = 0;
    int deviations = 0;
  };
  std::map<std::string, Count> per_suite;
  std::set<std::string> ids;
  for (const SuiteRow& row : rows) {
    SCOPED_TRACE(row.id);
    EXPECT_TRUE(ids.insert(row.id).second) << "duplicate id";
    const bool got = RobotsRules::Parse(row.robots).Allowed(row.agent, PathOf(row.url));
    const bool agrees = got == row.allowed;
    Count& count = per_suite[SuiteName(row.source)];
    ++count.rows;
    count.agree += agrees ? 1 : 0;
    if (deviations.count(row.id) != 0) {
      ++count.deviations;
      EXPECT_FALSE(agrees) << "listed as a deviation but now agrees; remove it from deviations.txt";
    } else {
      EXPECT_TRUE(agrees) << "expected " << (row.allowed ? "allowed" : "disallowed") << " for agent '"
                          << row.agent << "' url '" << row.url << "' path '" << PathOf(row.url)
                          << "'\nrobots.txt:\n"
                          << row.robots.substr(0, 2000);
    }
  }
  for (const auto& [id, reason] : deviations) {
    EXPECT_EQ(ids.count(id), 1u) << "deviation for an id not in the data: " << id;
  }
  int total_rows = 0;
  int total_agree = 0;
  for (const auto& [suite, count] : per_suite) {
    std::printf("%-34s %3d/%3d rows agree, %d listed deviations\n", suite.c_str(), count.agree,
                count.rows, count.deviations);
    total_rows += count.rows;
    total_agree += count.agree;
  }
  std::printf("%-34s %3d/%3d rows agree, %zu listed deviations\n", "all suites", total_agree,
              total_rows, deviations.size());
}

}  // namespace
}  // namespace newscrawl
