#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint (ruff), types (mypy --strict on the
# package), then pytest on SQLite and a scratch PostgreSQL server that the tests start
# themselves, real Chromium and LibreOffice headless. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> ruff check"
.venv/bin/ruff check -q planwatch tests bench scripts
echo "==> mypy --strict planwatch"
.venv/bin/mypy planwatch
echo "==> pytest"
exec .venv/bin/python -m pytest -q -n 2 "$@"
