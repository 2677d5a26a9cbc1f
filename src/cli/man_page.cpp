// The man page renderer (man_page.h). The per-command parts come from the CLI11 tree; the fixed
// sections are written here, next to the code that keeps them true (exit codes from exit_codes.h,
// the record fields from ArticleFieldNames()).
#include "man_page.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "app_tree.h"
#include "help_examples.h"
#include "newscrawl/core/article.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/core/version.h"

namespace newscrawl::cli {
namespace {

// Decodes one UTF-8 sequence at s[i] (advancing i); malformed bytes come back as U+FFFD.
std::uint32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i++]);
  if (b < 0x80) return b;
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  std::uint32_t cp = b & (0x3F >> extra);
  for (; extra > 0; --extra) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

// One roff text line: newlines in `text` become spaces (a paragraph is one line of input).
std::string Line(std::string_view text) {
  std::string out = RoffEscape(text);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out + "\n";
}

// The first line of the root description without the "newscrawl: " prefix or a final period.
std::string Tagline(const CLI::App& root) {
  std::string d = root.get_description().substr(0, root.get_description().find('\n'));
  if (d.rfind("newscrawl: ", 0) == 0) d = d.substr(11);
  if (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

// "--site TEXT ..." in bold/italic, as --help's left column shows it.
std::string OptionTag(const CLI::Option& o) {
  std::string tag;
  if (o.get_positional()) {
    tag = "\\fI" + RoffEscape(o.get_name(true, false)) + "\\fR";
  } else {
    // "-q, --quiet": each name in bold on its own, as man pages write them.
    for (const std::string& name : o.get_snames()) tag += (tag.empty() ? "" : ", ") + ("\\fB" + RoffEscape("-" + name) + "\\fR");
    for (const std::string& name : o.get_lnames()) tag += (tag.empty() ? "" : ", ") + ("\\fB" + RoffEscape("--" + name) + "\\fR");
    if (!IsFlag(o)) {
      // \: after each comma: a long set of choices ({auto,generic,...}) may break there.
      std::string type;
      for (char c : RoffEscape(o.get_type_name())) type += c == ',' ? std::string(",\\:") : std::string(1, c);
      tag += " \\fI" + type + "\\fR";
    }
  }
  if (o.get_items_expected_max() >= CLI::detail::expected_max_vector_size) tag += " ...";
  return tag;
}

void RenderOptions(const CLI::App& app, std::string& out) {
  for (const CLI::Option* o : VisibleOptions(app)) {
    out += ".TP\n" + OptionTag(*o) + "\n";
    std::string desc = o->get_description();
    if (!o->get_default_str().empty()) desc += " (default: " + o->get_default_str() + ")";
    if (o->get_required()) desc += " (required)";
    out += Line(desc.empty() ? std::string("(no description)") : desc);
  }
}

void RenderExamples(std::string_view path, std::string& out) {
  const std::vector<CommandExample> examples = ExamplesFor(path);
  if (examples.empty()) return;
  out += ".PP\nExamples:\n";
  for (const CommandExample& e : examples) {
    out += ".RS\n.PP\n.nf\n\\fB" + RoffEscape(e.line) + "\\fR\n.fi\n" + Line(e.what) + ".RE\n";
  }
}

// "Usage: newscrawl fixture capture [OPTIONS] URL" as --help prints it, without "Usage: ".
std::string Usage(const CLI::App& app) {
  const std::string path = CommandPath(app);
  const std::string name = path.empty() ? "newscrawl" : "newscrawl " + path;
  const std::string help = app.get_formatter()->make_help(&app, name, CLI::AppFormatMode::Normal);
  const std::size_t at = help.find("Usage: ");
  if (at == std::string::npos) return name;
  return help.substr(at + 7, help.find('\n', at) - at - 7);
}

void RenderCommands(const CLI::App& root, std::string& out) {
  out += ".SH COMMANDS\n";
  std::vector<const CLI::App*> commands;
  CollectCommands(root, commands);
  for (const CLI::App* cmd : commands) {
    out += ".SS \"" + RoffEscape(Usage(*cmd)) + "\"\n";
    out += Line(cmd->get_description());
    RenderOptions(*cmd, out);
    RenderExamples(CommandPath(*cmd), out);
  }
}

// What each record field holds; RenderOutputFormats says "(undocumented)" for a field added to
// ArticleFieldNames() without a line here, which tests/cli fails on.
std::string_view FieldMeaning(std::string_view field) {
  struct Entry {
    std::string_view name, meaning;
  };
  static constexpr Entry kFields[] = {
      {"url", "the URL the page was fetched from"},
      {"canonical_url", "the page's canonical link (link rel=canonical or og:url), absolute"},
      {"site", "the site key from the config or the extractor registry"},
      {"extractor", "which extractor produced the record (a site family, or generic)"},
      {"title", "the headline"},
      {"byline", "the authors as the page prints them, comma-separated"},
      {"lead", "the standfirst (sapo), verbatim"},
      {"body", "the article text, paragraphs separated by a blank line"},
      {"images", "a list of objects with url (absolute) and caption (or null)"},
      {"published_at", "publication time, ISO 8601 with the page's offset (2023-05-24T10:15:00+07:00)"},
      {"updated_at", "last update time, same form"},
      {"section", "the section (category) the page files the article under"},
      {"tags", "a list of strings"},
      {"language", "BCP 47 primary language tag (vi)"},
      {"id", "the store's integer id of the article"},
      {"first_seen", "when the crawler first stored the article, UTC (2024-05-01T08:00:00Z)"},
      {"last_seen", "when a crawl last saw it, UTC"},
      {"duplicate_of", "the id of the article this one nearly duplicates, or null"},
  };
  for (const Entry& e : kFields) {
    if (e.name == field) return e.meaning;
  }
  return "(undocumented)";
}

void FieldList(const std::vector<std::string>& fields, std::string& out) {
  for (const std::string& f : fields) {
    out += ".TP\n\\fB" + RoffEscape(f) + "\\fR\n" + Line(FieldMeaning(f));
  }
}

void RenderOutputFormats(std::string& out) {
  std::vector<std::string> jsonl = ArticleFieldNames();
  for (const char* f : {"id", "first_seen", "last_seen", "duplicate_of"}) jsonl.push_back(f);
  std::vector<std::string> csv = {"id"};
  for (const std::string& f : ArticleFieldNames()) csv.push_back(f);
  for (const char* f : {"first_seen", "last_seen", "duplicate_of"}) csv.push_back(f);
  std::string jsonl_list, csv_list;
  for (const std::string& f : jsonl) jsonl_list += (jsonl_list.empty() ? "" : ", ") + f;
  for (const std::string& f : csv) csv_list += (csv_list.empty() ? "" : ",") + f;

  out += ".SH OUTPUT FORMATS\n";
  out += ".SS \"export \\-\\-format jsonl\"\n";
  out += Line("One JSON object per line (UTF-8), one line per stored article, every field always present "
              "(a missing value is null, a missing list []), in this order: " + jsonl_list + ".");
  FieldList(jsonl, out);
  out += ".SS \"export \\-\\-format csv\"\n";
  out += Line("RFC 4180 CSV, UTF-8, CRLF line ends, a header row, then one row per article. The columns, in order:");
  out += ".PP\n.nf\n" + RoffEscape(csv_list) + "\n.fi\n.PP\n";
  out += Line("A null is an empty field; images and tags are JSON arrays in one field, so a caption or tag "
              "containing a comma survives the round trip; a field with a comma, quote, CR or LF is quoted and "
              "its quotes doubled. The columns mean what the JSON Lines fields of the same name mean.");
  out += ".SS \"export \\-\\-format warc\"\n";
  out += Line("WARC/1.1, each record gzipped on its own (a .warc.gz): a warcinfo record, then a request and a "
              "response record per stored raw page, with WARC-Target-URI, WARC-Date and payload digests.");
  out += ".SS extract\n";
  out += Line("One file: the article record (the fields above from url to language) as indented JSON. Several "
              "files: JSON Lines, each record with a leading \"file\" key naming its file.");
  out += ".SS stats\n";
  out += Line("A table, one row per site: articles, new in the last run, duplicates merged, the fill rate of each "
              "field, fetch errors by kind; then layout-drift warnings. With \\-\\-json one object: last_run_id, "
              "sites (site, articles, new_in_last_run, duplicates_merged, near_duplicates, fetch_errors_by_kind, "
              "fill_rates, recent_runs) and warnings.");
  out += ".SS \"dedup links\"\n";
  out += Line("JSON Lines, one per near-duplicate link: id, site, url, duplicate_of, original_url, matched_id, "
              "score, rule_version, decided_at, evidence.");
  out += ".SS \"url, robots\"\n";
  out += Line("One result per line on stdout: a URL; allowed (exit 0) or disallowed (exit 1, so a script can "
              "test it); a Crawl-delay in seconds or none; Sitemap URLs.");
  out += ".SS \"crawl, reextract\"\n";
  out += Line("Nothing on stdout. One summary line on stderr (on a terminal, one more per site; none with "
              "\\-q); "
              "\\-\\-metrics-file writes the run's figures in the Prometheus text exposition format.");
  out += ".SS report\n";
  out += Line("One self-contained HTML file.");
}

// kExitCodeHelp is "Exit codes: 0 success; 1 command failed; ...": one .TP per code.
void RenderExitStatus(std::string& out) {
  out += ".SH EXIT STATUS\n";
  std::string_view codes = kExitCodeHelp;
  if (const std::size_t colon = codes.find(": "); colon != std::string_view::npos) codes.remove_prefix(colon + 2);
  while (!codes.empty()) {
    const std::size_t end = codes.find("; ");
    std::string_view item = codes.substr(0, end);
    if (!item.empty() && item.back() == '.') item.remove_suffix(1);
    const std::size_t space = item.find(' ');
    out += ".TP\n.B " + RoffEscape(item.substr(0, space)) + "\n" + Line(item.substr(space + 1));
    if (end == std::string_view::npos) break;
    codes.remove_prefix(end + 2);
  }
}

// Long only because it is one roff literal: the FILES, ENVIRONMENT, EXAMPLES and SEE ALSO
// sections, which no option table generates.
void RenderFixedSections(std::string& out) {
  out += R"(.SH FILES
The configuration is the first of these that exists:
.TP
.BI \-\-config " FILE"
given on the command line;
.TP
.B $NEWSCRAWL_CONFIG
.TP
.B ./newscrawl.toml
.TP
.B ./config/newscrawl.toml
(the source tree's);
.TP
.B $XDG_CONFIG_HOME/newscrawl/newscrawl.toml
($XDG_CONFIG_HOME defaults to ~/.config);
.TP
.B /etc/newscrawl/newscrawl.toml
.PP
A file named by
.B \-\-config
or
.B $NEWSCRAWL_CONFIG
must exist. Without any, every setting takes its default and no site is configured.
.B newscrawl config show
prints the one found, with every default filled in.
.TP
.I newscrawl.db
The SQLite database (frontier, raw pages, records): the
.B [crawler] database
setting (a relative path there is relative to the config file's folder), or
.B \-\-db
(relative to the working directory); a postgresql:// URI names a PostgreSQL database instead.
Without a config file it is newscrawl.db in the working directory.
.TP
.I newscrawl.db.lock
Beside a SQLite database: an flock(2) lock held for the whole run, so a second run on the same
database exits with status 3 at once instead of waiting. The kernel releases it when the process
ends, even by kill \-9; a left-over file is harmless. Cron needs no flock(1) wrapper.
.TP
.I metrics file
Written by
.B \-\-metrics\-file
atomically (a temporary file, then rename), for node_exporter's textfile collector.
.SH ENVIRONMENT
.TP
.B NEWSCRAWL_CONFIG
The configuration file used when no
.B \-\-config
is given.
.TP
.B XDG_CONFIG_HOME
Where the per-user configuration is looked for (default ~/.config).
.SH EXAMPLES
A first look, with no network and no configuration:
.PP
.RS
.nf
\fBnewscrawl demo\fR
.fi
.RE
.PP
Crawl every configured site from cron every 30 minutes, quietly (output only on errors, so cron
mails only then); newscrawl's own lock keeps runs from overlapping:
.PP
.RS
.nf
*/30 * * * * newscrawl \-q \-\-config /etc/newscrawl/newscrawl.toml \-\-metrics\-file /var/lib/prometheus/node\-exporter/newscrawl.prom
.fi
.RE
.PP
Export what was stored for another tool:
.PP
.RS
.nf
\fBnewscrawl export \-\-format jsonl \-\-output articles.jsonl\fR
\fBnewscrawl export \-\-format csv \-\-since 2024\-01\-01 > articles.csv\fR
.fi
.RE
.PP
A systemd service and timer, a crontab line and a logrotate rule are installed with the
documentation (share/doc/newscrawl/examples).
.SH SEE ALSO
.BR crontab (5),
.BR systemd.timer (5),
.BR logrotate (8)
)";
}

}  // namespace

std::string RoffEscape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::uint32_t cp = NextCodePoint(text, i);
    if (cp == '\\') {
      out += "\\e";
    } else if (cp == '-') {
      out += "\\-";
    } else if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(cp));
      out += buf;
    }
  }
  // A line starting with . or ' would be a request; \& is a zero-width guard.
  std::string guarded;
  bool line_start = true;
  for (char c : out) {
    if (line_start && (c == '.' || c == '\'')) guarded += "\\&";
    guarded += c;
    line_start = c == '\n';
  }
  return guarded;
}

