#!/usr/bin/env bash
# Load run of the keep-in-touch routes on this machine: builds Release, starts the API on loopback with a fresh
# SQLite database, imports a LinkedIn file of [contacts] rows, saves [articles] articles to the reading list, times
# GET /api/keep-in-touch and GET /api/contacts/{id}/ideas, and stops the API it started.
# Usage: tests/load/keep-in-touch.sh [contacts] [articles] [requests]     (defaults: 10000 500 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-10000}; articles=${2:-500}; requests=${3:-200}
port=5098
work=$(mktemp -d)
dotnet build -c Release ContentHelper.sln -v quiet -nologo >/dev/null
ConnectionStrings__ContentHelper="Data Source=$work/kit.db" Logging__LogLevel__Default=Warning \
  dotnet api/bin/Release/net10.0/ContentHelper.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
dotnet tests/ContentHelper.Benchmarks/bin/Release/net10.0/ContentHelper.Benchmarks.dll keep-in-touch \
  --server "http://127.0.0.1:$port" --contacts "$contacts" --articles "$articles" --requests "$requests"
