#!/usr/bin/env bash
# Install Debian's chromium for the dashboard's browser tests (Playwright drives it; no
# browser is ever downloaded by Playwright). Does nothing when /usr/bin/chromium exists.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install_browser.sh: $CHROMIUM is missing and installing it needs root." >&2
    echo "Run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser.sh: $CHROMIUM is missing and there is no apt-get here." >&2
    echo "Install Chromium so that $CHROMIUM exists (Debian/Ubuntu: apt-get install chromium)." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
if [ ! -x "$CHROMIUM" ]; then
    echo "install_browser.sh: apt-get installed chromium but $CHROMIUM is still missing." >&2
    exit 1
fi
