// The run report's three SVG charts. Sizes are in SVG user units; the page scales them to its width.
#include "report_charts.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace newscrawl::report {
namespace {

// The smallest 1/2/5 × 10^k at or above v (an axis maximum).
std::int64_t NiceCeil(std::int64_t v) {
  if (v <= 1) return 1;
  std::int64_t scale = 1;
  while (true) {
    for (std::int64_t m : {1, 2, 5}) {
      if (m * scale >= v) return m * scale;
    }
    scale *= 10;
  }
}

// Status classes in display order, with their colours (also used by the legend).
struct StatusClass {
  const char* label;
  const char* color;
  const char* css;
};
constexpr StatusClass kStatusClasses[] = {
    {"2xx", "#2e7d32", "s2"},           {"304 not modified", "#80cbc4", "s304"},
    {"3xx", "#1e88e5", "s3"},           {"4xx", "#fb8c00", "s4"},
    {"5xx", "#e53935", "s5"},           {"failed", "#7b1fa2", "sx"},
};

std::array<std::int64_t, 6> StatusCounts(const FetchStatusMix& m) {
  return {m.ok, m.not_modified, m.redirect, m.client_error, m.server_error, m.FailedTotal()};
}

std::string FailedDetail(const FetchStatusMix& m) {
  std::string out;
  for (const auto& [kind, n] : m.failed) {
    out += (out.empty() ? "" : ", ") + HtmlEscape(kind) + " " + Num(n);
  }
  return out;
}


// Horizontal gridlines with y labels at 0, top/2 (when a whole number) and top.
void Gridlines(Page& p, std::int64_t top, double x1, double x2, double top_pad, double plot_h) {
  for (int i = 0; i <= 2; ++i) {
    if (i == 1 && top % 2 != 0) continue;
    const double y = top_pad + plot_h - plot_h * i / 2.0;
    p.Raw(Fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e8ee\"/>", x1, y, x2, y));
    p.Raw(Fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", x1 - 5, y + 4, Compact(top * i / 2).c_str()));
  }
}

void StatusLegend(Page& p, const FetchStatusMix& total) {
  const auto counts = StatusCounts(total);
  p.Raw("<div class=\"legend\">");
  for (std::size_t i = 0; i < std::size(kStatusClasses); ++i) {
    p.Raw(Fmt("<span><i style=\"background:%s\"></i>%s <b>", kStatusClasses[i].color, kStatusClasses[i].label));
    p.Raw(Num(counts[i]) + "</b>");
    if (i == 5 && counts[i] > 0) p.Raw(" (" + FailedDetail(total) + ")");
    p.Raw("</span>");
  }
  p.Raw("</div>");
}

std::string BucketLabel(std::size_t i) {
  const auto label = [](std::int64_t ms) { return ms < 1000 ? std::to_string(ms) : Fmt("%gs", static_cast<double>(ms) / 1000); };
  if (i == 0) return "<" + label(kLatencyBucketBoundsMs[0]);
  if (i == kLatencyBucketBoundsMs.size()) return "\u2265" + label(kLatencyBucketBoundsMs.back());
  return label(kLatencyBucketBoundsMs[i - 1]) + "\u2013" + label(kLatencyBucketBoundsMs[i]);
}

// Where a duration sits on the bucket axis: bucket index plus the linear position inside it.
double BucketPosition(std::int64_t ms) {
  const std::size_t b = LatencyBucket(ms);
  if (b == kLatencyBucketBoundsMs.size()) return static_cast<double>(b) + 0.5;
  const double lo = b == 0 ? 0.0 : static_cast<double>(kLatencyBucketBoundsMs[b - 1]);
  const double hi = static_cast<double>(kLatencyBucketBoundsMs[b]);
  return static_cast<double>(b) + (static_cast<double>(ms) - lo) / (hi - lo);
}

}  // namespace

