// The product version, also used in the default User-Agent.
#ifndef NEWSCRAWL_VERSION_H_
#define NEWSCRAWL_VERSION_H_

namespace newscrawl {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace newscrawl

#endif  // NEWSCRAWL_VERSION_H_
