// `newscrawl fixture capture` against the loopback test site: one request per hop with the polite
// User-Agent, redirects followed, the page decoded to UTF-8 and saved with its .source.json under
// a temporary fixtures root, and never an overwrite.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "newscrawl/testsite/test_site_server.h"
#include "support/cli_runner.h"

namespace newscrawl {
namespace {

namespace fs = std::filesystem;

class CaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("newscrawl_capture_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  testing::CliResult Capture(const std::string& url, const std::string& extra) {
    return testing::RunNewscrawl("fixture capture '" + url + "' --allow-private --root '" + root_.string() + "' " +
                                 extra);
  }

  fs::path root_;
  TestSiteServer server_;
};

TEST_F(CaptureTest, FollowsRedirectsAndSavesPageWithSource) {
  const std::string page = "<html><head><link rel=canonical href='https://znews.vn/a-post1.html'></head>"
                           "<body><h1 class='the-article-title'>Tiêu đề</h1></body></html>";
  server_.AddRoute("/old", Response::Redirect(301, "/kinh-doanh/gia-vang-post42.html"));
  server_.AddRoute("/kinh-doanh/gia-vang-post42.html", Response::Html(page));
  testing::CliResult r = Capture(server_.Url("/old"), "--site znews");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const fs::path html = root_ / "znews" / "gia-vang-post42.html";
  const fs::path source = root_ / "znews" / "gia-vang-post42.source.json";
  ASSERT_TRUE(fs::exists(html)) << r.out;
  EXPECT_EQ(testing::Slurp(html), page);
  const nlohmann::json meta = nlohmann::json::parse(testing::Slurp(source));
  EXPECT_EQ(meta["url"], server_.Url("/kinh-doanh/gia-vang-post42.html"));
  EXPECT_EQ(meta["source"], "captured by newscrawl fixture capture");
  EXPECT_TRUE(std::regex_match(meta["captured"].get<std::string>(), std::regex(R"(\d{4}-\d{2}-\d{2})")));
  EXPECT_EQ(meta["site"], "znews");  // the loopback host does not say which site it is

  // One request per hop, each with the polite User-Agent.
  const std::vector<RequestRecord> requests = server_.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "/old");
  EXPECT_EQ(requests[1].target, "/kinh-doanh/gia-vang-post42.html");
  for (const RequestRecord& req : requests) {
    bool found = false;
    for (const auto& [name, value] : req.headers) {
      if (name == "User-Agent" || name == "user-agent") {
        EXPECT_EQ(value, "newscrawl/0.1 (+https://example.org/newscrawl)");
        found = true;
      }
    }
    EXPECT_TRUE(found);
  }
}

TEST_F(CaptureTest, DecodesTheCharsetAndHonoursName) {
  Response resp = Response::Html("<p>caf\xe9</p>");
  resp.headers = {{"Content-Type", "text/html; charset=windows-1252"}};
  server_.AddRoute("/p", resp);
  testing::CliResult r = Capture(server_.Url("/p"), "--site vtcnews --name cafe");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::Slurp(root_ / "vtcnews" / "cafe.html"), "<p>caf\xc3\xa9</p>");
}

TEST_F(CaptureTest, RefusesToOverwriteAndReportsFailures) {
  server_.AddRoute("/a-ar1.html", Response::Html("<p>first</p>"));
  ASSERT_EQ(Capture(server_.Url("/a-ar1.html"), "--site vtcnews").exit_code, 0);
  server_.AddRoute("/a-ar1.html", Response::Html("<p>second</p>"));
  testing::CliResult again = Capture(server_.Url("/a-ar1.html"), "--site vtcnews");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("not overwriting"), std::string::npos);
  EXPECT_EQ(testing::Slurp(root_ / "vtcnews" / "a-ar1.html"), "<p>first</p>");

  // No site for a loopback host without --site; HTTP errors; redirect loops.
  EXPECT_EQ(Capture(server_.Url("/a-ar1.html"), "").exit_code, 2);
  EXPECT_EQ(Capture(server_.Url("/missing"), "--site vtcnews").exit_code, 1);
  server_.AddRoute("/loop", Response::Redirect(302, "/loop"));
  testing::CliResult loop = Capture(server_.Url("/loop"), "--site vtcnews --name loop");
  EXPECT_EQ(loop.exit_code, 1);
  EXPECT_NE(loop.err.find("redirects"), std::string::npos);
  EXPECT_EQ(server_.CountRequests("/loop"), 11u);  // the first request and 10 re-issued hops
}

}  // namespace
}  // namespace newscrawl
