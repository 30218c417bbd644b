#!/usr/bin/env bash
# apt-install.sh <label> <package>...: installs the Debian packages that are missing, for the real test servers.
# Idempotent: does nothing when everything is installed. Needs root (apt-get). Waits up to 5 minutes for a dpkg lock
# another apt run holds (DPkg::Lock::Timeout, apt >= 1.9.11, both for the lists and the dpkg frontend lock) instead of
# failing at once. Starts no service: a temporary policy-rc.d denies the init scripts a postinst would run (there is
# no systemd here; shared/reference/openstack/RUNNING.md problem 2).
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
  echo "$label: installing ${missing[*]} needs root (apt-get); run it as root or install them first" >&2
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
lock=(-o DPkg::Lock::Timeout="${OPSFLOW_APT_LOCK_TIMEOUT:-300}")
apt-get "${lock[@]}" update -q
apt-get "${lock[@]}" install -y -q --no-install-recommends "${missing[@]}"
echo "$label: installed in $(($(date +%s) - started)) s"