std::string RenderManPage(const CLI::App& root) {
  std::string out;
  out += ".\\\" newscrawl.1, generated by `newscrawl help --man` from the definitions --help prints; do not edit.\n";
  out += std::string(".TH NEWSCRAWL 1 \"\" \"newscrawl ") + kVersion + "\" \"User Commands\"\n";
  // Ragged right, no hyphenation: option names and URLs must not be split or stretched.
  out += ".nh\n.ad l\n";
  out += ".SH NAME\nnewscrawl \\- " + RoffEscape(Tagline(root)) + "\n";
  out += ".SH SYNOPSIS\n.B newscrawl\n.RI [ OPTIONS ]\n.I COMMAND\n.RI [ \"COMMAND OPTIONS\" ]\n.br\n"
         ".B newscrawl\n.RI [ OPTIONS ]\n.RI [ \"crawl options\" ]\n";
  out += ".SH DESCRIPTION\n";
  out += Line("newscrawl fetches news sites politely (robots.txt obeyed, one request at a time per host, "
              "with a delay), extracts clean article records and stores them in SQLite or PostgreSQL, "
              "for export as JSON Lines, CSV or WARC. It is meant to run unattended from cron or a systemd "
              "timer: runs resume where the last one stopped, and one run at a time holds a database.");
  out += ".PP\n";
  out += Line("newscrawl alone, or followed by options rather than a command, runs crawl: "
              "newscrawl --site baogialai is newscrawl crawl --site baogialai. Every command takes -h/--help; "
              "newscrawl help COMMAND prints the same.");
  out += ".SS Options\n";
  RenderOptions(root, out);
  RenderExamples("", out);
  RenderCommands(root, out);
  RenderOutputFormats(out);
  RenderExitStatus(out);
  RenderFixedSections(out);
  return out;
}

}  // namespace newscrawl::cli
