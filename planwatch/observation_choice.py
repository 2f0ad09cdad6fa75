"""Choosing among several published values of one number, and what was known at a date.

Pure functions over :class:`~planwatch.model.Observation` (no I/O). Observations with the same
:attr:`~planwatch.model.Observation.key` are versions of one number (a preliminary and a final
figure, the same figure from a bulletin and from a speech). The value in force is the best by
an order a statistician accepts (docs/evaluation.md section 6):

1. ``status``: revised > final > preliminary > estimated (最终核实优先于初步核算);
2. ``authority``: the kind of the original source — statistics bureau bulletins and releases,
   then department bulletins, then the government work report, then statements and speeches,
   then news and reposts, then derived files;
3. ``precision``: more decimal places first (10.93 before a rounded 10.9 quoted later);
4. ``recency``: the later publication date first; then the later revision.

The order is configurable (``china.Config.observation_order``). :func:`known_at` keeps the
values published by a date, so that an evaluation made at that time can be reproduced
(``--as-known-at``): the first release of a figure, not its later revision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from planwatch.model import DataStatus, Observation

ORDER_KEYS = ("status", "authority", "precision", "recency")
DEFAULT_ORDER = ORDER_KEYS

STATUS_PRIORITY = {
    DataStatus.ESTIMATED: 0,
    DataStatus.PRELIMINARY: 1,
    DataStatus.FINAL: 2,
    DataStatus.REVISED: 3,
}

#: source kinds, most authoritative last (higher rank wins)
AUTHORITY = {
    "derived": 0,
    "news": 1,
    "statement": 2,
    "government_report": 3,
    "department": 4,
    "statistics": 5,
}
AUTHORITY_NAMES = {
    "statistics": "统计部门公报或发布", "department": "部门统计公报", "government_report": "政府工作报告",
    "statement": "讲话或发布会", "news": "新闻或转载", "derived": "衍生文件",
}
_UNKNOWN_AUTHORITY = 1  # as news: a source whose kind was not recorded


def authority(o: Observation) -> int:
    kind = o.source.kind
    if kind in AUTHORITY:
        return AUTHORITY[kind]
    title = o.source.title or ""
    if "统计公报" in title or "统计局" in title:
        return AUTHORITY["statistics"]
    if "政府工作报告" in title:
        return AUTHORITY["government_report"]
    return _UNKNOWN_AUTHORITY


def precision(o: Observation) -> int:
    """Decimal places as printed (``text``), else of the stored value."""
    text = (o.text or repr(float(o.value))).strip()
    m = re.search(r"\.(\d+)", text)
    if not m:
        return 0
    digits = m[1] if o.text else m[1].rstrip("0")
    return len(digits)


def published(o: Observation) -> dt.date | None:
    """The publication date of the source, the last day it could mean when only a year or a
    month is given (``2023-01`` → 2023-01-31); None when no date was recorded."""
    d = (o.source.date or "").strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", d)
    if not m:
        return None
    y = int(m[1])
    if not m[2]:
        return dt.date(y, 12, 31)
    mo = int(m[2])
    if not 1 <= mo <= 12:
        return None
    day = int(m[3]) if m[3] else calendar.monthrange(y, mo)[1]
    try:
        return dt.date(y, mo, day)
    except ValueError:
        return None


def rank(o: Observation, order: Sequence[str] = DEFAULT_ORDER) -> tuple[object, ...]:
    parts: list[object] = []
    for key in order:
        if key == "status":
            parts.append(STATUS_PRIORITY[o.status])
        elif key == "authority":
            parts.append(authority(o))
        elif key == "precision":
            parts.append(precision(o))
        elif key == "recency":
            parts.append(o.source.date or "")
    parts.append(o.revision)
    return tuple(parts)


def choose(
    observations: Iterable[Observation], order: Sequence[str] = DEFAULT_ORDER
) -> tuple[list[Observation], list[Observation]]:
    """(the value in force for each key, the values set aside), both sorted by period."""
    best: dict[tuple[str, ...], Observation] = {}
    aside: list[Observation] = []
    for o in observations:
        k = o.key
        if k not in best:
            best[k] = o
        elif rank(o, order) > rank(best[k], order):
            aside.append(best[k])
            best[k] = o
        else:
            aside.append(o)

    def key(o: Observation) -> tuple[object, ...]:
        return (o.period.end_date, o.kind.value, o.scope or "")

    return sorted(best.values(), key=key), sorted(aside, key=key)


def known_at(observations: Iterable[Observation], when: dt.date) -> tuple[list[Observation], int]:
    """The observations published by ``when`` (first releases, not later revisions), and how
    many undated ones were left out."""
    kept: list[Observation] = []
    undated = 0
    for o in observations:
        d = published(o)
        if d is None:
            undated += 1
        elif d <= when:
            kept.append(o)
    return kept, undated
