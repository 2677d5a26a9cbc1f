#include "newscrawl/report/run_report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "newscrawl/core/text.h"
#include "newscrawl/core/version.h"
#include "report_charts.h"
#include "report_format.h"

namespace newscrawl {
namespace {

using report::ArticlesChart;
using report::Count;
using report::Fmt;
using report::LatencyChart;
using report::Ms;
using report::Num;
using report::Page;
using report::Percent;
using report::Published;
using report::StatusChart;
using report::When;

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

void DriftWarnings(Page& p, const std::vector<LayoutDrift>& drifts) {
  p.Raw("<h3 class=\"bad\">Layout-drift warnings</h3><ul class=\"warnings\">");
  for (const LayoutDrift& d : drifts) {
    p.Raw("<li><a href=\"#" + Anchor(d.site) + "\">" + HtmlEscape(d.site) + "</a>: " + HtmlEscape(d.message) + "</li>");
  }
  p.Raw("</ul>");
}

// One site's section: its charts and fill rates, its runs and its latest articles.
void SiteSection(Page& p, const SiteReport& site, const SiteStats* st, const ReportData& data,
                 const std::map<std::int64_t, const ReportRun*>& runs, int max_days, int max_runs) {
  std::vector<const LayoutDrift*> drifts;
  for (const LayoutDrift& d : data.drifts) {
    if (d.site == site.site) drifts.push_back(&d);
  }
  p.Raw("<section class=\"site\" id=\"" + Anchor(site.site) + "\"><h2>" + HtmlEscape(site.site) + "<small>" +
        Count(st ? st->articles : 0, "article") + " · " + Num(site.status.Total()) +
        (site.status.Total() == 1 ? " fetch" : " fetches") + "</small></h2>");
  p.Raw("<div class=\"grid\">");
  ArticlesChart(p, site.articles_per_day, max_days);
  StatusChart(p, site, max_runs);
  LatencyChart(p, site.latency);
  FillTable(p, st, drifts);
  p.Raw("</div>");
  RunsOfSite(p, site, runs, max_runs);
  LatestArticles(p, site);
  p.Raw("</section>");
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
    if (!data.drifts.empty()) DriftWarnings(p, data.drifts);
    for (const SiteReport& site : data.sites) {
      const auto it = stats.find(site.site);
      SiteSection(p, site, it == stats.end() ? nullptr : it->second, data, runs, options.max_days, max_runs);
    }
  }
  p.Raw(std::string("<footer>newscrawl ") + kVersion +
        " · one self-contained file: nothing on this page is loaded from the network; links open the original articles."
        "</footer></main></body></html>\n");
  return p.Take();
}

}  // namespace newscrawl
