#!/usr/bin/env bash
# Stops the redis-server scripts/redis/start.sh started, by its pid file only (never by process name).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_REDIS_RUN_DIR:-$repo/.opsflow-test/redis}
file="$run/redis.pid"
[ -s "$file" ] || { echo "redis: nothing to stop in $run"; exit 0; }

pid=$(cat "$file")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  echo "redis: stopped (pid $pid)"
fi
rm -f "$file"
