// Per-field failure isolation (Fundus' error_handling="suppress"): a field whose extraction throws
// (a JSON type surprise, an allocation failure on a hostile page) is logged and left null; the
// other fields are unaffected. Private to the extractors library.
#ifndef NEWSCRAWL_EXTRACTORS_COMMON_FIELD_GUARD_H_
#define NEWSCRAWL_EXTRACTORS_COMMON_FIELD_GUARD_H_

#include <exception>
#include <string_view>

#include "newscrawl/core/log.h"

namespace newscrawl::extract {

template <typename Fn>
void GuardField(std::string_view extractor, std::string_view field, Fn&& fn) noexcept {
  try {
    fn();
  } catch (const std::exception& e) {
    Logger("extract")->warn("{}: field '{}' failed: {}", extractor, field, e.what());
  } catch (...) {
    Logger("extract")->warn("{}: field '{}' failed", extractor, field);
  }
}

}  // namespace newscrawl::extract

#endif  // NEWSCRAWL_EXTRACTORS_COMMON_FIELD_GUARD_H_
