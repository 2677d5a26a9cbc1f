// MetricsFile: one crawl run's figures in the Prometheus text exposition format (version 0.0.4),
// written atomically for node_exporter's textfile collector (`newscrawl --metrics-file PATH`).
//
// Every figure is a gauge describing the last run (the file is replaced each run): pages,
// articles by outcome, failed exchanges and errors by kind, retries, robots refusals, bytes per
// site; the run's duration, end time and exit code; per-site fill rates. The time of the last
// successful run (exit code 0) is carried over from the previous file when this run failed, so
// "no successful run for 2 hours" can be alerted on; 0 means no run has succeeded yet.
// Plain functions over values; thread-compatible.
#ifndef NEWSCRAWL_METRICS_FILE_H_
#define NEWSCRAWL_METRICS_FILE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "newscrawl/store/article_store.h"
#include "newscrawl/crawl/crawl_stats.h"
#include "newscrawl/core/status.h"

namespace newscrawl {

struct RunMetrics {
  CrawlStats stats;               // empty when the crawl did not start (bad config, locked)
  double duration_seconds = 0;
  int exit_code = 0;
  std::int64_t finished_at = 0;   // Unix seconds
  // Per site: fill rates of the articles first stored in this run, and of every stored original.
  std::map<std::string, FillRates> run_fill;
  std::map<std::string, FillRates> stored_fill;
};

// "a\"b" → a\"b escaped for a label value: backslash, double quote and line feed.
std::string EscapeLabelValue(std::string_view value);

// The exposition text; `last_success` is the previous file's value, used when this run failed.
std::string RenderMetrics(const RunMetrics& metrics, std::optional<std::int64_t> last_success);

// newscrawl_last_success_timestamp_seconds from an existing metrics file: nullopt if the file is
// missing or holds no such line.
std::optional<std::int64_t> ReadLastSuccess(const std::string& path);

// Renders the metrics (carrying the last success time forward from `path`) and replaces `path`
// atomically. Errors: kIoError.
Status WriteMetricsFile(const std::string& path, const RunMetrics& metrics);

}  // namespace newscrawl

#endif  // NEWSCRAWL_METRICS_FILE_H_
