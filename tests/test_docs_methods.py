"""docs/methods.md lists every registered method and every parameter (generated block current)."""

from __future__ import annotations

from pathlib import Path

from planwatch.evaluation.base import METHODS
from planwatch.evaluation.catalogue import method_catalogue, replace_generated

PAGE = Path(__file__).resolve().parent.parent / "docs" / "methods.md"


def test_generated_block_is_current() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert replace_generated(text) == text, "run: .venv/bin/python scripts/methods_doc.py"


def test_every_method_and_parameter_is_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for info in method_catalogue():
        assert f"### `{info.name}`" in text
        for p in info.params:
            assert f"| `{p.name}` |" in text, (info.name, p.name)
            assert p.help, f"{info.name}.{p.name} has no help metadata"
    assert {i.name for i in method_catalogue()} == set(METHODS)
