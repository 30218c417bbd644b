#!/usr/bin/env bash
# Stops the OpenStack test peers started by start.sh, by their pid files only (never by process name).
# Each was started with setsid, so its pid is its process group: TERM to the group also ends uwsgi workers.
#   --purge  also deletes the run dir (databases, keys, logs), so the next start is from nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_OPENSTACK_RUN_DIR:-$repo/.opsflow-test/openstack}
[ -d "$run/pids" ] || { echo "nothing to stop in $run"; exit 0; }

stop_group() { # stop_group <name>: TERM the process group, wait up to 15 s, then KILL it
  local file="$run/pids/$1.pid" pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$file"
}

stop_group ironic
stop_group keystone
if [ -s "$run/pids/rabbitmq.pid" ] && kill -0 "$(cat "$run/pids/rabbitmq.pid")" 2>/dev/null; then
  # A graceful shutdown also ends RabbitMQ's helpers (erl_child_setup, inet_gethost). Same environment as start.sh.
  HOME="$run/rabbitmq/home" RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_CONF_ENV_FILE=/dev/null ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
    /usr/lib/rabbitmq/bin/rabbitmqctl -q shutdown >/dev/null 2>&1 || true
fi
stop_group rabbitmq-launcher
stop_group rabbitmq
stop_group epmd

if [ "${1:-}" = "--purge" ]; then
  rm -rf "$run"
  echo "purged $run"
fi
