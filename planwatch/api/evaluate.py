"""Evaluating a plan at a date: the indicator table with statuses, the counts and the sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from planwatch import model as m
from planwatch.errors import ConfigError
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
from planwatch.evaluation.vocabulary import VOCABULARIES, national_sentence, relabel
from planwatch.issues import Issue
from planwatch.observation_choice import DEFAULT_ORDER, choose
from planwatch.observation_choice import known_at as known_at_filter
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
            "latest": a.latest.as_dict() if a.latest else None,
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
    known_at: dt.date | None = None  # evaluated with the values published by this date
    vocabulary: str = "city"

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.id,
            "plan_title": self.plan.title,
            "as_of": self.as_of.isoformat(),
            "as_known_at": self.known_at.isoformat() if self.known_at else None,
            "vocabulary": self.vocabulary,
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
    store: Store, indicator: m.Indicator, region: str, as_of: dt.date, *,
    known_at: dt.date | None = None, order: Sequence[str] | None = None,
) -> IndicatorBundle:
    """What a method needs for one indicator: the values in force at ``as_of`` (as published by
    ``known_at`` when given), the values the choice order set aside, the annual targets and, for
    a relational target, the reference statistic's values."""
    obs: tuple[m.Observation, ...] = ()
    aside: tuple[m.Observation, ...] = ()
    ref: tuple[m.Observation, ...] = ()
    order = tuple(order or DEFAULT_ORDER)
    iso = as_of.isoformat()
    if indicator.statistic:
        chosen, set_aside, _ = store.observation_versions(
            indicator.statistic, region, as_of=iso, known_at=known_at, order=order)
        obs, aside = tuple(chosen), tuple(set_aside)
    if indicator.reference_statistic:
        ref = tuple(store.observation_versions(
            indicator.reference_statistic, region, as_of=iso, known_at=known_at, order=order)[0])
    return IndicatorBundle(
        indicator=indicator,
        observations=obs,
        milestones=tuple(store.milestones(indicator.id)),
        region=region,
        reference_observations=ref,
        superseded=aside,
    )


def evaluate_plan(
    store: Store,
    plan_id: str,
    as_of: dt.date,
    *,
    method: str = "china",
    config: Any = None,
    progress: Callable[[int, int], None] | None = None,
    known_at: dt.date | None = None,
    vocabulary: str | None = None,
) -> PlanEvaluation:
    """Evaluate every indicator of a plan with one method at ``as_of``.

    ``method="all"`` judges with the Chinese rule (which gives the statuses, counts and sentence)
    and adds every other registered method's assessment side by side (``IndicatorResult.others``;
    the crosswalk of methods.md section 10). The data is read in a fixed number of set-based
    queries (see :func:`evaluate_plans`). ``known_at`` evaluates with the values published by
    that date (vintages); ``vocabulary`` (city or national) overrides the plan's."""
    store.plan(plan_id)  # a clear message when the plan does not exist
    return evaluate_plans(store, [plan_id], as_of, method=method, config=config,
                          progress=progress, known_at=known_at, vocabulary=vocabulary)[plan_id]


def evaluate_plans(
    store: Store,
    plan_ids: Sequence[str] | None,
    as_of: dt.date,
    *,
    method: str = "china",
    config: Any = None,
    progress: Callable[[int, int], None] | None = None,
    known_at: dt.date | None = None,
    vocabulary: str | None = None,
) -> dict[str, PlanEvaluation]:
    """Evaluate many plans (all when ``plan_ids`` is None) at once: plans, indicators,
    milestones, findings and every series' values are read in a few set-based queries (their
    number does not grow with the number of indicators), then each indicator is judged in
    memory. The results are the same as judging indicator by indicator (``bundle_for``)."""
    if vocabulary is not None and vocabulary not in VOCABULARIES:
        raise ConfigError(f"评价用语“{vocabulary}”无效，可选：city（市级报告用语）、national（国家中期评估用语）")
    meth = get_method(DEFAULT_METHOD if method == ALL_METHODS else method)
    cfg = config if config is not None else meth.Config()
    order = tuple(getattr(cfg, "observation_order", None) or DEFAULT_ORDER)
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
    pairs |= {(i.reference_statistic, plans[i.plan].region) for i in indicators
              if i.reference_statistic}
    values = _versions(store, pairs, as_of, known_at, order)
    milestones = store.plan_milestones(None if plan_ids is None else wanted)
    findings = store.findings()
    out: dict[str, PlanEvaluation] = {}
    done, total = 0, len(indicators)
    for pid in wanted:
        plan = plans[pid]
        vocab = vocabulary or plan.vocabulary
        results = []
        for ind in by_plan[pid]:
            chosen, aside = values.get((ind.statistic or "", plan.region), ([], []))
            ref = values.get((ind.reference_statistic or "", plan.region), ([], []))[0]
            bundle = IndicatorBundle(indicator=ind, observations=tuple(chosen),
                                     milestones=tuple(milestones.get(ind.id, ())),
                                     region=plan.region, reference_observations=tuple(ref),
                                     superseded=tuple(aside))
            others = tuple(x.assess(bundle, x.Config(), as_of) for x in side)
            a = relabel(meth.assess(bundle, cfg, as_of), vocab)
            if known_at is not None:
                a = replace(a, numbers={**a.numbers, "as_known_at": known_at.isoformat()})
            results.append(IndicatorResult(ind, a, others))
            done += 1
            if progress:
                progress(done, total)
        summary = summarise(r.assessment for r in results)
        sentence = _sentence(plan, summary, [(r.indicator, r.assessment) for r in results],
                             vocab, as_of)
        out[pid] = PlanEvaluation(
            plan=plan,
            as_of=as_of,
            method=method,
            time_elapsed=time_elapsed(plan, as_of),
            results=tuple(results),
            summary=summary,
            sentence=sentence,
            findings=tuple(f for f in findings if _concerns(f, pid, by_plan[pid])),
            known_at=known_at,
            vocabulary=vocab,
        )
    return out


def _versions(
    store: Store, pairs: set[tuple[str, str]], as_of: dt.date, known_at: dt.date | None,
    order: Sequence[str],
) -> dict[tuple[str, str], tuple[list[m.Observation], list[m.Observation]]]:
    """Per series: (values in force by the choice order, values set aside), from one set-based
    read of every revision; with ``known_at`` only what had been published by then."""
    raw = store.series_values(pairs, as_of=as_of.isoformat(), all_revisions=True)
    out = {}
    for key, obs in raw.items():
        if known_at is not None:
            obs = known_at_filter(obs, known_at)[0]
        out[key] = choose(obs, order)
    return out


def _sentence(plan: m.Plan, summary: Summary, rows: list[tuple[m.Indicator, Assessment]],
              vocab: str, as_of: dt.date) -> str:
    if vocab == "national":
        final = as_of >= dt.date(plan.period_end, 12, 31)
        return national_sentence(plan, summary, rows, final=final)
    return summary_sentence(plan, summary, rows)


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
