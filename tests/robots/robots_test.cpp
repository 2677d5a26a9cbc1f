// Tests for RobotsRules, named after the RFC 9309 section they check
// (https://www.rfc-editor.org/rfc/rfc9309). Cases are our own.
#include "newscrawl/politeness/robots.h"
#include "support/cli_runner.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace newscrawl {
namespace {

constexpr char kBot[] = "newscrawl/0.1 (+https://example.org/bot)";

bool Allowed(std::string_view body, std::string_view path, std::string_view agent = kBot) {
  return RobotsRules::Parse(body).Allowed(agent, path);
}

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(NEWSCRAWL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- Product token ----------------------------------------------------------------------------

TEST(ProductTokenTest, TakesLeadingTokenOfUserAgent) {
  EXPECT_EQ(ProductToken("newscrawl/0.1 (+https://example.org/bot)"), "newscrawl");
  EXPECT_EQ(ProductToken("Googlebot-Image/1.0"), "Googlebot-Image");
  EXPECT_EQ(ProductToken("  spaced_bot 2"), "spaced_bot");
  EXPECT_EQ(ProductToken("360Spider"), "360Spider");
  EXPECT_EQ(ProductToken("(junk)"), "");
  EXPECT_EQ(ProductToken(""), "");
}

// --- §2.1 Protocol definition / §2.2 Formal syntax: lines, groups --------------------------------

// §2.2: records are "key: value"; keys are case-insensitive; comments start with "#".
TEST(RobotsRfc9309Test, ID_2_2_KeysCaseInsensitiveAndCommentsIgnored) {
  const char* body =
      "# leading comment\n"
      "USER-AGENT: *   # trailing comment\n"
      "DisAllow: /private # the rest is a comment\n";
  EXPECT_FALSE(Allowed(body, "/private/x"));
  EXPECT_TRUE(Allowed(body, "/public"));
  // "#" inside the value starts the comment: the rule is "/a", not "/a#b".
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /a#b\n", "/a/x"));
}

// §2.2: line ends may be LF, CR or CRLF; a UTF-8 BOM may precede the first line.
TEST(RobotsRfc9309Test, ID_2_2_LineEndingsAndBom) {
  for (const char* body : {"User-agent: *\nDisallow: /x\n", "User-agent: *\rDisallow: /x\r",
                           "User-agent: *\r\nDisallow: /x\r\n", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x",
                           "User-agent: *\r\n\r\nDisallow: /x"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(Allowed(body, "/x"));
    EXPECT_TRUE(Allowed(body, "/y"));
  }
}

// The first one or two bytes of a BOM are skipped like a whole one (as Google's parser does).
TEST(RobotsRfc9309Test, ID_2_2_PartialBomSkipped) {
  for (const char* body : {"\xEF\xBBUser-agent: *\nDisallow: /x\n", "\xEFUser-agent: *\nDisallow: /x\n"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(Allowed(body, "/x"));
  }
  // Only at the start: a stray BOM byte before a later line leaves that line unknown.
  EXPECT_TRUE(Allowed("User-agent: *\n\xEF\xBB\xBF""Disallow: /x\n", "/x"));
}

// Deliberate leniency (header comment): a known key followed by white space instead of ":".
TEST(RobotsRfc9309Test, ID_2_2_MissingColonAcceptedForKnownKeys) {
  EXPECT_FALSE(Allowed("User-agent *\nDisallow /x\n", "/x/1"));
  // An unknown key without colon is just an unknown line.
  EXPECT_TRUE(Allowed("User-agent: *\nForbid /x\n", "/x/1"));
  // Common misspelling.
  EXPECT_FALSE(Allowed("User-agent: *\nDisalow: /x\n", "/x/1"));
}

// §2.1: a group is one or more user-agent lines followed by rules.
TEST(RobotsRfc9309Test, ID_2_1_SeveralUserAgentsShareOneGroup) {
  const char* body =
      "User-agent: alpha\n"
      "User-agent: newscrawl\n"
      "Disallow: /shared\n"
      "User-agent: beta\n"
      "Disallow: /beta-only\n";
  EXPECT_FALSE(Allowed(body, "/shared", "alpha"));
  EXPECT_FALSE(Allowed(body, "/shared"));
  EXPECT_TRUE(Allowed(body, "/beta-only"));
  EXPECT_FALSE(Allowed(body, "/beta-only", "beta"));
  EXPECT_TRUE(Allowed(body, "/shared", "beta"));
}

// §2.1: rules before any user-agent line belong to no group.
TEST(RobotsRfc9309Test, ID_2_1_RulesBeforeAnyUserAgentIgnored) {
  const char* body =
      "Disallow: /orphan\n"
      "User-agent: *\n"
      "Disallow: /grouped\n";
  EXPECT_TRUE(Allowed(body, "/orphan"));
  EXPECT_FALSE(Allowed(body, "/grouped"));
}

// §2.2.1: product tokens compare case-insensitively; a line's "Name/version" counts as "Name".
TEST(RobotsRfc9309Test, ID_2_2_1_UserAgentMatchIsCaseInsensitiveOnProductToken) {
  const char* body =
      "User-agent: NewsCrawl/2.0\n"
      "Disallow: /mine\n"
      "User-agent: *\n"
      "Disallow: /everyone\n";
  EXPECT_FALSE(Allowed(body, "/mine", "newscrawl"));
  EXPECT_FALSE(Allowed(body, "/mine", "NEWSCRAWL/0.1 (+x)"));
  // The specific group replaces "*": its rules do not add up with those of "*".
  EXPECT_TRUE(Allowed(body, "/everyone"));
  // An agent that is neither a product token nor starts a "token/version" product is compared
  // whole, so it matches no group (as in Google's parser): "newscrawl bot" is not "newscrawl".
  EXPECT_FALSE(Allowed(body, "/everyone", "newscrawl bot"));
  EXPECT_TRUE(Allowed(body, "/mine", "newscrawl bot"));
  EXPECT_TRUE(Allowed(body, "/mine", "newscrawlé"));
  // Prefix of a token is not a match.
  EXPECT_TRUE(Allowed(body, "/mine", "news"));
  EXPECT_FALSE(Allowed(body, "/everyone", "news"));
}

// §2.2.1: several groups for the same agent are merged.
TEST(RobotsRfc9309Test, ID_2_2_1_GroupsForSameAgentMerged) {
  const char* body =
      "User-agent: newscrawl\n"
      "Disallow: /a\n"
      "User-agent: other\n"
      "Disallow: /o\n"
      "User-agent: NEWSCRAWL\n"
      "Disallow: /b\n"
      "Allow: /a/open\n";
  EXPECT_FALSE(Allowed(body, "/a"));
  EXPECT_FALSE(Allowed(body, "/b"));
  EXPECT_TRUE(Allowed(body, "/a/open/x"));  // longest match across the merged groups
  EXPECT_TRUE(Allowed(body, "/o"));
}

// §2.2.1: no matching group and no "*" group → everything allowed.
TEST(RobotsRfc9309Test, ID_2_2_1_NoMatchingGroupAllowsAll) {
  EXPECT_TRUE(Allowed("User-agent: other\nDisallow: /\n", "/x"));
  EXPECT_FALSE(Allowed("User-agent: other\nDisallow: /\n", "/x", "other"));
  EXPECT_TRUE(Allowed("", "/x"));
}

// --- §2.2.2 Allow and Disallow lines -------------------------------------------------------------

// The most specific (longest, in octets) match wins, whatever the order.
TEST(RobotsRfc9309Test, ID_2_2_2_LongestMatchWins) {
  const char* body =
      "User-agent: *\n"
      "Allow: /folder/page\n"
      "Disallow: /folder/\n"
      "Disallow: /folder/page/secret\n";
  EXPECT_FALSE(Allowed(body, "/folder/other"));
  EXPECT_TRUE(Allowed(body, "/folder/page.html"));
  EXPECT_FALSE(Allowed(body, "/folder/page/secret/1"));
}

// Equal-length allow and disallow: allow wins (the least restrictive rule).
TEST(RobotsRfc9309Test, ID_2_2_2_AllowWinsTie) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
  EXPECT_TRUE(Allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /p*e\nAllow: /pa*\n", "/page"));
}

// An empty Disallow value matches nothing.
TEST(RobotsRfc9309Test, ID_2_2_2_EmptyDisallowAllowsAll) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow:\n", "/anything"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/anything"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", ""));  // empty path is "/"
}

// Paths are case-sensitive.
TEST(RobotsRfc9309Test, ID_2_2_2_PathsAreCaseSensitive) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /Api/\n", "/Api/x"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /Api/\n", "/api/x"));
}

