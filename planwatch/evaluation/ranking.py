"""Rankings and composite scores (综合考核评价), pure functions over plain values.

* :func:`rank` orders units (regions, counties, departments) on one number. Ties share a rank:
  ``min`` is standard competition ranking (1, 2, 2, 4 — the rank a Chinese bulletin prints as
  "并列第2"), ``dense`` gives 1, 2, 2, 3. A unit without a value is listed as missing with its
  reason and never ranked.
* :func:`composite` turns several items (indicators) per unit into one score: each item is
  normalised (``minmax`` 0–100 across units, ``zscore``, ``rank`` percentile, or ``none`` when
  the values are already scores), multiplied by its weight, and averaged over the items the unit
  has; every score keeps its parts so it can be explained.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TIE_RULES = ("min", "dense")
NORMALISATIONS = ("minmax", "zscore", "rank", "none")
MISSING_RULES = ("skip", "zero")

TIE_LABELS = {"min": "并列者取同一名次，其后名次顺延（如1、2、2、4）",
              "dense": "并列者取同一名次，其后名次连续（如1、2、2、3）"}
NORMALISATION_LABELS = {
    "minmax": "极差标准化：(x−最小值)/(最大值−最小值)×100，越小越好的指标反向",
    "zscore": "Z分数：(x−均值)/标准差，越小越好的指标取负",
    "rank": "名次百分位：(参评单位数−名次)/(参评单位数−1)×100",
    "none": "不标准化（数值已是得分）",
}


@dataclass(frozen=True)
class Ranked:
    unit: str
    value: float | None
    rank: int | None  # None: missing, not ranked
    tied: bool = False
    missing_reason: str | None = None


def rank(values: Mapping[str, float | None], *, direction: int = 1, ties: str = "min",
         missing_reasons: Mapping[str, str] | None = None) -> list[Ranked]:
    """Rank units by value (``direction`` +1: larger is better). Missing values come last,
    unranked, each with its reason; ranked units are ordered by rank then unit id."""
    if ties not in TIE_RULES:
        raise ValueError(f"unknown tie rule {ties!r}; choose one of {TIE_RULES}")
    reasons = missing_reasons or {}
    present = sorted(((u, v) for u, v in values.items() if _present(v)),
                     key=lambda uv: (-direction * float(uv[1] or 0.0), uv[0]))
    out: list[Ranked] = []
    prev: float | None = None
    current = 0
    for pos, (u, v) in enumerate(present, start=1):
        assert v is not None
        if prev is None or not _same(v, prev):
            current = pos if ties == "min" else current + 1
        prev = v
        out.append(Ranked(u, v, current))
    counts: dict[int, int] = {}
    for r in out:
        counts[r.rank or 0] = counts.get(r.rank or 0, 0) + 1
    out = [Ranked(r.unit, r.value, r.rank, counts[r.rank or 0] > 1) for r in out]
    missing = sorted(u for u, v in values.items() if not _present(v))
    out += [Ranked(u, None, None, False, reasons.get(u, "缺少数据")) for u in missing]
    return out


def _present(v: float | None) -> bool:
    return v is not None and not math.isnan(v)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@dataclass(frozen=True)
class Item:
    """One indicator of a composite score."""

    id: str
    name: str
    direction: int = 1
    weight: float = 1.0


@dataclass(frozen=True)
class Part:
    item: str
    name: str
    value: float | None
    normalised: float | None
    weight: float
    contribution: float | None  # weight × normalised / total weight used
    note: str | None = None


@dataclass(frozen=True)
class Score:
    unit: str
    score: float | None
    parts: tuple[Part, ...]
    weight_used: float
    rank: int | None = None
    tied: bool = False
    missing: tuple[str, ...] = field(default=())  # items without a value

    def explanation(self, unit_name: str | None = None) -> str:
        """The score in words: every part with its value, normalised value and weight."""
        head = unit_name or self.unit
        if self.score is None:
            return f"{head}：所有参评指标均缺少数据，未计算得分。"
        used = [p for p in self.parts if p.contribution is not None]
        terms = "；".join(
            f"{p.name} {_n(p.value)} → 标准化{_n(p.normalised)} × 权重{_n(p.weight)} = 贡献{_n(p.contribution)}"
            for p in used)
        tail = f"；缺少数据未计入：{'、'.join(self.missing)}" if self.missing else ""
        return f"{head}：综合得分{_n(self.score)}（{terms}；权重合计{_n(self.weight_used)}{tail}）"


def _n(x: float | None) -> str:
    return "—" if x is None else f"{x:.6g}"


def normalise(values: Mapping[str, float], direction: int, how: str) -> dict[str, float]:
    """Normalise one item's values across units (higher result = better)."""
    if how not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {how!r}; choose one of {NORMALISATIONS}")
    if not values:
        return {}
    if how == "none":
        return dict(values)
    if how == "minmax":
        lo, hi = min(values.values()), max(values.values())
        if hi == lo:
            return {u: 100.0 for u in values}
        return {u: 100 * ((v - lo) if direction > 0 else (hi - v)) / (hi - lo) for u, v in values.items()}
    if how == "zscore":
        n = len(values)
        mean = sum(values.values()) / n
        sd = math.sqrt(sum((v - mean) ** 2 for v in values.values()) / n)
        return {u: 0.0 if sd == 0 else direction * (v - mean) / sd for u, v in values.items()}
    ranked = rank(dict(values), direction=direction)
    n = len(ranked)
    return {r.unit: 100.0 if n == 1 else 100 * (n - (r.rank or n)) / (n - 1) for r in ranked}


