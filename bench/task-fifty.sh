#!/usr/bin/env bash
# 50 tasks (RunTask takes at most 10 per call), then DescribeTasks until all 50 are RUNNING.
set -euo pipefail
endpoint="http://127.0.0.1:${BENCH_PORT:?}/"
ecs() { curl -sf "$endpoint" -H "X-Amz-Target: AmazonEC2ContainerServiceV20141113.$1" -d "$2"; }
arns=()
for _ in 1 2 3 4 5; do
  while read -r arn; do arns+=("$arn"); done < <(ecs RunTask '{"taskDefinition":"bench-sleeper","count":10}' \
      | grep -o '"taskArn":"[^"]*"' | cut -d'"' -f4 | sort -u)
done
[[ ${#arns[@]} -eq 50 ]] || { echo "placed ${#arns[@]} of 50" >&2; exit 1; }
list=$(printf '"%s",' "${arns[@]}")
until [[ $(ecs DescribeTasks "{\"tasks\":[${list%,}]}" | grep -o '"lastStatus":"RUNNING","launchType"' | wc -l) -eq 50 ]]; do
  sleep 0.02
done