// Percent-encoding: unreserved characters are compared decoded, other escapes with upper-case hex,
// raw non-ASCII bytes as their %-encoded UTF-8.
TEST(RobotsRfc9309Test, ID_2_2_2_PercentEncodingNormalised) {
  EXPECT_EQ(NormalizeRobotsPath("/%7Efoo/%2f%2F/%e1%BA"), "/~foo/%2F%2F/%E1%BA");
  EXPECT_EQ(NormalizeRobotsPath("/tin-t\xE1\xBB\xA9""c"), "/tin-t%E1%BB%A9c");
  EXPECT_EQ(NormalizeRobotsPath("/100%"), "/100%");
  // Pattern written with %-escapes of unreserved characters vs a plain path, and vice versa.
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /%61bc\n", "/abc"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /abc\n", "/%61bc"));
  // Non-ASCII pattern vs the %-encoded path a client sends, in either hex case.
  const char* vn = "User-agent: *\nDisallow: /th\xE1\xBB\x9D""i-s\xE1\xBB\xB1\n";
  EXPECT_FALSE(Allowed(vn, "/th%E1%BB%9Di-s%E1%BB%B1/x"));
  EXPECT_FALSE(Allowed(vn, "/th%e1%bb%9di-s%e1%bb%b1/x"));
  // An escaped reserved character stays escaped: "/a%2Fb" is not "/a/b".
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /a/b\n", "/a%2Fb"));
}

