// Shell completion scripts for bash and zsh, generated from the CLI11 command tree that `--help`
// prints (so a new command or option completes as soon as it exists): command names at every
// level, each command's options, option values (the choices of a fixed set such as --format,
// file names for other text options). `newscrawl help --completion bash|zsh` prints them; the
// build installs both. Private to src/cli.
#ifndef NEWSCRAWL_CLI_COMPLETIONS_H_
#define NEWSCRAWL_CLI_COMPLETIONS_H_

#include <string>

#include <CLI/CLI.hpp>

namespace newscrawl::cli {

// For share/bash-completion/completions/newscrawl: defines _newscrawl and binds it to newscrawl.
std::string BashCompletion(const CLI::App& root);

// For share/zsh/site-functions/_newscrawl (#compdef newscrawl).
std::string ZshCompletion(const CLI::App& root);

}  // namespace newscrawl::cli

#endif  // NEWSCRAWL_CLI_COMPLETIONS_H_
