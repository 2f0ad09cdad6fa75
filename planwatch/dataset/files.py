"""Reading data files with line numbers: YAML mappings that remember where each key was, and a
field reader that turns bad values into :class:`~planwatch.issues.Issue` objects naming the
file, line and field together with the fix.

Used by :mod:`planwatch.dataset`. Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from planwatch import units
from planwatch.issues import Issue, Location, issue

E = TypeVar("E", bound=StrEnum)


class Node:
    """A YAML value with the line it starts on (1-based)."""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line

    def __repr__(self) -> str:
        return f"Node({self.value!r}, line={self.line})"


def load_yaml(path: Path, label: str, errors: list[Issue]) -> Node | None:
    """Parse ``path`` into :class:`Node` trees (mappings → dict[str, Node], sequences →
    list[Node], scalars → Python values). Reports ``bad-file`` and returns None on failure."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        errors.append(issue("bad-file", "文件不是UTF-8编码，请另存为UTF-8后重试。",
                            Location(file=label)))
        return None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        errors.append(issue("bad-file", f"YAML格式错误：{exc.problem}。请检查缩进、冒号和引号。",
                            Location(file=label, line=line)))
        return None
    if root is None:
        return Node(None, 1)
    return _convert(root)


_CONSTRUCTOR = yaml.SafeLoader("")


def _convert(node: yaml.Node) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(_CONSTRUCTOR.construct_object(key_node))
            out[key] = _convert(value_node)
            out[f"\0line:{key}"] = Node(key_node.start_mark.line + 1, 0)
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v) for v in node.value], line)
    value = _CONSTRUCTOR.construct_object(node)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return Node(value, line)


@dataclass
class FileContext:
    """The file being read, and where its errors go."""

    label: str  # path relative to the dataset folder, e.g. "plans/jinhua-industry-14.yaml"
    errors: list[Issue]
    findings: list[Issue] = field(default_factory=list)

    def error(self, code: str, message: str, line: int | None, fld: str | None = None,
              record: str | None = None) -> None:
        self.errors.append(issue(code, message, Location(file=self.label, line=line, field=fld,
                                                         record=record)))


class Record:
    """One YAML mapping (a region, an indicator, …) with typed accessors that report errors.

    Each accessor returns None after reporting an error, so a reader can go on and report
    every problem of a file in one pass."""

    def __init__(self, ctx: FileContext, node: Node, what: str) -> None:
        self.ctx = ctx
        self.line = node.line
        self.what = what  # Chinese label: "地区", "指标 2"
        self.data: dict[str, Node] = node.value if isinstance(node.value, dict) else {}
        if not isinstance(node.value, dict):
            ctx.error("bad-value", f"{what}应为“键: 值”形式的映射。", node.line)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key].value is not None

    def line_of(self, key: str) -> int:
        n = self.data.get(f"\0line:{key}")
        return int(n.value) if n else self.line

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key.startswith("\0"):
                continue
            if key not in allowed:
                self.ctx.error("unknown-field",
                               f"{self.what}有无法识别的字段“{key}”。可用字段：{'、'.join(sorted(allowed))}。",
                               self.line_of(key), key)

    def _missing(self, key: str) -> None:
        self.ctx.error("missing-field", f"{self.what}缺少必填字段“{key}”，请补上。", self.line, key)

    def text(self, key: str, *, required: bool = False) -> str | None:
        if not self.has(key):
            if required:
                self._missing(key)
            return None
        v = self.data[key].value
        if isinstance(v, dict | list):
            self.ctx.error("bad-value", f"{self.what}的“{key}”应为文字。", self.line_of(key), key)
            return None
        return str(v)

    def number(self, key: str, *, required: bool = False) -> float | None:
        if not self.has(key):
            if required:
                self._missing(key)
            return None
        return self._to_number(self.data[key].value, key, self.line_of(key))

    def _to_number(self, v: Any, key: str, line: int) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            v = None
        else:
            try:
                v = float(str(v).replace(",", ""))
            except ValueError:
                v = None
        if v is None or math.isnan(v) or math.isinf(v):
            raw = self.data[key].value if key in self.data else v
            self.ctx.error("bad-number",
                           f"{self.what}的“{key}”值“{raw}”不是数字；请填阿拉伯数字（如 4453 或 33.1），"
                           "原文写法放在 text 字段。", line, key)
            return None
        return float(v)

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.number(key, required=required)
        if value is None:
            return None
        if value != int(value):
            self.ctx.error("bad-number", f"{self.what}的“{key}”应为整数（如 2020）。",
                           self.line_of(key), key)
            return None
        return int(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        v = self.data[key].value
        if not isinstance(v, bool):
            self.ctx.error("bad-value", f"{self.what}的“{key}”应为 true 或 false。",
                           self.line_of(key), key)
            return default
        return v

    def choice(self, key: str, enum: type[E], *, default: E | None = None,
               required: bool = False) -> E | None:
        raw = self.text(key, required=required and default is None)
        if raw is None:
            return default
        try:
            return enum(raw)
        except ValueError:
            options = "、".join(e.value for e in enum)
            self.ctx.error("bad-value", f"{self.what}的“{key}”值“{raw}”不在可选范围内：{options}。",
                           self.line_of(key), key)
            return default

    def unit(self, key: str, *, required: bool = True) -> str | None:
        if not self.has(key):
            if required and key not in self.data:
                self._missing(key)
            return "" if key in self.data else None
        raw = str(self.data[key].value)
        if not units.is_known(raw):
            self.ctx.error("unknown-unit", f"{self.what}的计量单位“{raw}”无法识别。{_known_units()}",
                           self.line_of(key), key)
            return None
        return units.lookup(raw).symbol

    def strings(self, key: str) -> tuple[str, ...]:
        if not self.has(key):
            return ()
        v = self.data[key].value
        if not isinstance(v, list):
            self.ctx.error("bad-value", f"{self.what}的“{key}”应为列表，如 [a, b]。",
                           self.line_of(key), key)
            return ()
        return tuple(str(x.value) for x in v)

    def sub(self, key: str, what: str, *, required: bool = False) -> Record | None:
        if not self.has(key):
            if required:
                self._missing(key)
            return None
        return Record(self.ctx, self.data[key], what)

    def items(self, key: str) -> Iterator[Node]:
        if not self.has(key):
            return iter(())
        v = self.data[key].value
        if not isinstance(v, list):
            self.ctx.error("bad-value", f"{self.what}的“{key}”应为列表。", self.line_of(key), key)
            return iter(())
        return iter(v)


def _known_units() -> str:
    known = sorted({u.symbol for u in units.all_units() if u.symbol})
    return f"可用单位：{'、'.join(known)}（无单位写空字符串 \"\"）。"


def records(ctx: FileContext, root: Node | None, what: str) -> Iterator[Record]:
    """The mappings of a YAML file whose top level is a list."""
    if root is None or root.value is None:
        return
    if not isinstance(root.value, list):
        ctx.error("bad-file", f"文件顶层应为{what}列表（每项以“- ”开头）。", root.line)
        return
    for node in root.value:
        yield Record(ctx, node, what)
