// `newscrawl help`, `--help`, the man page and the completion scripts, as users see them: the
// built binary and the files the build generates. The command list is read from the help output
// itself (so a new command is covered without touching this test), and the man page and
// completions are checked against it: they are generated from the same definitions and must not
// disagree with it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/shell.h"
#include "newscrawl/store/sqlite_store.h"
#include "support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using newscrawl::testing::CliResult;
using newscrawl::testing::HaveTool;
using newscrawl::testing::RunNewscrawl;
using newscrawl::testing::RunShell;
using newscrawl::testing::ShellQuote;
using newscrawl::testing::Slurp;
using newscrawl::testing::TempDir;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The rows of each "Header:" section of a --help text, keyed by header, first word of each row.
std::vector<std::string> RowNames(const std::string& help, const std::string& header) {
  std::vector<std::string> names;
  std::string current;
  for (const std::string& line : Lines(help)) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      current = line.substr(0, line.size() - 1);
    } else if (line.empty()) {
      current.clear();
    } else if (current == header && line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

// Every command path below the root, depth first ("crawl", "fixture", "fixture update", ...),
// read from the Subcommands lists of `help` and `help PATH`.
void CollectPaths(const std::string& prefix, std::vector<std::string>& out) {
  CliResult r = RunNewscrawl("help " + prefix);
  ASSERT_EQ(r.exit_code, 0) << prefix << ": " << r.err;
  for (const std::string& name : RowNames(r.out, "Subcommands")) {
    const std::string path = prefix.empty() ? name : prefix + " " + name;
    out.push_back(path);
    CollectPaths(path, out);
  }
}

const std::vector<std::string>& CommandPaths() {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> p;
    CollectPaths("", p);
    return p;
  }();
  return paths;
}

// Option names in a --help text ("--site", "-v"; positionals by name, "FILE"), --help itself left out.
std::vector<std::string> OptionNames(const std::string& help) {
  std::vector<std::string> names;
  for (const char* header : {"Options", "Positionals"}) {
    for (const std::string& row : RowNames(help, header)) {
      std::istringstream parts(row);
      for (std::string name; std::getline(parts, name, ',');) {
        if (name != "-h" && name != "--help") names.push_back(name);
      }
    }
  }
  return names;
}

std::string ManPage() {
  static const std::string page = [] {
    CliResult r = RunNewscrawl("help --man");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r.out;
  }();
  return page;
}

