"""Small presentation helpers shared by the views: labels, number formats, sources, options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from planwatch import model as m
from planwatch.evaluation.base import METHODS, STATUS_LABELS, Status
from planwatch.web.context import Option, SourceInfo, StatusCount

NATURE_LABELS = {m.Nature.EXPECTED.value: "预期性", m.Nature.BINDING.value: "约束性"}
PLAN_STATUS_LABELS = {m.PlanStatus.DRAFT.value: "征求意见稿", m.PlanStatus.ADOPTED.value: "已批准"}
STATUS_ORDER = [Status.BEHIND, Status.NOT_ASSESSABLE, Status.ON_SCHEDULE, Status.REACHED_EARLY]
COUNT_ORDER = [Status.REACHED_EARLY, Status.ON_SCHEDULE, Status.BEHIND, Status.NOT_ASSESSABLE]


def num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def parse_as_of(text: str | None, default: dt.date) -> dt.date:
    from planwatch.errors import ConfigError

    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"评估时点“{text}”格式应为 YYYY-MM-DD，例如 2023-06-30。") from None


def method_options(selected: str) -> list[Option]:
    return [
        Option(value=name, label=getattr(meth, "title", name), selected=name == selected)
        for name, meth in sorted(METHODS.items())
    ]


def options(values: Iterable[tuple[str, str]], selected: str | None) -> list[Option]:
    return [Option(value=v, label=lbl, selected=v == selected) for v, lbl in values]


def status_counts(pairs: Iterable[tuple[str, str]]) -> list[StatusCount]:
    """Counts by status and nature from (status, nature) pairs, in report order."""
    tally: dict[str, list[int]] = {s.value: [0, 0] for s in Status}
    for status, nature in pairs:
        tally[status][1 if nature == m.Nature.BINDING.value else 0] += 1
    return [
        StatusCount(
            status=s.value, label=STATUS_LABELS[s], expected=tally[s.value][0],
            binding=tally[s.value][1], total=sum(tally[s.value]),
        )
        for s in COUNT_ORDER
    ]


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links (no javascript: from documents)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def source_info(src: m.SourceRef, titles: dict[str, str] | None = None) -> SourceInfo:
    return SourceInfo(
        label=src.label,
        document=src.document,
        document_title=(titles or {}).get(src.document or ""),
        line=src.line,
        table=src.table,
        url=safe_url(src.url),
        title=src.title,
        date=src.date,
        note=src.note,
    )
