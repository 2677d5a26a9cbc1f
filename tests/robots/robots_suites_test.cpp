// The robots.txt cases of three public suites (Google's robotstxt, crawler-commons, protego; see
// data/SOURCES.md), run as data through RobotsRules. Every row must give the suite's expected
// verdict, except the rows listed in data/deviations.txt, where the suites' answer conflicts with
// RFC 9309 or with Google's parser (which decides where the RFC is silent). A listed row that now
// agrees fails too, so that the list only ever names real, deliberate deviations.
#include "newscrawl/robots.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

struct SuiteRow {
  std::string id;
  std::string source;
  std::string robots;
  std::string agent;
  std::string url;
  bool allowed = false;
  std::string note;
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
    SuiteRow row;
    row.id = j.at("id").get<std::string>();
    row.source = j.at("source").get<std::string>();
    row.robots = j.at("robots").get<std::string>();
    row.agent = j.at("agent").get<std::string>();
    row.url = j.at("url").get<std::string>();
    row.allowed = j.at("allowed").get<bool>();
    row.note = j.at("note").get<std::string>();
    rows.push_back(std::move(row));
  }
  return rows;
}

// deviations.txt: "ID reason..." per line; blank lines and "#" comments ignored.
std::map<std::string, std::string> LoadDeviations() {
  std::ifstream in(DataPath("deviations.txt"));
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find(' ');
    const std::string id = line.substr(0, space);
    const std::string reason = space == std::string::npos ? "" : line.substr(space + 1);
    EXPECT_FALSE(reason.empty()) << "deviation " << id << " gives no reason";
    EXPECT_TRUE(out.emplace(id, reason).second) << "deviation " << id << " listed twice";
  }
  return out;
}

// The path and query a crawler sends for `url`, taken the way the suites mean it (as Google's
// GetPathParamsQuery does): everything after the authority up to the fragment, "/" when empty.
// Deliberately not the WHATWG parser: the suites give raw URLs and expect them matched as written.
std::string PathOf(std::string_view url) {
  url = url.substr(0, url.find('#'));
  std::size_t start = 0;
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    start = scheme + 3;
    const std::size_t path = url.find_first_of("/?;", start);
    if (path == std::string_view::npos) return "/";
    start = path;
  }
  std::string out(url.substr(start));
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

// The suite a row comes from, by the first word of its source ("google/robotstxt ..." → "google").
std::string SuiteOf(const SuiteRow& row) { return row.source.substr(0, row.source.find('/')); }

TEST(RobotsSuitesTest, PathOfTakesPathAndQueryAsWritten) {
  EXPECT_EQ(PathOf("http://foo.bar/x/y?a=b#frag"), "/x/y?a=b");
  EXPECT_EQ(PathOf("http://foo.bar"), "/");
  EXPECT_EQ(PathOf("http://foo.bar?q"), "/?q");
  EXPECT_EQ(PathOf(""), "/");
  EXPECT_EQ(PathOf("/a%2Fb"), "/a%2Fb");
}

TEST(RobotsSuitesTest, EveryRowAgreesExceptListedDeviations) {
  const std::vector<SuiteRow> rows = LoadRows();
  ASSERT_EQ(rows.size(), 682u) << "tests/robots/data/suites.jsonl is incomplete";
  const std::map<std::string, std::string> deviations = LoadDeviations();

  std::set<std::string> ids;
  for (const SuiteRow& row : rows) EXPECT_TRUE(ids.insert(row.id).second) << "duplicate id " << row.id;
  for (const auto& [id, reason] : deviations) {
    EXPECT_TRUE(ids.count(id)) << "deviation " << id << " names no row";
  }

  struct Count {
    int agree = 0;
    int total = 0;
  };
  std::map<std::string, Count> per_suite;
  for (const SuiteRow& row : rows) {
    const bool got = RobotsRules::Parse(row.robots).Allowed(row.agent, PathOf(row.url));
    const bool agrees = got == row.allowed;
    Count& count = per_suite[SuiteOf(row)];
    ++count.total;
    if (agrees) ++count.agree;
    const auto deviation = deviations.find(row.id);
    if (deviation == deviations.end()) {
      EXPECT_TRUE(agrees) << row.id << ": expected " << (row.allowed ? "allowed" : "disallowed")
                          << " for agent \"" << row.agent << "\" url \"" << row.url
                          << "\"\nnote: " << row.note << "\nrobots.txt:\n"
                          << row.robots.substr(0, 2000);
    } else {
      EXPECT_FALSE(agrees) << row.id << " is listed as a deviation (" << deviation->second
                           << ") but now agrees with its suite: remove it from deviations.txt";
    }
  }

  int agree = 0;
  int total = 0;
  std::ostringstream summary;
  for (const auto& [suite, count] : per_suite) {
    summary << suite << " " << count.agree << "/" << count.total << ", ";
    agree += count.agree;
    total += count.total;
  }
  summary << "all " << agree << "/" << total << " (" << deviations.size() << " listed deviations)";
  std::printf("robots suites agreement: %s\n", summary.str().c_str());
  RecordProperty("agreement", summary.str());
}

}  // namespace
}  // namespace newscrawl
