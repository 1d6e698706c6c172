#!/usr/bin/env bash
# Between runs: stop every running task (they exit at once on SIGTERM) and the peer's containers.
set -euo pipefail
endpoint="http://127.0.0.1:${BENCH_PORT:?}/"
ecs() { curl -sf "$endpoint" -H "X-Amz-Target: AmazonEC2ContainerServiceV20141113.$1" -d "$2"; }
for arn in $(ecs ListTasks '{"desiredStatus":"RUNNING","maxResults":100}' | grep -o 'arn:aws:ecs:[^"]*'); do
  ecs StopTask "{\"task\":\"$arn\"}" >/dev/null
done
until [[ -z "$(ecs ListTasks '{"desiredStatus":"RUNNING"}' | grep -o 'arn:aws:ecs:[^"]*' || true)" ]]; do sleep 0.05; done
# Until their containers have stopped too: a measured run must not share dockerd with a teardown.
until [[ -z "$(docker ps -q --filter label=berth.cluster=default)" ]]; do sleep 0.05; done
ids=$(docker ps -aq --filter label=berth-bench-peer=1); [[ -z "$ids" ]] || docker rm -f $ids >/dev/null
