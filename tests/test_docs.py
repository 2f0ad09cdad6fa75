"""Docs that would drift are generated; this fails when they are out of date, and when the README
stops describing the quick start that .ci/run relies on."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_docs_are_current():
    gen = _generator()
    for rel, make in gen.DOCS.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == make(), (
            f"{rel} is out of date: run .venv/bin/python scripts/gen_docs.py"
        )


def test_every_command_is_in_the_readme_or_the_cli_reference():
    gen = _generator()
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, _cmd in gen._walk(gen.cli, ["planwatch"]):
        assert f"## {' '.join(path)}\n" in reference


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