// "/robots.txt" is implicitly allowed.
TEST(RobotsRfc9309Test, ID_2_2_2_RobotsTxtAlwaysAllowed) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed(kBot, "/robots.txt"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt.bak"));
}

// Deliberate choice: a value without leading "/" is read as if it had one.
TEST(RobotsRfc9309Test, ID_2_2_2_ValueWithoutSlashGetsOne) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: private\n", "/private/x"));
}

// --- §2.2.3 Special characters ------------------------------------------------------------------

TEST(RobotsRfc9309Test, ID_2_2_3_WildcardMatchesAnySequence) {
  const char* body = "User-agent: *\nDisallow: /*.php\nDisallow: /a*b*c\n";
  EXPECT_FALSE(Allowed(body, "/index.php"));
  EXPECT_FALSE(Allowed(body, "/dir/x.php?q=1"));
  EXPECT_FALSE(Allowed(body, "/a-b-c"));
  EXPECT_FALSE(Allowed(body, "/abc"));
  EXPECT_TRUE(Allowed(body, "/a-c-b"));
  EXPECT_TRUE(Allowed(body, "/index.html"));
}

TEST(RobotsRfc9309Test, ID_2_2_3_DollarAnchorsEnd) {
  const char* body = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /exact$\n";
  EXPECT_FALSE(Allowed(body, "/docs/a.pdf"));
  EXPECT_TRUE(Allowed(body, "/docs/a.pdf?download=1"));
  EXPECT_TRUE(Allowed(body, "/docs/a.pdfx"));
  EXPECT_FALSE(Allowed(body, "/exact"));
  EXPECT_TRUE(Allowed(body, "/exact/"));
  // "$" not at the end is an ordinary character.
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /a$b\n", "/a$b/c"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /a$b\n", "/a"));
}

// "%2A" and "%24" in a pattern are the literal characters, matching "*" and "$" (or their
// escapes, in either hex case) in the path, and never act as wildcard or anchor.
TEST(RobotsRfc9309Test, ID_2_2_3_EscapedSpecialCharactersAreLiteral) {
  const char* body = "User-agent: *\nDisallow: /a%2A/\nDisallow: /price-%24\n";
  EXPECT_FALSE(Allowed(body, "/a*/x"));
  EXPECT_FALSE(Allowed(body, "/a%2a/x"));
  EXPECT_TRUE(Allowed(body, "/abc/x"));
  EXPECT_FALSE(Allowed(body, "/price-$10"));
  EXPECT_FALSE(Allowed(body, "/price-%2410"));
  EXPECT_TRUE(Allowed(body, "/price-"));
  // A "*" or "$" in the path is literal too: "Disallow: /x$" does not match "/x$".
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /x$\n", "/x$"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /x$\n", "/x"));
}

