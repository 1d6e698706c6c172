#!/usr/bin/env bash
# Placement throughput of berth-scheduler on one core (JMH): 100,000 tasks placed on 10,000
# instances per operation batch, for the default (random), spread(zone)+spread(instanceId) and
# binpack(memory). Reproduce with: bench/scheduler.sh
# Needs: JAVA_HOME pointing at a JDK 21+, Maven (mvn on PATH, else ./mvnw). Extra arguments go to
# JMH, e.g. bench/scheduler.sh -p copiesPerRequest=1 -p strategy=random; BENCH_WARMUPS and
# BENCH_ITERATIONS change the number of iterations (3 and 5; 5 s and 10 s each).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/bench/lib.sh"
classpath=$(jmh_classpath control-plane/berth-scheduler)

# One core: the process (and JMH's forked JVM, which inherits it) pinned to CPU 0, and the JVM
# told it has one processor so that it sizes its GC and compiler threads for one.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); else echo "taskset not found: not pinned to one core" >&2; fi

echo "## Environment"
echo
echo "$(nproc) cores (benchmark pinned to one: ${pin[*]:-not pinned}); $("$java" -version 2>&1 | head -n1)"
echo
"${pin[@]}" "$java" -cp "$classpath" org.openjdk.jmh.Main 'dev.berth.scheduler.bench.PlacementBenchmark' \
  -f 1 -wi "${BENCH_WARMUPS:-3}" -i "${BENCH_ITERATIONS:-5}" -jvmArgsAppend "-XX:ActiveProcessorCount=1" -rf csv -rff "$work/results.csv" "$@"

echo
echo "## Placements per second, one core (JMH score: mean ± 99.9% error)"
echo
echo "| strategy | copies per request | placements/s | ± |"
echo "|---|---|---|---|"
# CSV columns: Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit,Param: copiesPerRequest,Param: strategy
awk -F, 'NR > 1 { gsub(/"/, ""); printf "| %s | %s | %\047.0f | %\047.0f |\n", $9, $8, $5, $6 }' "$work/results.csv"