// Bars of new articles per day, the last `max_days` days with zero days filled in.
void ArticlesChart(Page& p, const std::vector<DayCount>& per_day, int max_days) {
  p.Raw("<figure><figcaption>New articles per day <small>(first seen, UTC; duplicates excluded)</small></figcaption>");
  if (per_day.empty()) {
    p.Raw("<p class=\"dim\">No articles stored yet.</p></figure>");
    return;
  }
  const std::int64_t last = per_day.back().day;
  const std::int64_t first = std::max(per_day.front().day, last - std::max(1, max_days) + 1);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(last - first + 1), 0);
  std::int64_t shown = 0;
  for (const DayCount& d : per_day) {
    if (d.day < first) continue;
    counts[static_cast<std::size_t>(d.day - first)] = d.count;
    shown += d.count;
  }
  const std::int64_t top = std::max<std::int64_t>(2, NiceCeil(*std::max_element(counts.begin(), counts.end())));
  const double w = 520, h = 190, left = 36, right = 8, top_pad = 14, bottom = 26;
  const double plot_w = w - left - right, plot_h = h - top_pad - bottom;
  p.Raw(Fmt("<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"new articles per day\">", w, h));
  Gridlines(p, top, left, w - right, top_pad, plot_h);
  const double slot = plot_w / static_cast<double>(counts.size());
  const double bar = std::max(1.0, std::min(slot * 0.72, 46.0));
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    const double bh = plot_h * static_cast<double>(counts[i]) / static_cast<double>(top);
    const std::string day = Day(first + static_cast<std::int64_t>(i));
    p.Raw(Fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"#1e88e5\"><title>%s: %s</title></rect>",
              x, top_pad + plot_h - bh, bar, bh, day.c_str(), Num(counts[i]).c_str()));
    if (counts.size() <= 16 && counts[i] > 0) {
      p.Raw(Fmt("<text class=\"v\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x + bar / 2,
                top_pad + plot_h - bh - 3, Compact(counts[i]).c_str()));
    }
  }
  // Date labels: first and last day, and the middle one when there is room.
  std::set<std::size_t> labelled = {0, counts.size() - 1};
  if (counts.size() >= 5) labelled.insert(counts.size() / 2);
  if (counts.size() <= 8) {
    for (std::size_t i = 0; i < counts.size(); ++i) labelled.insert(i);
  }
  for (std::size_t i : labelled) {
    const double x = left + slot * (static_cast<double>(i) + 0.5);
    const char* anchor = counts.size() > 1 && i == 0 && counts.size() > 8            ? "start"
                         : counts.size() > 1 && i == counts.size() - 1 && counts.size() > 8 ? "end"
                                                                                        : "middle";
    p.Raw(Fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, h - 8, anchor,
              Day(first + static_cast<std::int64_t>(i)).c_str()));
  }
  p.Raw("</svg>");
  p.Raw("<div class=\"chips\"><b>" + Num(shown) + "</b> new article" + (shown == 1 ? "" : "s") + " over <b>" +
        Num(static_cast<std::int64_t>(counts.size())) + "</b> day" + (counts.size() == 1 ? "" : "s") + "</div></figure>");
}

// One 100% stacked bar per run (newest at the top), and one for all fetches.
void StatusChart(Page& p, const SiteReport& site, int max_runs) {
  p.Raw("<figure><figcaption>Fetch results by run <small>(share of fetches; count at the right)</small></figcaption>");
  if (site.status.Total() == 0) {
    p.Raw("<p class=\"dim\">No fetches logged yet.</p></figure>");
    return;
  }
  std::vector<std::pair<std::string, const FetchStatusMix*>> rows;
  int n = 0;
  for (auto it = site.runs.rbegin(); it != site.runs.rend() && n < max_runs; ++it) {
    if (it->status.Total() == 0) continue;
    rows.emplace_back(Fmt("run %lld", static_cast<long long>(it->run_id)), &it->status);
    ++n;
  }
  rows.emplace_back("all runs", &site.status);
  const double w = 520, left = 62, right = 52, row_h = 22, bar_h = 14;
  const double h = row_h * static_cast<double>(rows.size()) + 4;
  const double plot_w = w - left - right;
  p.Raw(Fmt("<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"fetch status mix\">", w, h));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = 4 + row_h * static_cast<double>(r);
    const bool all = r + 1 == rows.size();
    if (all && rows.size() > 1) {
      p.Raw(Fmt("<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#dde3ea\"/>", y - 3, w, y - 3));
    }
    p.Raw(Fmt("<text x=\"0\" y=\"%.1f\"%s>%s</text>", y + bar_h - 3, all ? " class=\"v\" font-weight=\"600\"" : "",
              rows[r].first.c_str()));
    const FetchStatusMix& m = *rows[r].second;
    const auto counts = StatusCounts(m);
    const double total = static_cast<double>(m.Total());
    double x = left;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == 0) continue;
      const double seg = plot_w * static_cast<double>(counts[i]) / total;
      p.Raw(Fmt("<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\"><title>%s: %s</title></rect>", x, y,
                seg, bar_h, kStatusClasses[i].color, kStatusClasses[i].label, Num(counts[i]).c_str()));
      x += seg;
    }
    p.Raw(Fmt("<text class=\"v\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", w, y + bar_h - 3,
              (m.Total() < 100000 ? Num(m.Total()) : Compact(m.Total())).c_str()));
  }
  p.Raw("</svg>");
  StatusLegend(p, site.status);
  p.Raw("</figure>");
}

