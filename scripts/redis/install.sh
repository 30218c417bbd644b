#!/usr/bin/env bash
# Installs Debian's redis-server (and redis-cli) for the integration tests. Idempotent, root only, waits for a busy
# dpkg lock, starts no service: scripts/lib/apt-install.sh.
set -euo pipefail
exec bash "$(dirname "$0")/../lib/apt-install.sh" "redis test peer" redis-server redis-tools
