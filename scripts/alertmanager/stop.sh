#!/usr/bin/env bash
# Stops the Alertmanager started by start.sh, by its pid file only (never by process name), and drops its data.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_ALERTMANAGER_RUN_DIR:-$repo/.opsflow-test/alertmanager}
[ -s "$run/pid" ] || { echo "nothing to stop in $run"; exit 0; }

pid=$(cat "$run/pid")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  echo "stopped alertmanager (pid $pid)"
fi
rm -rf "$run/pid" "$run/url" "$run/data"
