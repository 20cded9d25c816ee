#!/usr/bin/env bash
# Mixed load (or soak) on this machine: builds Release, starts 1 or 2 API instances on loopback over a fresh SQLite
# file or a throwaway PostgreSQL cluster (with the embedding model, as shipped), runs the mixed load generator
# (tests/ContentHelper.Benchmarks/MixedRun.cs: suggestions on 150 KB pages, contact edits, shares, at a steady rate),
# prints its report with the instances' memory, and stops everything it started.
# Usage: tests/load/mixed.sh [sqlite|postgres] [instances] [contacts] [seconds] [requests-per-second] [accounts] [pages]
#        (defaults: sqlite 1 10000 60 20 1: [accounts] accounts of [contacts] contacts each take the requests in turn;
#        [pages] "long" makes every suggestion a long page of its own, 15,000-60,000 characters at its own URL);
#        the 10-minute soak: tests/load/mixed.sh postgres 2 10000 600 10; issue 26's memory soak (16 accounts of 150
#        contacts, 20 requests/s): tests/load/mixed.sh sqlite 1 150 900 20 16. Runtime settings go in the environment
#        (e.g. DOTNET_GCgen0size, DOTNET_gcServer=0), where the instances inherit them. CONTENTHELPER_API_DLL runs another
#        build of the API (a copy of an earlier build's output, to compare before and after on the same machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
storage=${1:-sqlite}; instances=${2:-1}; contacts=${3:-10000}; seconds=${4:-60}; rate=${5:-20}; accounts=${6:-1}; pages=${7:-short}
work=$(mktemp -d)
chmod 755 "$work"
pids=(); pg_bin=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  [ -n "$pg_bin" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build -c Release ContentHelper.sln -v quiet -nologo >/dev/null

if [ "$storage" = postgres ]; then
  # A private cluster as test.sh makes one (run as root: the cluster belongs to the postgres user).
  port=${CONTENTHELPER_PG_PORT:-55441}
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300" start >/dev/null
  export Storage__Provider=Postgres
  export ConnectionStrings__ContentHelper="Host=127.0.0.1;Port=$port;Username=postgres;Database=contenthelper_load"
else
  export ConnectionStrings__ContentHelper="Data Source=$work/load.db"
fi
export Logging__LogLevel__Default=Warning Limits__TokenRequestsPerMinute=0 Limits__TokenExpensiveRequestsPerMinute=0 \
  Limits__AccountRequestsPerMinute=0 Limits__AccountExpensiveRequestsPerMinute=0 Limits__AccountsPerHourPerAddress=0 Health__ShowDetails=true

servers=""
for i in $(seq 1 "$instances"); do
  url="http://127.0.0.1:$((5100 + i))"
  dotnet "${CONTENTHELPER_API_DLL:-api/bin/Release/net10.0/ContentHelper.Api.dll}" --urls "$url" > "$work/api-$i.log" 2>&1 &
  pids+=($!)
  servers="$servers${servers:+,}$url"
done
for url in ${servers//,/ }; do
  for _ in $(seq 1 150); do curl -sf "$url/health" >/dev/null && break; sleep 0.2; done
done
echo "storage $storage, $instances instance(s), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet tests/ContentHelper.Benchmarks/bin/Release/net10.0/ContentHelper.Benchmarks.dll mixed \
  --servers "$servers" --pids "$(IFS=,; echo "${pids[*]}")" --contacts "$contacts" --seconds "$seconds" --rate "$rate" --accounts "$accounts" --pages "$pages" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "${status:-0}"
