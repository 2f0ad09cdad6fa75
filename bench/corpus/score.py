"""Compare the rows the parser read with a table's gold rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bench.corpus.tables import Gold

FIELDS = ("category", "name", "unit", "base", "target", "qualifier", "nature")


def _key(name: str) -> str:
    t = unicodedata.normalize("NFKC", name)
    return re.sub(r"\s+", "", t).replace("(", "（").replace(")", "）")


@dataclass
class Score:
    rows: int = 0
    rows_found: int = 0
    fields: int = 0
    fields_right: int = 0
    extra_rows: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.rows += other.rows
        self.rows_found += other.rows_found
        self.fields += other.fields
        self.fields_right += other.fields_right
        self.extra_rows += other.extra_rows
        self.wrong += other.wrong

    @property
    def row_rate(self) -> float:
        return self.rows_found / self.rows if self.rows else 0.0

    @property
    def field_rate(self) -> float:
        return self.fields_right / self.fields if self.fields else 0.0


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return abs(float(a) - float(b)) < 1e-9
    return bool(a == b)


def score(gold: tuple[Gold, ...], indicators: list[Any], label: str = "") -> Score:
    out = Score(rows=len(gold), fields=len(gold) * len(FIELDS))
    by_name: dict[str, list[Any]] = {}
    for ind in indicators:
        by_name.setdefault(_key(ind.name), []).append(ind)
    used = 0
    for g in gold:
        cands = by_name.get(_key(g.name))
        if not cands:
            out.wrong.append(f"{label}：缺行“{g.name}”")
            continue
        ind = cands.pop(0)
        used += 1
        out.rows_found += 1
        got = {"category": ind.category, "name": g.name, "unit": ind.unit, "base": ind.base_value,
               "target": ind.target_value, "qualifier": ind.qualifier.value,
               "nature": ind.nature.value}
        for f in FIELDS:
            want = getattr(g, f) if f != "name" else g.name
            if _same(got[f], want):
                out.fields_right += 1
            else:
                out.wrong.append(f"{label}：“{g.name}”的{f}读成 {got[f]!r}，应为 {want!r}")
    out.extra_rows = len(indicators) - used
    return out
