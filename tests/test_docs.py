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


def test_the_examples_in_help_are_commands_that_parse():
    """Each line of a command's 示例 block names a real command with options it accepts (so the
    examples in --help and docs/cli.md cannot drift from the commands)."""
    import shlex

    import click

    from planwatch.cli import cli

    def leaves(group: click.Group, path: tuple[str, ...] = ()):
        for name, cmd in group.commands.items():
            yield path + (name,), cmd
            if isinstance(cmd, click.Group):
                yield from leaves(cmd, path + (name,))

    checked = 0
    for _path, cmd in leaves(cli):
        doc = cmd.help or ""
        if "示例：" not in doc:
            continue
        for line in doc.split("示例：", 1)[1].splitlines():
            line = line.strip()
            if not line.startswith("planwatch "):
                continue
            args = shlex.split(line)[1:]
            if args[:1] == ["--db"]:
                args = args[2:]
            target: click.Command = cli
            while isinstance(target, click.Group) and args and args[0] in target.commands:
                target = target.commands[args.pop(0)]
            try:
                target.make_context(target.name or "planwatch", list(args))  # raises on a bad option
            except click.BadParameter as exc:  # an example file name need not exist here
                assert "does not exist" in str(exc), f"{line}: {exc}"
            checked += 1
    assert checked >= 30
