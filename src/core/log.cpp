#include "newscrawl/log.h"

#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace newscrawl {
namespace {

struct LogState {
  std::mutex mu;
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
  spdlog::level::level_enum level = spdlog::level::warn;
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: loggers may log during exit
  return *state;
}

}  // namespace

std::shared_ptr<spdlog::logger> Logger(const std::string& component) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = std::make_shared<spdlog::logger>(component, s.sinks.begin(), s.sinks.end());
  logger->set_level(s.level);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  spdlog::register_logger(logger);
  return logger;
}

void SetLogLevel(spdlog::level::level_enum level) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  s.level = level;
  spdlog::apply_all([level](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
}

void AddLogFile(const std::string& path, std::size_t max_bytes) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, max_bytes, 5);
  s.sinks.push_back(sink);
  spdlog::apply_all([&sink](const std::shared_ptr<spdlog::logger>& l) { l->sinks().push_back(sink); });
}

}  // namespace newscrawl
