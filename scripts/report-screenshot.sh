#!/usr/bin/env bash
# Regenerates docs/report-screenshot.png: `newscrawl demo` (the fixture sites crawled into a fresh
# database), `newscrawl report` on that database, and a headless Chromium screenshot.
# Usage: scripts/report-screenshot.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="$(realpath "${1:-build}")"
make -C "$build" -j2 newscrawl >/dev/null
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium_bin" ]]; then
  echo "report-screenshot: chromium not installed (scripts/install-deps.sh --with-browser)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$build/newscrawl" demo --dir "$tmp" --fixtures fixtures >/dev/null
# Run from the temp dir so the header shows "demo.db", as a newcomer would type it.
(cd "$tmp" && "$build/newscrawl" report --db demo.db --out report.html)
timeout -k 10 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
  --hide-scrollbars --user-data-dir="$tmp/profile" --screenshot="$tmp/shot.png" \
  --window-size="${REPORT_SHOT_SIZE:-1200,2400}" "file://$tmp/report.html" >"$tmp/chromium.log" 2>&1 || {
  cat "$tmp/chromium.log" >&2
  exit 1
}
mkdir -p docs
cp "$tmp/shot.png" docs/report-screenshot.png
[[ -n "${REPORT_KEEP_HTML:-}" ]] && cp "$tmp/report.html" "$REPORT_KEEP_HTML"
echo "wrote docs/report-screenshot.png ($(stat -c %s docs/report-screenshot.png) bytes)"
