#!/usr/bin/env bash
# Task start-up benchmarks, side by side with Docker itself on this machine. Reproduce: bench/tasks.sh
# Needs: a built jar (./berth build), Docker running, hyperfine, wrk, curl, python3, and the test image
# berth-test/busybox:1 (./berth test builds it; or docker build it from busybox-static, see TestImages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
export BENCH_PORT="${BENCH_PORT:-7795}"
work=$(mktemp -d)
. "$bench/lib.sh"
trap cleanup EXIT
endpoint="http://127.0.0.1:$BENCH_PORT/"

berth_up_with_agent
ecs RegisterTaskDefinition '{"family":"bench-sleeper","containerDefinitions":[{"name":"main","image":"berth-test/busybox:1",
  "memory":16,"command":["sh","-c","trap \"exit 0\" TERM; sleep 600 & wait"]}]}' >/dev/null

peer="docker run -d --label berth-bench-peer=1 berth-test/busybox:1 sh -c 'trap \"exit 0\" TERM; sleep 600 & wait'"
echo "## One task: RunTask until DescribeTasks says RUNNING, vs docker run -d, on a freshly started server (hyperfine, 2 warm-up runs, 20 runs)"
echo
hyperfine --warmup 2 --runs 20 --prepare "$bench/task-reset.sh" --export-markdown "$work/one-cold.md" \
  "$bench/task-one.py" "$bench/task-one.sh" "$peer" >/dev/null
sed -e "s#$bench/##" "$work/one-cold.md"
echo
# A server that has been up a while has compiled its DescribeTasks path; until then the JIT
# compiles it on the same 2 cores while Docker starts the measured container. 20 s of wrk
# DescribeTasks on a stopped task stands in for that time in service.
stopped=$(ecs ListTasks '{"desiredStatus":"STOPPED","maxResults":1}' | grep -o 'arn:aws:ecs:[^"]*' | head -n1)
cat >"$work/describe-task.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"tasks":["$stopped"]}'
wrk.headers["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113.DescribeTasks"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
LUA
wrk -t1 -c4 -d20s -s "$work/describe-task.lua" "$endpoint" >/dev/null
echo "## The same on a warm server: after 20 s of wrk DescribeTasks (hyperfine, 2 warm-up runs, 20 runs)"
echo
hyperfine --warmup 2 --runs 20 --prepare "$bench/task-reset.sh" --export-markdown "$work/one-warm.md" \
  "$bench/task-one.py" "$bench/task-one.sh" "$peer" >/dev/null
sed -e "s#$bench/##" "$work/one-warm.md"
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
