#!/usr/bin/env sh
# Makes sure Debian's redis-server and redis-cli are installed for the integration tests that stop, restart or
# cluster Redis (LocalRedisProcess runs them on free ports of their own; root or sudo needed once).
set -eu
if [ -x /usr/bin/redis-server ] && [ -x /usr/bin/redis-cli ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q redis-server
