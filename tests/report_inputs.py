"""A small hand-written SYNTHETIC plan with hand-written assessments, for renderer tests that must
not depend on an evaluation method. Numbers are invented and labelled 合成测试 everywhere."""

from __future__ import annotations

import datetime as dt

from planwatch import model as m
from planwatch.evaluation.base import STATUS_LABELS, Assessment, Status
from planwatch.evaluation.summary import summarise, summary_sentence
from planwatch.reports.build import ReportInputs
from planwatch.reports.context import ReportKind

DOC = m.Document("syn-doc", "合成测试规划", "plan", issuer="合成测试机构")
PLAN = m.Plan("syn-plan", "合成测试规划", "syn", "合成测试机构", m.PlanLevel.CITY, m.PlanKind.SECTOR,
              2021, 2025, 2020, m.PlanStatus.DRAFT, categories=("甲领域", "乙领域"))


def _ind(seq: int, name: str, unit: str, base: float | None, target: float | None, cat: str,
         nature: m.Nature = m.Nature.EXPECTED, target_text: str | None = None) -> m.Indicator:
    return m.Indicator(
        id=f"syn-plan/{seq:02d}", plan="syn-plan", seq=seq, name=name, statistic=f"s{seq}",
        unit=unit, nature=nature, direction=m.Direction.HIGHER_BETTER, direction_basis="declared",
        target_form=m.TargetForm.LEVEL, rule=m.ProgressRule.LINEAR, rule_basis="合成",
        qualifier=m.Qualifier.EXACT, category=cat, base_value=base, base_year=2020,
        base_text="—" if base is None else f"{base:g}", target_value=target, target_year=2025,
        target_text=target_text or ("—" if target is None else f"{target:g}"),
        source=m.SourceRef(document="syn-doc", table="表1", line=10 + seq),
    )


def _a(ind: m.Indicator, status: Status, **kw: object) -> Assessment:
    return Assessment(ind.id, "china", status, STATUS_LABELS[status], "线性进度", **kw,  # type: ignore[arg-type]
                      numbers={"nature": ind.nature.value})


def _obs(stat: str, year: int, value: float, unit: str, line: int) -> m.Observation:
    return m.Observation(stat, "syn", m.Period.year(year), m.ObservationKind.LEVEL, value, unit,
                         m.SourceRef(document="syn-doc", line=line))


def inputs(kind: ReportKind = ReportKind.MIDTERM, with_charts: bool = True) -> ReportInputs:
    i1 = _ind(1, "测试产值", "亿元", 100, 200, "甲领域")
    i2 = _ind(2, "测试比重", "%", 30, 40, "甲领域", target_text="40以上")
    i3 = _ind(3, "测试排放", "%", None, None, "乙领域", m.Nature.BINDING, "完成省下达任务")
    i4 = _ind(4, "测试企业数", "家", 500, 800, "乙领域")
    rows = [
        (i1, _a(i1, Status.BEHIND, progress=0.305, expected_progress=0.4, latest_value=130.5,
                latest_period="2022", required_growth=15.26, required_growth_unit="%")),
        (i2, _a(i2, Status.ON_SCHEDULE, progress=0.55, expected_progress=0.4, latest_value=35.5,
                latest_period="2022")),
        (i3, _a(i3, Status.NOT_ASSESSABLE, category="no_task")),
        (i4, _a(i4, Status.REACHED_EARLY, progress=1.02, expected_progress=0.4, latest_value=806,
                latest_period="2022")),
    ]
    summary = summarise(a for _, a in rows)
    obs = {
        "s1": [_obs("s1", 2021, 118.2, "亿元", 50), _obs("s1", 2022, 130.5, "亿元", 51)],
        "s2": [_obs("s2", 2022, 35.5, "%", 52)],
        "s4": [_obs("s4", 2022, 806, "家", 53)],
    }
    return ReportInputs(
        plan=PLAN, as_of=dt.date(2023, 6, 30), method="中国规则（china）", time_elapsed=0.5,
        rows=rows, summary=summary, sentence=summary_sentence(PLAN, summary, rows), kind=kind,
        region_name="合成市", observations=obs, documents={"syn-doc": DOC},
        statistics={}, with_charts=with_charts, synthetic=True, generated_at="2023-07-01 09:00",
    )
