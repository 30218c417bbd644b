#!/usr/bin/env bash
# Starts the real OpenStack test peers on 127.0.0.1: RabbitMQ (notifications), Keystone (uwsgi) and Ironic
# (fake-hardware, single process), with sqlite state under the run dir. Idempotent: a service whose pid file points
# at a live, healthy process is left alone. Every process is started with setsid and tracked by a pid file, so
# stop.sh ends exactly these. The facts behind each setting: /work/shared/reference/openstack/RUNNING.md.
#
#   OPSFLOW_OPENSTACK_RUN_DIR  state, logs, pid files and clouds.yaml (default: <repo>/.opsflow-test/openstack)
#   OPSFLOW_IRONIC_FAKE_DELAY  seconds the fake power/boot/deploy interfaces take (default 1, so waits are observable)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
run=${OPSFLOW_OPENSTACK_RUN_DIR:-$repo/.opsflow-test/openstack}
fake_delay=${OPSFLOW_IRONIC_FAKE_DELAY:-1}
py=/usr/bin/python3 # python3 on PATH may be a pyenv shim without the Debian dist-packages (RUNNING.md problem 1)
peers="$py $here/peers.py"

keystone_url=http://127.0.0.1:5000
ironic_url=http://127.0.0.1:6385
transport_url=rabbit://guest:guest@127.0.0.1:5672/
admin_password=adminpass
ironic_password=ironicpass

mkdir -p "$run"/{pids,logs,rabbitmq/home,rabbitmq/mnesia,keystone/fernet-keys,keystone/credential-keys,ironic}
chmod 700 "$run/keystone/fernet-keys" "$run/keystone/credential-keys"
started_us=${EPOCHREALTIME/./}
elapsed() { local us=$((${EPOCHREALTIME/./} - started_us)); printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000)); }
say() { echo "[$(elapsed) s] $*"; }

