"""The layout a newcomer reads in docs/architecture.md is the layout of the tree.

- no import cycle inside the package (runtime imports: everything but ``if TYPE_CHECKING``);
- every top-level module and package is in the layout block of docs/architecture.md and has an
  entry in tests/test_layers.py (so nothing escapes the import rules);
- every dotted name a docstring cites (``planwatch.x.y``, :mod:/:func:/:class: roles) exists;
- one door into the facade: the CLI and the web app import ``from planwatch import api`` only,
  ``api.__all__`` lists every area, and ``ctx.db`` is only handed on to api functions;
- ``mypy --strict`` refuses a view that calls a store write through ``ctx.store``.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_layers import FORBIDDEN

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "planwatch"
SOURCES = sorted(p for p in PKG.rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SOURCES}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def _resolve(name: str) -> str | None:
    """The planwatch module a dotted import name lands in (a name inside a module → the module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        up = package
        for _ in range(node.level - 1):
            up = up.rpartition(".")[0]
        base = f"{up}.{base}" if base else up
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _runtime_imports(path: Path) -> set[str]:
    """planwatch modules a file imports when it runs (imports inside functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for t in _targets(node, package):
            found = _resolve(t) if t.startswith("planwatch") else None
            if found and found != me:
                out.add(found)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_package():
    graph = {name: _runtime_imports(path) for name, path in MODULES.items()}
    assert _cycles(graph) == []


def _top_level() -> set[str]:
    return {p.stem if p.is_file() else p.name for p in PKG.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())}


def test_every_top_level_module_is_in_the_architecture_layout_and_the_layer_rules():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = doc.split("## Layout", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"^  (\w+)(?:\.py|/)", block, flags=re.M))
    missing_doc = sorted(_top_level() - named)
    missing_rules = sorted(_top_level() - set(FORBIDDEN))
    stale_doc = sorted(n for n in named - _top_level() if n != "data")
    assert not missing_doc, f"docs/architecture.md 的目录说明缺少：{missing_doc}"
    assert not missing_rules, f"tests/test_layers.py 的 FORBIDDEN 缺少：{missing_rules}"
    assert not stale_doc, f"docs/architecture.md 列出了不存在的模块：{stale_doc}"


_ROLE = re.compile(r":(?:mod|func|class|meth|attr|data):`~?(planwatch(?:\.\w+)+)`")
_LITERAL = re.compile(r"``(planwatch(?:\.\w+)+)(?:\(\))?``")


def _exists(dotted: str) -> bool:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_dotted_names_in_docstrings_exist():
    bad = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node) or ""
                for ref in {*_ROLE.findall(doc), *_LITERAL.findall(doc)}:
                    if not _exists(ref):
                        bad.append(f"{name}: {ref}")
    assert not bad, "文档字符串引用了不存在的名称：\n" + "\n".join(sorted(bad))


def test_the_facade_exports_every_area_and_the_store_types_only():
    from planwatch import api

    areas = sorted(p.stem for p in (PKG / "api").glob("*.py") if p.stem != "__init__")
    assert api.__all__ == sorted([*areas, "Names", "Store", "StoreReader", "lookups", "open_store"])
    for name in api.__all__:
        assert hasattr(api, name), name


@pytest.mark.parametrize("layer", ["cli", "web"])
def test_cli_and_web_reach_the_facade_one_way(layer: str):
    bad = []
    for path in sorted((PKG / layer).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for line in re.findall(r"^\s*from planwatch\.api[\w.]* import [^\n]+", text, flags=re.M):
            bad.append(f"{path.relative_to(ROOT)}: {line.strip()}")
        for m in re.finditer(r"ctx\.db\.\w+", text):
            bad.append(f"{path.relative_to(ROOT)}: {m.group(0)}（ctx.db 只传给 api 函数）")
    assert not bad, "\n".join(bad)


VIEW_THAT_WRITES = '''
from planwatch.web.deps import Ctx


def sneaky(ctx: Ctx) -> None:
    ctx.store.set_password_hash("someone", "x", actor="view")
'''

VIEW_THAT_READS = '''
from planwatch.web.deps import Ctx


def honest(ctx: Ctx) -> list[str]:
    return [r.name for r in ctx.store.regions()]
'''


@pytest.mark.parametrize(("source", "refused"), [(VIEW_THAT_WRITES, True), (VIEW_THAT_READS, False)])
def test_mypy_refuses_a_view_that_writes_through_ctx_store(tmp_path: Path, source: str, refused: bool):
    probe = tmp_path / "probe_view.py"
    probe.write_text(source, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--follow-imports=silent",
         "--cache-dir", str(ROOT / ".mypy_cache"), str(probe)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    if refused:
        assert res.returncode == 1, res.stdout + res.stderr
        assert '"StoreReader" has no attribute "set_password_hash"' in res.stdout
    else:
        assert res.returncode == 0, res.stdout + res.stderr


def test_every_page_context_is_documented_beside_its_view():
    """Each page's context names its URL and template; every field of every context has help."""
    import dataclasses
    import typing

    from planwatch.web.routes import ROUTES, Page, context_classes, field_help

    for r in ROUTES:
        if isinstance(r, Page):
            cls = typing.get_type_hints(r.view)["return"]
            assert cls.__module__ == r.view.__module__, f"{cls.__name__} 应与其视图 {r.view.__module__} 放在一起"
            assert f"``{r.path}``" in (cls.__doc__ or "") and r.template in (cls.__doc__ or ""), cls.__name__
    for cls in context_classes():
        assert cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("), f"{cls.__name__} 缺少说明"
        empty = [n for n, h in field_help(cls).items() if not h]
        assert not empty, f"{cls.__name__} 的字段缺少说明：{empty}"
        assert dataclasses.is_dataclass(cls)
