#include "newscrawl/core/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace newscrawl {
namespace {

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v";

std::atomic<std::int64_t> g_run_id{0};
thread_local std::string t_site;
thread_local std::string t_url;

// One JSON object a line. nlohmann does the escaping (and replaces invalid UTF-8 from a page, so
// a line always parses).
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    using Json = nlohmann::ordered_json;
    const auto since_epoch = msg.time.time_since_epoch();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char time[128];  // room for any int in tm, so -Wformat-truncation has nothing to say
    std::snprintf(time, sizeof time, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    const std::int64_t run = g_run_id.load(std::memory_order_relaxed);
    const auto level = spdlog::level::to_string_view(msg.level);
    Json j{{"time", time},
           {"level", std::string_view(level.data(), level.size())},
           {"logger", std::string_view(msg.logger_name.data(), msg.logger_name.size())},
           {"run_id", run == 0 ? Json() : Json(run)},
           {"site", t_site.empty() ? Json() : Json(t_site)},
           {"url", t_url.empty() ? Json() : Json(t_url)},
           {"event", std::string_view(msg.payload.data(), msg.payload.size())}};
    const std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

struct LogState {
  std::mutex mu;
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
  spdlog::level::level_enum level = spdlog::level::warn;
  LogFormat format = LogFormat::kText;
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: loggers may log during exit
  return *state;
}

void ApplyFormat(spdlog::logger& logger, LogFormat format) {
  if (format == LogFormat::kJson) {
    logger.set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger.set_pattern(kTextPattern);
  }
}

}  // namespace

std::shared_ptr<spdlog::logger> Logger(const std::string& component) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = std::make_shared<spdlog::logger>(component, s.sinks.begin(), s.sinks.end());
  logger->set_level(s.level);
  ApplyFormat(*logger, s.format);
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
  // A logger's formatter is copied into each of its sinks: the new sink needs it too.
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) {
    l->sinks().push_back(sink);
    ApplyFormat(*l, s.format);
  });
}

void SetLogFormat(LogFormat format) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  s.format = format;
  spdlog::apply_all([format](const std::shared_ptr<spdlog::logger>& l) { ApplyFormat(*l, format); });
}

void SetLogRunId(std::int64_t run_id) { g_run_id.store(run_id, std::memory_order_relaxed); }

ScopedLogContext::ScopedLogContext(std::string_view site, std::string_view url)
    : saved_site_(std::move(t_site)), saved_url_(std::move(t_url)) {
  t_site = site;
  t_url = url;
}

ScopedLogContext::~ScopedLogContext() {
  t_site = std::move(saved_site_);
  t_url = std::move(saved_url_);
}

}  // namespace newscrawl
