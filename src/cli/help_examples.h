// One or two example command lines per newscrawl command, shown in each command's `--help`
// footer and in the man page. They are real command lines: tests/cli checks that every option
// they use exists on that command. Private to src/cli.
#ifndef NEWSCRAWL_CLI_HELP_EXAMPLES_H_
#define NEWSCRAWL_CLI_HELP_EXAMPLES_H_

#include <string>
#include <string_view>
#include <vector>

namespace newscrawl::cli {

struct CommandExample {
  std::string_view command;  // the command path it belongs to ("crawl", "fixture capture"; "" = root)
  std::string_view line;     // what to type, starting with "newscrawl"
  std::string_view what;     // what it does, one short sentence
};

// The examples of the command at `path`, in the order shown.
std::vector<CommandExample> ExamplesFor(std::string_view path);

// The `--help` footer for the command at `path`: "Examples:" and the command lines with what
// they do; empty when the command has none.
std::string ExamplesFooter(std::string_view path);

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_HELP_EXAMPLES_H_
