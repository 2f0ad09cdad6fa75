#!/usr/bin/env bash
# Set everything up and run the whole test suite (SQLite and a scratch PostgreSQL server that the
# tests start themselves, real Chromium, LibreOffice headless). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q -n 2 "$@"
