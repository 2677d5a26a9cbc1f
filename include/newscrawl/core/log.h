// Named spdlog loggers, one per component ("fetch", "polite", "extract", "store", "crawl", ...).
// All write to stderr through one shared sink so output lines never interleave mid-line; a rotating
// file sink can be added once at start-up. Lines are text ("TIME LEVEL [component] message") or,
// for log shippers, one JSON object a line: {"time", "level", "logger", "run_id", "site", "url",
// "event"}, where run_id is the crawl's (SetLogRunId) and site and url are those of the page the
// thread is working on (ScopedLogContext), null when there is none. Thread-safe (spdlog's
// registry is; the context is per thread).
#ifndef NEWSCRAWL_LOG_H_
#define NEWSCRAWL_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace newscrawl {

// The logger for a component, created on first use with the current level and sinks.
std::shared_ptr<spdlog::logger> Logger(const std::string& component);

// Sets the level of every logger, present and future ("trace".."off").
void SetLogLevel(spdlog::level::level_enum level);

// Adds a size-rotating file sink (5 files) to every logger, present and future.
void AddLogFile(const std::string& path, std::size_t max_bytes);

enum class LogFormat { kText, kJson };
// The format of every logger's lines, present and future, on every sink.
void SetLogFormat(LogFormat format);

// The run id put in JSON lines from now on (0 = none).
void SetLogRunId(std::int64_t run_id);

// For its lifetime, this thread's log lines name `site` and `url` (JSON format only; text lines
// carry them in their messages already). Nests: the previous context comes back on destruction.
class ScopedLogContext {
 public:
  ScopedLogContext(std::string_view site, std::string_view url);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;

 private:
  std::string saved_site_, saved_url_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_LOG_H_
