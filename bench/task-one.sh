#!/usr/bin/env bash
# One RunTask, then DescribeTasks every 2 ms until the task is RUNNING: what a user waits for.
set -euo pipefail
endpoint="http://127.0.0.1:${BENCH_PORT:?}/"
ecs() { curl -sf "$endpoint" -H "X-Amz-Target: AmazonEC2ContainerServiceV20141113.$1" -d "$2"; }
arn=$(ecs RunTask '{"taskDefinition":"bench-sleeper"}' | grep -o '"taskArn":"[^"]*"' | head -n1 | cut -d'"' -f4)
[[ -n "$arn" ]] || { echo "RunTask placed nothing" >&2; exit 1; }
until ecs DescribeTasks "{\"tasks\":[\"$arn\"]}" | grep -q '"lastStatus":"RUNNING","launchType"'; do sleep 0.002; done
