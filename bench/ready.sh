#!/usr/bin/env bash
# Starts `berth up` on a fresh data directory, waits until /health answers, then stops it.
# Timed as a whole by hyperfine: start-to-ready as a user experiences it.
set -euo pipefail
berth="$(cd "$(dirname "$0")/.." && pwd)/berth"
port="${READY_PORT:-7797}"
data=$(mktemp -d)
"$berth" up --port "$port" --data-dir "$data" >/dev/null 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.01; done
kill "$pid"
wait "$pid" 2>/dev/null || true
rm -rf "$data"
