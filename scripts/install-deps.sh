#!/usr/bin/env bash
# Installs every Debian package newscrawl needs to build, test and benchmark.
# Idempotent: packages already present are skipped, so a second run costs one dpkg query.
# Usage: scripts/install-deps.sh [--with-browser]   (--with-browser adds Chromium for the report test)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  libcurl4-openssl-dev libgumbo-dev libboost-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libicu-dev libxml2-dev libxxhash-dev libzstd-dev zlib1g-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql libpq-dev
  man-db groff-base systemd zsh logrotate  # tests/cli: man page, systemd-analyze verify, zsh -n, logrotate rule
)
if [[ "${1:-}" == "--with-browser" ]]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
