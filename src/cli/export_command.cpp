// `newscrawl export`: the stored records as JSON Lines or CSV on stdout.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newscrawl/exit_codes.h"
#include "newscrawl/database.h"
#include "newscrawl/time_parse.h"

namespace newscrawl::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ExportOptions {
  std::string db = "newscrawl.db";
  std::string site;
  std::string since;
  std::string format = "jsonl";
  bool include_duplicates = false;
};

// The record as `newscrawl extract` prints it, plus the store's fields.
Json ExportJson(const StoredArticle& a) {
  Json j = ArticleToJson(a.article);
  j["id"] = a.id;
  j["first_seen"] = FormatUtc(a.first_seen);
  j["last_seen"] = FormatUtc(a.last_seen);
  j["duplicate_of"] = a.duplicate_of ? Json(*a.duplicate_of) : Json(nullptr);
  return j;
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled.
std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// CSV columns: id, then the record fields in ArticleFieldNames() order, then first_seen,
// last_seen, duplicate_of. Null is an empty field; the list fields (images, tags) are JSON
// arrays in one field, so a caption or tag containing any separator survives the round trip.
std::vector<std::string> CsvHeader() {
  std::vector<std::string> h = {"id"};
  for (const std::string& f : ArticleFieldNames()) h.push_back(f);
  for (const char* f : {"first_seen", "last_seen", "duplicate_of"}) h.push_back(f);
  return h;
}

void WriteCsvRow(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
}

void WriteCsvRecord(const StoredArticle& a) {
  const Json j = ExportJson(a);
  std::vector<std::string> row;
  for (const std::string& name : CsvHeader()) {
    const Json& v = j[name];
    if (v.is_null()) {
      row.emplace_back();
    } else if (v.is_string()) {
      row.push_back(v.get<std::string>());
    } else {
      row.push_back(Dump(v));  // numbers, and the images / tags arrays
    }
  }
  WriteCsvRow(row);
}

int RunExport(const ExportOptions& opts) {
  ExportFilter filter;
  if (!opts.site.empty()) filter.site = opts.site;
  filter.include_duplicates = opts.include_duplicates;
  if (!opts.since.empty()) {
    const std::optional<std::int64_t> since = ToUnixSeconds(opts.since);
    if (!since) {
      std::fprintf(stderr, "newscrawl export: --since '%s' is not a date or time\n", opts.since.c_str());
      return kExitUsage;
    }
    filter.since = *since;
  }
  DatabaseOptions store_options;
  store_options.create_if_missing = false;
  auto store = OpenDatabase(opts.db, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl export: %s\n", store.status().ToString().c_str());
    return kExitError;
  }
  const bool csv = opts.format == "csv";
  if (csv) WriteCsvRow(CsvHeader());
  Status s = store->store->ForEachArticle(filter, [&](const StoredArticle& a) {
    if (csv) {
      WriteCsvRecord(a);
    } else {
      const std::string line = Dump(ExportJson(a)) + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return std::ferror(stdout) ? Status::IoError("cannot write to stdout") : Status::Ok();
  });
  std::fflush(stdout);
  if (!s.ok()) {
    std::fprintf(stderr, "newscrawl export: %s\n", s.ToString().c_str());
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Write the stored articles as JSON Lines or CSV to stdout");
  cmd->add_option("--db", opts->db, "Database file, or a postgresql:// URI")->capture_default_str();
  cmd->add_option("--site", opts->site, "Only this site");
  cmd->add_option("--since", opts->since, "Only articles first seen at or after this time (ISO 8601, RFC 822, dd/mm/yyyy)");
  cmd->add_option("--format", opts->format, "jsonl or csv")->check(CLI::IsMember({"jsonl", "csv"}))->capture_default_str();
  cmd->add_flag("--include-duplicates", opts->include_duplicates, "Also write near duplicates (duplicate_of set)");
  cmd->callback([opts, &ctx] { ctx.exit_code = RunExport(*opts); });
}

}  // namespace newscrawl::cli
