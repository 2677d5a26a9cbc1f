// Process exit codes of `newscrawl`: a contract with cron jobs and wrappers, documented in --help
// and the README. Never renumber; add new codes at the end.
#ifndef NEWSCRAWL_EXIT_CODES_H_
#define NEWSCRAWL_EXIT_CODES_H_

namespace newscrawl {

enum ExitCode : int {
  kExitOk = 0,            // success
  kExitError = 1,         // the command failed (bad input file, unparsable URL, storage error)
  kExitUsage = 2,         // bad command line or config
  kExitLocked = 3,        // another run holds the database lock
  kExitFailureRatio = 4,  // the crawl finished but its failure ratio passed max_failure_ratio
  kExitInterrupted = 5,   // stopped by SIGINT/SIGTERM after flushing everything
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 success; 1 command failed; 2 bad command line or config; 3 database locked by "
    "another run; 4 failure ratio over max_failure_ratio; 5 interrupted (SIGINT/SIGTERM), state "
    "saved.";

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXIT_CODES_H_