// Characters that may not appear in a URI ("<", space, raw UTF-8...) are compared in the
// %-encoded form a URL parser sends, whichever form robots.txt and the path use.
TEST(RobotsRfc9309Test, ID_2_2_2_NonUriCharactersComparedEncoded) {
  EXPECT_EQ(NormalizeRobotsPath("/a<b c>\"{}|^`"), "/a%3Cb%20c%3E%22%7B%7D%7C%5E%60");
  const char* body = "User-agent: *\nDisallow: /\nAllow: /a<d.html\nAllow: /b c\n";
  EXPECT_TRUE(Allowed(body, "/a<d.html"));
  EXPECT_TRUE(Allowed(body, "/a%3cd.html"));
  EXPECT_TRUE(Allowed(body, "/b%20c"));
  EXPECT_FALSE(Allowed(body, "/a%3Ed.html"));
}

TEST(RobotsRfc9309Test, ID_2_2_3_AnchoredSuffixMustNotOverlapEarlierSegments) {
  // "/ab*b$": the final "b" must come after the "ab" prefix, so "/ab" alone does not match.
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /ab*b$\n", "/ab"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /ab*b$\n", "/abb"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /ab*b$\n", "/ab-x-b"));
}

// A pattern of 1,000 "*" (and one with many "*"-separated segments) must not backtrack
// exponentially; this test would not finish if it did.
TEST(RobotsRfc9309Test, ID_2_2_3_ManyWildcardsStayCheap) {
  const std::string stars(1000, '*');
  const std::string body = "User-agent: *\nDisallow: /" + stars + "x$\n";
  const RobotsRules rules = RobotsRules::Parse(body);
  const std::string path = "/" + std::string(5000, 'a');
  EXPECT_TRUE(rules.Allowed(kBot, path));
  EXPECT_FALSE(rules.Allowed(kBot, path + "x"));
  std::string segments = "User-agent: *\nDisallow: /";
  for (int i = 0; i < 1000; ++i) segments += "a*";
  segments += "b";
  const RobotsRules many = RobotsRules::Parse(segments);
  EXPECT_TRUE(many.Allowed(kBot, path));
  EXPECT_FALSE(many.Allowed(kBot, path + "b"));
}

// --- §2.3.1 Access results ---------------------------------------------------------------------

