"""Counting statuses and the progress sentence of seed 002 section 一（二）."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from planwatch.evaluation.base import Assessment, Status
from planwatch.evaluation.summary import summarise, summary_sentence
from planwatch.model import (
    Direction,
    Indicator,
    Nature,
    Plan,
    PlanKind,
    PlanLevel,
    PlanStatus,
    ProgressRule,
    Qualifier,
    TargetForm,
)
from tests.conftest import seed

CATEGORIES = ["no_data", "no_base", "no_task", "not_quantified"]


def fake(n: int, status: Status, nature: Nature, category: str | None = None,
         warning: bool = False) -> Assessment:
    return Assessment(indicator=f"p/{n:02d}", method="china", status=status, label="", rule="",
                      category=category, warning=warning, numbers={"nature": nature.value})


AREAS = ["经济发展", "创新驱动", "开放合作", "城乡融合", "民生福祉", "绿色生态", "安全保障", "治理效能"]


def ind(n: int, name: str, nature: Nature) -> Indicator:
    return Indicator(id=f"p/{n:02d}", plan="p", seq=n, name=name, statistic=None, unit="%",
                     category=AREAS[n % 8],
                     nature=nature, direction=Direction.HIGHER_BETTER, direction_basis="declared",
                     target_form=TargetForm.LEVEL, rule=ProgressRule.LINEAR, rule_basis="",
                     qualifier=Qualifier.EXACT)


@given(st.lists(st.tuples(st.sampled_from(list(Status)), st.sampled_from(list(Nature)),
                          st.sampled_from(CATEGORIES), st.booleans())))
def test_counts_add_up(rows):
    items = [fake(n, s, nat, c if s is Status.NOT_ASSESSABLE else None,
                  w and s is Status.BEHIND and nat is Nature.BINDING)
             for n, (s, nat, c, w) in enumerate(rows)]
    s = summarise(items)
    assert s.total == len(rows)
    parts = [s.on_schedule, s.reached_early, s.behind, s.not_assessable]
    assert sum(p.total for p in parts) == s.total
    assert sum(p.expected for p in parts) == sum(1 for r in rows if r[1] is Nature.EXPECTED)
    assert sum(p.binding for p in parts) == sum(1 for r in rows if r[1] is Nature.BINDING)
    assert sum(s.not_assessable_reasons.values()) == s.not_assessable.total
    assert s.met_or_exceeded.total == s.on_schedule.total + s.reached_early.total
    assert s.warnings <= s.behind.binding


def seed_002_set() -> tuple[Plan, list[tuple[Indicator, Assessment]]]:
    """37 indicators as seed 002 counts them: 24 met (15 expected, 9 binding) of which 9 reached
    early; 8 expected and 3 binding behind; 2 not assessable for lack of annual data."""
    E, B = Nature.EXPECTED, Nature.BINDING
    spec = ([(Status.REACHED_EARLY, E)] * 5 + [(Status.REACHED_EARLY, B)] * 4
            + [(Status.ON_SCHEDULE, E)] * 10 + [(Status.ON_SCHEDULE, B)] * 5
            + [(Status.BEHIND, E)] * 8 + [(Status.BEHIND, B)] * 3)
    rows = [(ind(n, f"指标{n}", nat), fake(n, st_, nat, warning=nat is B and st_ is Status.BEHIND))
            for n, (st_, nat) in enumerate(spec, 1)]
    rows.append((ind(36, "交通物流业增加值", E), fake(36, Status.NOT_ASSESSABLE, E, "no_data")))
    rows.append((ind(37, "单位GDP二氧化碳排放降低率", B),
                 fake(37, Status.NOT_ASSESSABLE, B, "no_data")))
    plan = Plan(id="jinhua-14", title="纲要", region="330700", issuer="金华市人民政府",
                level=PlanLevel.CITY, kind=PlanKind.OUTLINE, period_start=2021, period_end=2025,
                base_year=2020, status=PlanStatus.ADOPTED)
    return plan, rows


def test_seed_002_sentence_reproduced():
    plan, rows = seed_002_set()
    s = summarise(a for _, a in rows)
    assert s.total == 37
    assert s.met_or_exceeded.as_dict() == {"expected": 15, "binding": 9}
    assert s.reached_early.total == 9
    assert s.behind.as_dict() == {"expected": 8, "binding": 3}
    assert s.not_assessable.total == 2 and s.not_assessable_reasons == {"no_data": 2}
    assert s.warnings == 3
    sentence = summary_sentence(plan, s, rows, name_areas=True)
    line = seed("002").read_text(encoding="utf-8").splitlines()[48].strip()
    assert line.startswith("按照“时间与进度基本一致”评价原则")
    assert sentence == line


def test_sentence_without_categories_omits_areas():
    plan, rows = seed_002_set()
    rows = [(dataclasses.replace(i, category=None), a) for i, a in rows]
    sentence = summary_sentence(plan, summarise(a for _, a in rows), rows, name_areas=True)
    assert "确定的37项指标中" in sentence
    plain = summary_sentence(*seed_002_set()[:1], summarise(a for _, a in seed_002_set()[1]),
                             seed_002_set()[1])
    assert "确定的37项指标中" in plain  # areas only on request
