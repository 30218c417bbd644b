#!/usr/bin/env bash
# Installs the Debian packages of the real OpenStack test peers (Keystone, Ironic with fake hardware, RabbitMQ).
# Idempotent, root only, waits for a busy dpkg lock: scripts/lib/apt-install.sh.
set -euo pipefail
exec bash "$(dirname "$0")/../lib/apt-install.sh" "openstack test peers" \
  rabbitmq-server python3-keystone uwsgi-core uwsgi-plugin-python3 python3-ironic python3-kombu python3-pika
