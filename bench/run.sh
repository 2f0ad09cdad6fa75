#!/usr/bin/env bash
# Run the benchmark harness from the repository root: bench/run.sh [--quick] [--only NAME ...]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m bench "$@"
