// Named spdlog loggers, one per component ("fetch", "polite", "extract", "store", "crawl", ...).
// All write to stderr through one shared sink so output lines never interleave mid-line; a rotating
// file sink can be added once at start-up. Thread-safe (spdlog's registry is).
#ifndef NEWSCRAWL_LOG_H_
#define NEWSCRAWL_LOG_H_

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace newscrawl {

// The logger for a component, created on first use with the current level and sinks.
std::shared_ptr<spdlog::logger> Logger(const std::string& component);

// Sets the level of every logger, present and future ("trace".."off").
void SetLogLevel(spdlog::level::level_enum level);

// Adds a size-rotating file sink (5 files) to every logger, present and future.
void AddLogFile(const std::string& path, std::size_t max_bytes);

}  // namespace newscrawl

#endif  // NEWSCRAWL_LOG_H_
