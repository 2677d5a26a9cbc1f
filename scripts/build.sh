#!/usr/bin/env bash
# Configures and builds newscrawl into build/ (or $BUILD_DIR). Extra args go to cmake;
# BUILD_TARGETS="a b" builds just those targets (and what they need).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
# shellcheck disable=SC2086  # BUILD_TARGETS is a list of target names
cmake --build "$build_dir" -j"$(nproc)" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
