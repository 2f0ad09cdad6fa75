"""Annual evaluation (年度计划): one year of a plan against each indicator's milestone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from planwatch import model as m
from planwatch.api.evaluate import IndicatorResult, bundle_for
from planwatch.evaluation.base import Status
from planwatch.evaluation.china import Config
from planwatch.evaluation.milestones import assess_year, milestone_path
from planwatch.store import Store


@dataclass(frozen=True)
class AnnualEvaluation:
    plan: m.Plan
    year: int
    as_of: dt.date
    results: tuple[IndicatorResult, ...]

    @property
    def counts(self) -> dict[str, int]:
        out = {"total": len(self.results), "met": 0, "missed": 0, "not_assessable": 0}
        for r in self.results:
            s = r.assessment.status
            key = "met" if s is Status.ON_SCHEDULE else "missed" if s is Status.BEHIND else "not_assessable"
            out[key] += 1
        return out

    @property
    def sentence(self) -> str:
        c = self.counts
        text = (f"{self.year}年度，{self.plan.title}的{c['total']}项指标中，{c['met']}项完成年度目标，"
                f"{c['missed']}项未完成年度目标")
        return text + (f"，{c['not_assessable']}项未作出评估。" if c["not_assessable"] else "。")

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.id,
            "plan_title": self.plan.title,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "counts": self.counts,
            "sentence": self.sentence,
            "indicators": [
                {**r.as_dict(), "milestone": r.assessment.numbers.get("milestone"),
                 "milestone_origin": r.assessment.numbers.get("milestone_origin")}
                for r in self.results
            ],
        }


def evaluate_year(
    store: Store, plan_id: str, year: int, *, as_of: dt.date | None = None,
    config: Config | None = None,
) -> AnnualEvaluation:
    """Judge ``year`` of a plan: each indicator's value for the year against its milestone
    (entered in the annual plan, or derived from the base-to-target path)."""
    plan = store.plan(plan_id)
    when = as_of or dt.date.today()
    results = []
    for ind in store.indicators(plan_id):
        bundle = bundle_for(store, ind, plan.region, when)
        results.append(IndicatorResult(ind, assess_year(bundle, year, config, when)))
    return AnnualEvaluation(plan, year, when, tuple(results))


def milestones_of(store: Store, indicator_id: str, *, config: Config | None = None) -> list[m.Milestone]:
    """Each year's milestone of an indicator (entered first, else derived from the path)."""
    ind = store.indicator(indicator_id)
    plan = store.plan(ind.plan)
    bundle = bundle_for(store, ind, plan.region, dt.date.today())
    return milestone_path(bundle, config)
