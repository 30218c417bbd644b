#!/usr/bin/env bash
# Installs Debian packages for the integration tests' real peers: apt-get install of those not yet installed.
# Idempotent: does nothing when everything is installed. Needs root (apt-get). Starts no service: a temporary
# policy-rc.d denies the init scripts the postinst would run (there is no systemd here).
#   scripts/apt-install.sh <label> <package>...
set -euo pipefail

label=$1
shift
missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$label: already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "apt-install.sh: installing ${missing[*]} needs root (apt-get); run it as root or install them first" >&2
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
echo "$label: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
echo "$label: installed in $(($(date +%s) - started)) s"
