// The completion script generators (completions.h). Both scripts share one shape: walk the words
// before the cursor to find the command path ("/fixture/capture"), then offer that command's
// option values, options or subcommands.
#include "completions.h"

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "app_tree.h"

namespace newscrawl::cli {
namespace {

// How the value of an option completes.
struct ValueCompletion {
  enum Kind { kNone, kChoices, kFiles } kind = kFiles;
  std::vector<std::string> choices;
};

// Whether a text option names a file or folder: by its name (--config, --db, --output,
// --metrics-file, --dir) or a description that says "file" or "folder" (--fixtures).
bool LooksLikePath(const CLI::Option& o) {
  if (o.get_type_name().rfind("TEXT", 0) != 0) return false;  // INT, FLOAT, ...
  const std::string name = o.get_name(false, true);
  std::string desc = o.get_description();
  for (char& c : desc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* hint : {"file", "dir", "config", "--db", "--out"}) {
    if (name.find(hint) != std::string::npos) return true;
  }
  return desc.find("file") != std::string::npos || desc.find("folder") != std::string::npos;
}

// From the type name --help shows: "TEXT:{jsonl,csv,warc}" is a fixed set; a text option that
// names a file or folder completes paths; anything else has nothing to offer.
ValueCompletion ValueOf(const CLI::Option& o) {
  const std::string type = o.get_type_name();
  ValueCompletion v;
  const std::size_t open = type.find('{');
  const std::size_t close = type.find('}', open);
  if (open != std::string::npos && close != std::string::npos) {
    v.kind = ValueCompletion::kChoices;
    std::string_view list(type.data() + open + 1, close - open - 1);
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      v.choices.emplace_back(list.substr(0, comma));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  } else if (!LooksLikePath(o)) {
    v.kind = ValueCompletion::kNone;  // a number, a site key, a URL, a date: nothing to offer
  }
  return v;
}

// One completable command: its path key ("" for the root, "/fixture/capture"), words and options.
struct Node {
  std::string key;
  std::vector<const CLI::App*> subcommands;
  std::vector<const CLI::Option*> options;  // non-positional, visible
  bool positional_files = false;
};

std::vector<const CLI::Option*> NamedOptions(const CLI::App& app) {
  std::vector<const CLI::Option*> out;
  for (const CLI::Option* o : VisibleOptions(app)) {
    if (o->nonpositional()) out.push_back(o);
  }
  if (app.get_help_ptr() != nullptr) out.push_back(app.get_help_ptr());
  return out;
}

std::vector<Node> Nodes(const CLI::App& root) {
  std::vector<const CLI::App*> commands;
  CollectCommands(root, commands);
  std::vector<Node> nodes;
  Node top{"", VisibleSubcommands(root), NamedOptions(root), false};
  // `newscrawl --site X` is `newscrawl crawl --site X`: the crawl options complete at the top too.
  for (const CLI::App* crawl : top.subcommands) {
    if (crawl->get_name() != "crawl") continue;
    for (const CLI::Option* o : NamedOptions(*crawl)) {
      if (o != crawl->get_help_ptr()) top.options.push_back(o);
    }
  }
  nodes.push_back(top);
  for (const CLI::App* cmd : commands) {
    std::string key;
    for (char c : "/" + CommandPath(*cmd)) key += c == ' ' ? '/' : c;
    Node n{key, VisibleSubcommands(*cmd), NamedOptions(*cmd), false};
    for (const CLI::Option* o : VisibleOptions(*cmd)) {
      if (o->get_positional()) n.positional_files = true;
    }
    // `newscrawl help CMD`: the command names complete after help.
    if (cmd->get_name() == "help" && cmd->get_parent() == &root) {
      n.subcommands = VisibleSubcommands(root);
      n.positional_files = false;
    }
    nodes.push_back(n);
  }
  return nodes;
}

std::string Join(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

std::vector<std::string> LongNames(const CLI::Option& o) {
  std::vector<std::string> names;
  for (const std::string& s : o.get_snames()) names.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) names.push_back("--" + l);
  return names;
}

// Paths a command word can extend: "/crawl", "/fixture/capture", ...
std::vector<std::string> CommandKeys(const std::vector<Node>& nodes) {
  std::vector<std::string> keys;
  for (const Node& n : nodes) {
    if (!n.key.empty()) keys.push_back(n.key);
  }
  return keys;
}

// Single-quoted for sh and zsh.
std::string Quote(std::string_view s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// A one-line summary for zsh's menu: the description up to its first sentence end, at most 70 chars.
std::string Summary(std::string d) {
  for (char& c : d) {
    if (c == '\n') c = ' ';
  }
  if (const std::size_t stop = d.find("; "); stop != std::string::npos) d.resize(stop);
  if (d.size() > 70) {
    std::size_t cut = d.rfind(' ', 67);
    d = d.substr(0, cut == std::string::npos ? 67 : cut) + "...";
  }
  return d;
}

}  // namespace

std::string BashCompletion(const CLI::App& root) {
  const std::vector<Node> nodes = Nodes(root);
  std::string s;
  s += "# bash completion for newscrawl. Generated by `newscrawl help --completion bash` from the\n"
       "# definitions --help prints; do not edit.\n";
  s += "_newscrawl() {\n"
       "  local cur prev cmd_path=\"\" word i commands=\"\" options=\"\" files=0\n"
       "  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
       "  prev=\"\"\n"
       "  ((COMP_CWORD > 0)) && prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    word=\"${COMP_WORDS[i]}\"\n"
       "    case \"$cmd_path/$word\" in\n"
       "      " + Join(CommandKeys(nodes), "|") + ") cmd_path=\"$cmd_path/$word\" ;;\n"
       "    esac\n"
       "  done\n";
  // Option values first: after `--format` only its choices make sense.
  s += "  case \"$cmd_path $prev\" in\n";
  for (const Node& n : nodes) {
    for (const CLI::Option* o : n.options) {
      if (IsFlag(*o)) continue;
      std::vector<std::string> keys;
      for (const std::string& name : LongNames(*o)) keys.push_back(Quote(n.key + " " + name));
      const ValueCompletion v = ValueOf(*o);
      s += "    " + Join(keys, "|") + ")\n";
      if (v.kind == ValueCompletion::kChoices) {
        s += "      COMPREPLY=($(compgen -W " + Quote(Join(v.choices, " ")) + " -- \"$cur\"))\n";
      } else if (v.kind == ValueCompletion::kFiles) {
        s += "      compopt -o filenames 2>/dev/null\n      COMPREPLY=($(compgen -f -- \"$cur\"))\n";
      } else {
        s += "      COMPREPLY=()\n";
      }
      s += "      return ;;\n";
    }
  }
  s += "  esac\n";
  s += "  case \"$cmd_path\" in\n";
  for (const Node& n : nodes) {
    std::vector<std::string> commands, options;
    for (const CLI::App* sub : n.subcommands) commands.push_back(sub->get_name());
    for (const CLI::Option* o : n.options) {
      for (const std::string& name : LongNames(*o)) options.push_back(name);
    }
    s += "    " + Quote(n.key) + ") commands=" + Quote(Join(commands, " ")) + " options=" +
         Quote(Join(options, " ")) + " files=" + (n.positional_files ? "1" : "0") + " ;;\n";
  }
  s += "  esac\n"
       "  if [[ \"$cur\" == -* ]]; then\n"
       "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
       "  elif [[ -n \"$commands\" ]]; then\n"
       "    COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
       "  elif ((files)); then\n"
       "    compopt -o filenames 2>/dev/null\n"
       "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
       "  else\n"
       "    COMPREPLY=()\n"
       "  fi\n"
       "}\n"
       "complete -F _newscrawl newscrawl\n";
  return s;
}

std::string ZshCompletion(const CLI::App& root) {
  const std::vector<Node> nodes = Nodes(root);
  std::string s;
  s += "#compdef newscrawl\n"
       "# zsh completion for newscrawl. Generated by `newscrawl help --completion zsh` from the\n"
       "# definitions --help prints; do not edit.\n";
  // `path` is special in zsh (tied to $PATH): the walk keeps its result in cmd_path.
  s += "_newscrawl() {\n"
       "  local cmd_path=\"\" word i\n"
       "  local -a commands options\n"
       "  local files=0\n"
       "  for ((i = 2; i < CURRENT; i++)); do\n"
       "    word=${words[i]}\n"
       "    case \"$cmd_path/$word\" in\n"
       "      (" + Join(CommandKeys(nodes), "|") + ") cmd_path=\"$cmd_path/$word\" ;;\n"
       "    esac\n"
       "  done\n";
  s += "  case \"$cmd_path ${words[CURRENT-1]}\" in\n";
  for (const Node& n : nodes) {
    for (const CLI::Option* o : n.options) {
      if (IsFlag(*o)) continue;
      std::vector<std::string> keys;
      for (const std::string& name : LongNames(*o)) keys.push_back(Quote(n.key + " " + name));
      const ValueCompletion v = ValueOf(*o);
      s += "    (" + Join(keys, "|") + ")\n";
      if (v.kind == ValueCompletion::kChoices) {
        std::vector<std::string> quoted;
        for (const std::string& c : v.choices) quoted.push_back(Quote(c));
        s += "      compadd -- " + Join(quoted, " ") + "\n";
      } else if (v.kind == ValueCompletion::kFiles) {
        s += "      _files\n";
      } else {
        s += "      _message 'value'\n";
      }
      s += "      return ;;\n";
    }
  }
  s += "  esac\n";
  s += "  case \"$cmd_path\" in\n";
  for (const Node& n : nodes) {
    std::vector<std::string> commands, options;
    for (const CLI::App* sub : n.subcommands) {
      commands.push_back(Quote(sub->get_name() + ":" + Summary(sub->get_description())));
    }
    for (const CLI::Option* o : n.options) {
      for (const std::string& name : LongNames(*o)) options.push_back(Quote(name + ":" + Summary(o->get_description())));
    }
    s += "    (" + Quote(n.key) + ")\n      commands=(" + Join(commands, " ") + ")\n      options=(" +
         Join(options, " ") + ")\n      files=" + (n.positional_files ? "1" : "0") + " ;;\n";
  }
  s += "  esac\n"
       "  if [[ $PREFIX == -* ]]; then\n"
       "    _describe -t options option options\n"
       "  elif (( ${#commands} )); then\n"
       "    _describe -t commands command commands\n"
       "  elif (( files )); then\n"
       "    _files\n"
       "  fi\n"
       "}\n"
       "_newscrawl \"$@\"\n";
  return s;
}

}  // namespace newscrawl::cli