void LatencyChart(Page& p, const LatencySummary& lat) {
  p.Raw("<figure><figcaption>Response time <small>(fetches that got a response; all runs)</small></figcaption>");
  if (lat.count == 0) {
    p.Raw("<p class=\"dim\">No responses logged yet.</p></figure>");
    return;
  }
  // The top margin holds the three percentile labels, one line each, clear of the bars.
  const double w = 520, h = 210, left = 36, right = 8, top_pad = 44, bottom = 26;
  const double plot_w = w - left - right, plot_h = h - top_pad - bottom;
  const std::int64_t top = std::max<std::int64_t>(2, NiceCeil(*std::max_element(lat.buckets.begin(), lat.buckets.end())));
  const double slot = plot_w / static_cast<double>(kLatencyBuckets);
  p.Raw(Fmt("<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"response time histogram\">", w, h));
  Gridlines(p, top, left, w - right, top_pad, plot_h);
  for (std::size_t i = 0; i < kLatencyBuckets; ++i) {
    const double x = left + slot * static_cast<double>(i) + slot * 0.1;
    const double bh = plot_h * static_cast<double>(lat.buckets[i]) / static_cast<double>(top);
    p.Raw(Fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"#5c6bc0\"><title>%s ms: %s</title></rect>",
              x, top_pad + plot_h - bh, slot * 0.8, bh, BucketLabel(i).c_str(), Num(lat.buckets[i]).c_str()));
    if (lat.buckets[i] > 0) {
      p.Raw(Fmt("<text class=\"v\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x + slot * 0.4,
                top_pad + plot_h - bh - 3, Compact(lat.buckets[i]).c_str()));
    }
    p.Raw(Fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x + slot * 0.4, h - 8, BucketLabel(i).c_str()));
  }
  // Percentile markers, labels staggered so close percentiles stay legible.
  const std::pair<const char*, std::int64_t> marks[] = {{"p50", lat.p50}, {"p90", lat.p90}, {"p99", lat.p99}};
  const char* colors[] = {"#2e7d32", "#ef6c00", "#c62828"};
  for (int i = 0; i < 3; ++i) {
    const double x = left + slot * BucketPosition(marks[i].second);
    const double label_y = 11.0 + 12.0 * i;
    p.Raw(Fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", x,
              label_y - 8, x, top_pad + plot_h, colors[i]));
    const bool flip = x > w - 110;
    p.Raw(Fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" style=\"fill:%s;font-weight:600\">%s %s</text>", flip ? x - 4 : x + 4,
              label_y, flip ? "end" : "start", colors[i], marks[i].first, Ms(marks[i].second).c_str()));
  }
  p.Raw("</svg>");
  p.Raw("<div class=\"chips\">p50 <b>" + Ms(lat.p50) + "</b> · p90 <b>" + Ms(lat.p90) + "</b> · p99 <b>" + Ms(lat.p99) +
        "</b> · max <b>" + Ms(lat.max) + "</b> · <b>" + Num(lat.count) + "</b> responses · buckets in ms</div>");
  p.Raw("</figure>");
}

}  // namespace newscrawl::report
