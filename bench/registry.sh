#!/usr/bin/env bash
# Berth's registry against Debian's docker-registry (distribution 2.8) on the same disk: push and
# pull of a ~200 MB image of four layers with the Docker CLI, the same with skopeo (no gzip, no
# extraction: closer to the registry's own throughput), and each registry's memory.
# Reproduce: bench/registry.sh
# Needs: a built jar (./berth build), Docker running, docker-registry, skopeo, the AWS CLI v2
# (/usr/bin/aws), python3, and berth-test/busybox:1 (./berth test builds it).
#
# Both registries run for the whole benchmark, each in a session of its own (Linux's autogroup
# scheduling would otherwise share one CPU slice between a server and this script). Every round
# builds new images whose layers are fresh random bytes, so nothing is "already there" (Docker and
# skopeo skip or mount blobs a registry has); the first round warms both servers up (Berth's JIT)
# and is not counted. In a round each operation runs against both registries, in alternating order.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
rounds="${BENCH_ROUNDS:-5}"
berth_port="${BENCH_REGISTRY_PORT:-7821}"
peer_port=$((berth_port + 1))
work=$(mktemp -d -p "${BENCH_DIR:-/var/tmp}")
. "$bench/lib.sh"
trap 'docker images -q "berth-bench/registry-*" | sort -u | xargs -r docker rmi -f >/dev/null 2>&1; cleanup' EXIT
aws=/usr/bin/aws
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG"
for tool in docker docker-registry skopeo python3 "$aws"; do
  command -v "$tool" >/dev/null || { echo "bench/registry.sh needs $tool" >&2; exit 1; }
done
docker image inspect berth-test/busybox:1 >/dev/null

# fresh_image NAME: three layers of random bytes (gzip cannot shrink them) and one of base64 text
# (it can, a little), none of them ever seen before.
fresh_image() {
  mkdir -p "$work/image"
  cat >"$work/image/Dockerfile" <<'DOCKERFILE'
FROM berth-test/busybox:1
RUN head -c 52428800 /dev/urandom > /random-1
RUN head -c 52428800 /dev/urandom > /random-2
RUN head -c 52428800 /dev/urandom > /random-3
RUN head -c 39321600 /dev/urandom | base64 > /text
DOCKERFILE
  docker build --no-cache -q -t "$1" "$work/image" >/dev/null 2>&1
}

# The servers, on storage under one directory of the same disk.
mkdir -p "$work/berth" "$work/peer"
setsid "$root/berth" up --no-agent --port "$berth_port" --data-dir "$work/berth" >"$work/berth.log" 2>&1 &
pids+=($!)
cat >"$work/peer.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/peer}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$peer_port}
YML
setsid docker-registry serve "$work/peer.yml" >"$work/peer.log" 2>&1 &
pids+=($!)
peer_pid=$!
until curl -sf "http://127.0.0.1:$berth_port/health" >/dev/null; do sleep 0.1; done
until curl -sf "http://127.0.0.1:$peer_port/v2/" >/dev/null; do sleep 0.1; done
berth_pid=$(pgrep -f -n "berth.jar.*--port $berth_port")
for round in $(seq 0 "$rounds"); do
  for repository in "docker-$round" "skopeo-$round"; do
    "$aws" ecr create-repository --endpoint-url "http://127.0.0.1:$berth_port" --repository-name "bench/$repository" >/dev/null
  done
done
password=$("$aws" ecr get-login-password --endpoint-url "http://127.0.0.1:$berth_port")
echo "$password" | docker login --username AWS --password-stdin "127.0.0.1:$berth_port" >/dev/null 2>&1
echo "$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$berth_pid/status")" >"$work/idle-berth"
echo "$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$peer_pid/status")" >"$work/idle-peer"

# rss_peak PID FILE: samples PID's resident memory every 100 ms, keeping the peak (MiB) in FILE.
rss_peak() {
  local peak=0 rss
  while rss=$(awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null); do
    if [[ -n "$rss" && "$rss" -gt "$peak" ]]; then peak=$rss; echo $((peak / 1024)) >"$2"; fi
    sleep 0.1
  done
}
rss_peak "$berth_pid" "$work/peak-berth" &
pids+=($!)
rss_peak "$peer_pid" "$work/peak-peer" &
pids+=($!)

host_of() { if [[ $1 == berth ]]; then echo "127.0.0.1:$berth_port"; else echo "127.0.0.1:$peer_port"; fi; }
creds_of() { if [[ $1 == berth ]]; then echo "--$2-creds=AWS:$password"; else echo "--$2-tls-verify=false"; fi; }

