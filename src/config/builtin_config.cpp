// ParseConfig and LoadConfig against the sites this binary has extractors for. The crawl's setup
// is where the config meets the extractor registry; config.cpp itself knows only SiteCatalog.
#include "newscrawl/config/config.h"
#include "newscrawl/extract/extractor_registry.h"

namespace newscrawl {

Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name) {
  return ParseConfig(toml_text, source_name, ExtractorRegistry::Builtin());
}

Result<Config> LoadConfig(const std::string& path) { return LoadConfig(path, ExtractorRegistry::Builtin()); }

}  // namespace newscrawl
