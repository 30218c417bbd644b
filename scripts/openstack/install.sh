#!/usr/bin/env bash
# Installs the Debian packages of the real OpenStack test peers (Keystone, Ironic with fake hardware, RabbitMQ).
# Idempotent; needs root; starts no service (scripts/apt-install.sh; RUNNING.md problem 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../apt-install.sh" "openstack test peers" \
  rabbitmq-server python3-keystone uwsgi-core uwsgi-plugin-python3 python3-ironic python3-kombu python3-pika
