#!/usr/bin/env bash
# Task start-up benchmarks, side by side with Docker itself on this machine. Reproduce: bench/tasks.sh
# Needs: a built jar (./berth build), Docker running, hyperfine, curl, and the test image
# berth-test/busybox:1 (./berth test builds it; or docker build it from busybox-static, see TestImages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
export BENCH_PORT="${BENCH_PORT:-7795}"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  ids=$(docker ps -aq --filter label=berth-bench-peer=1); [[ -z "$ids" ]] || docker rm -f $ids >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
endpoint="http://127.0.0.1:$BENCH_PORT/"
ecs() { curl -sf "$endpoint" -H "X-Amz-Target: AmazonEC2ContainerServiceV20141113.$1" -d "$2"; }

docker image inspect berth-test/busybox:1 >/dev/null
"$root/berth" up --port "$BENCH_PORT" --data-dir "$work/data" --pull-behavior PREFER_CACHED >"$work/berth.log" 2>&1 &
pids+=($!)
until ecs ListContainerInstances '{}' 2>/dev/null | grep -q container-instance; do sleep 0.1; done
ecs RegisterTaskDefinition '{"family":"bench-sleeper","containerDefinitions":[{"name":"main","image":"berth-test/busybox:1",
  "memory":16,"command":["sh","-c","trap \"exit 0\" TERM; sleep 600 & wait"]}]}' >/dev/null

echo "## One task: RunTask until DescribeTasks says RUNNING, vs docker run -d (hyperfine, 15 runs)"
echo
hyperfine --warmup 2 --runs 15 --prepare "$bench/task-reset.sh" --export-markdown "$work/one.md" \
  "$bench/task-one.sh" \
  "docker run -d --label berth-bench-peer=1 berth-test/busybox:1 sh -c 'trap \"exit 0\" TERM; sleep 600 & wait'" >/dev/null
sed -e "s#$bench/##" "$work/one.md"
echo
echo "## 50 tasks on one host: 5 RunTask calls of 10 until all RUNNING, vs 50 sequential docker run -d (hyperfine, 5 runs)"
echo
hyperfine --warmup 1 --runs 5 --prepare "$bench/task-reset.sh" --export-markdown "$work/fifty.md" \
  "$bench/task-fifty.sh" "$bench/docker-fifty.sh" >/dev/null
sed -e "s#$bench/##" "$work/fifty.md"
"$bench/task-reset.sh"
echo
echo "## Agent idle RSS"
echo
"$root/berth" agent --server "http://127.0.0.1:$BENCH_PORT" --cluster default --data-dir "$work/agent" >"$work/agent.log" 2>&1 &
agent=$!
pids+=($agent)
sleep 20
echo "berth agent (its own process, registered, idle for 20 s): $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$agent/status)"
echo "berth up (server and agent in one process, after the runs above): $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/${pids[0]}/status)"
