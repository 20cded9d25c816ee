#!/usr/bin/env bash
# Load run of POST /api/suggestions on this machine: builds Release, starts the API on loopback with a fresh
# SQLite database, runs the load generator against it, and stops the API it started.
# Usage: tests/load/run.sh [contacts] [requests] [article-kb]     (defaults: 10000 200 150)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-10000}; requests=${2:-200}; kb=${3:-150}
port=5099
work=$(mktemp -d)
dotnet build -c Release ContentHelper.sln -v quiet -nologo >/dev/null
ConnectionStrings__ContentHelper="Data Source=$work/load.db" Logging__LogLevel__Default=Warning \
  Limits__TokenRequestsPerMinute=0 Limits__TokenExpensiveRequestsPerMinute=0 \
  dotnet api/bin/Release/net10.0/ContentHelper.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
dotnet tests/ContentHelper.Benchmarks/bin/Release/net10.0/ContentHelper.Benchmarks.dll load \
  --server "http://127.0.0.1:$port" --contacts "$contacts" --requests "$requests" --article-kb "$kb"
