#!/usr/bin/env bash
# Load run of the keep-in-touch routes on this machine: builds Release, starts the API on loopback with a fresh
# SQLite database, imports a LinkedIn file of [contacts] rows, saves [articles] articles to the reading list, times
# GET /api/keep-in-touch and GET /api/contacts/{id}/ideas, and stops the API it started.
# Usage: tests/load/keep-in-touch.sh [contacts] [articles] [requests]     (defaults: 10000 500 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-10000}; articles=${2:-500}; requests=${3:-200}
. tests/load/serve.sh
start_api 5098
dotnet "$bench" keep-in-touch --server "$server" --contacts "$contacts" --articles "$articles" --requests "$requests"
