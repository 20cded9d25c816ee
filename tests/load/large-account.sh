#!/usr/bin/env bash
# One large account on this machine (issue 26, item 4): builds Release, starts the API on loopback with a fresh SQLite
# database, imports a LinkedIn file of [contacts] rows with varied positions, lets the embedding settle, times
# suggestions one at a time and the first suggestion after each of [edits] contact edits, counts the index builds and
# the embedding batches that found every phrase stored already (the server's log), and stops the API it started.
# Usage: tests/load/large-account.sh [contacts] [requests] [edits] [API settings…]
#        (defaults: 50000 8 8), e.g. tests/load/large-account.sh 5000 8 8 --Matching:IndexCacheMegabytes=64
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-50000}; requests=${2:-8}; edits=${3:-8}
. tests/load/serve.sh
start_api 5097 --Logging:LogLevel:ContentHelper.Api.Matching=Debug "${@:4}"
dotnet "$bench" large-account --server "$server" --pid "$api" --contacts "$contacts" --requests "$requests" --edits "$edits"
echo "server log: $(grep -c 'Built the interest index' "$work/api.log") index builds" \
  "(slowest $(grep -o 'Built the interest index.* in [0-9]* ms' "$work/api.log" | grep -o '[0-9]* ms$' | sort -n | tail -1));" \
  "$(grep -c 'Embedded 0 interest phrases' "$work/api.log") embedding batches of phrases stored already," \
  "$(grep -c 'Embedded [1-9][0-9]* interest phrases' "$work/api.log") that embedded"
