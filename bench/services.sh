#!/usr/bin/env bash
# Service benchmarks (issue 4), side by side on this machine. Reproduce: ./berth build && bench/services.sh
# Needs: JAVA_HOME (a JDK 21+, for JMH), Docker, wrk, nginx, python3, curl, bc, and the test image
# berth-test/busybox:1 (./berth test builds it). BENCH_ROUNDS (5) and BENCH_SLOW_ROUNDS (3) rolling
# deployments per configuration (health-check interval 5 s and 30 s); BENCH_PARTS picks sections
# (default: rolling describe reconcile).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
export BENCH_PORT="${BENCH_PORT:-7796}"
rounds="${BENCH_ROUNDS:-5}"
rounds_slow="${BENCH_SLOW_ROUNDS:-3}"
parts="${BENCH_PARTS:-rolling describe reconcile}"
work=$(mktemp -d)
. "$bench/lib.sh"
trap cleanup EXIT
endpoint="http://127.0.0.1:$BENCH_PORT/"

echo "## Environment"
echo
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1) (JMH); Docker $(docker version --format '{{.Server.Version}}'); berth up with --pull-behavior PREFER_CACHED"
echo
berth_up_with_agent

if [[ " $parts " == *" rolling "* ]]; then
echo "## A 10-task rolling deployment of a healthy image"
echo
echo "From UpdateService until one deployment, COMPLETED, 10 of the new revision running. The health check"
echo "(retries 1) passes at its first probe, which Docker runs one interval after the container starts; a"
echo "wave's old tasks may go only once its new ones are healthy. Floor: waves × interval. Peer: the same"
echo "waves by hand with the docker CLI (docker run -d with the same health check, wait until healthy,"
echo "docker stop the old ones). Rounds: $rounds at interval 5 s (ECS's minimum), ${rounds_slow} at 30 s (ECS's default)."
echo
echo "| interval | minimumHealthy/maximum | waves | floor | Berth median (min–max) | vs floor | docker CLI by hand median (min–max) | vs docker |"
echo "|---|---|---|---|---|---|---|---|"
for config in "5 100 200 10 $rounds" "5 100 150 5 $rounds" "30 100 200 10 $rounds_slow"; do
  read -r interval minimum maximum wave n <<<"$config"
  waves=$(( (10 + wave - 1) / wave ))
  berth=$("$bench/rolling.py" "roll-$interval-$minimum-$maximum" "$minimum" "$maximum" "$n" "$interval")
  peer=$("$bench/docker-rolling.sh" "$wave" "$n" "$interval")
  python3 - "$interval" "$minimum/$maximum" "$waves" "$berth" "$peer" <<'PY'
import json, sys
interval, label, waves, berth, peer = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
floor = float(interval * waves)
print(f"| {interval} s | {label} | {waves} | {floor:.1f} s | {berth['median']:.2f} s ({berth['min']:.2f}–{berth['max']:.2f}) "
      f"| **{berth['median'] / floor:.2f}×** | {peer['median']:.2f} s ({peer['min']:.2f}–{peer['max']:.2f}) "
      f"| {berth['median'] / peer['median']:.2f}× |")
PY
done
echo
fi

if [[ " $parts " == *" describe "* ]]; then
echo "## DescribeServices of 10 services in a cluster of 100 (wrk -t2 -c16, ${BENCH_SECONDS:-20} s after a 3 s warm-up)"
echo
ecs RegisterTaskDefinition '{"family":"bench-idle","containerDefinitions":[{"name":"main","image":"berth-test/busybox:1",
  "memory":8,"command":["sh","-c","trap \"exit 0\" TERM; sleep 3600 & wait"]}]}' >/dev/null
for i in $(seq -w 1 100); do
  ecs CreateService "{\"serviceName\":\"svc-$i\",\"taskDefinition\":\"bench-idle\",\"desiredCount\":1}" >/dev/null
done
names=$(seq -w 1 100 | head -n 10 | sed 's/.*/"svc-&"/' | paste -sd,)
until [[ $(docker ps -q --filter "label=berth.instance=${instances[0]}" | wc -l) -ge 100 ]]; do sleep 0.5; done
sleep 5 # steady-state events posted
ecs DescribeServices "{\"services\":[$names]}" >"$work/services.json"
cat >"$work/describe-services.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113.DescribeServices"
wrk.body = '{"services":[$names]}'
LUA
nginx_answering "$work/services.json" 7797
echo "Answer: $(wc -c <"$work/services.json") bytes (10 services, each with its deployment and events)."
echo
echo "| what | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
wrk_run "DescribeServices, 10 of 100 services, Berth on SQLite" "$work/describe-services.lua" "$endpoint"
wrk_run "the same answer bytes from nginx (peer)" "$work/describe-services.lua" http://127.0.0.1:7797/
echo
for i in $(seq -w 1 100); do ecs DeleteService "{\"service\":\"svc-$i\",\"force\":true}" >/dev/null; done
until [[ -z "$(docker ps -q --filter "label=berth.instance=${instances[0]}")" ]]; do sleep 0.5; done
echo
fi
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

if [[ " $parts " == *" reconcile "* ]]; then
echo "## One scheduler pass over 1,000 services × 10 tasks (JMH, one core, mean ± 99.9% error)"
echo
classpath=$(jmh_classpath control-plane/berth-ecs)
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
"${pin[@]}" "$JAVA_HOME/bin/java" -cp "$classpath" org.openjdk.jmh.Main 'dev.berth.ecs.bench.ReconcileBenchmark' \
  -f 1 -wi "${BENCH_WARMUPS:-3}" -i "${BENCH_ITERATIONS:-5}" -jvmArgsAppend "-XX:ActiveProcessorCount=1" \
  -rf csv -rff "$work/reconcile.csv" >"$work/jmh.log"
echo "| pass | ms per pass | ± |"
echo "|---|---|---|"
awk -F, 'NR > 1 { gsub(/"/, ""); sub(/.*\./, "", $1); printf "| %s | %.2f | %.2f |\n", $1, $5, $6 }' "$work/reconcile.csv"
fi
