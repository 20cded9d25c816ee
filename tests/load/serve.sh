# Sourced by the single-instance load scripts: builds Release, starts the API on loopback port $1 (further arguments go
# to the API as settings, e.g. --Matching:IndexCacheMegabytes=64) with a fresh SQLite
# file (rate limits off: a load run is one token sending far more than a person; /health with its details, whose
# embedding backlog the load generator waits on), waits for /health, and stops it on exit. Sets $api (its PID),
# $server (its URL), $work (a temporary folder, removed on exit) and $bench (the load generator).
# CONTENTHELPER_API_DLL runs another build of the API (a copy of an earlier build's output, to compare side by side).
start_api() {
  work=$(mktemp -d)
  server="http://127.0.0.1:$1"
  bench=tests/ContentHelper.Benchmarks/bin/Release/net10.0/ContentHelper.Benchmarks.dll
  dotnet build -c Release ContentHelper.sln -v quiet -nologo >/dev/null
  ConnectionStrings__ContentHelper="Data Source=$work/load.db" Logging__LogLevel__Default=Warning \
    Limits__TokenRequestsPerMinute=0 Limits__TokenExpensiveRequestsPerMinute=0 \
    Limits__AccountRequestsPerMinute=0 Limits__AccountExpensiveRequestsPerMinute=0 Health__ShowDetails=true \
    dotnet "${CONTENTHELPER_API_DLL:-api/bin/Release/net10.0/ContentHelper.Api.dll}" --urls "$server" "${@:2}" > "$work/api.log" 2>&1 &
  api=$!
  trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 150); do curl -sf "$server/health" >/dev/null && break; sleep 0.2; done
}
