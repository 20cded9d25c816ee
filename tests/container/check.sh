#!/usr/bin/env bash
# The container check: builds the image from ./Dockerfile with podman, runs it as an operator would (read-only root
# file system, data in a volume, host networking on a free loopback port) and checks that it answers /health/ready,
# runs as a non-root user, passes its own HEALTHCHECK, suggests with the real embedding model, and keeps its data
# across a new container on the same volume. Prints TAP lines, timings, and "# pass N" / "# fail N" at the end.
#
# No registry is reachable where this runs, so both stages get a local base (ARG BASE / ARG SDK): Debian bookworm made
# with debootstrap, with this machine's .NET runtime in /usr/share/dotnet as in the official aspnet image; the build
# stage mounts this machine's SDK and NuGet cache over it (so the restore needs no network). A user's build takes the
# official images instead.
# Needs root, podman, runc, debootstrap, curl and jq (apt-get install podman runc debootstrap curl jq).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cache=${CONTENTHELPER_CONTAINER_CACHE:-/var/tmp/contenthelper-container}
mkdir -p "$cache"

# podman on these machines: runc (crun refuses the hybrid cgroups), cgroupfs, and no raised open-files limit.
export CONTAINERS_CONF="$cache/containers.conf"
cat > "$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
EOF
podman() { command podman --runtime runc "$@"; }

passed=0; failed=0; n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -z "${2:-}" ] || sed 's/^/#   /' <<<"$2"; }
finish() {
  echo "1..$n"
  echo "# pass $passed"
  echo "# fail $failed"
  [ "$failed" -eq 0 ]
  exit $?
}
seconds_since() { echo $(( $(date +%s) - $1 )); }

tag=$(date +%s)-$$
image=localhost/contenthelper:check-$tag
volume=contenthelper-check-$tag
name=contenthelper-check-$tag
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1
  podman volume rm -f "$volume" >/dev/null 2>&1
  podman rmi -f "$image" >/dev/null 2>&1
  rm -f "$cache/run-$tag.log"
}
trap cleanup EXIT
# Stopped from outside (test.sh's time limit): exit through the cleanup, so that no container keeps its port.
trap 'echo "not ok - stopped from outside"; exit 143' TERM INT

# --clean-only: remove what a run stopped from outside left behind, and nothing else. A podman build stopped midway
# can take this script down with it before its trap runs (seen with the chroot isolation), leaving the build's
# working container and, past the build, the check's container, volume and image.
if [ "${1:-}" = --clean-only ]; then
  trap - EXIT
  podman ps -a --external --format '{{.ID}} {{.Names}}' |
    awk '$2 ~ /^contenthelper-check-/ || $2 ~ /^contenthelper-base-working-container/ { print $1 }' |
    while read -r id; do podman rm -f "$id" >/dev/null 2>&1; done
  podman volume ls --format '{{.Name}}' | grep '^contenthelper-check-' | while read -r v; do podman volume rm -f "$v" >/dev/null 2>&1; done
  podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/contenthelper:check-' | while read -r i; do podman rmi -f "$i" >/dev/null 2>&1; done
  rm -f "$cache"/build-*.log "$cache"/run-*.log
  exit 0
fi

# --- the local base: Debian + this machine's ASP.NET Core runtime, made once and kept --------------------------
base=localhost/contenthelper-base:bookworm-dotnet10
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
if ! podman image exists "$base"; then
  started=$(date +%s)
  if [ ! -s "$cache/debian-bookworm.tar" ]; then
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    if ! debootstrap --variant=minbase --include=libicu72,ca-certificates bookworm "$rootfs" >"$cache/debootstrap.log" 2>&1; then
      not_ok "a Debian base is made with debootstrap" "$(tail -20 "$cache/debootstrap.log")"
      rm -rf "$rootfs"
      finish
    fi
    tar -C "$rootfs" -cf "$cache/debian-bookworm.tar" . && rm -rf "$rootfs"
    echo "# debootstrap: $(seconds_since "$started") s"
  fi
  work=$(mktemp -d "$cache/base.XXXXXX")
  tar -C "$work" -xf "$cache/debian-bookworm.tar"
  mkdir -p "$work/usr/share/dotnet"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$dotnet_root/LICENSE.txt" "$work/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$work/usr/bin/dotnet"
  tar -C "$work" -cf "$work.tar" . && podman import "$work.tar" "$base" >"$cache/import.log" 2>&1
  status=$?
  rm -rf "$work" "$work.tar"
  [ $status -eq 0 ] || { not_ok "the local base image is imported" "$(tail -20 "$cache/import.log")"; finish; }
  echo "# local base image made in $(seconds_since "$started") s"
fi