def composite(values: Mapping[str, Mapping[str, float | None]], items: Sequence[Item], *,
              normalisation: str = "minmax", missing: str = "skip",
              exclude: Sequence[str] = (), ties: str = "min") -> list[Score]:
    """Composite score per unit. ``values[unit][item]`` is the raw value (None if missing).
    ``missing="skip"`` averages over the items a unit has (weights renormalised);
    ``"zero"`` counts a missing item as 0 (the worst normalised value for minmax/rank).
    An item absent from ``values[unit]`` does not apply to that unit and is left out."""
    if missing not in MISSING_RULES:
        raise ValueError(f"unknown missing rule {missing!r}; choose one of {MISSING_RULES}")
    used = [i for i in items if i.id not in set(exclude) and i.weight > 0]
    norms = {i.id: normalise({u: float(v[i.id]) for u, v in values.items()  # type: ignore[arg-type]
                              if _present(v.get(i.id))}, i.direction, normalisation) for i in used}
    scores = [_score(unit, used, values[unit], norms, missing) for unit in sorted(values)]
    ranked = {r.unit: r for r in rank({s.unit: s.score for s in scores}, ties=ties)}
    return sorted((Score(s.unit, s.score, s.parts, s.weight_used, ranked[s.unit].rank,
                         ranked[s.unit].tied, s.missing) for s in scores),
                  key=lambda s: (s.rank is None, s.rank or 0, s.unit))


def _score(unit: str, items: Sequence[Item], raw: Mapping[str, float | None],
           norms: Mapping[str, Mapping[str, float]], missing: str) -> Score:
    parts: list[tuple[Item, float | None, float | None]] = []
    for i in items:
        if i.id not in raw:
            continue  # not applicable to this unit (e.g. an indicator another department leads)
        v = raw.get(i.id)
        nv = norms[i.id].get(unit) if _present(v) else (0.0 if missing == "zero" else None)
        parts.append((i, v if _present(v) else None, nv))
    total = sum(i.weight for i, _, nv in parts if nv is not None)
    lacking = tuple(i.name for i, v, _ in parts if v is None)
    if total == 0:
        return Score(unit, None, tuple(Part(i.id, i.name, v, nv, i.weight, None) for i, v, nv in parts),
                     0.0, missing=lacking)
    out = tuple(Part(i.id, i.name, v, nv, i.weight, None if nv is None else i.weight * nv / total,
                     None if v is not None else ("缺少数据，按0计" if nv is not None else "缺少数据，未计入"))
                for i, v, nv in parts)
    score = sum(p.contribution for p in out if p.contribution is not None)
    return Score(unit, score, out, total, missing=lacking)
