#!/usr/bin/env bash
# Headless Chromium for the browser tests: Debian's package (Playwright's own download is
# not possible without internet access to its CDN). Skipped when a Chromium is present.
set -euo pipefail
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$candidate" ] && exit 0
done
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
else
  echo "install Chromium (package 'chromium') for the browser tests" >&2
fi