# --- build: the repository's Dockerfile, both stages on the local base -----------------------------------------
started=$(date +%s)
build_log="$cache/build-$tag.log"
mkdir -p "$HOME/.nuget/packages"
# --layers=false: no per-step images are kept, so runs do not pile up build stages (750 MB each) in the store.
if podman build --isolation chroot --network host --format docker --layers=false \
    --build-arg BASE="$base" --build-arg SDK="$base" --build-arg NUGET_AUDIT=false \
    -v "$dotnet_root:/usr/share/dotnet:ro" -v "$HOME/.nuget/packages:/root/.nuget/packages" \
    -t "$image" "$root" >"$build_log" 2>&1; then
  ok "the image builds from the Dockerfile ($(seconds_since "$started") s)"
  rm -f "$build_log"
else
  not_ok "the image builds from the Dockerfile" "$(tail -30 "$build_log")"
  finish
fi
size=$(podman image inspect "$image" --format '{{.Size}}')
echo "# image size: $((size / 1000000)) MB (the local base: $(( $(podman image inspect "$base" --format '{{.Size}}') / 1000000 )) MB)"

if podman run --rm --network host --entrypoint bash "$image" -c 'test -s /app/all-MiniLM-L6-v2/model.onnx.packed && test -s /app/all-MiniLM-L6-v2/vocab.txt'; then
  ok "the embedding model is inside the image"
else
  not_ok "the embedding model is inside the image"
fi

# --- run: read-only root, data in a volume, on a free loopback port ---------------------------------------------
port=$(( 20000 + RANDOM % 20000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( 20000 + RANDOM % 20000 )); done
url="http://127.0.0.1:$port"
podman volume create "$volume" >/dev/null
start_container() {
  # (Without systemd, podman says it cannot schedule the HEALTHCHECK; it is run by hand below.)
  podman run -d --name "$name" --network host --read-only --tmpfs /tmp -v "$volume:/data" \
    -e ASPNETCORE_URLS="$url" -e Health__ShowDetails=true "$image" >/dev/null 2>>"$cache/run-$tag.log"
}
# Bounded polling of a real start: /health/ready, at most 180 s.
wait_ready() {
  local started=$1
  for _ in $(seq 1 720); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" = 200 ] && { echo "$(seconds_since "$started")"; return 0; }
    [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || return 1
    sleep 0.25
  done
  return 1
}

started=$(date +%s)
if start_container && ready_after=$(wait_ready "$started"); then
  ok "the container answers /health/ready (${ready_after} s after start)"
else
  not_ok "the container answers /health/ready" "$(podman logs "$name" 2>&1 | tail -30)"
  finish
fi

uid=$(podman exec "$name" id -u)
if [ -n "$uid" ] && [ "$uid" != 0 ]; then ok "the service runs as a non-root user (uid $uid)"; else not_ok "the service runs as a non-root user (uid '$uid')"; fi

if ! podman exec "$name" bash -c 'echo x > /app/written' 2>/dev/null && podman exec "$name" bash -c 'echo x > /data/written && rm /data/written'; then
  ok "the root file system is read-only and the data volume writable"
else
  not_ok "the root file system is read-only and the data volume writable"
fi

if health=$(podman healthcheck run "$name" 2>&1); then ok "the image's HEALTHCHECK passes"; else not_ok "the image's HEALTHCHECK passes" "$health"; fi

# --- a suggestion with the real model ---------------------------------------------------------------------------
for _ in $(seq 1 480); do
  [ "$(curl -s "$url/health" | jq -r '.checks.matching.data.model')" = Ready ] && break
  sleep 0.25
done
token=$(curl -s -X POST "$url/api/accounts" -H 'Content-Type: application/json' -d '{"name":"Ana"}' | jq -r .token)
curl -s -o /dev/null -X POST "$url/api/contacts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Ben Carter","interests":["carbon capture"]}'
answer=$(jq -n --rawfile html tests/e2e/fixtures/carbon-capture.html '{url:"https://news.example/carbon-capture", html:$html}' |
  curl -s -X POST "$url/api/suggestions" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @-)
if [ "$(jq -r '.matching' <<<"$answer")" = semantic ] && [ "$(jq -r '.suggestions[0].contact.name' <<<"$answer")" = "Ben Carter" ]; then
  ok "a suggestion is made with the real model (matching: semantic)"
else
  not_ok "a suggestion is made with the real model" "$(head -c 600 <<<"$answer")"
fi

# --- a new container on the same volume keeps the data -----------------------------------------------------------
podman rm -f "$name" >/dev/null
started=$(date +%s)
if start_container && ready_after=$(wait_ready "$started") &&
   [ "$(curl -s "$url/api/contacts" -H "Authorization: Bearer $token" | jq -r '.total')" = 1 ]; then
  ok "a new container on the same volume has the account and its contact (ready ${ready_after} s after start)"
else
  not_ok "a new container on the same volume has the account and its contact" "$(podman logs "$name" 2>&1 | tail -20)"
fi

finish
