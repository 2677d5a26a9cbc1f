// `newscrawl help [COMMAND...]`: the help of the root or of any command (`help fixture capture`),
// exactly what `--help` prints there. Hidden: `help --man` prints the man page and
// `help --completion bash|zsh` a completion script, both rendered from this same command tree so
// the page, the completions and --help never disagree (the build generates and installs them).
// AddHelpCommand also gives every command the shared look of --help: lines wrapped at 100
// columns, and the command's examples as its footer. It must be registered after every other
// command, since it walks the tree as it is then.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app_tree.h"
#include "commands.h"
#include "completions.h"
#include "help_examples.h"
#include "help_format.h"
#include "man_page.h"
#include "newscrawl/core/exit_codes.h"

namespace newscrawl::cli {
namespace {

struct HelpArgs {
  std::vector<std::string> command;
  bool man = false;
  std::string completion;  // "bash" or "zsh"; empty = none
};

// The formatter and footer for `app` and everything below it.
void StyleTree(CLI::App& app, const std::shared_ptr<WrappingFormatter>& formatter) {
  app.formatter(formatter);
  if (const std::string examples = ExamplesFooter(CommandPath(app)); !examples.empty()) app.footer(examples);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) StyleTree(*sub, formatter);
}

int RunHelp(const CLI::App& root, const HelpArgs& args) {
  if (args.man) {
    std::fputs(RenderManPage(root).c_str(), stdout);
    return kExitOk;
  }
  if (!args.completion.empty()) {
    std::fputs((args.completion == "bash" ? BashCompletion(root) : ZshCompletion(root)).c_str(), stdout);
    return kExitOk;
  }
  // Follow the words down the tree; each must name a visible command of the one before.
  const CLI::App* app = &root;
  std::string name = "newscrawl";
  for (const std::string& word : args.command) {
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : VisibleSubcommands(*app)) {
      if (sub->get_name() == word) next = sub;
    }
    if (next == nullptr) {
      std::fprintf(stderr, "newscrawl help: no command '%s'%s%s (see newscrawl help%s%s)\n", word.c_str(),
                   app == &root ? "" : " under ", app == &root ? "" : CommandPath(*app).c_str(),
                   app == &root ? "" : " ", CommandPath(*app).c_str());
      return kExitUsage;
    }
    app = next;
    name += " " + word;
  }
  // Through the formatter, not App::help(): help() on the root would describe the command that
  // was parsed, which is `help` itself.
  std::fputs(app->get_formatter()->make_help(app, name, CLI::AppFormatMode::Normal).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void AddHelpCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<HelpArgs>();
  CLI::App* cmd = app.add_subcommand("help", "Show the help of newscrawl or of COMMAND (as COMMAND --help does)");
  cmd->add_option("COMMAND", args->command, "A command, or a command and its subcommand (fixture capture)");
  // Hidden (empty group): for the build and packagers, not for everyday use.
  cmd->add_flag("--man", args->man, "Print the man page (roff)")->group("");
  cmd->add_option("--completion", args->completion, "Print the completion script for SHELL")
      ->check(CLI::IsMember({"bash", "zsh"}))
      ->group("");
  cmd->callback([&app, args, &ctx] { ctx.exit_code = RunHelp(app, *args); });
  StyleTree(app, std::make_shared<WrappingFormatter>());
}

}  // namespace newscrawl::cli
