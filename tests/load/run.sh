#!/usr/bin/env bash
# Load run of POST /api/suggestions on this machine: builds Release, starts the API on loopback with a fresh
# SQLite database, runs the load generator against it, and stops the API it started.
# Usage: tests/load/run.sh [contacts] [requests] [article-kb]     (defaults: 10000 200 150)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-10000}; requests=${2:-200}; kb=${3:-150}
. tests/load/serve.sh
start_api 5099
dotnet "$bench" load --server "$server" --contacts "$contacts" --requests "$requests" --article-kb "$kb"
