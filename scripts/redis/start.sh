#!/usr/bin/env bash
# Starts the real redis-server the integration tests flush (aws elasticache-flush), the way ElastiCache serves it:
# TLS only (plain TCP off, `port 0`), a password (`requirepass`, the AUTH token), on 127.0.0.1 only. Each fresh start generates a throw-away CA, a server certificate for
# 127.0.0.1/localhost signed by it, a random password and a free port; the tests read them from <run>/peer.json.
# scripts/redis/install.sh installs the Debian packages first.
# Idempotent: a redis-server whose pid file names a live process that answers PING is left alone. Prints, last,
# "redis: started" or "redis: already running", so the caller knows whether to stop it (stop.sh).
#
#   OPSFLOW_REDIS_RUN_DIR  certificates, password, data, log and pid file (default: <repo>/.opsflow-test/redis)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_REDIS_RUN_DIR:-$repo/.opsflow-test/redis}


answers() { # answers: the server in peer.json replies PONG over TLS with the password
  [ -s "$run/peer.json" ] || return 1
  local port
  port=$(sed -n 's/.*"port": *\([0-9]*\).*/\1/p' "$run/peer.json")
  REDISCLI_AUTH=$(cat "$run/password") redis-cli --tls --cacert "$run/ca.crt" -h 127.0.0.1 -p "$port" PING 2>/dev/null |
    grep -q '^PONG$'
}

if [ -s "$run/redis.pid" ] && kill -0 "$(cat "$run/redis.pid")" 2>/dev/null && answers; then
  echo "redis: already running"
  exit 0
fi

rm -rf "$run"
mkdir -p "$run/data"
chmod 700 "$run"
cd "$run"

openssl req -x509 -new -nodes -newkey rsa:2048 -days 7 -subj '/CN=opsflow test CA' -keyout ca.key -out ca.crt 2>/dev/null
openssl req -new -nodes -newkey rsa:2048 -subj '/CN=localhost' -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 -extfile server.ext -out server.crt 2>/dev/null
openssl rand -hex 24 >password
chmod 600 password ca.key server.key

# A free port chosen by the kernel; redis's tls-port takes no 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >redis.conf <<CONF
bind 127.0.0.1
protected-mode yes
port 0
tls-port $port
tls-cert-file $run/server.crt
tls-key-file $run/server.key
tls-ca-cert-file $run/ca.crt
tls-auth-clients no
requirepass $(cat password)
dir $run/data
save ""
appendonly no
daemonize no
pidfile $run/redis.pid.server
logfile $run/redis.log
CONF
chmod 600 redis.conf

setsid redis-server "$run/redis.conf" </dev/null >/dev/null 2>&1 &
echo $! >redis.pid
printf '{"host": "127.0.0.1", "port": %s, "caFile": "%s", "passwordFile": "%s"}\n' \
  "$port" "$run/ca.crt" "$run/password" >peer.json

for _ in $(seq 1 100); do
  if answers; then
    echo "redis: started on 127.0.0.1:$port (TLS, pid $(cat redis.pid))"
    echo "redis: started"
    exit 0
  fi
  kill -0 "$(cat redis.pid)" 2>/dev/null || break
  sleep 0.1
done
echo "start.sh: redis-server did not answer on 127.0.0.1:$port (log: $run/redis.log)" >&2
tail -n 20 "$run/redis.log" >&2 || true
exit 1
