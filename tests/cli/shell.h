// Test support for the tools around newscrawl in tests/cli (groff, man, bash, systemd-analyze,
// cmake --install): whether a tool is there, and a temporary folder. RunShell itself is in
// support/cli_runner.h. Header-only.
#ifndef NEWSCRAWL_TESTS_CLI_SHELL_H_
#define NEWSCRAWL_TESTS_CLI_SHELL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/cli_runner.h"

namespace newscrawl::testing {

// Whether `tool` is on PATH.
inline bool HaveTool(const std::string& tool) {
  return RunShell("command -v " + ShellQuote(tool)).exit_code == 0;
}

// A fresh empty folder under the temp dir, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("newscrawl_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_CLI_SHELL_H_