alive() { # alive <name>: the pid file names a running process
  local file="$run/pids/$1.pid"
  [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
claim_port() { # claim_port <port> <service>: a port held by a process we did not start is a clear error, not a hang
  if listening "$1"; then
    echo "start.sh: 127.0.0.1:$1 is in use by another process, so $2 cannot start (ss -ltnp 'sport = :$1')" >&2
    exit 1
  fi
}
fail() {
  echo "start.sh: $1 (log: $2)" >&2
  tail -n 30 "$2" >&2 || true
  exit 1
}

# --- RabbitMQ: run as root from the run dir, loopback only (AMQP, epmd and the distribution port) -------------
export HOME="$run/rabbitmq/home" RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_CONF_ENV_FILE=/dev/null
export RABBITMQ_MNESIA_BASE="$run/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$run/logs/rabbitmq"
export RABBITMQ_PID_FILE="$run/pids/rabbitmq.pid" RABBITMQ_CONFIG_FILE="$run/rabbitmq/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$run/rabbitmq/enabled_plugins" ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
export RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
rabbitmqctl=/usr/lib/rabbitmq/bin/rabbitmqctl

start_rabbitmq() {
  if alive rabbitmq && $rabbitmqctl -q status >/dev/null 2>&1; then
    say "rabbitmq already running"
    return
  fi
  claim_port 5672 RabbitMQ
  printf 'listeners.tcp.default = 127.0.0.1:5672\nloopback_users.guest = true\n' >"$run/rabbitmq/rabbitmq.conf"
  echo '[].' >"$run/rabbitmq/enabled_plugins"
  if ! alive epmd; then
    setsid epmd -address 127.0.0.1 >>"$run/logs/epmd.log" 2>&1 </dev/null &
    echo $! >"$run/pids/epmd.pid"
  fi
  rm -f "$RABBITMQ_PID_FILE"
  setsid /usr/lib/rabbitmq/bin/rabbitmq-server >>"$run/logs/rabbitmq-server.log" 2>&1 </dev/null &
  echo $! >"$run/pids/rabbitmq-launcher.pid"
}

wait_rabbitmq() {
  # rabbitmq-server writes its own pid file once the VM is up; `wait` returns when the app is running.
  for _ in $(seq 1 300); do [ -s "$RABBITMQ_PID_FILE" ] && break; sleep 0.1; done
  $rabbitmqctl -q wait --timeout 90 "$RABBITMQ_PID_FILE" >/dev/null || fail "RabbitMQ did not start" "$run/logs/rabbitmq-server.log"
  # oslo.messaging declares notification queues nobody drains; cap them so they cannot grow without bound.
  $rabbitmqctl -q set_policy notif-cap '^(notifications|ironic_versioned_notifications)\.' '{"max-length":1000}' \
    --apply-to queues >/dev/null
  say "rabbitmq ready on 127.0.0.1:5672"
}

# --- Keystone --------------------------------------------------------------------------------------------------
keystone_conf="$run/keystone/keystone.conf"
write_keystone_conf() {
  cat >"$keystone_conf" <<CONF
[DEFAULT]
log_file = $run/logs/keystone.log
[database]
# check_same_thread=false + WAL: oslo.messaging's heartbeat thread finalises connections (RUNNING.md problem 4)
connection = sqlite:///$run/keystone/keystone.db?check_same_thread=false
[token]
provider = fernet
[fernet_tokens]
key_repository = $run/keystone/fernet-keys
[credential]
key_repository = $run/keystone/credential-keys
[cache]
# safe only because Keystone runs as one uwsgi process (RUNNING.md problem 5)
enabled = true
backend = dogpile.cache.memory
[identity]
password_hash_rounds = 4
[oslo_messaging_notifications]
driver = messagingv2
transport_url = $transport_url
CONF
}

setup_keystone() { # schema only: it sends no notification, so it runs while RabbitMQ boots
  write_keystone_conf
  if [ ! -s "$run/keystone/keystone.db" ]; then
    local manage="keystone-manage --config-file $keystone_conf"
    $manage fernet_setup --keystone-user root --keystone-group root >>"$run/logs/keystone-manage.log" 2>&1
    $manage credential_setup --keystone-user root --keystone-group root >>"$run/logs/keystone-manage.log" 2>&1
    $manage db_sync >>"$run/logs/keystone-manage.log" 2>&1 || fail "keystone db_sync failed" "$run/logs/keystone-manage.log"
    $py "$here/peers.py" sqlite-wal "$run/keystone/keystone.db"
  fi
}

bootstrap_keystone() { # emits identity.* notifications, so the broker must be up
  if [ ! -e "$run/keystone/bootstrapped" ]; then
    keystone-manage --config-file "$keystone_conf" bootstrap --bootstrap-password "$admin_password" \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-region-id RegionOne --bootstrap-admin-url "$keystone_url/v3" \
      --bootstrap-internal-url "$keystone_url/v3" --bootstrap-public-url "$keystone_url/v3" \
      >>"$run/logs/keystone-manage.log" 2>&1 || fail "keystone bootstrap failed" "$run/logs/keystone-manage.log"
    touch "$run/keystone/bootstrapped"
  fi
}

start_keystone() {
  if alive keystone && $peers wait-http "$keystone_url/v3" 2 >/dev/null 2>&1; then
    say "keystone already running"
    return
  fi
  claim_port 5000 Keystone
  # --http11-socket (HTTP/1.1 with keep-alive): with --http-socket uwsgi closes each connection after its answer
  # without saying so, and a client reusing it meets a reset (about 1 request in 10 under load; a POST or PATCH is not
  # repeated). --http needs uwsgi's router plugin. One process, threads only (the memory cache is per process).
  setsid uwsgi --plugin python3 --http11-socket 127.0.0.1:5000 --wsgi-file /usr/bin/keystone-wsgi-public \
    --master --processes 1 --threads 4 --lazy-apps --need-app --die-on-term \
    --env "OS_KEYSTONE_CONFIG_FILES=$keystone_conf" >>"$run/logs/keystone-uwsgi.log" 2>&1 </dev/null &
  echo $! >"$run/pids/keystone.pid"
}

# --- Ironic: the all-in-one `ironic` process (API + conductor, rpc_transport=none) -----------------------------
ironic_conf="$run/ironic/ironic.conf"
write_ironic_conf() {
  cat >"$ironic_conf" <<CONF
[DEFAULT]
host = 127.0.0.1
auth_strategy = keystone
rpc_transport = none
enabled_hardware_types = fake-hardware
enabled_bios_interfaces = fake
enabled_boot_interfaces = fake
enabled_console_interfaces = fake
enabled_deploy_interfaces = fake
enabled_inspect_interfaces = fake
enabled_management_interfaces = fake
enabled_power_interfaces = fake
enabled_raid_interfaces = fake
enabled_rescue_interfaces = fake
enabled_vendor_interfaces = fake
enabled_network_interfaces = noop
enabled_storage_interfaces = noop
default_network_interface = noop
notification_level = info
[api]
host_ip = 127.0.0.1
port = 6385
api_workers = 1
[conductor]
automated_clean = false
[fake]
power_delay = $fake_delay
boot_delay = $fake_delay
deploy_delay = $fake_delay
[database]
connection = sqlite:///$run/ironic/ironic.db?check_same_thread=false
[keystone_authtoken]
www_authenticate_uri = $keystone_url/v3
auth_url = $keystone_url/v3
auth_type = password
username = ironic
password = $ironic_password
project_name = service
user_domain_name = Default
project_domain_name = Default
[oslo_messaging_notifications]
driver = messagingv2
transport_url = $transport_url
CONF
}

ironic_py() { # ironic_py <module> <argv0> args...: the console scripts live in ironic-common (RUNNING.md problem 3)
  local module=$1 argv0=$2
  shift 2
  $py -c "import sys; from $module import main; sys.argv[0] = '$argv0'; sys.exit(main())" "$@"
}

setup_ironic() {
  write_ironic_conf
  if [ ! -s "$run/ironic/ironic.db" ]; then
    ironic_py ironic.cmd.dbsync ironic-dbsync --config-file "$ironic_conf" create_schema \
      >>"$run/logs/ironic-dbsync.log" 2>&1 || fail "ironic-dbsync failed" "$run/logs/ironic-dbsync.log"
    $py "$here/peers.py" sqlite-wal "$run/ironic/ironic.db"
  fi
}

start_ironic() {
  if alive ironic && $peers wait-http "$ironic_url/" 2 >/dev/null 2>&1; then
    say "ironic already running"
    return
  fi
  claim_port 6385 Ironic
  setsid /usr/bin/python3 -c \
    "import sys; from ironic.cmd.singleprocess import main; sys.argv[0] = 'ironic'; sys.exit(main())" \
    --config-file "$ironic_conf" --log-file "$run/logs/ironic.log" >>"$run/logs/ironic-stdout.log" 2>&1 </dev/null &
  echo $! >"$run/pids/ironic.pid"
}

# --- Order: RabbitMQ boots (~10 s) while the schemas are created -----------------------------------------------
start_rabbitmq
setup_keystone
setup_ironic
say "schemas ready"
wait_rabbitmq
bootstrap_keystone
say "keystone bootstrapped"
start_keystone
$peers wait-http "$keystone_url/v3" 60 || fail "Keystone did not answer on $keystone_url/v3" "$run/logs/keystone-uwsgi.log"
say "keystone serving on $keystone_url/v3"
$peers register "$keystone_url/v3" "$admin_password" "$ironic_password" "$ironic_url" ||
  fail "registering Ironic in Keystone failed" "$run/logs/keystone.log"
say "ironic registered in the catalog"
start_ironic
$peers wait-ironic "$keystone_url/v3" "$admin_password" "$ironic_url" 90 ||
  fail "Ironic did not register the fake-hardware driver" "$run/logs/ironic.log"
say "ironic ready on $ironic_url"

cat >"$run/clouds.yaml" <<YAML
# Written by scripts/openstack/start.sh for the integration tests (test credentials only).
clouds:
  opsflow-test:
    auth:
      auth_url: $keystone_url/v3
      username: admin
      password: $admin_password
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  opsflow-test-system:
    auth:
      auth_url: $keystone_url/v3
      username: admin
      password: $admin_password
      user_domain_name: Default
      system_scope: all
    region_name: RegionOne
YAML
echo "keystone   $keystone_url/v3 (admin/$admin_password, project admin, region RegionOne)"
echo "ironic     $ironic_url (fake-hardware, microversions up to 1.82)"
echo "rabbitmq   amqp://guest:guest@127.0.0.1:5672/"
echo "clouds.yaml $run/clouds.yaml (clouds opsflow-test, opsflow-test-system)"
say "all healthy"
