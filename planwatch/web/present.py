"""Small presentation helpers shared by the views: labels, number formats, sources, options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from planwatch import model as m
from planwatch.evaluation.base import METHODS, STATUS_LABELS, Status, method_label
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
        Option(value=name, label=method_label(name), selected=name == selected)
        for name in sorted(METHODS)
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


# -- Chinese labels for codes (the codes stay in the JSON twin, in tooltips and in docs) ---------

KIND_LABELS = {
    "level": "总量", "growth": "增速", "share": "比重", "change_points": "变动百分点",
    "rank": "排名", "count": "数量", "cumulative": "累计数", "index": "指数",
}
DATA_STATUS_LABELS = {"preliminary": "初步数", "final": "最终数", "revised": "修订数",
                      "estimated": "预计数"}
RULE_LABELS = {
    "linear": "线性进度", "compound": "复合增长进度", "growth": "年均增速",
    "cumulative_sum": "累计进度", "cumulative_reduction": "累计降低进度",
    "threshold": "保持类", "province_task": "完成省下达任务", "none": "目标未量化",
}
QUALIFIER_LABELS = {"exact": "", "passed": "（突破）", "more_than": "（超过）", "nearly": "（接近）",
                    "about": "（约数）", "estimated": "（预计）", "at_least": "以上",
                    "at_most": "以内"}
SEVERITY_LABELS = {"error": "错误", "warning": "提醒", "info": "说明"}
REVIEW_STATE_LABELS = {"pending": "待审核", "accepted": "已采用", "rejected": "已退回",
                       "superseded": "已被替代", "queued": "待审核", "candidate": "待审核"}


def label(mapping: dict[str, str], code: str | None) -> str:
    """The Chinese label of a code; an unknown code is shown as “其他” rather than in English."""
    if not code:
        return ""
    return mapping.get(code, "其他")


def finding_title(code: str) -> str:
    """The Chinese name of an issue (finding) code from the catalogue in planwatch.issues."""
    from planwatch.issues import CATALOGUE

    t = CATALOGUE.get(code)
    return t.title if t else "数据问题"