// Roff as the man page writes option names: hyphens escaped.
std::string Roff(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// The COMMANDS subsection of `path`: from its .SS line to the next .SS or .SH.
std::string ManSection(const std::string& page, const std::string& path) {
  const std::string head = ".SS \"newscrawl " + path + " [OPTIONS]";
  const std::size_t at = page.find(head);
  if (at == std::string::npos) return "";
  std::size_t end = page.find("\n.S", at + head.size());
  return page.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::size_t Columns(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(HelpCliTest, HelpAloneIsTheRootHelp) {
  CliResult help = RunNewscrawl("help");
  CliResult flag = RunNewscrawl("--help");
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_EQ(help.err, "");
  EXPECT_NE(help.out.find("Usage: newscrawl [OPTIONS] [SUBCOMMAND]"), std::string::npos) << help.out;
  EXPECT_EQ(help.out, flag.out);
}

TEST(HelpCliTest, HelpCommandIsThatCommandsHelp) {
  ASSERT_GE(CommandPaths().size(), 10u);  // crawl, export, ... and the nested ones
  for (const std::string& path : CommandPaths()) {
    CliResult help = RunNewscrawl("help " + path);
    ASSERT_EQ(help.exit_code, 0) << path << ": " << help.err;
    EXPECT_NE(help.out.find("Usage: newscrawl " + path + " [OPTIONS]"), std::string::npos) << help.out;
    EXPECT_EQ(help.out, RunNewscrawl(path + " --help").out) << path;
  }
  const std::vector<std::string>& paths = CommandPaths();
  for (const char* expected : {"crawl", "export", "help", "fixture capture", "url resolve", "dedup recheck"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
  }
}

TEST(HelpCliTest, UnknownCommandIsAUsageError) {
  for (const char* args : {"help nosuch", "help fixture nosuch", "help crawl nosuch"}) {
    CliResult r = RunNewscrawl(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err.find("nosuch"), std::string::npos) << args << ": " << r.err;
  }
}

// The one-off form stays: an option first still means `crawl` (here, its help).
TEST(HelpCliTest, LeadingOptionStillMeansCrawl) {
  CliResult r = RunNewscrawl("--site nosuch --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Usage: newscrawl crawl [OPTIONS]"), std::string::npos) << r.out;
}

TEST(HelpCliTest, HelpLinesFitIn100Columns) {
  std::vector<std::string> paths = CommandPaths();
  paths.insert(paths.begin(), "");
  for (const std::string& path : paths) {
    CliResult r = RunNewscrawl("help " + path);
    EXPECT_EQ(r.out.find("\n\n\n"), std::string::npos) << "two blank lines in newscrawl help " << path;
    for (const std::string& line : Lines(r.out)) {
      EXPECT_LE(Columns(line), 100u) << "newscrawl help " << path << ":\n" << line;
    }
  }
}

// Each command's footer has examples, and every option an example uses is one of that command's
// own options (an example that names a renamed option fails here).
TEST(HelpCliTest, EveryCommandHasExamplesWithRealOptions) {
  std::vector<std::string> paths = CommandPaths();
  paths.insert(paths.begin(), "");
  for (const std::string& path : paths) {
    const std::string help = RunNewscrawl("help " + path).out;
    const std::size_t at = help.find("\nExamples:\n");
    ASSERT_NE(at, std::string::npos) << "no examples in newscrawl help " << path;
    int examples = 0;
    for (const std::string& line : Lines(help.substr(at + 11))) {
      if (line.rfind("  newscrawl", 0) != 0) continue;
      ++examples;
      std::istringstream words(line.substr(2));
      std::vector<std::string> tokens;
      for (std::string w; words >> w;) tokens.push_back(w);
      // The longest run of words after `newscrawl` naming a command; none = the one-off crawl form.
      std::string command;
      std::size_t i = 1;
      for (; i < tokens.size(); ++i) {
        const std::string longer = command.empty() ? tokens[i] : command + " " + tokens[i];
        if (std::find(CommandPaths().begin(), CommandPaths().end(), longer) == CommandPaths().end()) break;
        command = longer;
      }
      const std::string target = command.empty() ? "crawl" : command;
      std::vector<std::string> options = OptionNames(RunNewscrawl("help " + target).out);
      for (const std::string& o : OptionNames(RunNewscrawl("help").out)) options.push_back(o);
      for (; i < tokens.size(); ++i) {
        if (tokens[i].rfind("-", 0) != 0 || tokens[i] == "-") continue;
        EXPECT_NE(std::find(options.begin(), options.end(), tokens[i]), options.end())
            << line << ": " << tokens[i] << " is not an option of newscrawl " << target;
      }
    }
    EXPECT_GE(examples, 1) << path;
    EXPECT_LE(examples, 2) << path;
  }
}

TEST(ManPageTest, HasEverySectionAndExitCode) {
  const std::string page = ManPage();
  for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS", ".SH OUTPUT FORMATS",
                              ".SH EXIT STATUS", ".SH FILES", ".SH ENVIRONMENT", ".SH EXAMPLES"}) {
    EXPECT_NE(page.find(std::string("\n") + section + "\n"), std::string::npos) << section;
  }
  const std::string exit_status = page.substr(page.find(".SH EXIT STATUS"));
  for (int code = 0; code <= 5; ++code) {
    EXPECT_NE(exit_status.find(".B " + std::to_string(code) + "\n"), std::string::npos) << code;
  }
  for (const char* file : {"$NEWSCRAWL_CONFIG", "./newscrawl.toml", "$XDG_CONFIG_HOME/newscrawl/newscrawl.toml",
                           "/etc/newscrawl/newscrawl.toml", "newscrawl.db.lock"}) {
    EXPECT_NE(page.find(Roff(file)), std::string::npos) << file;
  }
  EXPECT_EQ(page.find("(undocumented)"), std::string::npos) << "a record field without a meaning in man_page.cpp";
  EXPECT_EQ(page.find("(no description)"), std::string::npos) << "an option without a description";
}

TEST(ManPageTest, HasEveryCommandAndEachOfItsOptions) {
  const std::string page = ManPage();
  for (const std::string& path : CommandPaths()) {
    const std::string section = ManSection(page, path);
    ASSERT_FALSE(section.empty()) << "no section for newscrawl " << path;
    for (const std::string& option : OptionNames(RunNewscrawl("help " + path).out)) {
      const bool positional = option[0] != '-';
      const std::string tag = (positional ? "\\fI" : "\\fB") + Roff(option) + "\\fR";
      EXPECT_NE(section.find(tag), std::string::npos) << "newscrawl " << path << " " << option;
    }
  }
  for (const std::string& option : OptionNames(RunNewscrawl("help").out)) {
    EXPECT_NE(page.find("\\fB" + Roff(option) + "\\fR"), std::string::npos) << option;
  }
}

// The README's short list of CSV columns is the man page's, which comes from the code.
TEST(ManPageTest, ReadmeListsTheCsvColumnsOfTheManPage) {
  const std::string page = ManPage();
  const std::size_t at = page.find("The columns, in order:");
  ASSERT_NE(at, std::string::npos);
  const std::size_t nf = page.find(".nf\n", at);
  ASSERT_NE(nf, std::string::npos);
  const std::string columns = page.substr(nf + 4, page.find('\n', nf + 4) - nf - 4);
  EXPECT_EQ(columns.rfind("id,url,", 0), 0u) << columns;
  EXPECT_NE(Slurp(fs::path(NEWSCRAWL_SOURCE_DIR) / "README.md").find("`" + columns + "`"), std::string::npos)
      << "README.md should list the CSV columns as " << columns;
}

// The CSV columns the man page lists are the header `export --format csv` really writes.
TEST(ManPageTest, CsvColumnsAreWhatExportWrites) {
  TempDir dir("csv");
  const std::string db = (dir.path() / "empty.db").string();
  ASSERT_TRUE(newscrawl::SqliteStore::Open(db).ok());  // an empty store: just the header row
  CliResult r = RunNewscrawl("export --format csv --db " + ShellQuote(db));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string header = r.out.substr(0, r.out.find("\r\n"));
  const std::string page = ManPage();
  const std::size_t nf = page.find(".nf\n", page.find("The columns, in order:"));
  ASSERT_NE(nf, std::string::npos);
  EXPECT_EQ(page.substr(nf + 4, page.find('\n', nf + 4) - nf - 4), header);
}

// groff with every warning on, and man-db as a reader would run it: not one diagnostic.
TEST(ManPageTest, RendersWithoutWarnings) {
  TempDir dir("man");
  const std::string file = (dir.path() / "newscrawl.1").string();
  std::ofstream(file) << ManPage();
  bool ran = false;
  if (HaveTool("groff")) {
    ran = true;
    CliResult r = RunShell("groff -man -Tutf8 -ww -z " + ShellQuote(file));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "") << "groff";
  }
  if (HaveTool("man")) {
    ran = true;
    CliResult r = RunShell("MANWIDTH=100 man -l --warnings " + ShellQuote(file));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "") << "man -l";
    EXPECT_NE(r.out.find("EXIT STATUS"), std::string::npos);
    EXPECT_NE(r.out.find("newscrawl export --format jsonl --output out.jsonl"), std::string::npos)
        << "hyphens must render as ASCII so examples can be copied";
  }
  if (!ran) GTEST_SKIP() << "neither groff nor man is installed (scripts/install-deps.sh adds them)";
}

