#!/usr/bin/env bash
# The probe's worst case for POST /api/suggestions on this machine: builds Release, starts the API on loopback with a
# fresh SQLite database (default settings, so semantic matching too), sends a keyword page as large as the body limit
# with 5,000 contacts and limit 50 — alone, then 8 at once while probing /health — and reports the server's memory
# (RSS) afterwards. Stops the API it started.
# Usage: tests/load/abuse.sh [contacts] [parallel] [mb]     (defaults: 5000 8 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-5000}; parallel=${2:-8}; mb=${3:-8}
. tests/load/serve.sh
start_api 5098
rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$api/status"; echo; }
echo "server memory before: $(rss)"
dotnet "$bench" abuse --server "$server" --contacts "$contacts" --parallel "$parallel" --mb "$mb"
echo "server memory after: $(rss)"
sleep 10
echo "server memory 10 s later: $(rss)"
