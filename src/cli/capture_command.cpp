// `newscrawl fixture capture URL`: the first step of adding a paper (docs/adding-a-paper.md).
// Fetches one page politely (one request per hop, redirects re-issued by hand up to 10, the
// project's User-Agent), decodes it to UTF-8 and saves it as fixtures/<site>/<name>.html with a
// .source.json saying where and when it came from. Never overwrites: a fixture is evidence, and a
// re-capture of a changed page must be a new name.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newscrawl/fetch/charset.h"
#include "newscrawl/fetch/curl_handles.h"
#include "newscrawl/core/exit_codes.h"
#include "newscrawl/extract/extractor_registry.h"
#include "newscrawl/fetch/fetcher.h"
#include "newscrawl/url/url.h"

namespace newscrawl::cli {
namespace {

namespace fs = std::filesystem;

// The polite User-Agent of config/newscrawl.toml: says who we are and where to read about it.
constexpr const char* kUserAgent = "newscrawl/0.1 (+https://example.org/newscrawl)";
constexpr int kMaxRedirects = 10;

struct CaptureArgs {
  std::string url;
  std::string site;
  std::string name;
  std::string root = "fixtures";
  bool allow_private = false;
};

struct Fetched {
  std::string final_url;
  std::string html;  // UTF-8
};

Result<Fetched> FetchFollowingRedirects(const CaptureArgs& args) {
  const CurlGlobal curl_global;
  FetchOptions options;
  options.user_agent = kUserAgent;
  options.allow_private_addresses = args.allow_private;
  std::string url = args.url;
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    boost::asio::io_context io;
    FetchResult result;
    {
      Fetcher fetcher(io, options);
      fetcher.Fetch(FetchRequest{url, {}, HttpMethod::kGet, 0}, [&](FetchResult r) { result = std::move(r); });
      io.run();
    }
    if (!result.ok()) return result.error;
    if (result.status_code >= 300 && result.status_code < 400 && !result.location.empty()) {
      url = result.location;  // each hop is its own request, as the crawler would send it
      continue;
    }
    if (result.status_code != 200) {
      return Status::InvalidArgument(url + " answered HTTP " + std::to_string(result.status_code));
    }
    Result<std::string> utf8 = DecodeToUtf8(result.body, result.content_type);
    if (!utf8.ok()) return utf8.status();
    return Fetched{url, std::move(*utf8)};
  }
  return Status::InvalidArgument("more than " + std::to_string(kMaxRedirects) + " redirects from " + args.url);
}

// The last path segment without its extension: ".../gia-vang-post1613516.html" → "gia-vang-post1613516".
std::string NameFromUrl(const std::string& url) {
  Result<Url> u = Url::Parse(url);
  if (!u.ok()) return "";
  std::string path = u->path();
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string last = path.substr(path.find_last_of('/') + 1);
  if (const std::size_t dot = last.find_last_of('.'); dot != std::string::npos && dot > 0) last.resize(dot);
  return last;
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool SafeName(const std::string& s) {
  if (s.empty() || s == "." || s == "..") return false;
  return s.find('/') == std::string::npos && s.find('\\') == std::string::npos;
}

int RunCapture(const CaptureArgs& args) {
  const ExtractorRegistry& registry = ExtractorRegistry::Builtin();
  if (!args.site.empty() && !registry.FindSite(args.site)) {
    std::cerr << "fixture capture: unknown site '" << args.site << "'\n";
    return kExitUsage;
  }
  Result<Fetched> page = FetchFollowingRedirects(args);
  if (!page.ok()) {
    std::cerr << "fixture capture: " << args.url << ": " << page.status().ToString() << "\n";
    return kExitError;
  }
  const SiteEntry* by_host = registry.SiteForHost(HostOf(page->final_url));
  const std::string site = !args.site.empty() ? args.site : (by_host ? by_host->key : "");
  if (site.empty()) {
    std::cerr << "fixture capture: no registered site serves " << HostOf(page->final_url)
              << "; pass --site KEY\n";
    return kExitUsage;
  }
  const std::string name = !args.name.empty() ? args.name : NameFromUrl(page->final_url);
  if (!SafeName(name)) {
    std::cerr << "fixture capture: cannot name the fixture from " << page->final_url << "; pass --name NAME\n";
    return kExitUsage;
  }
  const fs::path dir = fs::path(args.root) / site;
  const fs::path html = dir / (name + ".html");
  const fs::path source = dir / (name + ".source.json");
  for (const fs::path& p : {html, source}) {
    if (fs::exists(p)) {
      std::cerr << "fixture capture: " << p.string() << " exists; not overwriting (choose another --name)\n";
      return kExitError;
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  nlohmann::ordered_json meta;
  meta["url"] = page->final_url;
  meta["source"] = "captured by newscrawl fixture capture";
  meta["captured"] = Today();
  // A page whose host does not map to the site (a mirror, the loopback test server) keeps its
  // site explicitly, so `fixture update` extracts it with the right extractor.
  if (!by_host || by_host->key != site) meta["site"] = site;
  std::ofstream(html, std::ios::binary) << page->html;
  std::ofstream(source, std::ios::binary) << meta.dump(2) << "\n";
  if (!fs::exists(html) || !fs::exists(source)) {
    std::cerr << "fixture capture: cannot write to " << dir.string() << "\n";
    return kExitError;
  }
  std::cout << "saved " << html.string() << " (" << page->html.size() << " bytes)\n"
            << "saved " << source.string() << "\n"
            << "next: newscrawl fixture update, then review git diff " << args.root << "\n";
  return kExitOk;
}

}  // namespace

void AddFixtureCaptureCommand(CLI::App& fixture, CommandContext& ctx) {
  auto args = std::make_shared<CaptureArgs>();
  CLI::App* cmd = fixture.add_subcommand("capture", "Fetch a page once and save it as a new fixture");
  cmd->add_option("URL", args->url, "The page to capture (http or https)")->required();
  cmd->add_option("--site", args->site, "Site key (default: the registered site serving the URL's host)");
  cmd->add_option("--name", args->name, "Fixture name (default: the URL's last path segment without extension)");
  // Hidden: tests write into a temporary tree and fetch from the loopback test server.
  cmd->add_option("--root", args->root, "Fixtures directory")->group("");
  cmd->add_flag("--allow-private", args->allow_private, "Allow loopback/private addresses")->group("");
  cmd->callback([args, &ctx] { ctx.exit_code = RunCapture(*args); });
}

}  // namespace newscrawl::cli
