#!/usr/bin/env bash
# Set up everything planwatch needs on a fresh Debian 12 machine with Python 3.11:
# Debian packages (browser, office, fonts, PostgreSQL), uv, the locked Python environment in
# .venv, and ECharts from npm. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium chromium-driver fonts-noto-cjk postgresql libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
# Node.js and npm only when the machine has none (an existing Node.js, e.g. from NodeSource,
# conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

UV=(uv)
if ! command -v uv >/dev/null 2>&1; then
  if ! python3 -m uv --version >/dev/null 2>&1; then
    echo "==> pip install uv"
    python3 -m pip install -q uv || python3 -m pip install -q --user --break-system-packages uv
  fi
  UV=(python3 -m uv)  # works wherever pip put the uv binary, on PATH or not
fi

echo "==> uv sync --locked (.venv)"
"${UV[@]}" sync --locked -q

if [ ! -f planwatch/web/static/vendor/echarts.min.js ] || [ package-lock.json -nt planwatch/web/static/vendor/echarts.min.js ]; then
  echo "==> npm ci (echarts)"
  npm ci --silent --no-audit --no-fund >/dev/null
  mkdir -p planwatch/web/static/vendor
  cp node_modules/echarts/dist/echarts.min.js planwatch/web/static/vendor/echarts.min.js
fi
