"""The method catalogue from the registry: parameters (from each ``Config``'s ``help``
metadata) and categories. ``planwatch methods`` prints it; ``scripts/methods_doc.py`` writes it
into docs/methods.md and ``tests/test_docs_methods.py`` checks the page is current."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planwatch.evaluation.base import METHODS, STATUS_LABELS, Status
from planwatch.evaluation.series import SeriesMethod

BEGIN = "<!-- generated: method parameters (python scripts/methods_doc.py) -->"
END = "<!-- end generated -->"


@dataclass(frozen=True)
class MethodParam:
    name: str
    type: str
    default: Any
    help: str


@dataclass(frozen=True)
class MethodInfo:
    name: str
    title: str
    series: bool  # can evaluate a plain series (planwatch methods run)
    params: tuple[MethodParam, ...]
    categories: Mapping[str, str]
    crosswalk: Mapping[str, Status]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "series": self.series,
                "params": [dataclasses.asdict(p) for p in self.params],
                "categories": dict(self.categories),
                "crosswalk": {k: v.value for k, v in self.crosswalk.items()}}


def method_catalogue() -> list[MethodInfo]:
    """Every registered method with its parameters, sorted by name."""
    out = []
    for name in sorted(METHODS):
        meth = METHODS[name]
        hints = typing.get_type_hints(meth.Config)
        params = tuple(
            MethodParam(f.name, type_name(hints.get(f.name)), _default(f), str(f.metadata.get("help", "")))
            for f in dataclasses.fields(meth.Config)
        )
        out.append(MethodInfo(name, meth.title, isinstance(meth, SeriesMethod), params,
                              dict(getattr(meth, "labels", {}) or {}),
                              dict(getattr(meth, "crosswalk", {}) or {})))
    return out


def type_name(hint: Any) -> str:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in typing.get_args(hint))
    if hint is type(None):
        return "None"
    if typing.get_args(hint):
        return str(hint).replace("typing.", "")
    return getattr(hint, "__name__", str(hint))


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def parameters_markdown() -> str:
    """The generated part of docs/methods.md: one section per registered method."""
    lines = [BEGIN, ""]
    for info in method_catalogue():
        lines += [f"### `{info.name}` — {info.title}", ""]
        use = "`planwatch methods run`、`planwatch evaluate`" if info.series else "`planwatch evaluate`（仅规划指标）"
        lines += [f"Usable with: {use}.", "", "| parameter | type | default | help |", "|---|---|---|---|"]
        lines += [f"| `{p.name}` | {_cell(p.type)} | `{_cell(p.default)}` | {_cell(p.help)} |" for p in info.params]
        if info.categories:
            lines += ["", "| category | 中文 | crosswalk status |", "|---|---|---|"]
            for code, label in info.categories.items():
                st = info.crosswalk.get(code)
                lines.append(f"| `{code}` | {_cell(label)} | {STATUS_LABELS[st] + f' (`{st.value}`)' if st else '—'} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def replace_generated(page: str) -> str:
    """The page with its generated block replaced by the current catalogue."""
    start, end = page.index(BEGIN), page.index(END) + len(END)
    return page[:start] + parameters_markdown() + page[end:]
