"""Plan import safeguards (issue 11, item 8): a document that matches a plan already stored —
the same region, title and period, or the same indicator table — is imported as an update
(a new revision of that plan, every change audited) and never as a second plan. What would
change is listed before anything is written; re-importing a plan's own document changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from planwatch import model as m
from planwatch.store import Store

TABLE_OVERLAP = 0.8  # share of indicator names two tables must have in common to be "the same"


@dataclass(frozen=True)
class Match:
    plan: m.Plan
    reason: str  # Chinese: why the document is taken as this plan


def _norm(text: str | None) -> str:
    t = re.sub(r"[\s“”\"'（）()《》〈〉·、，,。：:]", "", text or "")
    return t.replace("征求意见稿", "")


def find_match(store: Store, plan: m.Plan, indicators: Sequence[m.Indicator]) -> Match | None:
    """The stored plan this document is a version of, if any."""
    for p in store.plans():
        if (p.region == plan.region and _norm(p.title) == _norm(plan.title)
                and (p.period_start, p.period_end) == (plan.period_start, plan.period_end)):
            return Match(p, f"与已有规划“{p.title}”（{p.id}）的地区、名称和规划期相同")
    names = {_norm(i.name) for i in indicators}
    if len(names) < 3:
        return None
    for p in store.plans():
        old = {_norm(i.name) for i in store.indicators(p.id)}
        if old and len(names & old) / len(names | old) >= TABLE_OVERLAP:
            return Match(p, f"指标表与已有规划“{p.title}”（{p.id}）相同（{len(names & old)}项指标一致）")
    return None


_LABELS = {"name": "名称", "unit": "单位", "nature": "属性", "base_value": "基期值",
           "base_year": "基期年", "target_value": "目标值", "target_year": "目标年",
           "base_text": "基期原文", "target_text": "目标原文", "note": "备注", "source": "来源位置",
           "rule": "判断规则", "rule_basis": "判断规则说明", "category": "类别", "seq": "序号",
           "direction": "方向", "direction_basis": "方向依据", "target_form": "目标形式",
           "qualifier": "限定词", "statistic": "统计指标"}
_PLAN_FIELDS = (("title", "名称"), ("period_start", "起始年"), ("period_end", "结束年"),
                ("status", "状态"))


def _text(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(getattr(v, "value", v))


def changes(store: Store, plan: m.Plan, indicators: Sequence[m.Indicator],
            narratives: Sequence[m.NarrativeTarget] = ()) -> list[str]:
    """What importing would change in the stored plan of the same id (Chinese, one line each)."""
    out: list[str] = []
    old_plan = store.plan(plan.id)
    for fld, label in _PLAN_FIELDS:
        a, b = getattr(old_plan, fld), getattr(plan, fld)
        if a != b:
            out.append(f"规划{label}：{_text(a)} → {_text(b)}")
    old = {i.id: i for i in store.indicators(plan.id)}
    new = {i.id: i for i in indicators}
    for iid, ind in new.items():
        was = old.get(iid)
        if was is None:
            out.append(f"新增指标 {ind.seq}.{ind.name}（{ind.unit}）")
            continue
        for f in fields(ind):
            a, b = getattr(was, f.name), getattr(ind, f.name)
            if a == b:
                continue
            if isinstance(a, m.SourceRef) and isinstance(b, m.SourceRef):
                a, b = a.label, b.label
            out.append(f"指标 {ind.seq}.{was.name} 的{_LABELS.get(f.name, f.name)}：{_text(a)} → {_text(b)}")
    for iid, was in old.items():
        if iid not in new:
            out.append(f"新文件中没有指标 {was.seq}.{was.name}（保留原有记录，不删除）")
    old_n = {n.id: n for n in store.narrative_targets(plan.id)}
    added = [n for n in narratives if n.id not in old_n]
    changed = [n for n in narratives if n.id in old_n and n != old_n[n.id]]
    if added:
        out.append(f"新增文字目标 {len(added)} 条")
    if changed:
        out.append(f"更新文字目标 {len(changed)} 条")
    return out
