"""Import rules between layers (docs/architecture.md): the pure core never reaches the store,
and the CLI and web app go through planwatch.api."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "planwatch"

# layer → planwatch modules it must not import
FORBIDDEN = {
    "model": {"store", "api", "cli", "web", "reports", "parsers", "facts", "evaluation", "dataset", "units"},
    "issues": {"store", "api", "cli", "web", "reports", "parsers", "facts", "evaluation", "model"},
    "errors": {"store", "api", "cli", "web", "reports", "parsers", "facts", "evaluation"},
    "units": {"store", "api", "cli", "web", "reports", "parsers", "facts", "evaluation"},
    "inference": {"store", "api", "cli", "web", "reports"},
    "checks": {"store", "api", "cli", "web", "reports"},
    "parsers": {"store", "api", "cli", "web", "reports"},
    "facts": {"store", "api", "cli", "web", "reports"},
    "evaluation": {"store", "api", "cli", "web", "reports", "parsers", "facts"},
    "store": {"api", "cli", "web", "reports", "parsers", "facts", "evaluation"},
    "reports": {"store", "api", "cli", "web"},
    "workbook": {"store", "api", "cli", "web", "parsers", "facts", "dataset"},
    "dataset": {"store", "api", "cli", "web", "reports", "workbook"},
    "limits": {"store", "api", "cli", "web", "reports", "workbook", "parsers", "facts", "evaluation", "dataset"},
    "periods": {"store", "api", "cli", "web", "reports", "workbook", "parsers", "facts", "evaluation", "dataset"},
    "observation_choice": {"store", "api", "cli", "web", "reports", "workbook", "parsers", "facts",
                           "evaluation", "dataset"},
    "api": {"cli", "web"},
    "cli": {"store", "parsers", "facts", "dataset", "workbook"},
    "web": {"store", "parsers", "facts", "dataset", "workbook"},
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return {i.removeprefix("planwatch.") for i in out if i.startswith("planwatch.")}


FILES = sorted(p for p in PKG.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PKG)))
def test_layer_imports(path: Path):
    layer = _layer(path)
    banned = FORBIDDEN.get(layer, set())
    bad = sorted(i for i in _imports(path) if any(i == b or i.startswith(b + ".") for b in banned))
    assert not bad, f"{path.relative_to(PKG)} ({layer}) must not import {bad}"
