#!/usr/bin/env bash
# The probe's worst case for POST /api/suggestions on this machine: builds Release, starts the API on loopback with a
# fresh SQLite database (default settings, so semantic matching too), sends a keyword page as large as the body limit
# with 5,000 contacts and limit 50 — alone, then 8 at once while probing /health — and reports the server's memory
# (RSS) afterwards. Stops the API it started.
# Usage: tests/load/abuse.sh [contacts] [parallel] [mb]     (defaults: 5000 8 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-5000}; parallel=${2:-8}; mb=${3:-8}
port=5098
work=$(mktemp -d)
dotnet build -c Release ContentHelper.sln -v quiet -nologo >/dev/null
ConnectionStrings__ContentHelper="Data Source=$work/abuse.db" Logging__LogLevel__Default=Warning \
  Limits__TokenRequestsPerMinute=0 Limits__TokenExpensiveRequestsPerMinute=0 \
  dotnet api/bin/Release/net10.0/ContentHelper.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$api/status"; echo; }
echo "server memory before: $(rss)"
dotnet tests/ContentHelper.Benchmarks/bin/Release/net10.0/ContentHelper.Benchmarks.dll abuse \
  --server "http://127.0.0.1:$port" --contacts "$contacts" --parallel "$parallel" --mb "$mb"
echo "server memory after: $(rss)"
sleep 10
echo "server memory 10 s later: $(rss)"
