// The example command lines of every command (help_examples.h). Option names here are pinned by
// tests/cli/help_cli_test.cpp against each command's real options.
#include "help_examples.h"

#include <string>
#include <string_view>
#include <vector>

namespace newscrawl::cli {
namespace {

constexpr CommandExample kExamples[] = {
    {"", "newscrawl --site baogialai", "Crawl one configured site (the one-off form of `crawl`, as cron runs it)"},
    {"", "newscrawl demo", "Crawl a local copy of several papers and show the records"},
    {"crawl", "newscrawl crawl --metrics-file /var/lib/prometheus/node-exporter/newscrawl.prom",
     "Crawl every site, leaving the run's figures for node_exporter's textfile collector"},
    {"reextract", "newscrawl reextract --site baogialai", "Re-run the current extractor over one site's stored pages"},
    {"export", "newscrawl export --format jsonl --output out.jsonl", "Every stored article as JSON Lines, written atomically"},
    {"export", "newscrawl export --format csv --site baogialai --since 2024-01-01 --db newscrawl.db",
     "One site's articles first seen since a date, as CSV on stdout"},
    {"stats", "newscrawl stats --db newscrawl.db", "Per-site counts and fill rates as a table"},
    {"stats", "newscrawl stats --json", "The same figures as JSON, for scripts"},
    {"report", "newscrawl report --out report.html", "Write the HTML report of the database"},
    {"extract", "newscrawl extract page.html", "Print the article record of a saved page"},
    {"extract", "newscrawl extract --site generic --url https://example.com/news/a.html page.html",
     "Use the generic extractor, telling it the page's URL"},
    {"fixture", "newscrawl fixture update", "Rewrite the expected records of ./fixtures"},
    {"fixture update", "newscrawl fixture update fixtures", "Rewrite the expected records under fixtures/"},
    {"fixture capture", "newscrawl fixture capture --site baogialai --name flood https://baogialai.com.vn/flood.html",
     "Save a live page as a new fixture of a site"},
    {"url", "newscrawl url canonical 'https://example.com/a?utm_source=x#top'", "Print a URL's dedup form"},
    {"url resolve", "newscrawl url resolve --base https://example.com/news/ ../a.html", "Resolve a link as a browser does"},
    {"url canonical", "newscrawl url canonical 'https://example.com/a?utm_source=x#top'", "Print a URL's dedup form"},
    {"robots", "newscrawl robots --agent newscrawl --url https://example.com/news/a.html robots.txt",
     "Ask whether the agent may fetch a URL"},
    {"robots", "newscrawl robots --sitemaps robots.txt", "List the sitemaps robots.txt names"},
    {"demo", "newscrawl demo --dir /tmp/newscrawl-demo", "Run the demo and keep its database in /tmp/newscrawl-demo"},
    {"dedup", "newscrawl dedup links --site baogialai", "List one site's near-duplicate links with their evidence"},
    {"dedup links", "newscrawl dedup links --db newscrawl.db", "Every near-duplicate link as JSON Lines"},
    {"dedup recheck", "newscrawl dedup recheck --all", "Re-decide every near-duplicate link under the current rule"},
    {"config", "newscrawl config check", "Validate the config a run would read (exit 2 with FILE:LINE on error)"},
    {"config check", "newscrawl config check --config /etc/newscrawl/newscrawl.toml", "Validate one config file"},
    {"config show", "newscrawl config show", "The resolved config, every default filled in, each value's origin"},
    {"crawl", "newscrawl -q --site baogialai --log-file crawl.log --log-format json",
     "Cron: nothing written on success; a JSON log line per event in crawl.log"},
    {"help", "newscrawl help export", "Show the help of `export`"},
    {"help", "newscrawl help fixture capture", "Show the help of a command's subcommand"},
};

}  // namespace

std::vector<CommandExample> ExamplesFor(std::string_view path) {
  std::vector<CommandExample> out;
  for (const CommandExample& e : kExamples) {
    if (e.command == path) out.push_back(e);
  }
  return out;
}

std::string ExamplesFooter(std::string_view path) {
  std::string footer;
  for (const CommandExample& e : ExamplesFor(path)) {
    if (footer.empty()) footer = "Examples:\n";
    footer += "  ";
    footer += e.line;
    footer += "\n      ";
    footer += e.what;
    footer += '\n';
  }
  if (!footer.empty()) footer.pop_back();  // CLI11 ends the footer with its own newline
  return footer;
}

}  // namespace newscrawl::cli
