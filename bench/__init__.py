"""planwatch benchmarks: ``bench/run.sh`` (or ``.venv/bin/python -m bench``); see the README."""
