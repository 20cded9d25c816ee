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
dotnet test ContentHelper.sln -c Release --logger "trx" --results-directory "$results" || status=$?

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
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
