"""Drafted sentences: fixed, reviewed Chinese templates filled from the context's data.

No language model. Each template states only names, counts and numbers that the caller passes in
from the context (annex rows, counts, dates); ``tests/test_reports.py`` extracts every
number from every draft and finds it in ``ReportContext.data_numbers()``. The wording follows the
2023 mid-term report (seed 002): 【实施评价】 says what is on schedule, then "但也要看到" what is
behind and the growth still required, then "下一步" — left to the evaluator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.evaluation.base import Status
from planwatch.evaluation.summary import NOT_ASSESSABLE_REASONS
from planwatch.reports.context import Draft, IndicatorRow, Placeholder, ReportKind
from planwatch.reports.numbers import fmt, with_unit

#: template id → the reviewed wording (placeholders in braces), for the record and the docs
TEMPLATES: dict[str, str] = {
    "preamble": "{plan}由{issuer}编制，规划期为{start}—{end}年。按照规划实施评估工作安排，对{plan}"
    "实施情况进行{verb}。本次{verb}主要指标数据截止时间为{as_of}，按“时间与进度基本一致”原则评价，"
    "截至{as_of}规划期时间进度为{elapsed}%。",
    "targets-intro": "{plan}围绕{categories}等{n}个方面，提出了{total}项主要指标。",
    "area-targets": "{category}方面，{items}。",
    "area-on-schedule": "从指标进展看，本领域{n}项指标中，{names}达到或超过规划进度要求{early}。",
    "area-all-early": "从指标进展看，本领域{n}项指标中，{names}提前达到规划目标。",
    "area-none-on-schedule": "从指标进展看，本领域{n}项指标中尚无指标可判定达到规划进度要求。",
    "area-national": "从指标进展看，本领域{n}项指标中，{groups}。",
    "area-behind": "但也要看到，{clauses}。",
    "area-not-assessable": "{names}{reason}，未作出评估。",
    "problem-behind": "{name}进度滞后。{clause}。",
    "problem-binding": "约束性指标{name}{status}，需持续跟踪。",
    "problem-gap": "数据缺口：{names}{reason}，未作出评估。",
}


def _names(rows: Sequence[IndicatorRow]) -> str:
    if len(rows) == 1:
        return f"{rows[0].name}指标"
    return "、".join(r.name for r in rows[:3]) + f"等{len(rows)}项指标"


def preamble(*, plan: str, issuer: str, start: int, end: int, kind: ReportKind, as_of: str,
             elapsed_pct: float) -> Draft:
    return Draft(TEMPLATES["preamble"].format(
        plan=plan, issuer=issuer, start=start, end=end, verb=kind.verb, as_of=as_of,
        elapsed=fmt(elapsed_pct, 1)), "preamble")


def targets_intro(plan: str, categories: Sequence[str], total: int) -> Draft:
    cats = "、".join(f"“{c}”" for c in categories[:6])
    return Draft(TEMPLATES["targets-intro"].format(
        plan=plan, categories=cats, n=len(categories), total=total), "targets-intro")


def latest_clause(r: IndicatorRow) -> str:
    """2022年规上工业总产值为6740.8亿元（2020年基数4453，2025年目标8000）."""
    printed = r.base_text if re.fullmatch(r"-?\d+(\.\d+)?", r.base_text) else fmt(r.base_value)
    base = f"{r.base_year}年基数{printed}" if r.base_year and r.base_value is not None else ""
    target = f"{r.target_year}年目标{r.target_text}" if r.target_year else f"目标{r.target_text}"
    bracket = "，".join(x for x in (base, target) if x)
    if r.latest_value is None:
        return f"{r.name}暂无基期后数据（{bracket}）"
    value = with_unit(fmt(r.latest_value), r.unit)
    return f"{r.latest_period_label}{r.name}为{value}（{bracket}）"


MAX_TARGETS_LISTED = 6


def area_targets(category: str, rows: Sequence[IndicatorRow]) -> Draft:
    """The area's indicators with their latest values; a long list ends with 等N项指标（详见附件）."""
    items = "；".join(latest_clause(r) for r in rows[:MAX_TARGETS_LISTED])
    if len(rows) > MAX_TARGETS_LISTED:
        items += f"；本领域共{len(rows)}项指标，其余详见附件"
    return Draft(TEMPLATES["area-targets"].format(category=category, items=items), "area-targets")


