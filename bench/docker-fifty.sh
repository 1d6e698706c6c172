#!/usr/bin/env bash
# The peer: 50 sequential `docker run -d` of the same image and command.
set -euo pipefail
for _ in $(seq 1 50); do
  docker run -d --label berth-bench-peer=1 berth-test/busybox:1 sh -c 'trap "exit 0" TERM; sleep 600 & wait' >/dev/null
done
