#include "newscrawl/extract/extractor_registry.h"

#include "cms_family/cms_family_extractor.h"
#include "common/extract_helpers.h"
#include "generic/generic_extractor.h"
#include "newscrawl/core/log.h"
#include "newscrawl/core/text.h"
#include "newscrawl/url/url.h"
#include "site_definition.h"

namespace newscrawl {

const ExtractorRegistry& ExtractorRegistry::Builtin() {
  static const ExtractorRegistry* registry = [] {
    auto* r = new ExtractorRegistry();
    for (SiteEntry& e : OwnCmsSites()) r->AddSite(std::move(e));
    for (SiteEntry& e : CmsFamilySites()) r->AddSite(std::move(e));
    r->SetGeneric(std::make_shared<const GenericExtractor>());
    return r;
  }();
  return *registry;
}

void ExtractorRegistry::AddSite(SiteEntry entry) { sites_.push_back(std::move(entry)); }

void ExtractorRegistry::SetGeneric(std::shared_ptr<const Extractor> generic) { generic_ = std::move(generic); }

const SiteEntry* ExtractorRegistry::FindSite(std::string_view key) const {
  for (const SiteEntry& e : sites_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const SiteEntry* ExtractorRegistry::SiteForHost(std::string_view host_in) const {
  const std::string host = AsciiLower(host_in);
  const SiteEntry* best = nullptr;
  std::size_t best_len = 0;
  for (const SiteEntry& e : sites_) {
    for (const std::string& d : e.domains) {
      if (HostInDomain(host, d) && d.size() > best_len) {
        best = &e;
        best_len = d.size();
      }
    }
  }
  return best;
}

std::vector<std::string> ExtractorRegistry::Names() const {
  std::vector<std::string> names = ExtractorNames();
  names.insert(names.begin(), "auto");
  return names;
}

std::vector<std::string> ExtractorRegistry::ExtractorNames() const {
  std::vector<std::string> names{"generic"};
  for (const SiteEntry& e : sites_) names.push_back(e.key);
  return names;
}

std::optional<SiteDefaults> ExtractorRegistry::Defaults(std::string_view key) const {
  const SiteEntry* e = FindSite(key);
  if (!e) return std::nullopt;
  return SiteDefaults{e->links, e->domains};
}

// Long because it is the one place the order of attempts is decided: refuse non-pages, pick the
// site, pruned parse, whole parse when the pruned one found no body, generic fallback.
Result<Article> ExtractorRegistry::Extract(std::string_view html, const ExtractRequest& request) const {
  // What is no page at all gets an error, not a record of nulls.
  if (html.find_first_not_of(" \t\r\n\f") == std::string_view::npos) {
    return Status::ParseError(html.empty() ? "the page is empty" : "the page holds only whitespace");
  }
  // HTML text never holds a NUL (a UTF-16 page is decoded before it gets here); an image or a
  // gzip body labelled text/html does, near its start.
  if (const std::size_t nul = html.substr(0, 64 * 1024).find('\0'); nul != std::string_view::npos) {
    return Status(ErrorKind::kUnsupported,
                  "not an HTML page: binary data (a NUL byte at offset " + std::to_string(nul) + ")");
  }
  const SiteEntry* site = nullptr;
  if (request.site != "auto" && request.site != "generic") {
    site = FindSite(request.site);
    if (!site) return Status::InvalidArgument("unknown site '" + request.site + "'");
  } else if (request.site == "auto" && !request.url.empty()) {
    site = SiteForHost(HostOf(request.url));
  }
  // The extractor is known before parsing (a site, or generic for a URL no site serves): leave
  // out what it never reads. Without a URL the page's canonical link decides, after parsing.
  const Extractor* known = site ? site->extractor.get()
                           : (request.site == "generic" || !request.url.empty()) ? generic_.get()
                                                                                 : nullptr;
  HtmlParseOptions parse = request.parse;
  if (known && !request.full_parse) {
    const std::vector<ElementPattern>& regions = known->PrunedRegions();
    parse.prune.insert(parse.prune.end(), regions.begin(), regions.end());
  }
  Result<HtmlDocument> doc = HtmlDocument::Parse(html, parse);
  if (!doc.ok()) return doc.status();
  PageMetadata meta = PageMetadata::Build(*doc);

  // Without a URL, the page's own canonical link (or og:url) says where it lives.
  std::string page_url = request.url;
  if (page_url.empty()) {
    page_url = extract::ResolveLink("", meta.canonical());
    if (page_url.empty()) page_url = extract::ResolveLink("", meta.Meta("og:url").value_or(""));
  }
  const std::string host = HostOf(page_url);
  if (request.site == "auto" && !site && !host.empty()) site = SiteForHost(host);

  const ExtractContext ctx{page_url, site ? site->key : host, site ? site->default_offset : std::string()};
  const Extractor& primary = site ? *site->extractor : *generic_;
  // The site's language stands in for a page that does not say, before any generic fallback
  // could fill the field from the page's guess.
  auto extract_primary = [&] {
    Article out = primary.Extract(*doc, meta, ctx);
    out.extractor = std::string(primary.Name());
    if (site && !out.language && !site->language.empty()) out.language = site->language;
    return out;
  };
  Article a = extract_primary();
  if (!a.body && doc->PrunedElements() > 0) {
    // The body may sit in a region the extractor expected to be boilerplate: parse it all.
    Logger("extract")->info("{}: no body with {} regions pruned, parsing the whole page", page_url,
                            doc->PrunedElements());
    doc = HtmlDocument::Parse(html, request.parse);
    if (!doc.ok()) return doc.status();
    meta = PageMetadata::Build(*doc);
    a = extract_primary();
  }
  if (site && !a.body) {
    // The site's layout may have changed: let content analysis find the body.
    Logger("extract")->info("{}: no body from {}, falling back to generic", page_url, primary.Name());
    Article fallback = generic_->Extract(*doc, meta, ctx);
    if (fallback.body) a.extractor = std::string(primary.Name()) + "+generic";
    extract::MergeMissing(a, fallback);
  }
  if (!request.url.empty()) a.url = request.url;
  if (!a.url) a.url = a.canonical_url;
  if (site) {
    a.site = site->key;
  } else if (!host.empty()) {
    a.site = host;
  }
  return a;
}

}  // namespace newscrawl
