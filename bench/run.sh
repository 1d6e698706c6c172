#!/usr/bin/env bash
# Foundation benchmarks, side by side on this machine. Reproduce with: bench/run.sh
# Needs: a built jar (./berth build), wrk, hyperfine, nginx, python3, curl; PostgreSQL optional
# (BENCH_POSTGRES_URL: a JDBC URL to an empty database its user owns) for the PostgreSQL rows.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
jar="$root/dist/berth-dist/target/berth.jar"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
duration="${BENCH_SECONDS:-20}"
work=$(mktemp -d)
. "$bench/lib.sh"
trap cleanup EXIT

start_berth() { # port store
  mkdir -p "$work/data-$1"
  "$root/berth" up --port "$1" --data-dir "$work/data-$1" ${2:+--store "$2"} >"$work/berth-$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  until curl -sf "http://127.0.0.1:$1/health" >/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "berth on port $1 exited:" >&2; cat "$work/berth-$1.log" >&2; exit 1; fi
    sleep 0.05
  done
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

echo "## Environment"
echo
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$java" -version 2>&1 | head -n1); started with ./berth (its JVM options: class-data sharing archive); $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2); $(nginx -v 2>&1)"
echo

start_berth 7791
berth_pid=${pids[-1]}
idle_rss=$(rss_mb "$berth_pid")
AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench /usr/bin/aws ecs register-task-definition --region us-east-1 \
  --endpoint-url http://127.0.0.1:7791 \
  --cli-input-json "file://$root/testing/berth-tests/src/test/resources/taskdefinitions/planscape-web.json" >/dev/null
curl -s -XPOST http://127.0.0.1:7791/ -H 'X-Amz-Target: AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition' \
  -d '{"taskDefinition":"planscape-web"}' >"$work/describe.json"

# The HTTP peer: nginx answering every request with the very bytes of that DescribeTaskDefinition answer.
nginx_answering "$work/describe.json" 7792

echo "## API throughput (wrk -t2 -c16, ${duration} s, after a 3 s warm-up)"
echo
echo "| what | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
wrk_run "DescribeTaskDefinition, Berth on SQLite" "$bench/describe.lua" http://127.0.0.1:7791/
wrk_run "same answer from nginx (peer)" "$bench/describe.lua" http://127.0.0.1:7792/
wrk_run "RegisterTaskDefinition, Berth on SQLite" "$bench/register.lua" http://127.0.0.1:7791/
loaded_rss=$(rss_mb "$berth_pid")
if [[ -n "${BENCH_POSTGRES_URL:-}" ]]; then
  start_berth 7793 "$BENCH_POSTGRES_URL"
  wrk_run "RegisterTaskDefinition, Berth on PostgreSQL" "$bench/register.lua" http://127.0.0.1:7793/
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench /usr/bin/aws ecs register-task-definition --region us-east-1 \
    --endpoint-url http://127.0.0.1:7793 \
    --cli-input-json "file://$root/testing/berth-tests/src/test/resources/taskdefinitions/planscape-web.json" >/dev/null
  wrk_run "DescribeTaskDefinition, Berth on PostgreSQL" "$bench/describe.lua" http://127.0.0.1:7793/
fi
echo
# The durable-write peer: SQLite itself, WAL and synchronous=FULL like Berth's store, one commit per row.
sqlite_tps=$(python3 "$bench/sqlite_commits.py" "$work/peer.db" 3000)
echo "Durable commits of SQLite alone (WAL, synchronous=FULL, one writer, one row per transaction): $sqlite_tps transactions/s"
echo

echo "## Memory"
echo
echo "| when | RSS |"
echo "|---|---|"
echo "| idle, just started | ${idle_rss} MB |"
echo "| right after the load above | ${loaded_rss} MB |"
echo

echo "## Start to ready (hyperfine, 10 runs; includes JVM start and an empty store's migration)"
echo
echo "ready.sh: ./berth up on a fresh data directory until /health answers. Peers: the same without the class-data"
echo "archive, and the bare JVM running the same jar's --version (the floor of starting this jar at all)."
echo
BERTH_JAVA_OPTS="-Xshare:off" hyperfine -N --warmup 1 --runs 10 --export-markdown "$work/ready-nocds.md" "$bench/ready.sh" >/dev/null
hyperfine -N --warmup 1 --runs 10 --export-markdown "$work/ready.md" \
  "$bench/ready.sh" "$java -jar $jar --version" >/dev/null
sed -e "s#$bench/##; s#$java#java#; s#$jar#berth.jar#" "$work/ready.md"
tail -n1 "$work/ready-nocds.md" | sed -e "s#$bench/ready.sh#ready.sh, -Xshare:off#"
