// newscrawl.1: the manual page, rendered in roff from the CLI11 command tree that `--help` is
// printed from (every visible command, its options with descriptions and defaults, its examples),
// plus the sections --help has no room for: output formats, exit status, files, environment.
// `newscrawl help --man` prints it; the build writes it with that. Private to src/cli.
#ifndef NEWSCRAWL_CLI_MAN_PAGE_H_
#define NEWSCRAWL_CLI_MAN_PAGE_H_

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace newscrawl::cli {

// The whole page for the root app `root` (the `newscrawl` command).
std::string RenderManPage(const CLI::App& root);

// `text` escaped for a roff text line: backslashes, hyphens (so options copy as ASCII), a leading
// dot or quote, and every non-ASCII character as \[uXXXX] (groff reads its input as Latin-1).
std::string RoffEscape(std::string_view text);

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_MAN_PAGE_H_
