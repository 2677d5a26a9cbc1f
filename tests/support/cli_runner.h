// Runs the built `newscrawl` binary as a user would (through the shell) and captures its exit code,
// stdout and stderr. Header-only test support; each call uses its own temporary files.
#ifndef NEWSCRAWL_TESTS_SUPPORT_CLI_RUNNER_H_
#define NEWSCRAWL_TESTS_SUPPORT_CLI_RUNNER_H_

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace newscrawl::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Single-quotes `arg` for /bin/sh.
inline std::string ShellQuote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs a /bin/sh command line with /dev/null as its stdin (a redirection inside `command` wins)
// and captures its exit code, stdout and stderr in files of its own.
inline CliResult RunShell(const std::string& command) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("newscrawl_sh_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  const std::string cmd = "( " + command + " ) </dev/null >" + ShellQuote((dir / "out").string()) + " 2>" +
                          ShellQuote((dir / "err").string());
  const int status = std::system(cmd.c_str());
  CliResult r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), Slurp(dir / "out"),
              Slurp(dir / "err")};
  fs::remove_all(dir);
  return r;
}

// `args` is appended to the binary's path verbatim (the caller quotes what needs quoting).
inline CliResult RunNewscrawl(const std::string& args) { return RunShell(ShellQuote(NEWSCRAWL_BINARY) + " " + args); }

// Each argument is passed as is (quoted for the shell).
inline CliResult RunNewscrawl(const std::vector<std::string>& args) {
  std::string joined;
  for (const std::string& a : args) joined += (joined.empty() ? "" : " ") + ShellQuote(a);
  return RunNewscrawl(joined);
}

// Where and with what environment the binary runs: `cwd` ("" = the test's), variables set and
// variables removed. The config search reads $NEWSCRAWL_CONFIG, $XDG_CONFIG_HOME and $HOME, so
// tests of it give all three.
struct CliEnv {
  std::string cwd;
  std::vector<std::pair<std::string, std::string>> set;
  std::vector<std::string> unset;
};

inline CliResult RunNewscrawlWith(const CliEnv& env, const std::vector<std::string>& args) {
  std::string cmd;
  if (!env.cwd.empty()) cmd += "cd " + ShellQuote(env.cwd) + " && ";
  cmd += "env";
  for (const std::string& name : env.unset) cmd += " -u " + ShellQuote(name);
  for (const auto& [name, value] : env.set) cmd += " " + ShellQuote(name + "=" + value);
  cmd += " " + ShellQuote(NEWSCRAWL_BINARY);
  for (const std::string& a : args) cmd += " " + ShellQuote(a);
  return RunShell(cmd);
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_CLI_RUNNER_H_
