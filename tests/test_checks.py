"""Findings in good input (planwatch.checks), on small hand-made rows; expected numbers are
worked by hand (CAGR (25.4/15.85)^(1/5)-1 = 9.89 %, etc.)."""

from __future__ import annotations

from dataclasses import replace

from planwatch import checks
from planwatch import model as m

DOCS = {"seed-003": m.Document("seed-003", "金东区规划", "plan", file="003.txt")}


def indicator(**kw) -> m.Indicator:
    base = dict(
        id="p/01", plan="p", seq=1, name="指标", statistic=None, unit="%",
        nature=m.Nature.EXPECTED, direction=m.Direction.HIGHER_BETTER, direction_basis="",
        target_form=m.TargetForm.SHARE, rule=m.ProgressRule.LINEAR, rule_basis="",
        qualifier=m.Qualifier.EXACT, base_year=2020, target_year=2025,
        source=m.SourceRef(document="seed-003", line=773, table="表4-1"))
    base.update(kw)
    return m.Indicator(**base)


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_share_printed_as_fraction_keeps_value_and_reports_location() -> None:
    ind = indicator(base_value=40.4, target_value=0.45, target_text="0.45", declared_growth=2.18,
                    declared_growth_unit=m.GrowthUnit.POINTS)
    found = checks.check_indicator(ind, DOCS)
    assert codes(found) == ["share-printed-as-fraction", "declared-growth-convention"]
    frac = found[0]
    assert "0.45" in frac.message and "45%" in frac.message
    assert (frac.location.file, frac.location.line, frac.location.table) == ("003.txt", 773, "表4-1")
    assert ind.target_value == 0.45  # the dataset keeps the printed value


def test_declared_growth_as_cagr_matches() -> None:
    ind = indicator(unit="亿元", base_value=290.1, target_value=545, declared_growth=13.4,
                    declared_growth_unit=m.GrowthUnit.PERCENT)
    assert checks.check_indicator(ind, DOCS) == []


def test_declared_growth_mismatch_names_the_numbers() -> None:
    ind = indicator(name="规上工业全员劳动生产率", unit="万元/人", base_value=15.85,
                    target_value=25.4, declared_growth=8.89,
                    declared_growth_unit=m.GrowthUnit.PERCENT)
    (f,) = checks.check_indicator(ind, DOCS)
    assert f.code == "declared-growth-mismatch"
    assert "8.89" in f.message and "9.89" in f.message


def test_points_per_year_within_tolerance() -> None:
    ind = indicator(base_value=33.1, target_value=35, declared_growth=0.38,
                    declared_growth_unit=m.GrowthUnit.POINTS)  # (35-33.1)/5 = 0.38
    assert checks.check_indicator(ind, DOCS) == []
    off = replace(ind, declared_growth=0.44)  # 0.06 away: beyond ±0.05
    assert codes(checks.check_indicator(off, DOCS)) == ["declared-growth-mismatch"]


def test_convention_finding_when_points_are_declared_but_cagr_printed() -> None:
    ind = indicator(base_value=4.36, target_value=5, declared_growth=2.78,
                    declared_growth_unit=m.GrowthUnit.POINTS)
    (f,) = checks.check_indicator(ind, DOCS)
    assert f.code == "declared-growth-convention"
    assert "0.13" in f.message and "2.78" in f.message


def test_cumulative_and_province_task_rows_are_not_growth_checked() -> None:
    ind = indicator(unit="亿元", base_value=203.18, target_value=300, declared_growth=1.0,
                    declared_growth_unit=m.GrowthUnit.PERCENT, qualifier=m.Qualifier.CUMULATIVE)
    assert checks.check_indicator(ind, DOCS) == []


def _decomposition(values: dict[str, float], *, ind: str = "p/06") -> list[m.Decomposition]:
    return [m.Decomposition(ind, region, 2025, value, "target",
                            m.SourceRef(document="seed-004", line=732, table="附件1"))
            for region, value in values.items()]


def _decomp_findings(stat: m.Statistic, total: float, parts: dict[str, float]) -> list:
    ind = indicator(id="p/06", statistic=stat.id, unit=stat.unit, target_value=total)
    plan = m.Plan("p", "规划", "330700", "经信局", m.PlanLevel.CITY, m.PlanKind.SECTOR, 2021,
                  2025, 2020, m.PlanStatus.DRAFT)
    return checks.check_decompositions([ind], _decomposition(parts), {stat.id: stat}, {"p": plan},
                                       {})


def test_additive_decomposition_gap_and_balance() -> None:
    firms = m.Statistic("gs-firms", "规上工业企业数", "家", additive=True)
    gap = _decomp_findings(firms, 7000, {"a": 4000, "b": 2600})
    assert codes(gap) == ["decomposition-gap"]
    assert "6600" in gap[0].message and "7000" in gap[0].message and "少400" in gap[0].message
    assert _decomp_findings(firms, 8000, {"a": 5000, "b": 3000}) == []


def test_ratios_are_never_summed() -> None:
    tax = m.Statistic("gs-tax", "规上工业亩均税收", "万元/亩", additive=False)
    assert _decomp_findings(tax, 30, {"a": 7.9, "b": 8.5}) == []


def obs(value: float, *, period: str = "2019", line: int = 103, url: str | None = None,
        text: str | None = None, doc: str | None = "seed-003") -> m.Observation:
    src = m.SourceRef(document=None if url else doc, line=None if url else line, url=url,
                      title="t" if url else None)
    return m.Observation("industry-va", "330703", m.Period(period), m.ObservationKind.LEVEL,
                         value, "亿元", src, text=text)


def test_repeated_value_for_consecutive_years() -> None:
    stats = {"industry-va": m.Statistic("industry-va", "工业增加值", "亿元")}
    found = checks.check_repeated_values(
        [obs(74.59, period="2018", line=101), obs(74.59, period="2019", line=103)], stats, DOCS)
    assert codes(found) == ["repeated-value"]
    assert "74.59" in found[0].message and found[0].location.line == 103
    rounded = [obs(63, period="2015", text="63"), obs(63, period="2016", text="63")]
    assert checks.check_repeated_values(rounded, stats, DOCS) == []


def test_observation_conflict_respects_printed_precision() -> None:
    stats = {"industry-va": m.Statistic("industry-va", "工业增加值", "亿元")}
    a = obs(8788.32, period="2025-01..11", url="http://a", text="8788.32")
    b = obs(9658.01, period="2025-01..11", url="http://b", text="9658.01")
    (f,) = checks.check_observation_conflicts([a, b], stats)
    assert f.code == "observation-conflict" and "8788.32" in f.message and "9658.01" in f.message
    c = obs(8788.3, period="2025-01..11", url="http://c", text="8788.3")
    assert checks.check_observation_conflicts([a, c], stats) == []


def test_base_mismatch() -> None:
    plan = m.Plan("p", "规划", "330703", "区", m.PlanLevel.COUNTY, m.PlanKind.SECTOR, 2021, 2025,
                  2020, m.PlanStatus.DRAFT)
    ind = indicator(statistic="industry-va", unit="亿元", base_value=89.49, base_text="89.49",
                    source=m.SourceRef(document="seed-003", line=752))
    same = obs(89.49, period="2020", line=105)
    assert checks.check_base_mismatch([ind], [same], {"p": plan}, DOCS) == []
    other = obs(91.2, period="2020", url="http://x", text="91.2")
    (f,) = checks.check_base_mismatch([ind], [other], {"p": plan}, DOCS)
    assert f.code == "base-mismatch" and "89.49" in f.message and "91.2" in f.message