# timed NAME OPERATION COMMAND...: runs it, appending "NAME OPERATION seconds" to results (round 0 is warm-up).
timed() {
  local name=$1 op=$2 t0 t1
  shift 2
  t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  if (( round > 0 )); then
    python3 -c "import sys; print(sys.argv[1], sys.argv[2], f'{float(sys.argv[4]) - float(sys.argv[3]):.3f}')" \
      "$name" "$op" "$t0" "$t1" >>"$work/results"
  fi
}

: >"$work/results"
for round in $(seq 0 "$rounds"); do
  if (( round % 2 )); then order=(berth peer); else order=(peer berth); fi
  tag=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # Docker: push, then pull after every local trace of the image is gone.
  fresh_image "berth-bench/registry-docker:$round"
  id=$(docker image inspect -f '{{.Id}}' "berth-bench/registry-docker:$round")
  for name in "${order[@]}"; do
    reference="$(host_of "$name")/bench/docker-$round:$tag"
    docker tag "berth-bench/registry-docker:$round" "$reference"
    timed "$name" docker-push docker push -q "$reference"
  done
  docker save -o "$work/image.tar" "berth-bench/registry-docker:$round"
  for name in "${order[@]}"; do
    docker rmi -f $(docker images -q --no-trunc | grep -F "$id" | head -n1) >/dev/null 2>&1 || true
    docker rmi -f "$id" >/dev/null 2>&1 || true
    reference="$(host_of "$name")/bench/docker-$round:$tag"
    timed "$name" docker-pull docker pull -q "$reference"
    [[ "$(docker image inspect -f '{{.Id}}' "$reference")" == "$id" ]] || { echo "$name: pulled another image" >&2; exit 1; }
  done
  docker rmi -f "$id" >/dev/null 2>&1 || true
  # skopeo: a directory of compressed blobs (made locally, not timed) copied to each registry and back.
  fresh_image "berth-bench/registry-skopeo:$round"
  rm -rf "$work/dir"
  skopeo copy -q --dest-compress "docker-daemon:berth-bench/registry-skopeo:$round" "dir:$work/dir"
  docker rmi -f "berth-bench/registry-skopeo:$round" >/dev/null
  for name in "${order[@]}"; do
    timed "$name" skopeo-push skopeo copy -q --dest-tls-verify=false "$(creds_of "$name" dest)" "dir:$work/dir" \
      "docker://$(host_of "$name")/bench/skopeo-$round:$tag"
  done
  for name in "${order[@]}"; do
    rm -rf "$work/pulled"
    timed "$name" skopeo-pull skopeo copy -q --src-tls-verify=false "$(creds_of "$name" src)" \
      "docker://$(host_of "$name")/bench/skopeo-$round:$tag" "dir:$work/pulled"
  done
done

python3 - "$work" "$rounds" "$work/dir/manifest.json" <<'PY'
import json, os, statistics, sys
work, rounds, manifest = sys.argv[1], int(sys.argv[2]), json.load(open(sys.argv[3]))
mb = (manifest["config"]["size"] + sum(layer["size"] for layer in manifest["layers"])) / 1e6
runs = {}
for line in open(os.path.join(work, "results")):
    name, op, secs = line.split()
    runs.setdefault((name, op), []).append(float(secs))
read = lambda f: open(os.path.join(work, f)).read().strip()
print(f"Image: {mb:.1f} MB as pushed (its config and compressed layers); {rounds} rounds after one of warm-up.")
print()
print("| operation | Berth s (min / median / max) | docker-registry s (min / median / max) | Berth MB/s | docker-registry MB/s | throughput, Berth ÷ docker-registry |")
print("|---|---|---|---|---|---|")
for op in ["docker-push", "docker-pull", "skopeo-push", "skopeo-pull"]:
    b, p = runs[("berth", op)], runs[("peer", op)]
    bm, pm = statistics.median(b), statistics.median(p)
    print(f"| {op} | {min(b):.2f} / {bm:.2f} / {max(b):.2f} | {min(p):.2f} / {pm:.2f} / {max(p):.2f} "
          f"| {mb / bm:.0f} | {mb / pm:.0f} | **{pm / bm:.2f}×** |")
print()
print("| resident memory, MiB | Berth | docker-registry |")
print("|---|---|---|")
print(f"| idle, after start | {read('idle-berth')} | {read('idle-peer')} |")
print(f"| peak over the whole run | {read('peak-berth')} | {read('peak-peer')} |")
print()
print("Every run, seconds:")
for (name, op), values in sorted(runs.items()):
    print(f"- {name} {op}: {' '.join(f'{v:.2f}' for v in values)}")
PY
