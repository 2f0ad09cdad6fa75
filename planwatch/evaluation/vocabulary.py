"""The two vocabularies of Chinese evaluation reports (docs/evaluation.md 5.1).

* ``city`` — the 2023 Jinhua mid-term report (seed 002): 达到或超过进度要求（其中提前达到目标）/
  未达进度要求, sentence "24项指标……达到或超过规划进度要求，其中9项指标提前达到规划目标".
* ``national`` — the national 14th FYP mid-term evaluation (2023-12): 提前实现 / 快于预期 /
  基本符合预期 / 滞后, sentence "20项主要指标中，16项基本符合或快于预期，其中4项提前实现……；
  4项指标滞后". At or after the target year: 已实现 / 基本实现 / 未实现.

The split between 快于预期 and 基本符合预期 is the rule's: p > e + τ + ``faster_margin`` (growth
and relational targets: beyond the band), see :mod:`planwatch.evaluation.china.common`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planwatch.evaluation.base import Assessment, Status
from planwatch.evaluation.summary import NOT_ASSESSABLE_REASONS, Summary, _names
from planwatch.model import Indicator, Plan

VOCABULARIES = ("city", "national")

NATIONAL: dict[str, str] = {
    "reached_early": "提前实现",
    "faster": "快于预期",
    "in_line": "基本符合预期",
    "on_schedule": "基本符合预期",
    "task_met": "基本符合预期",
    "behind": "滞后",
    "reverse": "滞后",
    "task_missed": "滞后",
    "reached": "已实现",
    "within_tolerance": "基本实现",
    "not_completed": "未实现",
}


def national_label(a: Assessment) -> str:
    if a.status is Status.NOT_ASSESSABLE:
        return a.label
    return NATIONAL.get(a.category or "", a.label)


def relabel(a: Assessment, vocabulary: str) -> Assessment:
    """The assessment in the chosen vocabulary; the city label stays in ``numbers``."""
    if vocabulary != "national" or a.method != "china":
        return a
    label = national_label(a)
    if label == a.label:
        return a
    return replace(a, label=label, numbers={**a.numbers, "label_city": a.label,
                                            "vocabulary": "national"})


def national_sentence(
    plan: Plan, s: Summary, rows: Sequence[tuple[Indicator, Assessment]], *, final: bool = False
) -> str:
    """The counts sentence in the style of the national mid-term (or final) evaluation."""
    title = plan.title if plan.title.startswith("《") else f"《{plan.title}》"
    cats: dict[str, list[Indicator]] = {}
    for i, a in rows:
        cats.setdefault(national_label(a) if a.status is not Status.NOT_ASSESSABLE else "na",
                        []).append(i)

    def n(*labels: str) -> int:
        return sum(len(cats.get(x, [])) for x in labels)

    assessed = s.total - s.not_assessable.total
    parts = [f"按照“时间与进度基本一致”评价原则，{title}确定的{s.total}项主要指标中，"]
    if final:
        ok = n("已实现", "基本实现", "提前实现")
        parts.append(f"{ok}项已实现或基本实现" if ok else "尚无指标实现")
        if n("基本实现"):
            parts.append(f"（其中{n('基本实现')}项基本实现）")
        missed = cats.get("未实现", [])
        parts.append(f"；{_names(missed)}未实现" if missed else "")
        pending = n("快于预期", "基本符合预期", "滞后")
        if pending:
            parts.append(f"；另有{pending}项指标尚无规划末年数据，按最新数据判断，"
                         f"{n('快于预期', '基本符合预期')}项基本符合或快于预期")
            lag = cats.get("滞后", [])
            if lag:
                parts.append(f"，{_names(lag)}滞后")
        parts.append("。")
    else:
        good = n("提前实现", "快于预期", "基本符合预期")
        if good:
            parts.append(f"{good}项基本符合或快于预期，其中{n('提前实现')}项提前实现、"
                         f"{n('快于预期')}项快于预期、{n('基本符合预期')}项基本符合预期")
        else:
            parts.append("尚无指标基本符合或快于预期")
        lag = cats.get("滞后", [])
        parts.append(f"；{_names(lag)}滞后。" if lag else "；没有指标滞后。")
    if assessed < s.total:
        by_reason: dict[str, list[Indicator]] = {}
        for i, a in rows:
            if a.status is Status.NOT_ASSESSABLE:
                by_reason.setdefault(a.category or "no_data", []).append(i)
        for code, items in by_reason.items():
            parts.append(f"{_names(items)}由于{NOT_ASSESSABLE_REASONS.get(code, '缺少年度数据')}"
                         "未作出评估。")
    return "".join(parts)
