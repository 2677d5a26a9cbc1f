// Line wrapping for `--help` (help_format.h).
#include "help_format.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace newscrawl::cli {
namespace {

// Columns taken by `s`: UTF-8 code points (the Vietnamese in descriptions is precomposed, NFC).
std::size_t Columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Byte offset of the first byte after `columns` code points of `s` (or s.size()).
std::size_t OffsetOfColumn(std::string_view s, std::size_t columns) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == columns) return i;
      ++n;
    }
  }
  return s.size();
}

void WrapLine(std::string_view line, std::size_t width, std::size_t name_column, std::string& out) {
  const std::size_t lead = line.find_first_not_of(' ');
  std::string current(line);
  if (lead != std::string_view::npos) {
    std::size_t hang = lead == 2 ? name_column : lead;  // 2: an option / subcommand row
    if (hang >= width / 2) hang = 0;                      // no room left to hang under
    while (Columns(current) > width) {
      const std::size_t indent = current.find_first_not_of(' ');
      // Break at the last space within the width that leaves a word on this line.
      const std::size_t limit = OffsetOfColumn(current, width);
      std::size_t cut = current.rfind(' ', limit);
      // A long word, such as a set of choices {auto,generic,...}, breaks after a comma in it when
      // breaking at a space would leave this line with no more than its option name.
      const std::size_t comma = current.rfind(',', limit - 1);
      const bool no_space = cut == std::string::npos || cut <= indent;
      if (comma != std::string::npos && comma > indent && (no_space || (cut < hang && comma > cut))) {
        cut = comma + 1;
      } else if (no_space) {
        cut = current.find(' ', limit);  // no break point: keep the word whole
        if (cut == std::string::npos) break;
      }
      std::size_t head_end = cut;
      while (head_end > 0 && current[head_end - 1] == ' ') --head_end;
      out.append(current, 0, head_end);
      out += '\n';
      const std::size_t rest = current.find_first_not_of(' ', cut);
      if (rest == std::string::npos) return;
      current = std::string(hang, ' ') + current.substr(rest);
    }
  }
  out += current;
  out += '\n';
}

}  // namespace

std::string WrapHelpText(std::string_view text, std::size_t width, std::size_t name_column) {
  std::string out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    WrapLine(text.substr(0, nl), width, name_column, out);
    if (nl == std::string_view::npos) {
      out.pop_back();  // the input's last line had no newline
      break;
    }
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace newscrawl::cli
