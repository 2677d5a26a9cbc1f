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

// `args` is appended to the binary's path verbatim (the caller quotes what needs quoting).
inline CliResult RunNewscrawl(const std::string& args) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("newscrawl_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  const std::string cmd = std::string(NEWSCRAWL_BINARY) + " " + args + " </dev/null >" + (dir / "out").string() +
                          " 2>" + (dir / "err").string();
  const int status = std::system(cmd.c_str());
  CliResult r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), Slurp(dir / "out"), Slurp(dir / "err")};
  fs::remove_all(dir);
  return r;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_CLI_RUNNER_H_
