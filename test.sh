#!/usr/bin/env bash
# The whole test suite, from a fresh clone on Debian with the .NET SDK: installs and starts what the tests
# need, runs them, stops what it started, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

status=0
# One Release build serves both the .NET tests and the API that the end-to-end tests start.
dotnet build ContentHelper.sln -c Release || status=$?
dotnet test ContentHelper.sln -c Release --no-build --logger "trx" --results-directory "$results" || status=$?

# dotnet test's own summary is per project; add up the TRX counters for one closing line.
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [ "$total" -eq 0 ] && [ "$status" -ne 0 ]; then
  failed=1 # the build or the runner failed before any test ran
fi

# End-to-end: the extension in Debian's Chromium (Playwright, no browser download) against the real API,
# plus web-ext lint of the manifest for Firefox. The tests start and stop the API and a fixture site themselves.
e2e_status=0
if [ ! -x /usr/bin/chromium ]; then
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) \
    || e2e_status=$?
fi
if [ "$e2e_status" -eq 0 ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error) || e2e_status=$?
fi
e2e_tap="$results/e2e.tap"
if [ "$e2e_status" -eq 0 ]; then
  (cd tests/e2e && timeout 900 node --test --test-concurrency=1 --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$e2e_tap" tests/) || e2e_status=$?
fi
e2e_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$e2e_tap" 2>/dev/null | tail -1)
e2e_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$e2e_tap" 2>/dev/null | tail -1)
e2e_passed=${e2e_passed:-0}; e2e_failed=${e2e_failed:-0}
if [ "$e2e_status" -ne 0 ] && [ "$e2e_failed" -eq 0 ]; then
  e2e_failed=1 # setup failed, or the runner stopped before reporting
fi
passed=$((passed + e2e_passed)); failed=$((failed + e2e_failed))
[ "$e2e_status" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
