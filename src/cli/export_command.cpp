// `newscrawl export`: the stored records as JSON Lines or CSV, or their raw pages as WARC, on stdout or
// into --output FILE (written atomically).
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <unordered_set>
#include <iostream>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "store_access.h"
#include "newscrawl/export/atomic_file.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/store/database.h"
#include "newscrawl/core/time_parse.h"
#include "newscrawl/core/version.h"
#include "newscrawl/export/warc_writer.h"

namespace newscrawl::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ExportOptions {
  DatabaseArgs where;
  std::string site;
  std::string since;
  std::string format = "jsonl";
  bool include_duplicates = false;
  std::string output;  // empty = stdout
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

void WriteCsvRow(const std::vector<std::string>& fields, std::FILE* out) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  std::fwrite(line.data(), 1, line.size(), out);
}

void WriteCsvRecord(const StoredArticle& a, std::FILE* out) {
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
  WriteCsvRow(row, out);
}

// The raw pages of the articles `filter` selects (the ones a jsonl export would list), as WARC.
Status WriteWarc(ArticleStore& store, const ExportFilter& filter, std::FILE* out, const std::string& filename) {
  std::unordered_set<std::int64_t> selected;
  Status s = store.ForEachArticle(filter, [&](const StoredArticle& a) {
    selected.insert(a.id);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  WarcWriter warc([out](std::string_view member) {
    return std::fwrite(member.data(), 1, member.size(), out) == member.size() ? Status::Ok()
                                                                               : Status::IoError("cannot write the WARC");
  });
  if (s = warc.WriteWarcinfo(filename, static_cast<std::int64_t>(std::time(nullptr)), std::string("newscrawl/") + kVersion);
      !s.ok()) {
    return s;
  }
  return store.ForEachStoredPage(filter.site, [&](const StoredPage& page) {
    if (!selected.contains(page.article_id)) return Status::Ok();
    return warc.WritePage(WarcPage{page.url, page.stored_at, page.html});
  });
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
  ConfigOrExit resolved = ResolveCommandConfig("export", opts.where);
  if (const int* code = std::get_if<int>(&resolved)) return *code;
  DatabaseOrExit opened = OpenExistingDatabase("export", std::get<CommandConfig>(resolved).db);
  if (const int* code = std::get_if<int>(&opened)) return *code;
  Database* store = &std::get<OpenedDatabase>(opened).db;
  std::optional<AtomicFile> file;
  std::FILE* out = stdout;
  if (!opts.output.empty()) {
    Result<AtomicFile> f = AtomicFile::Create(opts.output);
    if (!f.ok()) {
      std::fprintf(stderr, "newscrawl export: %s\n", f.status().ToString().c_str());
      return kExitError;
    }
    file.emplace(std::move(*f));
    out = file->stream();
  }
  const bool csv = opts.format == "csv";
  Status s;
  if (opts.format == "warc") {
    s = WriteWarc(*store->store, filter, out, std::filesystem::path(opts.output).filename().string());
  } else {
    if (csv) WriteCsvRow(CsvHeader(), out);
    s = store->store->ForEachArticle(filter, [&](const StoredArticle& a) {
      if (csv) {
        WriteCsvRecord(a, out);
      } else {
        const std::string line = Dump(ExportJson(a)) + "\n";
        std::fwrite(line.data(), 1, line.size(), out);
      }
      return std::ferror(out) ? Status::IoError("cannot write the export") : Status::Ok();
    });
  }
  if (s.ok() && file) s = file->Commit();  // otherwise the temporary file is removed, the old one kept
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
  CLI::App* cmd = app.add_subcommand("export", "Write the stored articles as JSON Lines or CSV, or their raw pages as WARC, to stdout or --output FILE");
  AddDatabaseOptions(*cmd, opts->where);
  cmd->add_option("--site", opts->site, "Only this site");
  cmd->add_option("--since", opts->since, "Only articles first seen at or after this time (ISO 8601, RFC 822, dd/mm/yyyy)");
  cmd->add_option("--format", opts->format, "jsonl, csv or warc (the stored raw pages as WARC/1.1, gzipped per record)")->check(CLI::IsMember({"jsonl", "csv", "warc"}))->capture_default_str();
  cmd->add_option("--output", opts->output, "Write to FILE (atomically: a temporary file beside it, then rename) instead of stdout");
  cmd->add_flag("--include-duplicates", opts->include_duplicates, "Also write near duplicates (duplicate_of set)");
  cmd->callback([opts, &ctx] { ctx.exit_code = RunExport(*opts); });
}

}  // namespace newscrawl::cli
