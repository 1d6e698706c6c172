# Shared by the benchmark scripts: source it after setting root and work (a temporary directory);
# it keeps pids (processes to end on exit) and instances (container instances whose containers go).
pids=()
instances=()

# cleanup: ends the processes started, removes the peers' and the instances' containers, deletes $work.
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  ids=$(docker ps -aq --filter label=berth-bench-peer=1 2>/dev/null || true); [[ -z "$ids" ]] || docker rm -f $ids >/dev/null
  # The data directory goes, and with it the agent that would have removed its stopped containers.
  for instance in "${instances[@]}"; do
    ids=$(docker ps -aq --filter "label=berth.instance=$instance"); [[ -z "$ids" ]] || docker rm -f $ids >/dev/null
  done
  rm -rf "$work"
}

# ecs OPERATION JSON: one ECS call to the Berth on $BENCH_PORT.
ecs() { curl -sf "http://127.0.0.1:$BENCH_PORT/" -H "X-Amz-Target: AmazonEC2ContainerServiceV20141113.$1" -d "$2"; }

# berth_up_with_agent: berth up on $BENCH_PORT over $work/data (images as cached, like docker run),
# waiting until its agent has registered.
berth_up_with_agent() {
  docker image inspect berth-test/busybox:1 >/dev/null
  "$root/berth" up --port "$BENCH_PORT" --data-dir "$work/data" --pull-behavior PREFER_CACHED >"$work/berth.log" 2>&1 &
  pids+=($!)
  until ecs ListContainerInstances '{}' 2>/dev/null | grep -q container-instance; do sleep 0.1; done
  instances+=("$(ecs ListContainerInstances '{}' | grep -o 'container-instance/default/[0-9a-f]*' | head -n1 | sed 's#.*/##')")
}

# wrk_run LABEL SCRIPT URL: 3 s of warm-up (JIT, connections), then BENCH_SECONDS (20) measured;
# prints a markdown row "| LABEL | requests/s | p50 | p99 |" and keeps requests/s in $work/rps-LABEL.
wrk_run() {
  wrk -t2 -c16 -d3s -s "$2" "$3" >/dev/null
  wrk -t2 -c16 -d"${BENCH_SECONDS:-20}s" --latency -s "$2" "$3" >"$work/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "ERROR: $1 had non-2xx answers" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/rps-$(echo "$1" | tr -c 'a-zA-Z0-9' '_')"
}

# nginx_answering FILE PORT: the HTTP peer, nginx answering every request on PORT with FILE's bytes
# (served as a static file: a POST to one is a 405, which error_page turns into the file).
nginx_answering() {
  mkdir -p "$work/nginx-$2"
  cp "$1" "$work/nginx-$2/answer.json"
  chmod o+rx "$work" "$work/nginx-$2"; chmod o+r "$work/nginx-$2/answer.json" # nginx's workers run as www-data
  cat >"$work/nginx-$2.conf" <<NGINX
worker_processes auto;
pid $work/nginx-$2.pid;
error_log $work/nginx-$2-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$2;
    root $work/nginx-$2;
    default_type application/x-amz-json-1.1;
    location / { try_files /answer.json =404; error_page 405 =200 /answer.json; }
    location = /answer.json { error_page 405 =200 @static; }
    location @static { }
  }
}
NGINX
  nginx -c "$work/nginx-$2.conf"
  pids+=("$(cat "$work/nginx-$2.pid")")
}

# jmh_classpath MODULE: compiles MODULE's tests and prints the class path that runs its JMH benchmarks.
jmh_classpath() {
  local mvn=(mvn); command -v mvn >/dev/null || mvn=("$root/mvnw")
  local major
  # Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; it is not ours to fix.
  major=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  if [[ "${major:-0}" -ge 24 ]]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
  (cd "$root" && "${mvn[@]}" -q -B -Dstyle.color=never -pl "$1" -am install -DskipTests >&2 \
    && "${mvn[@]}" -q -B -Dstyle.color=never -pl "$1" test-compile >&2 \
    && "${mvn[@]}" -q -B -Dstyle.color=never -pl "$1" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" >&2)
  echo "$root/$1/target/test-classes:$root/$1/target/classes:$(cat "$work/classpath")"
}
