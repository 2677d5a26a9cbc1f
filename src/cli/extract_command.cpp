// `newscrawl extract [--site NAME|auto|generic] [--url URL] [--full-parse] FILE...|-` and
// `newscrawl fixture update [DIR]`.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/extract/fixtures.h"

namespace newscrawl::cli {
namespace {

struct ExtractArgs {
  std::string site = "auto";
  std::string url;
  std::vector<std::string> files;
  bool full_parse = false;
};

// Pages are read whole; anything this large is not an article page. The HTML parser applies its
// own, smaller cap (max_body_bytes, as for a crawled page) and says so.
constexpr std::size_t kMaxFileBytes = 256u << 20;

// "-" is standard input, read whole (at most kMaxFileBytes + 1, so a larger input is refused).
Result<std::string> ReadPage(const std::string& file) {
  if (file != "-") return ReadFileToString(file, kMaxFileBytes);
  std::string html;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    html.append(buf, n);
    if (html.size() > kMaxFileBytes) return Status::TooLarge("standard input is over " + std::to_string(kMaxFileBytes) + " bytes");
  }
  if (std::ferror(stdin)) return Status::IoError("cannot read standard input");
  return html;
}

int RunExtract(const ExtractArgs& args) {
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  int exit_code = kExitOk;
  const bool many = args.files.size() > 1;
  for (const std::string& file : args.files) {
    Result<std::string> html = ReadPage(file);
    Result<Article> article = html.ok() ? registry.Extract(*html, {.url = args.url, .site = args.site, .parse = {}, .full_parse = args.full_parse})
                                        : Result<Article>(html.status());
    if (!article.ok()) {
      std::fprintf(stderr, "newscrawl extract: %s: %s\n", file.c_str(), article.status().ToString().c_str());
      exit_code = article.status().kind() == ErrorKind::kInvalidArgument ? kExitUsage : kExitError;
      continue;
    }
    nlohmann::ordered_json j = ArticleToJson(*article);
    if (many) {
      nlohmann::ordered_json line{{"file", file}};
      line.update(j);
      std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  }
  std::cout.flush();
  return exit_code;
}

int RunFixtureUpdate(const std::string& dir) {
  Result<std::vector<Fixture>> fixtures = ListFixtures(dir);
  if (!fixtures.ok()) {
    std::fprintf(stderr, "newscrawl fixture update: %s\n", fixtures.status().ToString().c_str());
    return kExitError;
  }
  int changed = 0, failed = 0;
  for (const Fixture& f : *fixtures) {
    Result<Article> a = ExtractFixture(f);
    if (!a.ok()) {
      std::fprintf(stderr, "%s: %s\n", f.html.c_str(), a.status().ToString().c_str());
      ++failed;
      continue;
    }
    const std::string text = ArticleToJson(*a).dump(2) + "\n";
    Result<std::string> old = ReadFileToString(f.expected, 64u << 20);
    if (old.ok() && *old == text) continue;
    std::FILE* out = std::fopen(f.expected.c_str(), "wb");
    if (!out || std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
      std::fprintf(stderr, "%s: cannot write\n", f.expected.c_str());
      if (out) std::fclose(out);
      ++failed;
      continue;
    }
    std::fclose(out);
    if (!Quiet()) std::printf("updated %s\n", f.expected.c_str());
    ++changed;
  }
  if (!Quiet() || failed) std::printf("%zu fixtures, %d updated, %d failed (review with: git diff %s)\n", fixtures->size(), changed,
              failed, dir.c_str());
  return failed ? kExitError : kExitOk;
}

}  // namespace

void AddExtractCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract article records from saved HTML pages");
  const std::vector<std::string> names = ExtractorRegistry::Builtin().Names();
  cmd->add_option("--site", args->site, "Extractor: auto (by the page URL's host), generic, or a site")
      ->check(CLI::IsMember(names))
      ->default_val("auto");
  cmd->add_option("--url", args->url, "The page's URL (default: its canonical link or og:url)");
  cmd->add_flag("--full-parse", args->full_parse,
                "Parse the whole page, also the regions the site's extractor never reads (for comparing)");
  cmd->add_option("FILE", args->files, "HTML files, - for standard input; several print JSON Lines with a \"file\" key")
      ->required()
      ->check(CLI::Validator(
          [](std::string& f) { return f == "-" ? std::string() : CLI::ExistingFile(f); }, "FILE"));
  cmd->callback([args, &ctx] { ctx.exit_code = RunExtract(*args); });
}

void AddFixtureCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("fixture", "Manage extractor fixtures");
  cmd->require_subcommand(1);
  auto dir = std::make_shared<std::string>("fixtures");
  CLI::App* update = cmd->add_subcommand("update", "Rewrite every fixture's expected record from the current extractors");
  update->add_option("DIR", *dir, "Fixture root")->default_val("fixtures");
  update->callback([dir, &ctx] { ctx.exit_code = RunFixtureUpdate(*dir); });
}

}  // namespace newscrawl::cli
