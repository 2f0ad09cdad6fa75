#!/usr/bin/env bash
# Set everything up, load the embedded Jinhua data into a local SQLite database and evaluate the
# Jinhua industrial 14th FYP at the mid-term (data to June 2023). No server or account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PLANWATCH_DB="${PLANWATCH_DB:-sqlite:///$PWD/.planwatch/demo.db}"
.venv/bin/planwatch init
.venv/bin/planwatch evaluate --plan jinhua-industry-14 --as-of 2023-06-30
