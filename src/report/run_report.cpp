#include "newscrawl/run_report.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "newscrawl/text.h"
#include "newscrawl/time_parse.h"
#include "newscrawl/version.h"

namespace newscrawl {
namespace {

// printf into a std::string; only ever used with our own format strings and numbers.
__attribute__((format(printf, 1, 2))) std::string Fmt(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return n < 0 ? std::string() : std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}

std::string Num(std::int64_t v) {
  // Thousands separated by a thin space: readable in every locale the papers are read in.
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

// Short form for chart labels, where a full number would not fit: 950, 1.5k, 82k, 1.2M.
std::string Compact(std::int64_t v) {
  const double d = static_cast<double>(v);
  if (v < 1000) return std::to_string(v);
  if (v < 10000 && v % 1000 != 0) return Fmt("%.1fk", d / 1e3);
  if (v < 1000000) return Fmt("%.0fk", d / 1e3);
  if (v < 10000000 && v % 1000000 != 0) return Fmt("%.1fM", d / 1e6);
  return Fmt("%.0fM", d / 1e6);
}

// "1 article", "3 articles" (English plural with s is enough for the words used here).
std::string Count(std::int64_t n, const std::string& noun) { return Num(n) + " " + noun + (n == 1 ? "" : "s"); }

std::string Ms(std::int64_t ms) {
  if (ms < 1000) return Fmt("%lld ms", static_cast<long long>(ms));
  return Fmt("%.1f s", static_cast<double>(ms) / 1000.0);
}

std::string Percent(double share) { return Fmt("%.0f%%", share * 100.0); }

// "2025-06-17 10:15 UTC"
std::string When(std::int64_t unix_seconds) {
  const std::string iso = FormatUtc(unix_seconds);  // 2025-06-17T10:15:00Z
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string Day(std::int64_t day) { return FormatUtc(day * 86400).substr(0, 10); }

// A stored published_at ("2025-06-17T10:15:00+07:00") as "2025-06-17 10:15 +07:00".
std::string Published(const std::string& iso) {
  if (iso.size() < 16 || iso[10] != 'T') return iso;
  std::string out = iso.substr(0, 10) + " " + iso.substr(11, 5);
  const std::size_t zone = iso.find_first_of("Z+-", 19);
  if (zone != std::string::npos) out += " " + (iso[zone] == 'Z' ? std::string("UTC") : iso.substr(zone));
  return out;
}

// Only absolute http(s) URLs become links: a stored "javascript:" URL must not be clickable.
bool IsWebUrl(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  return lower.starts_with("http://") || lower.starts_with("https://");
}

// An id fragment from a site key: keeps [a-z0-9-], so it needs no escaping.
std::string Anchor(const std::string& site) {
  std::string out = "site-";
  for (char c : AsciiLower(site)) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
  return out;
}

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

const char* ExitStatusText(int code) {
  switch (code) {
    case 0: return "ok";
    case 1: return "failed";
    case 2: return "bad config";
    case 3: return "locked";
    case 4: return "too many failures";
    case 5: return "interrupted";
  }
  return "exit code";
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

constexpr const char* kCss = R"css(
:root{--fg:#1d2330;--muted:#5f6b7a;--line:#dde3ea;--bg:#ffffff;--panel:#f6f8fa;--accent:#1565c0;--warn:#b71c1c;--warnbg:#fdecea}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:1120px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:18px 0 8px}
.meta{color:var(--muted);margin:0 0 16px}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.92em;background:var(--panel);padding:1px 4px;border-radius:3px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 4px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px;line-height:1.2}
.card span{color:var(--muted);font-size:12px}
.card.warn{background:var(--warnbg);border-color:#f5c2c0}
.card.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;background:var(--panel)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:#2e7d32}.bad{color:var(--warn);font-weight:600}.dim{color:var(--muted)}
.warnings{background:var(--warnbg);border:1px solid #f5c2c0;border-left:4px solid var(--warn);border-radius:6px;padding:8px 12px 8px 30px;margin:10px 0}
.warnings li{margin:2px 0}
.empty{background:var(--panel);border:1px dashed var(--line);border-radius:8px;padding:28px;text-align:center;color:var(--muted);font-size:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:14px}
figure{margin:0;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}
figcaption small{font-weight:400;color:var(--muted)}
svg{display:block;width:100%;height:auto}
svg text{font-family:inherit;font-size:11px;fill:#5f6b7a}
svg text.v{fill:#1d2330;font-size:10.5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:6px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.chips{font-size:12px;color:var(--muted);margin-top:4px}
.chips b{color:var(--fg)}
.bar{background:#e8edf2;border-radius:3px;height:12px;min-width:120px;position:relative}
.bar i{display:block;height:12px;border-radius:3px;background:#43a047}
tr.drift td{background:var(--warnbg)}
tr.drift .bar i{background:var(--warn)}
.articles{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:10px}
.articles li{border:1px solid var(--line);border-radius:8px;padding:8px 12px;break-inside:avoid}
.articles .t{font-weight:600;font-size:14.5px}
.articles .t.untitled{font-weight:400;font-size:12.5px;word-break:break-all}
.articles .d{color:var(--muted);font-size:12px;margin:1px 0 3px}
.articles p{margin:0;font-size:13px;color:#333b47;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
section.site{margin-top:34px}
section.site>h2{display:flex;justify-content:space-between;align-items:baseline}
section.site>h2 small{font-size:13px;font-weight:400;color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  a{color:inherit}
  .grid,.articles{grid-template-columns:1fr 1fr}
  section.site{break-before:page}
  .articles p{-webkit-line-clamp:unset;display:block}
  h2,h3,figcaption{break-after:avoid}
  tr{break-inside:avoid}
}
)css";

class Page {
 public:
  void Raw(std::string_view s) { out_.append(s); }
  void Text(std::string_view s) { out_ += HtmlEscape(s); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// ---- charts ------------------------------------------------------------------------------------

// Horizontal gridlines with y labels at 0, top/2 (when a whole number) and top.
void Gridlines(Page& p, std::int64_t top, double x1, double x2, double top_pad, double plot_h) {
  for (int i = 0; i <= 2; ++i) {
    if (i == 1 && top % 2 != 0) continue;
    const double y = top_pad + plot_h - plot_h * i / 2.0;
    p.Raw(Fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e8ee\"/>", x1, y, x2, y));
    p.Raw(Fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", x1 - 5, y + 4, Compact(top * i / 2).c_str()));
  }
}

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

double Rate(const FillRates& f, const std::string& field) { return f.rate.count(field) ? f.rate.at(field) : 0.0; }

void FillTable(Page& p, const SiteStats* stats, const std::vector<const LayoutDrift*>& drifts) {
  p.Raw("<figure><figcaption>Field fill rates <small>(share of articles with the field)</small></figcaption>");
  if (stats == nullptr || stats->articles == 0) {
    p.Raw("<p class=\"dim\">No articles stored yet.</p></figure>");
    return;
  }
  // The two recent runs are listed oldest first so a drop reads left to right.
  std::vector<const RunFillRates*> runs;
  for (auto it = stats->recent_runs.rbegin(); it != stats->recent_runs.rend(); ++it) runs.push_back(&*it);
  p.Raw("<table><tr><th>field</th><th>all " + Count(stats->articles, "article") + "</th><th class=\"n\"></th>");
  for (const RunFillRates* r : runs) {
    p.Raw(Fmt("<th class=\"n\">run %lld<br><span class=\"dim\">%s new</span></th>", static_cast<long long>(r->run_id),
              Num(r->fill.articles).c_str()));
  }
  p.Raw("</tr>");
  for (const std::string& field : FillRateFields()) {
    const bool drift = std::any_of(drifts.begin(), drifts.end(), [&](const LayoutDrift* d) { return d->field == field; });
    const double rate = Rate(stats->fill, field);
    p.Raw(drift ? "<tr class=\"drift\">" : "<tr>");
    p.Raw("<td>" + HtmlEscape(field) + (drift ? " <span class=\"bad\" title=\"layout drift\">\u26a0 drop</span>" : "") + "</td>");
    p.Raw(Fmt("<td><div class=\"bar\"><i style=\"width:%.1f%%\"></i></div></td><td class=\"n\">%s</td>", rate * 100.0,
              Percent(rate).c_str()));
    for (const RunFillRates* r : runs) {
      p.Raw(Fmt("<td class=\"n%s\">%s</td>", drift && r == runs.back() ? " bad" : "", Percent(Rate(r->fill, field)).c_str()));
    }
    p.Raw("</tr>");
  }
  p.Raw("</table>");
  if (!drifts.empty()) {
    p.Raw("<ul class=\"warnings\">");
    for (const LayoutDrift* d : drifts) p.Raw("<li>" + HtmlEscape(d->message) + "</li>");
    p.Raw("</ul>");
  }
  p.Raw("</figure>");
}

void RunsOfSite(Page& p, const SiteReport& site, const std::map<std::int64_t, const ReportRun*>& runs, int max_runs) {
  if (site.runs.empty()) return;
  p.Raw("<h3>By run</h3><table><tr><th>run</th><th>started</th><th class=\"n\">new articles</th><th class=\"n\">fetches</th>"
        "<th class=\"n\">2xx / 304</th><th class=\"n\">errors</th><th class=\"n\">p50</th><th class=\"n\">p90</th></tr>");
  int n = 0;
  for (auto it = site.runs.rbegin(); it != site.runs.rend() && n < max_runs; ++it, ++n) {
    const SiteRunReport& r = *it;
    const auto run = runs.find(r.run_id);
    const std::int64_t errors = r.status.client_error + r.status.server_error + r.status.FailedTotal();
    p.Raw(Fmt("<tr><td>%lld</td><td>", static_cast<long long>(r.run_id)));
    p.Raw(run != runs.end() ? When(run->second->started_at) : "?");
    p.Raw("</td><td class=\"n\">" + Num(r.articles_new) + "</td><td class=\"n\">" + Num(r.status.Total()) + "</td>");
    p.Raw("<td class=\"n\">" + Num(r.status.ok) + " / " + Num(r.status.not_modified) + "</td>");
    p.Raw(std::string("<td class=\"n") + (errors > 0 ? " bad" : "") + "\">" + Num(errors) + "</td>");
    p.Raw("<td class=\"n\">" + (r.latency.count ? Ms(r.latency.p50) : "–") + "</td><td class=\"n\">" +
          (r.latency.count ? Ms(r.latency.p90) : "–") + "</td></tr>");
  }
  p.Raw("</table>");
}

void LatestArticles(Page& p, const SiteReport& site) {
  p.Raw("<h3>Latest articles</h3>");
  if (site.latest.empty()) {
    p.Raw("<p class=\"dim\">No articles stored yet.</p>");
    return;
  }
  p.Raw("<ol class=\"articles\">");
  for (const ReportArticle& a : site.latest) {
    // An article without a title is still identifiable by its URL.
    const bool untitled = a.title.empty();
    const std::string title = untitled ? (a.url.empty() ? "(no title)" : a.url) : a.title;
    p.Raw(untitled ? "<li><div class=\"t untitled\">" : "<li><div class=\"t\">");
    if (IsWebUrl(a.url)) {
      p.Raw("<a href=\"" + HtmlEscape(a.url) + "\" rel=\"noopener noreferrer\">" + HtmlEscape(title) + "</a>");
    } else {
      p.Raw(HtmlEscape(title));
    }
    if (untitled) p.Raw(" <span class=\"dim\">(no title)</span>");
    p.Raw("</div><div class=\"d\">");
    if (a.published_at) p.Raw("published " + HtmlEscape(Published(*a.published_at)) + " · ");
    p.Raw("first seen " + When(a.first_seen) + "</div>");
    if (!a.lead.empty()) p.Raw("<p>" + HtmlEscape(a.lead) + "</p>");
    p.Raw("</li>");
  }
  p.Raw("</ol>");
}

void Header(Page& p, const ReportData& data, const RunReportOptions& options) {
  p.Raw("<header><h1>newscrawl report</h1><p class=\"meta\">");
  if (!options.database.empty()) p.Raw("Database <code>" + HtmlEscape(options.database) + "</code>");
  if (options.generated_at > 0) {
    p.Raw(std::string(options.database.empty() ? "" : " · ") + "generated " + When(options.generated_at));
  }
  if (!data.runs.empty()) {
    const ReportRun& last = data.runs.back();
    p.Raw(Fmt(" · last run #%lld started ", static_cast<long long>(last.id)) + When(last.started_at));
  }
  p.Raw("</p>");
  std::int64_t articles = 0;
  for (const SiteStats& s : data.stats.sites) articles += s.articles;
  std::int64_t new_last = 0;
  for (const SiteStats& s : data.stats.sites) new_last += s.new_in_last_run;
  const auto card = [&](const std::string& value, const char* label, bool warn = false) {
    p.Raw(std::string("<div class=\"card") + (warn ? " warn" : "") + "\"><b>" + value + "</b><span>" + label + "</span></div>");
  };
  p.Raw("<div class=\"cards\">");
  card(Num(static_cast<std::int64_t>(data.sites.size())), "sites");
  card(Num(articles), "articles stored");
  card(Num(new_last), "new in the last run");
  card(Num(data.total_fetches), "fetches logged");
  card(Num(static_cast<std::int64_t>(data.runs.size())), "runs");
  card(Num(static_cast<std::int64_t>(data.drifts.size())), "layout-drift warnings", !data.drifts.empty());
  p.Raw("</div></header>");
}

void RunsTable(Page& p, const ReportData& data, int max_runs) {
  if (data.runs.empty()) return;
  p.Raw("<h2>Runs</h2><table><tr><th>run</th><th>started</th><th class=\"n\">duration</th><th class=\"n\">fetched</th>"
        "<th class=\"n\">new</th><th class=\"n\">updated</th><th class=\"n\">duplicates</th><th class=\"n\">errors</th>"
        "<th>result</th></tr>");
  const auto opt = [](const std::optional<std::int64_t>& v) { return v ? Num(*v) : std::string("–"); };
  int n = 0;
  for (auto it = data.runs.rbegin(); it != data.runs.rend() && n < max_runs; ++it, ++n) {
    const ReportRun& r = *it;
    p.Raw(Fmt("<tr><td>%lld</td><td>", static_cast<long long>(r.id)) + When(r.started_at) + "</td><td class=\"n\">");
    if (r.ended_at) {
      const std::int64_t s = std::max<std::int64_t>(0, *r.ended_at - r.started_at);
      p.Raw(s < 120 ? Fmt("%llds", static_cast<long long>(s))
                    : s < 7200 ? Fmt("%lldm %llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60))
                               : Fmt("%lldh %lldm", static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60)));
    } else {
      p.Raw("–");
    }
    p.Raw("</td><td class=\"n\">" + opt(r.fetched) + "</td><td class=\"n\">" + opt(r.articles_new) + "</td><td class=\"n\">" +
          opt(r.articles_updated) + "</td><td class=\"n\">" + opt(r.duplicates) + "</td>");
    p.Raw(std::string("<td class=\"n") + (r.errors.value_or(0) > 0 ? " bad" : "") + "\">" + opt(r.errors) + "</td><td>");
    if (!r.exit_status) {
      p.Raw("<span class=\"dim\">not finished</span>");
    } else {
      p.Raw(Fmt("<span class=\"%s\">%s</span>", *r.exit_status == 0 ? "ok" : "bad", ExitStatusText(*r.exit_status)));
      if (*r.exit_status != 0) p.Raw(Fmt(" <span class=\"dim\">(exit %d)</span>", *r.exit_status));
    }
    p.Raw("</td></tr>");
  }
  p.Raw("</table>");
  if (static_cast<int>(data.runs.size()) > max_runs) {
    p.Raw(Fmt("<p class=\"dim\">The %d latest of %zu runs.</p>", max_runs, data.runs.size()));
  }
}

void SitesTable(Page& p, const ReportData& data, const std::map<std::string, const SiteStats*>& stats) {
  p.Raw("<h2>Sites</h2><table><tr><th>site</th><th class=\"n\">articles</th><th class=\"n\">new in last run</th>"
        "<th class=\"n\">duplicates merged</th><th class=\"n\">fetches</th><th class=\"n\">success</th>"
        "<th class=\"n\">errors</th><th class=\"n\">p50 / p90</th><th class=\"n\">title</th><th class=\"n\">body</th>"
        "<th class=\"n\">date</th><th>warnings</th></tr>");
  for (const SiteReport& site : data.sites) {
    const auto it = stats.find(site.site);
    const SiteStats* st = it == stats.end() ? nullptr : it->second;
    const std::int64_t total = site.status.Total();
    const std::int64_t good = site.status.ok + site.status.not_modified;
    const std::int64_t errors = site.status.client_error + site.status.server_error + site.status.FailedTotal();
    std::int64_t drifts = 0;
    for (const LayoutDrift& d : data.drifts) drifts += d.site == site.site;
    p.Raw("<tr><td><a href=\"#" + Anchor(site.site) + "\">" + HtmlEscape(site.site) + "</a></td>");
    p.Raw("<td class=\"n\">" + Num(st ? st->articles : 0) + "</td><td class=\"n\">" + Num(st ? st->new_in_last_run : 0) +
          "</td><td class=\"n\">" + Num(st ? st->duplicates_merged : 0) +
          (st && st->near_duplicates ? " <span class=\"dim\">(" + Num(st->near_duplicates) + " near)</span>" : "") +
          "</td><td class=\"n\">" + Num(total) + "</td>");
    p.Raw("<td class=\"n\">" + (total ? Percent(static_cast<double>(good) / static_cast<double>(total)) : "–") + "</td>");
    p.Raw(std::string("<td class=\"n") + (errors ? " bad" : "") + "\">" + Num(errors) + "</td>");
    p.Raw("<td class=\"n\">" + (site.latency.count ? Ms(site.latency.p50) + " / " + Ms(site.latency.p90) : "–") + "</td>");
    for (const char* f : {"title", "body", "date"}) {
      p.Raw("<td class=\"n\">" + (st && st->articles ? Percent(Rate(st->fill, f)) : "–") + "</td>");
    }
    p.Raw(drifts ? Fmt("<td class=\"bad\">\u26a0 %lld layout drift</td>", static_cast<long long>(drifts))
                 : std::string("<td class=\"dim\">none</td>"));
    p.Raw("</tr>");
  }
  p.Raw("</table>");
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  const std::string clean = IsValidUtf8(text) ? std::string(text) : SanitizeUtf8(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderRunReport(const ReportData& data, const RunReportOptions& options) {
  Page p;
  p.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        // No request may leave the page: inline styles only, no scripts, images only as data.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        "<title>newscrawl report");
  if (!options.database.empty()) p.Raw(" – " + HtmlEscape(options.database));
  p.Raw("</title><style>");
  p.Raw(kCss);
  p.Raw("</style></head><body><main>");
  Header(p, data, options);

  const bool empty = data.runs.empty() && data.sites.empty() && data.total_fetches == 0;
  if (empty) {
    p.Raw("<div class=\"empty\"><b>Nothing here yet.</b><br>This database has no runs, fetches or articles. "
          "Run a crawl into it, then make the report again.</div>");
  } else {
    std::map<std::string, const SiteStats*> stats;
    for (const SiteStats& s : data.stats.sites) stats[s.site] = &s;
    std::map<std::int64_t, const ReportRun*> runs;
    for (const ReportRun& r : data.runs) runs[r.id] = &r;
    const int max_runs = std::max(1, options.max_runs);

    RunsTable(p, data, max_runs);
    if (!data.sites.empty()) SitesTable(p, data, stats);
    if (!data.drifts.empty()) {
      p.Raw("<h3 class=\"bad\">Layout-drift warnings</h3><ul class=\"warnings\">");
      for (const LayoutDrift& d : data.drifts) {
        p.Raw("<li><a href=\"#" + Anchor(d.site) + "\">" + HtmlEscape(d.site) + "</a>: " + HtmlEscape(d.message) + "</li>");
      }
      p.Raw("</ul>");
    }
    for (const SiteReport& site : data.sites) {
      const auto it = stats.find(site.site);
      const SiteStats* st = it == stats.end() ? nullptr : it->second;
      std::vector<const LayoutDrift*> drifts;
      for (const LayoutDrift& d : data.drifts) {
        if (d.site == site.site) drifts.push_back(&d);
      }
      p.Raw("<section class=\"site\" id=\"" + Anchor(site.site) + "\"><h2>" + HtmlEscape(site.site) + "<small>" +
            Count(st ? st->articles : 0, "article") + " · " + Num(site.status.Total()) +
            (site.status.Total() == 1 ? " fetch" : " fetches") + "</small></h2>");
      p.Raw("<div class=\"grid\">");
      ArticlesChart(p, site.articles_per_day, options.max_days);
      StatusChart(p, site, max_runs);
      LatencyChart(p, site.latency);
      FillTable(p, st, drifts);
      p.Raw("</div>");
      RunsOfSite(p, site, runs, max_runs);
      LatestArticles(p, site);
      p.Raw("</section>");
    }
  }
  p.Raw(std::string("<footer>newscrawl ") + kVersion +
        " · one self-contained file: nothing on this page is loaded from the network; links open the original articles."
        "</footer></main></body></html>\n");
  return p.Take();
}

}  // namespace newscrawl
