#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint (ruff), types (mypy --strict on the
# package), then pytest twice — once with SQLite as the default database and once with
# PostgreSQL (a scratch server the tests start and stop themselves); tests that compare the two
# run on both in each pass. Real Chromium and LibreOffice headless are used throughout.
# Extra arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> ruff check"
.venv/bin/ruff check -q planwatch tests bench scripts
echo "==> mypy --strict planwatch"
.venv/bin/mypy planwatch
echo "==> pytest (default database: SQLite)"
PLANWATCH_TEST_DB=sqlite .venv/bin/python -m pytest -q -n 2 "$@"
echo "==> pytest (default database: PostgreSQL)"
PLANWATCH_TEST_DB=postgresql .venv/bin/python -m pytest -q -n 2 "$@"
