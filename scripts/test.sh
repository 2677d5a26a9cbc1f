#!/usr/bin/env bash
# Runs the whole test suite: builds, then every CTest test (unit, fixture, loopback integration).
# Usage: scripts/test.sh   (NEWSCRAWL_SANITIZE=1 runs it under ASan+UBSan in build-asan/;
# NEWSCRAWL_SANITIZE=thread runs the crawl tests, where extraction workers run beside the event
# loop, under ThreadSanitizer in build-tsan/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [[ "${NEWSCRAWL_SANITIZE:-0}" == thread ]]; then
  BUILD_DIR=build-tsan BUILD_TARGETS="crawl_integration_test hostile_test" \
    scripts/build.sh -DNEWSCRAWL_TSAN=ON -DNEWSCRAWL_BUILD_BENCH=OFF
  ctest --test-dir build-tsan --output-on-failure -j"$(nproc)" -R '^(CrawlTest|HostileTest)\.'
  exit
elif [[ "${NEWSCRAWL_SANITIZE:-0}" == 1 ]]; then
  BUILD_DIR=build-asan BUILD_TYPE=Debug scripts/build.sh -DNEWSCRAWL_SANITIZE=ON -DNEWSCRAWL_BUILD_BENCH=OFF
  dir=build-asan
else
  scripts/build.sh
  dir=build
fi
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