// §2.3.1.3: 4xx → allow all; §2.3.1.4: 5xx / unreachable → disallow all.
TEST(RobotsRfc9309Test, ID_2_3_1_StatusBasedRules) {
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed(kBot, "/anything"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed(kBot, "/anything"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed(kBot, "/"));
  EXPECT_EQ(RobotsRules::AllowAll().CrawlDelay(kBot), std::nullopt);
  EXPECT_TRUE(RobotsRules::DisallowAll().Sitemaps().empty());
}

// --- §2.5 Limits --------------------------------------------------------------------------------

// Only the first 500 KiB are parsed; a line cut by the limit is dropped.
TEST(RobotsRfc9309Test, ID_2_5_OnlyFirst500KiBParsed) {
  std::string body = "User-agent: *\nDisallow: /\n";
  while (body.size() < RobotsRules::kMaxBodyBytes) body += "# padding padding padding\n";
  body.resize(RobotsRules::kMaxBodyBytes - 9, '#');
  // The limit cuts this line to "Allow: /", which would tie with "Disallow: /" and win; it must
  // be dropped instead. "Allow: /late" lies wholly past the limit.
  body += "\nAllow: /everything\nAllow: /late\n";
  ASSERT_EQ(body.substr(RobotsRules::kMaxBodyBytes - 8, 8), "Allow: /");
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_TRUE(rules.truncated());
  EXPECT_FALSE(rules.Allowed(kBot, "/x"));
  EXPECT_FALSE(rules.Allowed(kBot, "/late"));
  EXPECT_FALSE(RobotsRules::Parse("User-agent: *\nDisallow: /\n").truncated());
}

// A 10 MB hostile file: binary junk, enormous lines, thousands of agents and rules.
TEST(RobotsRfc9309Test, ID_2_5_TenMegabyteHostileFileParsesSafely) {
  std::string body;
  body.reserve(10 * 1024 * 1024 + 1024);
  body += "User-agent: *\nDisallow: /first\n";
  unsigned state = 12345;
  while (body.size() < 10 * 1024 * 1024) {
    state = state * 1103515245u + 12345u;
    switch ((state >> 16) % 5) {
      case 0:
        for (int i = 0; i < 200; ++i) body.push_back(static_cast<char>((state >> (i % 24)) & 0xFF));
        break;
      case 1:
        body += "User-agent: bot" + std::to_string(state % 1000) + "\n";
        break;
      case 2:
        body += "Disallow: /" + std::string(3000, '*') + "z\n";
        break;
      case 3:
        body += std::string(20000, 'A');  // a long line without break
        break;
      default:
        body += "Allow: /x" + std::to_string(state) + "\r";
        break;
    }
  }
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_TRUE(rules.truncated());
  EXPECT_FALSE(rules.Allowed("someone", "/first"));
  EXPECT_TRUE(rules.Allowed("someone", "/"));
  // A rule of 3,000 "*" against a long path, many times over: must stay fast enough to finish.
  EXPECT_TRUE(rules.Allowed("someone", "/" + std::string(2000, 'y')));
}

// --- Crawl-delay and Sitemap (§2.2.4 other records) ----------------------------------------------

TEST(RobotsRfc9309Test, ID_2_2_4_CrawlDelayPerGroup) {
  const char* body =
      "User-agent: *\nCrawl-delay: 10\nDisallow: /tmp\n"
      "User-agent: newscrawl\nCrawl-delay: 2.5\nDisallow: /x\n"
      "User-agent: newscrawl\nCrawl-delay: 4\nDisallow: /y\n"
      "User-agent: bad\nCrawl-delay: soon\nDisallow: /z\n"
      "User-agent: negative\nCrawl-delay: -3\n";
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_EQ(rules.CrawlDelay(kBot), 4.0);  // merged groups keep the largest
  EXPECT_EQ(rules.CrawlDelay("other"), 10.0);
  EXPECT_EQ(rules.CrawlDelay("bad"), std::nullopt);
  EXPECT_EQ(rules.CrawlDelay("negative"), std::nullopt);
  EXPECT_EQ(RobotsRules::Parse("User-agent: a\nDisallow: /\n").CrawlDelay("a"), std::nullopt);
}

TEST(RobotsRfc9309Test, ID_2_2_4_SitemapsAnywhereDeduplicated) {
  const char* body =
      "Sitemap: https://example.org/s1.xml\n"
      "User-agent: *\n"
      "sitemap:https://example.org/s2.xml.gz\n"
      "Disallow: /x\n"
      "Sitemap: https://example.org/s1.xml\n"
      "Sitemap: /relative.xml\n";
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_EQ(rules.Sitemaps(), (std::vector<std::string>{"https://example.org/s1.xml",
                                                        "https://example.org/s2.xml.gz",
                                                        "/relative.xml"}));
  // A sitemap line does not end the group: the Disallow after it still applies.
  EXPECT_FALSE(rules.Allowed(kBot, "/x"));
}

// §2.1: only a rule ends the user-agent lines of a group; a Crawl-delay between them does not, so
// "b" shares the group of "a" below (its rules and its delay).
TEST(RobotsRfc9309Test, ID_2_1_CrawlDelayDoesNotEndUserAgentLines) {
  const char* body =
      "User-agent: *\nDisallow: /private/\n\n"
      "User-agent: a\nCrawl-delay: 1\n\n"
      "User-agent: b\nDisallow: /\n";
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_FALSE(rules.Allowed("a", "/public"));
  EXPECT_FALSE(rules.Allowed("b", "/public"));
  EXPECT_EQ(rules.CrawlDelay("b"), 1.0);
  EXPECT_TRUE(rules.Allowed("c", "/public"));
}

// --- Real file ------------------------------------------------------------------------------------

TEST(RobotsRealFileTest, VietnamPlus2019) {
  const std::string body = ReadFixture("fixtures/robots/vietnamplus.vn.txt");
  ASSERT_FALSE(body.empty());
  const RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_TRUE(rules.Allowed(kBot, "/"));
  EXPECT_TRUE(rules.Allowed(kBot, "/thoi-su/bai-viet-123.vnp"));
  EXPECT_FALSE(rules.Allowed(kBot, "/Api/GetNews"));
  EXPECT_FALSE(rules.Allowed(kBot, "/Utilities/Print.aspx"));
  EXPECT_FALSE(rules.Allowed(kBot, "/home/ViewCounter.aspx?id=1"));  // *Counter.aspx*
  EXPECT_FALSE(rules.Allowed(kBot, "/x/avatar.aspx?u=2"));           // */avatar.aspx*
  EXPECT_FALSE(rules.Allowed(kBot, "/raovat/list?a=1&IsReduced=true"));
  EXPECT_FALSE(rules.Allowed(kBot, "/raovat/car--good-price"));
  EXPECT_FALSE(rules.Allowed(kBot, "/raovat/x--y.html"));
  EXPECT_TRUE(rules.Allowed(kBot, "/raovat/"));
  EXPECT_FALSE(rules.Allowed(kBot, "/page_nif"));
  // "Allow: /*.js" (5 octets) ties with "Disallow: /Api/" (5 octets): allow wins the tie ...
  EXPECT_TRUE(rules.Allowed(kBot, "/Api/app.js"));
  EXPECT_TRUE(rules.Allowed(kBot, "/Api/app.json"));  // no "$": "/*.js" matches a prefix
  // ... but loses against the longer "Disallow: /Utilities/".
  EXPECT_FALSE(rules.Allowed(kBot, "/Utilities/app.js"));
  EXPECT_TRUE(rules.Allowed(kBot, "/static/app.js"));
  EXPECT_EQ(rules.CrawlDelay(kBot), std::nullopt);
  EXPECT_EQ(rules.Sitemaps(), std::vector<std::string>{"https://www.vietnamplus.vn/sitemap.xml"});
}

// --- CLI ------------------------------------------------------------------------------------------

using newscrawl::testing::RunNewscrawl;

TEST(RobotsCliTest, ThreeForms) {
  const std::string file = std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/robots/vietnamplus.vn.txt";
  auto r = RunNewscrawl("robots --agent newscrawl --url 'https://www.vietnamplus.vn/Api/x?y=1' " + file);
  EXPECT_EQ(r.exit_code, 1) << "disallowed exits 1, so a script can test it";
  EXPECT_EQ(r.out, "disallowed\n");
  r = RunNewscrawl("robots --agent newscrawl --url https://www.vietnamplus.vn/thoi-su.vnp " + file);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "allowed\n");
  r = RunNewscrawl("robots --crawl-delay --agent newscrawl " + file);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "none\n");
  r = RunNewscrawl("robots --sitemaps " + file);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "https://www.vietnamplus.vn/sitemap.xml\n");
}

TEST(RobotsCliTest, CrawlDelayPrintsSeconds) {
  char path[] = "/tmp/newscrawl_robots_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string body = "User-agent: newscrawl\nCrawl-delay: 2.5\n";
  ASSERT_EQ(write(fd, body.data(), body.size()), static_cast<ssize_t>(body.size()));
  close(fd);
  const auto r = RunNewscrawl(std::string("robots --crawl-delay --agent newscrawl/0.1 ") + path);
  std::remove(path);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "2.5\n");
}

TEST(RobotsCliTest, Errors) {
  const std::string file = std::string(NEWSCRAWL_SOURCE_DIR) + "/fixtures/robots/vietnamplus.vn.txt";
  EXPECT_EQ(RunNewscrawl("robots --sitemaps /nonexistent/robots.txt").exit_code, 1);
  EXPECT_EQ(RunNewscrawl("robots --url https://example.org/ " + file).exit_code, 2);  // no --agent
  EXPECT_EQ(RunNewscrawl("robots " + file).exit_code, 2);                            // no mode
  EXPECT_EQ(RunNewscrawl("robots --agent a --url not-a-url " + file).exit_code, 2);
}

}  // namespace
}  // namespace newscrawl
