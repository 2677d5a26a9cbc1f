// Entry point of the `newscrawl` command line, separate from main() so tests can drive it.
#ifndef NEWSCRAWL_CLI_H_
#define NEWSCRAWL_CLI_H_

namespace newscrawl {

// Parses argv, runs the subcommand and returns the process exit code (see exit_codes.h).
int RunCli(int argc, char** argv);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CLI_H_
