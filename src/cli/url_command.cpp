// `newscrawl url resolve [--base BASE] REF` and `newscrawl url canonical URL`: the URL rules the
// crawler applies to links, exposed for checking a site's links by hand and for scripts.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/url/url.h"

namespace newscrawl::cli {
namespace {

void Report(const Result<std::string>& result, CommandContext& ctx) {
  if (result.ok()) {
    std::fputs(result.value().c_str(), stdout);
    std::fputc('\n', stdout);
    ctx.exit_code = kExitOk;
  } else {
    std::fprintf(stderr, "error: %s\n", result.status().ToString().c_str());
    ctx.exit_code = kExitError;
  }
}

}  // namespace

void AddUrlCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* url = app.add_subcommand("url", "Resolve links and compute canonical URLs (WHATWG rules, http/https)");
  url->require_subcommand(1);

  // Option storage must outlive parsing; the callbacks share ownership of it.
  struct Args {
    std::string base;
    std::string ref;
    std::string url;
  };
  auto args = std::make_shared<Args>();

  CLI::App* resolve = url->add_subcommand(
      "resolve", "Resolve REF against BASE as a browser resolves a link; without --base REF must be absolute");
  resolve->add_option("--base", args->base, "absolute http(s) URL of the page the link is in");
  resolve->add_option("REF", args->ref, "the link (href value)")->required();
  resolve->callback([args, &ctx, resolve] {
    if (resolve->count("--base") > 0) {
      Report(ResolveUrl(args->base, args->ref), ctx);
      return;
    }
    auto parsed = Url::Parse(args->ref);
    Report(parsed.ok() ? Result<std::string>(parsed->Href()) : Result<std::string>(parsed.status()), ctx);
  });

  CLI::App* canonical = url->add_subcommand(
      "canonical", "Print the canonical (dedup) form of URL: no fragment or tracking parameters");
  canonical->add_option("URL", args->url, "absolute http(s) URL")->required();
  canonical->callback([args, &ctx] { Report(CanonicalUrl(args->url), ctx); });
}

}  // namespace newscrawl::cli
