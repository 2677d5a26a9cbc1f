// newscrawl: crawls news sites politely and stores clean article records in SQLite.
#include "newscrawl/cli/cli.h"

int main(int argc, char** argv) { return newscrawl::RunCli(argc, argv); }