def behind_clause(r: IndicatorRow) -> str:
    """2022年规上工业总产值为6740.8亿元，规划进度为30.5%，低于40.0%的时间进度，后续年均需增长
    10.2%才能实现2025年8000亿元的规划目标."""
    parts = [f"{r.latest_period_label}{r.name}为{with_unit(fmt(r.latest_value), r.unit)}"]
    if r.progress_pct is not None and r.expected_pct is not None:
        parts.append(f"规划进度为{fmt(r.progress_pct, 1)}%，低于{fmt(r.expected_pct, 1)}%的时间进度")
    else:
        parts.append(r.status_label)
    if r.required_growth is not None and r.target_year:
        parts.append(
            f"后续年均需{'提高' if r.required_growth_unit == '个百分点' else '增长'}"
            f"{fmt(r.required_growth)}{r.required_growth_unit}才能实现{r.target_year}年"
            f"{with_unit(r.target_text, r.unit)}的规划目标"
        )
    return "，".join(parts)


#: the national vocabulary's favourable labels, in the order a report names them
NATIONAL_GOOD = ("已实现", "提前实现", "基本实现", "快于预期", "基本符合预期")


def area_judgement(rows: Sequence[IndicatorRow], *, vocabulary: str = "city") -> list[Draft | Placeholder]:
    """【实施评价】 of one area: on schedule, 但也要看到 behind, not assessable, 下一步 blank."""
    out: list[Draft | Placeholder] = []
    met = [r for r in rows if r.status in (Status.ON_SCHEDULE, Status.REACHED_EARLY)]
    early = [r for r in rows if r.status == Status.REACHED_EARLY]
    behind = [r for r in rows if r.status == Status.BEHIND]
    if met and vocabulary == "national":
        groups = []
        for label in NATIONAL_GOOD:
            named = [r for r in met if r.status_label == label]
            if named:
                groups.append(f"{_names(named)}{label}")
        other = [r for r in met if r.status_label not in NATIONAL_GOOD]
        if other:
            groups.append(f"{_names(other)}达到或超过规划进度要求")
        out.append(Draft(TEMPLATES["area-national"].format(n=len(rows), groups="，".join(groups)),
                         "area-national"))
    elif met and len(early) == len(met):
        out.append(Draft(TEMPLATES["area-all-early"].format(n=len(rows), names=_names(early)),
                         "area-all-early"))
    elif met:
        early_txt = f"，其中{_names(early)}提前达到规划目标" if early else ""
        out.append(Draft(TEMPLATES["area-on-schedule"].format(
            n=len(rows), names=_names(met), early=early_txt), "area-on-schedule"))
    elif rows:
        out.append(Draft(TEMPLATES["area-none-on-schedule"].format(n=len(rows)),
                         "area-none-on-schedule"))
    if behind:
        clauses = "；".join(behind_clause(r) for r in behind)
        out.append(Draft(TEMPLATES["area-behind"].format(clauses=clauses), "area-behind"))
    out.extend(_not_assessable(rows, "area-not-assessable"))
    out.append(Placeholder("请评估人员结合本领域工作部署，填写下一步重点举措", lead="下一步，"))
    return out


def _not_assessable(rows: Sequence[IndicatorRow], template: str) -> list[Draft | Placeholder]:
    by_reason: dict[str, list[IndicatorRow]] = {}
    for r in rows:
        if r.status == Status.NOT_ASSESSABLE:
            by_reason.setdefault(r.method_category or "no_data", []).append(r)
    return [
        Draft(TEMPLATES[template].format(
            names=_names(items), reason="由于" + NOT_ASSESSABLE_REASONS.get(code, "缺少年度数据")),
            template)
        for code, items in by_reason.items()
    ]


def problems(rows: Sequence[IndicatorRow]) -> list[Draft | Placeholder]:
    """Section 三: one paragraph per lagging indicator, binding indicators, data gaps."""
    out: list[Draft | Placeholder] = []
    for r in rows:
        if r.status == Status.BEHIND:
            out.append(Draft(TEMPLATES["problem-behind"].format(
                name=r.name, clause=behind_clause(r)), "problem-behind"))
            out.append(Placeholder("请评估人员分析进度滞后的原因（外部环境、政策调整、统计口径等）",
                                   lead="原因分析："))
    for r in rows:
        if r.binding and r.status != Status.BEHIND:
            out.append(Draft(TEMPLATES["problem-binding"].format(
                name=r.name, status=f"评价为“{r.status_label}”"), "problem-binding"))
    out.extend(_not_assessable(rows, "problem-gap"))
    if not out:
        out.append(Placeholder("各项指标均达到进度要求；请评估人员填写需要关注的影响因素"))
    return out


def measures(rows: Sequence[IndicatorRow]) -> list[Draft | Placeholder]:
    """Section 四: a blank for the evaluator per lagging indicator, and one in general."""
    out: list[Draft | Placeholder] = [
        Placeholder("请填写对策建议", lead=f"针对{r.name}进度滞后，")
        for r in rows if r.status == Status.BEHIND
    ]
    out.append(Placeholder("请评估人员填写推进规划实施的总体举措和保障机制"))
    return out
