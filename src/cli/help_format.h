// The `--help` layout of every newscrawl command: CLI11's formatter with each line wrapped at 100
// columns (CLI11 2.1 only pads columns, it never wraps), continuation lines hanging under the
// description column so option tables stay readable. Private to src/cli.
#ifndef NEWSCRAWL_CLI_HELP_FORMAT_H_
#define NEWSCRAWL_CLI_HELP_FORMAT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace newscrawl::cli {

inline constexpr std::size_t kHelpWidth = 100;

// Width of the option-name column, the column where option and subcommand descriptions start.
inline constexpr std::size_t kHelpNameColumn = 30;

// Re-wraps each line of `text` longer than `width` columns (UTF-8 code points) at spaces.
// Continuation lines of a line indented by two spaces (an option or subcommand row) start at
// `name_column`; those of any other line keep that line's own indentation. A word longer than
// the line is broken after a comma in it ({a,b,c}), or else left whole.
std::string WrapHelpText(std::string_view text, std::size_t width = kHelpWidth,
                         std::size_t name_column = kHelpNameColumn);

class WrappingFormatter : public CLI::Formatter {
 public:
  WrappingFormatter() { column_width(kHelpNameColumn); }
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    std::string help = WrapHelpText(CLI::Formatter::make_help(app, std::move(name), mode));
    // CLI11 leaves an extra blank line after the options when a hidden group comes last.
    for (std::size_t at = help.find("\n\n\n"); at != std::string::npos; at = help.find("\n\n\n", at)) {
      help.erase(at, 1);
    }
    return help;
  }
};

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_HELP_FORMAT_H_
