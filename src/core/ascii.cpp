#include "newscrawl/core/ascii.h"

namespace newscrawl {

std::string_view TrimAscii(std::string_view s, std::string_view space) {
  const std::size_t first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

}  // namespace newscrawl
