#!/usr/bin/env bash
# Install what the tests need (system servers, Python packages) and run them.
# The tests start their own PostgreSQL, MariaDB, Dovecot and Samba on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

# build-essential, python3-dev: the wheel tests build the compiled hot path (setup.py).
packages=(postgresql mariadb-server dovecot-imapd samba smbclient tesseract-ocr tesseract-ocr-est tesseract-ocr-eng fonts-dejavu-core util-linux chromium build-essential python3-dev)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Installing must not start system-wide services: the tests run their own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
  fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
exec .venv/bin/pytest "$@"
