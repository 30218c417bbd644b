#!/usr/bin/env bash
# Installs the Debian packages of the real OpenStack test peers (Keystone, Ironic with fake hardware, RabbitMQ).
# Idempotent: does nothing when everything is installed. Needs root (apt-get). Starts no service: a temporary
# policy-rc.d denies the init scripts the postinst would run (there is no systemd here), see RUNNING.md problem 2.
set -euo pipefail

packages=(rabbitmq-server python3-keystone uwsgi-core uwsgi-plugin-python3 python3-ironic python3-kombu python3-pika)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "openstack test peers: already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: installing ${missing[*]} needs root (apt-get); run it as root or install them first" >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
temporary_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  temporary_policy=true
fi
cleanup() { if $temporary_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT

started=$(date +%s)
echo "openstack test peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "openstack test peers: installed in $(($(date +%s) - started)) s"
