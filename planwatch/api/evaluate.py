"""Evaluating a plan at a date: the indicator table with statuses, the counts and the sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch import model as m
from planwatch.evaluation.base import (
    METHODS,
    STATUS_LABELS,
    Assessment,
    IndicatorBundle,
    Method,
    Status,
    get_method,
)
from planwatch.evaluation.summary import Summary, summarise, summary_sentence
from planwatch.issues import Issue
from planwatch.store import Store


@dataclass(frozen=True)
class IndicatorResult:
    indicator: m.Indicator
    assessment: Assessment
    others: tuple[Assessment, ...] = ()  # side by side (``--method all``): every other method

    def as_dict(self) -> dict[str, Any]:
        out = self._as_dict()
        if self.others:
            out["methods"] = {a.method: side_by_side(a) for a in (self.assessment, *self.others)}
        return out

    def _as_dict(self) -> dict[str, Any]:
        i, a = self.indicator, self.assessment
        return {
            "id": i.id,
            "seq": i.seq,
            "category": i.category,
            "name": i.name,
            "unit": i.unit,
            "nature": i.nature.value,
            "direction": i.direction.value,
            "base_value": i.base_value,
            "base_year": i.base_year,
            "base_text": i.base_text,
            "target_value": i.target_value,
            "target_year": i.target_year,
            "target_text": i.target_text,
            "qualifier": i.qualifier.value,
            "stretch_value": i.stretch_value,
            "latest_value": a.latest_value,
            "latest_period": a.latest_period,
            "progress": a.progress,
            "expected_progress": a.expected_progress,
            "status": a.status.value,
            "label": a.label,
            "status_category": a.category,  # the method's own code, e.g. no_data, no_task
            "rule": a.rule,
            "method": a.method,
            "required_growth": a.required_growth,
            "required_growth_unit": a.required_growth_unit,
            "projected_value": a.projected_value,
            "warning": a.warning,
            "provisional": a.provisional,
            "stretch": a.stretch,
            "reasons": list(a.reasons),
            "numbers": dict(a.numbers),
            "source": {k: v for k, v in i.source.__dict__.items() if v is not None},
        }


@dataclass(frozen=True)
class PlanEvaluation:
    plan: m.Plan
    as_of: dt.date
    method: str
    time_elapsed: float
    results: tuple[IndicatorResult, ...]
    summary: Summary
    sentence: str
    findings: tuple[Issue, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.id,
            "plan_title": self.plan.title,
            "as_of": self.as_of.isoformat(),
            "method": self.method,
            "time_elapsed": self.time_elapsed,
            "summary": self.summary.as_dict(),
            "sentence": self.sentence,
            "indicators": [r.as_dict() for r in self.results],
            "findings": [f.as_dict() for f in self.findings],
        }


DEFAULT_METHOD = "china"
ALL_METHODS = "all"


def all_methods() -> list[Method]:
    """Every registered method, the default first, then by name."""
    return sorted(METHODS.values(), key=lambda x: (x.name != DEFAULT_METHOD, x.name))


def side_by_side(a: Assessment) -> dict[str, Any]:
    """One method's column in the side-by-side view: its own category and figure, and the
    crosswalked status."""
    return {"status": a.status.value, "status_label": STATUS_LABELS[a.status],
            "category": a.category, "label": a.label, "value": a.value, "score": a.score,
            "reasons": list(a.reasons)}


def time_elapsed(plan: m.Plan, as_of: dt.date) -> float:
    """Share of the plan period elapsed at ``as_of`` (data to June 2023 in 2021-2025: 0.5)."""
    t = m.Period(as_of.isoformat()).plan_time
    span = plan.period_end - plan.base_year
    return max(0.0, min(1.0, (t - plan.base_year) / span))


def bundle_for(
    store: Store, indicator: m.Indicator, region: str, as_of: dt.date
) -> IndicatorBundle:
    obs: tuple[m.Observation, ...] = ()
    if indicator.statistic:
        obs = tuple(store.observations(indicator.statistic, region, as_of=as_of.isoformat()))
    return IndicatorBundle(
        indicator=indicator,
        observations=obs,
        milestones=tuple(store.milestones(indicator.id)),
        region=region,
    )


def evaluate_plan(
    store: Store,
    plan_id: str,
    as_of: dt.date,
    *,
    method: str = "china",
    config: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> PlanEvaluation:
    """Evaluate every indicator of a plan with one method at ``as_of``.

    ``method="all"`` judges with the Chinese rule (which gives the statuses, counts and sentence)
    and adds every other registered method's assessment side by side (``IndicatorResult.others``;
    the crosswalk of methods.md section 10). The data is read in a fixed number of set-based
    queries (see :func:`evaluate_plans`)."""
    store.plan(plan_id)  # a clear message when the plan does not exist
    return evaluate_plans(store, [plan_id], as_of, method=method, config=config,
                          progress=progress)[plan_id]


def evaluate_plans(
    store: Store,
    plan_ids: Sequence[str] | None,
    as_of: dt.date,
    *,
    method: str = "china",
    config: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, PlanEvaluation]:
    """Evaluate many plans (all when ``plan_ids`` is None) at once: plans, indicators,
    milestones, findings and every series' values are read in a few set-based queries (their
    number does not grow with the number of indicators), then each indicator is judged in
    memory. The results are the same as judging indicator by indicator (``bundle_for``)."""
    meth = get_method(DEFAULT_METHOD if method == ALL_METHODS else method)
    cfg = config if config is not None else meth.Config()
    side = [x for x in all_methods() if x.name != meth.name] if method == ALL_METHODS else []
    plans = {p.id: p for p in store.plans()}
    wanted = list(plans) if plan_ids is None else list(dict.fromkeys(plan_ids))
    for pid in wanted:
        if pid not in plans:
            store.plan(pid)  # raises NotFound with the list of known plans
    indicators = store.plan_indicators(None if plan_ids is None else wanted)
    by_plan: dict[str, list[m.Indicator]] = {pid: [] for pid in wanted}
    for ind in indicators:
        if ind.plan in by_plan:
            by_plan[ind.plan].append(ind)
    pairs = {(i.statistic, plans[i.plan].region) for i in indicators if i.statistic}
    values = store.series_values(pairs, as_of=as_of.isoformat())
    milestones = store.plan_milestones(None if plan_ids is None else wanted)
    findings = store.findings()
    out: dict[str, PlanEvaluation] = {}
    done, total = 0, len(indicators)
    for pid in wanted:
        plan = plans[pid]
        results = []
        for ind in by_plan[pid]:
            obs = tuple(values.get((ind.statistic, plan.region), ())) if ind.statistic else ()
            bundle = IndicatorBundle(indicator=ind, observations=obs,
                                     milestones=tuple(milestones.get(ind.id, ())),
                                     region=plan.region)
            others = tuple(x.assess(bundle, x.Config(), as_of) for x in side)
            results.append(IndicatorResult(ind, meth.assess(bundle, cfg, as_of), others))
            done += 1
            if progress:
                progress(done, total)
        summary = summarise(r.assessment for r in results)
        sentence = summary_sentence(plan, summary, [(r.indicator, r.assessment) for r in results])
        out[pid] = PlanEvaluation(
            plan=plan,
            as_of=as_of,
            method=method,
            time_elapsed=time_elapsed(plan, as_of),
            results=tuple(results),
            summary=summary,
            sentence=sentence,
            findings=tuple(f for f in findings if _concerns(f, pid, by_plan[pid])),
        )
    return out


def _concerns(f: Issue, plan_id: str, indicators: Iterable[m.Indicator]) -> bool:
    rec = f.location.record or ""
    if not rec:
        return False
    return rec == plan_id or rec.startswith(plan_id + "/") or any(rec == i.id for i in indicators)


def count_by_status(results: Iterable[IndicatorResult]) -> dict[Status, int]:
    out = {s: 0 for s in Status}
    for r in results:
        out[r.assessment.status] += 1
    return out
