#!/usr/bin/env bash
# Runs CMD against a throwaway PostgreSQL server: initdb + pg_ctl on a temporary folder that
# also holds the server's Unix socket (no TCP port), CMD runs with the connection string in
# NEWSCRAWL_TEST_PG, and the server is stopped and the folder removed however CMD ends.
# PostgreSQL refuses to run as root, so a root caller runs the server as an unprivileged system
# user: `postgres` if the Debian package created it, else `newscrawl-pg` (created once).
# Usage: scripts/with-postgres.sh CMD [ARG...]        (exit status: CMD's, or 2 on setup failure)
# Environment: PG_BINDIR (default: pg_config's, else /usr/lib/postgresql/15/bin).
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

bindir=${PG_BINDIR:-}
if [[ -z "$bindir" ]]; then
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && bindir=$d
  done
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "with-postgres: no initdb found (install the postgresql package: scripts/install-deps.sh)" >&2
  exit 2
fi

as_server=()
if [[ $(id -u) -eq 0 ]]; then
  user=postgres
  if ! id -u "$user" >/dev/null 2>&1; then
    user=newscrawl-pg
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  as_server=(runuser -u "$user" --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/newscrawl-pg-XXXXXX")
chmod 755 "$dir"
mkdir "$dir/data"
if ((${#as_server[@]})); then chown "$user" "$dir" "$dir/data"; fi

cleanup() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# trust over the socket only: the socket lives in a folder nobody else uses, and nothing listens
# on TCP (listen_addresses='').
if ! "${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U newscrawl --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  exit 2
fi
# fsync off: a throwaway test server loses nothing worth keeping on a crash, and fsyncs would
# dominate the test time on a shared disk.
if ! "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=100" \
    start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 2
fi

export NEWSCRAWL_TEST_PG="postgresql:///postgres?host=$dir&user=newscrawl"
set +e
"$@"
status=$?
set -e
exit "$status"
