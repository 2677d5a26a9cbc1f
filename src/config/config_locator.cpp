#include "newscrawl/config/config_locator.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace newscrawl {
namespace {

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

}  // namespace

ConfigSearch ConfigSearch::FromEnvironment(std::string flag) {
  ConfigSearch s;
  s.flag = std::move(flag);
  s.env_config = Env("NEWSCRAWL_CONFIG");
  s.xdg_config_home = Env("XDG_CONFIG_HOME");
  s.home = Env("HOME");
  return s;
}

std::vector<ConfigCandidate> ConfigCandidates(const ConfigSearch& search) {
  std::vector<ConfigCandidate> out;
  if (!search.flag.empty()) out.push_back({"--config", search.flag, true});
  if (search.env_config && !search.env_config->empty()) out.push_back({"$NEWSCRAWL_CONFIG", *search.env_config, true});
  out.push_back({"./newscrawl.toml", "newscrawl.toml", false});
  out.push_back({"./config/newscrawl.toml", "config/newscrawl.toml", false});
  // The XDG base directory rule: an unset or empty XDG_CONFIG_HOME means ~/.config; a relative
  // one is invalid and ignored.
  if (search.xdg_config_home && !search.xdg_config_home->empty() && search.xdg_config_home->front() == '/') {
    out.push_back({"$XDG_CONFIG_HOME/newscrawl/newscrawl.toml", *search.xdg_config_home + "/newscrawl/newscrawl.toml", false});
  } else if (search.home && !search.home->empty()) {
    out.push_back({"~/.config/newscrawl/newscrawl.toml", *search.home + "/.config/newscrawl/newscrawl.toml", false});
  }
  out.push_back({search.system_file, search.system_file, false});
  return out;
}

std::string RelativeToConfig(const std::string& path, const std::string& config_file) {
  if (path.empty() || config_file.empty() || path == ":memory:" || path.find("://") != std::string::npos) return path;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  const std::filesystem::path folder = std::filesystem::path(config_file).parent_path();
  if (folder.empty()) return path;  // a config in the working directory: already relative to it
  return (folder / p).lexically_normal().string();
}

Result<LocatedConfig> LocateConfig(const ConfigSearch& search) {
  for (const ConfigCandidate& c : ConfigCandidates(search)) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(c.path, ec);
    if (!exists) {
      if (c.required) return Status::IoError("config file " + c.path + " (from " + c.found_by + ") does not exist");
      continue;
    }
    Result<Config> config = LoadConfig(c.path);
    if (!config.ok()) return config.status();
    LocatedConfig out{std::move(*config), c.found_by};
    out.config.crawler.database = RelativeToConfig(out.config.crawler.database, c.path);
    out.config.crawler.log_file = RelativeToConfig(out.config.crawler.log_file, c.path);
    return out;
  }
  return LocatedConfig{Config{}, "built-in defaults"};
}

std::string DatabaseFor(const std::string& db_flag, const LocatedConfig& located) {
  return db_flag.empty() ? located.config.crawler.database : db_flag;
}

}  // namespace newscrawl
