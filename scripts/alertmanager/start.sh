#!/usr/bin/env bash
# Starts a real Alertmanager for the integration tests on 127.0.0.1, on a free port, with its own data dir and a
# minimal configuration (one receiver that sends nothing), clustering off (--cluster.listen-address=). Writes its
# address to <run dir>/url. Idempotent: a live, ready instance of the run dir is reused. Started with setsid and
# tracked by a pid file, so stop.sh ends exactly this process.
#
#   OPSFLOW_ALERTMANAGER_RUN_DIR  config, data, log, pid and url files (default: <repo>/.opsflow-test/alertmanager)
#   OPSFLOW_ALERTMANAGER_CONFIG   an alertmanager.yml to run with instead (e.g. a webhook receiver on a local port)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_ALERTMANAGER_RUN_DIR:-$repo/.opsflow-test/alertmanager}
binary=/usr/bin/prometheus-alertmanager
mkdir -p "$run"

ready() { [ -s "$run/url" ] && /usr/bin/python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/-/ready', timeout=2)" "$(cat "$run/url")" 2>/dev/null; }
if [ -s "$run/pid" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null && ready; then
  echo "alertmanager already running on $(cat "$run/url")"
  exit 0
fi
[ -x "$binary" ] || { echo "start.sh: $binary is missing; run scripts/alertmanager/install.sh (root)" >&2; exit 1; }

# A port the kernel says is free now; Alertmanager binds it a moment later (nothing else here races for it).
port=$(/usr/bin/python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
rm -rf "$run/data" "$run/url"
if [ -n "${OPSFLOW_ALERTMANAGER_CONFIG:-}" ]; then
  cp "$OPSFLOW_ALERTMANAGER_CONFIG" "$run/alertmanager.yml"
else
  printf 'route:\n  receiver: discard\nreceivers:\n  - name: discard\n' >"$run/alertmanager.yml"
fi
setsid "$binary" --config.file="$run/alertmanager.yml" --storage.path="$run/data" \
  --web.listen-address="127.0.0.1:$port" --cluster.listen-address= >"$run/alertmanager.log" 2>&1 </dev/null &
echo $! >"$run/pid"
echo "http://127.0.0.1:$port" >"$run/url"

for _ in $(seq 1 100); do
  if ready; then
    echo "alertmanager ready on $(cat "$run/url") ($("$binary" --version 2>&1 | head -n 1))"
    exit 0
  fi
  kill -0 "$(cat "$run/pid")" 2>/dev/null || break
  sleep 0.1
done
echo "start.sh: Alertmanager did not become ready (log: $run/alertmanager.log)" >&2
tail -n 20 "$run/alertmanager.log" >&2 || true
exit 1
