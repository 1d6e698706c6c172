#!/usr/bin/env bash
# The load balancer's data plane against nginx and HAProxy as reverse proxies, side by side on this
# machine, each in front of the same backend (nginx serving a 100-byte static file).
# Reproduce: bench/lb.sh
# Needs: JAVA_HOME (a JDK 21+), nginx, haproxy, wrk, python3. Every proxy gets 2 threads (nginx
# worker_processes 2, HAProxy nbthread 2, Berth 2 event loops) and keeps upstream connections alive.
# BENCH_ROUNDS (3) rounds, each running every server once per connection count (BENCH_CONNECTIONS,
# "64 256"), interleaved so that the shared machine's noise spreads over all of them; each run is
# BENCH_SECONDS (20) measured after 3 s of warm-up. Medians are reported, every run is listed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
rounds="${BENCH_ROUNDS:-3}"
seconds="${BENCH_SECONDS:-20}"
connections="${BENCH_CONNECTIONS:-64 256}"
backend_port="${BENCH_LB_PORT:-7811}"
berth_port=$((backend_port + 1))
nginx_port=$((backend_port + 2))
haproxy_port=$((backend_port + 3))
work=$(mktemp -d)
. "$bench/lib.sh"
trap cleanup EXIT

for tool in nginx haproxy wrk python3; do
  command -v "$tool" >/dev/null || { echo "bench/lb.sh needs $tool" >&2; exit 1; }
done

# Linux's autogroup scheduling shares the CPU between sessions, not processes: a server started
# from this script's session would share one slice with wrk, while nginx and HAProxy (daemons,
# each its own session) get a slice each. Every server runs in a session of its own.
# The backend: nginx, 2 workers, one static file of 100 bytes.
mkdir -p "$work/www"
printf '%099d\n' 0 | tr 0 x >"$work/www/index.html"
chmod o+rx "$work" "$work/www"; chmod o+r "$work/www/index.html"
cat >"$work/backend.conf" <<NGINX
worker_processes 2;
pid $work/backend.pid;
error_log $work/backend-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$backend_port;
    root $work/www;
    location / { try_files /index.html =404; }
  }
}
NGINX
nginx -c "$work/backend.conf"
pids+=("$(cat "$work/backend.pid")")

# (c) nginx as a reverse proxy, upstream keep-alive.
cat >"$work/nginx-proxy.conf" <<NGINX
worker_processes 2;
pid $work/nginx-proxy.pid;
error_log $work/nginx-proxy-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream backend {
    server 127.0.0.1:$backend_port;
    keepalive 256;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
nginx -c "$work/nginx-proxy.conf"
pids+=("$(cat "$work/nginx-proxy.pid")")

# (d) HAProxy, 2 threads, idle server connections shared.
cat >"$work/haproxy.cfg" <<HAPROXY
global
  nbthread 2
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend lb
  bind 127.0.0.1:$haproxy_port
  default_backend app
backend app
  server app1 127.0.0.1:$backend_port
HAPROXY
haproxy -D -f "$work/haproxy.cfg" -p "$work/haproxy.pid"
pids+=("$(cat "$work/haproxy.pid")")

# (b) Berth's data plane: DataPlane with one listener forwarding to the backend, 2 event loops.
classpath=$(jmh_classpath lb/berth-lb)
setsid "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_LB_JAVA_OPTS:-} -cp "$classpath" \
  dev.berth.lb.bench.LbBenchMain "$berth_port" 2 "127.0.0.1:$backend_port" >"$work/berth.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^ready' "$work/berth.log" && break; sleep 0.1; done
grep -q '^ready' "$work/berth.log" || { cat "$work/berth.log" >&2; exit 1; }
for port in "$backend_port" "$berth_port" "$nginx_port" "$haproxy_port"; do
  curl -sf "http://127.0.0.1:$port/" >/dev/null || { echo "nothing answers on $port" >&2; exit 1; }
done
# The JIT compiles Berth's hot path; the others need no warming but get the same.
wrk -t2 -c64 -d10s "http://127.0.0.1:$berth_port/" >/dev/null

echo "## Environment"
echo
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r); $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1);" \
  "$(nginx -v 2>&1 | sed 's/.*version: //'); $(haproxy -v | head -n1 | awk '{print "HAProxy " $3}'); $(wrk -v 2>&1 | head -n1 | awk '{print "wrk " $2}');" \
  "Berth $(sed -n 's/^ready on port [0-9]* (\(.*\))$/\1/p' "$work/berth.log")"
echo

# run LABEL PORT CONNECTIONS ROUND: 3 s warm-up, then the measured run; appends to results.tsv.
run() {
  wrk -t2 -c"$3" -d3s "http://127.0.0.1:$2/" >/dev/null
  wrk -t2 -c"$3" -d"${seconds}s" --latency "http://127.0.0.1:$2/" >"$work/wrk.txt"
  if grep -qE "Non-2xx|Socket errors" "$work/wrk.txt"; then
    echo "ERROR: $1 had errors" >&2; cat "$work/wrk.txt" >&2; exit 1
  fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$3" "$4" "$rps" "$p50" "$p99" >>"$work/results.tsv"
  printf 'round %s, -c%s, %-8s %10s req/s  p50 %-9s p99 %s\n' "$4" "$3" "$1" "$rps" "$p50" "$p99" >&2
}

for round in $(seq 1 "$rounds"); do
  for c in $connections; do
    run backend "$backend_port" "$c" "$round"
    run berth "$berth_port" "$c" "$round"
    run nginx "$nginx_port" "$c" "$round"
    run haproxy "$haproxy_port" "$c" "$round"
  done
done

python3 - "$work/results.tsv" "$seconds" "$rounds" <<'PY'
import statistics, sys
from collections import defaultdict

def ms(v):
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(unit):
            return float(v[:-len(unit)]) * f
    return float(v)

runs = defaultdict(list)
for line in open(sys.argv[1]):
    label, c, rnd, rps, p50, p99 = line.rstrip("\n").split("\t")
    runs[(label, int(c))].append((float(rps), ms(p50), ms(p99)))
seconds, rounds = sys.argv[2], sys.argv[3]
names = {"backend": "the backend directly (nginx, static file)", "berth": "**Berth data plane**",
         "nginx": "nginx reverse proxy (keepalive 256)", "haproxy": "HAProxy (http-reuse always)"}
print(f"| server (wrk -t2, {seconds} s after 3 s warm-up; median of {rounds}) | connections | requests/s | p50 | p99 "
      f"| requests/s vs nginx | p99 vs nginx |")
print("|---|---|---|---|---|---|---|")
for c in sorted({c for (_, c) in runs}):
    med = {}
    for label in ("backend", "berth", "nginx", "haproxy"):
        r = runs.get((label, c))
        if r:
            med[label] = tuple(statistics.median(x[i] for x in r) for i in range(3))
    for label, (rps, p50, p99) in med.items():
        if label in ("berth", "haproxy") and "nginx" in med:
            ratio = f"{rps / med['nginx'][0]:.2f}×"
            pr = f"{p99 / med['nginx'][2]:.2f}×"
            if label == "berth":
                ratio, pr = f"**{ratio}**", f"**{pr}**"
        else:
            ratio = pr = ""
        print(f"| {names[label]} | {c} | {rps:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {ratio} | {pr} |")
print()
print("Every run (requests/s; p99 ms), in the order run:")
print()
for (label, c), r in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    print(f"- -c{c} {label}: " + ", ".join(f"{x[0]:,.0f} ({x[2]:.2f})" for x in r))
PY
