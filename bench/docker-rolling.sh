#!/usr/bin/env bash
# The peer of rolling.py: the same rolling update done by hand with the docker CLI. 10 containers
# run; replace them WAVE at a time: start WAVE new ones with the same health check, wait until
# docker says they are healthy, stop WAVE old ones, repeat. Prints the rounds' times as JSON.
# Usage: docker-rolling.sh WAVE ROUNDS INTERVAL
set -euo pipefail
wave=$1 rounds=$2 interval=$3
label=berth-bench-peer=1
start() { # start N containers of generation G
  for _ in $(seq "$1"); do
    docker run -d --label "$label" --label "generation=$2" --memory 16m --health-cmd true --health-interval "${interval}s" \
      --health-timeout 2s --health-retries 1 berth-test/busybox:1 sh -c "trap 'exit 0' TERM; sleep 600 & wait" >/dev/null
  done
}
healthy() { # true when every running container of generation G is healthy
  local ids; ids=$(docker ps -q --filter "label=generation=$1")
  [[ -z "$(docker inspect -f '{{.State.Health.Status}}' $ids | grep -v '^healthy$')" ]]
}
generation=0
start 10 $generation
until healthy $generation; do sleep 0.02; done
times=()
for ((round = 0; round < rounds; round++)); do
  old=$generation; generation=$((generation + 1))
  began=$(date +%s.%N)
  for ((done = 0; done < 10; done += wave)); do
    start "$wave" $generation
    until healthy $generation; do sleep 0.02; done
    docker stop -t 2 $(docker ps -q --filter "label=generation=$old" | head -n "$wave") >/dev/null
  done
  times+=("$(echo "$(date +%s.%N) - $began" | bc)")
  echo "  docker wave $wave round $((round + 1)): ${times[-1]} s" >&2
  docker rm -f $(docker ps -aq --filter "label=generation=$old") >/dev/null
  sleep 3
done
docker rm -f $(docker ps -aq --filter "label=$label") >/dev/null
python3 -c 'import json,statistics,sys; t=[float(x) for x in sys.argv[1:]]; print(json.dumps({"min":min(t),"median":statistics.median(t),"max":max(t),"runs":t}))' "${times[@]}"
