#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (we run as root on CI and dev machines).
# Without root and without Chromium it only warns; the browser tests then skip themselves with the same message.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "WARNING: $CHROMIUM is missing and we are not root, so it cannot be installed: the browser tests will be SKIPPED." >&2
  echo "         Install it with: sudo apt-get install -y chromium" >&2
  exit 0
fi
echo "installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
