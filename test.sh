#!/usr/bin/env bash
# The whole test suite, from a fresh clone on Debian with the .NET SDK: installs and starts what the tests
# need (a throwaway PostgreSQL cluster), runs them, stops what it started, and ends with "N passed, N failed (…)",
# the parenthesis saying whether the container check ran and how long it took.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  [ $apt_updated = 1 ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- PostgreSQL: a private cluster on 127.0.0.1, removed at exit ---------------------------------------
# A port of its own per checkout when several run side by side (CONTENTHELPER_PG_PORT).
pg_port=${CONTENTHELPER_PG_PORT:-55432}
pg_root=""
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ]; then
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_postgres() {
  [ -n "$pg_root" ] || return 0
  as_pg "$pg_bin/pg_ctl" -D "$pg_root/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_root"
}
trap stop_postgres EXIT
# initdb and pg_ctl refuse root: the cluster belongs to the postgres user, in a folder it can reach.
pg_root=$(mktemp -d /tmp/contenthelper-pg.XXXXXX)
chmod 755 "$pg_root"
mkdir "$pg_root/data"
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_root/data"
as_pg "$pg_bin/initdb" -D "$pg_root/data" -U postgres -A trust >/dev/null
# Durability is pointless for a throwaway test cluster; turning it off makes each CREATE DATABASE cheap.
as_pg "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/data/server.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { echo "PostgreSQL did not start:"; cat "$pg_root/data/server.log"; status=1; }

# --- .NET: unit and HTTP integration tests on SQLite, then the portable ones again on PostgreSQL ------------
dotnet build ContentHelper.sln -c Release -warnaserror || status=1
# No file watchers for appsettings in the hundreds of test apps and API processes: they used up the kernel's
# inotify instances (128 by default) when two suites ran side by side.
export DOTNET_hostBuilder__reloadConfigOnChange=false
dotnet test ContentHelper.sln -c Release --no-build --logger "trx;LogFilePrefix=sqlite" --results-directory "$results" || status=1
if [ $status = 0 ] || [ -n "$(ls "$results"/*.trx 2>/dev/null)" ]; then
  CONTENTHELPER_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true" \
    dotnet test tests/ContentHelper.Tests -c Release --no-build --filter "Storage=Portable" \
      --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=1
fi

# --- End-to-end: the extension in Debian's Chromium and Firefox ESR against the real API ---------------------
# Playwright (playwright-core, no browser download) drives /usr/bin/chromium with the unpacked extension, and
# puppeteer-core drives the same person's path in Chromium and in /usr/bin/firefox-esr (WebDriver BiDi); the
# shortcut and context-menu tests press real keys in a Chromium window on a private Xvfb display (xdotool). The
# tests start the built API on a fresh SQLite file and a fixture site on loopback, and stop them. web-ext lint
# checks the package for Firefox. Its TAP output is counted into the closing line below.
e2e_status=0
e2e_tap="$results/e2e.tap"
e2e_packages=""
[ -x /usr/bin/chromium ] || e2e_packages="$e2e_packages chromium"
[ -x /usr/bin/firefox-esr ] || e2e_packages="$e2e_packages firefox-esr" # 140+ from bookworm, newer from its security archive
[ -x /usr/bin/Xvfb ] || e2e_packages="$e2e_packages xvfb"
[ -x /usr/bin/xdotool ] || e2e_packages="$e2e_packages xdotool"
if [ -n "$e2e_packages" ]; then
  # shellcheck disable=SC2086 # one word per package
  apt_install $e2e_packages || e2e_status=1
fi
if [ $e2e_status = 0 ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error) || e2e_status=1
fi
if [ $e2e_status = 0 ]; then
  (cd tests/e2e && timeout 900 node --test --test-concurrency=1 --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$e2e_tap" tests/) || e2e_status=1
fi

# --- Container: the image built from the Dockerfile and run with podman, where the machine has it ---------------
# tests/container/check.sh makes a Debian base with debootstrap (no registry is reachable here), builds the image,
# runs it and checks it; its TAP counts go into the closing line, with how long it took. Without root, podman, runc,
# debootstrap, curl or jq it does not run, and the closing line says so (apt-get install podman runc debootstrap jq).
# Bounded: it took 2.6-3.5 min with its base kept and 5.3 min when it made the base (2 busy cores); past 10 min it is
# stopped, what it left behind is removed, and it counts as failed.
container_status=0
container_tap="$results/container.tap"
container_limit=${CONTENTHELPER_CONTAINER_LIMIT:-600} # seconds
if [ "$(id -u)" -eq 0 ] && command -v podman >/dev/null && command -v runc >/dev/null && command -v debootstrap >/dev/null \
   && command -v curl >/dev/null && command -v jq >/dev/null; then
  container_started=$(date +%s)
  timeout --kill-after=60 $container_limit tests/container/check.sh | tee "$container_tap"
  container_rc=${PIPESTATUS[0]}
  container_seconds=$(( $(date +%s) - container_started ))
  if [ "$container_rc" = 124 ] || [ "$container_rc" = 137 ]; then
    container_status=1
    container_note="container check stopped at its ${container_limit} s limit"
    tests/container/check.sh --clean-only
  else
    [ "$container_rc" = 0 ] || container_status=1
    container_note="container check ran in ${container_seconds} s"
  fi
else
  container_note="container check not run: it needs root, podman, runc, debootstrap, curl and jq"
  echo "Container check not run: it needs root, podman, runc, debootstrap, curl and jq."
fi

# --- one closing line for CI: the TRX counters and the e2e and container TAP counts added up ---------------------
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
e2e_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$e2e_tap" 2>/dev/null | tail -1)
e2e_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$e2e_tap" 2>/dev/null | tail -1)
passed=$((passed + ${e2e_passed:-0})); failed=$((failed + ${e2e_failed:-0}))
container_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$container_tap" 2>/dev/null | tail -1)
container_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$container_tap" 2>/dev/null | tail -1)
passed=$((passed + ${container_passed:-0})); failed=$((failed + ${container_failed:-0}))
[ $e2e_status = 0 ] || status=1
[ $container_status = 0 ] || status=1
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1 # the build, a runner or a service failed outside any test
fi
echo "$passed passed, $failed failed ($container_note)"
[ $status -eq 0 ] && [ $failed -eq 0 ]