// The page the build wrote (and `cmake --install` installs) is the one the binary prints.
TEST(ManPageTest, BuildGeneratesTheCurrentPageAndCompletions) {
  const fs::path docs = NEWSCRAWL_DOCS_DIR;
  EXPECT_EQ(Slurp(docs / "newscrawl.1"), ManPage());
  EXPECT_EQ(Slurp(docs / "newscrawl.bash"), RunNewscrawl("help --completion bash").out);
  EXPECT_EQ(Slurp(docs / "_newscrawl"), RunNewscrawl("help --completion zsh").out);
  EXPECT_EQ(RunNewscrawl("help --completion fish").exit_code, 2);
}

// Sources the bash script, sets COMP_WORDS / COMP_CWORD for `words` (the last one is being
// typed) and returns COMPREPLY, one entry per line.
std::set<std::string> BashComplete(const std::string& script, const std::vector<std::string>& words) {
  std::string array;
  for (const std::string& w : words) array += " " + ShellQuote(w);
  CliResult r = RunShell("bash -c " + ShellQuote("source " + ShellQuote(script) + " && COMP_WORDS=(" + array +
                                                 ") && COMP_CWORD=" + std::to_string(words.size() - 1) +
                                                 " && _newscrawl && printf '%s\\n' \"${COMPREPLY[@]}\""));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> out;
  for (const std::string& line : Lines(r.out)) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

TEST(CompletionTest, BashScriptIsValidAndCompletes) {
  if (!HaveTool("bash")) GTEST_SKIP() << "no bash";
  TempDir dir("bash");
  const std::string script = (dir.path() / "newscrawl").string();
  std::ofstream(script) << RunNewscrawl("help --completion bash").out;
  CliResult syntax = RunShell("bash -n " + ShellQuote(script));
  ASSERT_EQ(syntax.exit_code, 0) << syntax.err;

  const std::set<std::string> top = BashComplete(script, {"newscrawl", ""});
  for (const std::string& path : CommandPaths()) {
    if (path.find(' ') == std::string::npos) {
      EXPECT_TRUE(top.contains(path)) << path;
    }
  }
  EXPECT_TRUE(top.contains("crawl"));
  EXPECT_TRUE(top.contains("export"));
  EXPECT_EQ(BashComplete(script, {"newscrawl", "ex"}), (std::set<std::string>{"export", "extract"}));
  EXPECT_EQ(BashComplete(script, {"newscrawl", "fixture", ""}), (std::set<std::string>{"update", "capture"}));
  EXPECT_EQ(BashComplete(script, {"newscrawl", "export", "--format", ""}),
            (std::set<std::string>{"jsonl", "csv", "warc"}));
  EXPECT_TRUE(BashComplete(script, {"newscrawl", "export", "--"}).contains("--output"));
  EXPECT_FALSE(BashComplete(script, {"newscrawl", "export", "--"}).contains("--metrics-file"));
  // The one-off form: `newscrawl --site X` is a crawl, so crawl's options complete at the top.
  EXPECT_TRUE(BashComplete(script, {"newscrawl", "--"}).contains("--metrics-file"));
  EXPECT_TRUE(BashComplete(script, {"newscrawl", "help", ""}).contains("export"));
  // Values: paths for a file option, nothing for a site key (it is not a file name).
  const std::string readme = std::string(NEWSCRAWL_SOURCE_DIR) + "/README.md";
  EXPECT_EQ(BashComplete(script, {"newscrawl", "export", "--output", readme.substr(0, readme.size() - 4)}),
            (std::set<std::string>{readme}));
  EXPECT_EQ(BashComplete(script, {"newscrawl", "crawl", "--site", "READ"}), (std::set<std::string>{}));
}

TEST(CompletionTest, ZshScriptIsValid) {
  const std::string script = RunNewscrawl("help --completion zsh").out;
  ASSERT_EQ(script.rfind("#compdef newscrawl\n", 0), 0u);
  for (const std::string& path : CommandPaths()) {
    std::string key = "/" + path;
    for (char& c : key) c = c == ' ' ? '/' : c;
    EXPECT_NE(script.find("'" + key + "'"), std::string::npos) << path;
  }
  if (!HaveTool("zsh")) GTEST_SKIP() << "zsh is not installed (scripts/install-deps.sh adds it); syntax not checked";
  TempDir dir("zsh");
  std::ofstream(dir.path() / "_newscrawl") << script;
  CliResult r = RunShell("zsh -n " + ShellQuote((dir.path() / "_newscrawl").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
