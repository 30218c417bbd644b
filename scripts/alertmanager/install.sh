#!/usr/bin/env bash
# Installs Debian's Alertmanager for the integration tests. Idempotent; needs root; starts no service.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../apt-install.sh" "alertmanager test peer" prometheus-alertmanager
