"""The vectorised engine: worked examples of methods.md, agreement with per-series code on random
data, independence from row order, and monotonicity."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.evaluation.base import Status, get_method
from planwatch.evaluation.batch import SeriesBatch, evaluate
from planwatch.evaluation.batch.bundles import bundle_of
from planwatch.evaluation.china import Config as ChinaConfig

NAN = math.nan
MIDTERM = dt.date(2024, 6, 30)  # data to end-2023: e = 0.6 in a 2020-2025 plan


@dataclass(frozen=True)
class Row:
    years: tuple[int, ...]
    values: tuple[float | None, ...]  # None = gap
    base_value: float | None
    base_year: int
    target_value: float | None
    target_year: int
    qualifier: str
    direction: int
    rule: str
    nature: str
    limit: float | None = None
    declared_growth: float | None = None
    rate: bool = False


def batch_of(rows: list[Row]) -> SeriesBatch:
    def f(x: float | None) -> float:
        return NAN if x is None else x

    return SeriesBatch.build(
        years=rows[0].years,
        values=[[f(v) for v in r.values] for r in rows],
        base_value=[f(r.base_value) for r in rows],
        base_year=[r.base_year for r in rows],
        target_value=[f(r.target_value) for r in rows],
        target_year=[r.target_year for r in rows],
        qualifier=[r.qualifier for r in rows],
        direction=[r.direction for r in rows],
        rule=[r.rule for r in rows],
        nature=[r.nature for r in rows],
        limit=[f(r.limit) for r in rows],
        declared_growth=[f(r.declared_growth) for r in rows],
        rate=[r.rate or r.rule == "growth" for r in rows],
    )


def row(data: dict[int, float], years: range = range(2015, 2026), **kw: object) -> Row:
    fields: dict[str, object] = {
        "base_value": None,
        "base_year": 2020,
        "target_value": None,
        "target_year": 2025,
        "qualifier": "exact",
        "direction": 1,
        "rule": "linear",
        "nature": "expected",
    }
    fields.update(kw)
    return Row(years=tuple(years), values=tuple(data.get(y) for y in years), **fields)  # type: ignore[arg-type]


# --- worked examples (methods.md 2.6 and 3.2; expected values copied from the document) ------

CHINA_CASES = [
    # CN1 城镇化率 (a share): p_lin = 3.2/5 = 0.64 > 0.6 → 快于预期
    ("CN1", row({2023: 63.2}, base_value=60.0, target_value=65.0, rate=True), "faster", 0.640),
    # CN2 GDP 年均增长6%: p_log = 0.4797 < 0.6
    ("CN2", row({2023: 1150}, base_value=1000, rule="compound", declared_growth=6.0), "behind",
     0.4797),
    # CN3 单位GDP能耗降低[14%], yearly reductions 3.0, 2.5, 1.5: p = 0.4700 (binding)
    ("CN3", row({2021: 3.0, 2022: 2.5, 2023: 1.5}, target_value=14.0, qualifier="cumulative",
                rule="cumulative_reduction", nature="binding"), "behind", 0.4700),
    # CN4 PM2.5 35以内: 33 ≤ 35
    ("CN4", row({2023: 33}, base_value=40, target_value=35, qualifier="at_most", direction=-1,
                nature="binding"), "reached_early", None),
    # CN5 森林覆盖率保持45%以上: (a) 45.4, (b) 44.8
    ("CN5a", row({2023: 45.4}, base_value=45.2, target_value=45, qualifier="at_least",
                 rule="threshold", rate=True), "reached_early", None),
    ("CN5b", row({2023: 44.8}, base_value=45.2, target_value=45, qualifier="at_least",
                 rule="threshold", rate=True), "behind", None),
    # CN6 GDP增长6%左右, ĝ = 5.413 %: with δ = 0.5 behind (the band is set per batch below)
    ("CN6", row({2021: 8.1, 2022: 3.0, 2023: 5.2}, target_value=6.0, qualifier="about",
                rule="growth"), "behind", None),
    # CN9 only the 2020 value
    ("CN9", row({2020: 60.0}, base_value=60.0, target_value=65.0), "no_data", None),
]


def test_china_worked_examples_in_one_batch() -> None:
    res = evaluate(batch_of([c[1] for c in CHINA_CASES]), MIDTERM, "china")
    for i, (name, _, category, p) in enumerate(CHINA_CASES):
        assert res.category_of(i) == category, name
        if p is not None:
            assert res.progress[i] == pytest.approx(p, abs=5e-5), name
        if name != "CN9":
            assert res.expected_progress[i] == pytest.approx(0.6), name


def test_about_band_of_one_point_puts_cn6_on_schedule() -> None:
    cn6 = CHINA_CASES[6][1]
    res = evaluate(batch_of([cn6]), MIDTERM, "china", ChinaConfig(band_points=1.0))
    assert res.status_of(0) is Status.ON_SCHEDULE
    assert res.value[0] == pytest.approx(5.413, abs=5e-4)  # ĝ = 5.413 %


def test_binding_indicator_behind_schedule_is_warned() -> None:
    res = evaluate(batch_of([CHINA_CASES[2][1], CHINA_CASES[3][1]]), MIDTERM, "china")
    assert res.warning.tolist() == [True, False]


STATCAN_CASES = [
    # SC1: R = 1.91409, on track, score 5
    (row({2015: 14.5, 2019: 10.1}, years=range(2015, 2031), base_year=2015, target_value=7.25,
         target_year=2030, direction=-1), "substantial_progress", 1.91409, 5.0),
    # SC2: v = 0.99915 %, C = 0.835477, score 1.73975
    (row({2016: 66.6, 2023: 71.4}, years=range(2015, 2031), base_year=2016, limit=100.0),
     "moderate_progress", 0.0099915, 1.73975),
    # SC3: R = −3.00405, deterioration, score −5
    (row({2016: 7.8, 2025: 13.5}, years=range(2015, 2031), base_year=2016, target_value=10.0,
         target_year=2028, direction=-1), "deterioration", -3.00405, -5.0),
    # SC4: negative values, v = −9.1097 %
    (row({2015: -4.83, 2016: -4.39}, years=range(2015, 2031), base_year=2015, direction=-1),
     "deterioration", -0.091097, -5.0),
    # SC5: near the limit, v = 0.33398 %, on track
    (row({2015: 97.4, 2022: 99.7}, years=range(2015, 2031), base_year=2015, limit=100.0),
     "substantial_progress", 0.0033398, 5.0),
    # SC6: base 0 → 0.001, v = 4.4928
    (row({2015: 0.0, 2020: 5.0}, years=range(2015, 2031), base_year=2015),
     "substantial_progress", 4.4928, 5.0),
    # fewer than two years of data
    (row({2015: 3.0}, years=range(2015, 2031), base_year=2015), "not_available", None, None),
]


def test_statcan_worked_examples_in_one_batch() -> None:
    res = evaluate(batch_of([c[0] for c in STATCAN_CASES]), dt.date(2030, 12, 31), "statcan")
    for i, (_, category, value, score) in enumerate(STATCAN_CASES):
        assert res.category_of(i) == category, i
        if value is None:
            assert math.isnan(res.value[i]) and res.status_of(i) is Status.NOT_ASSESSABLE
            continue
        assert res.value[i] == pytest.approx(value, rel=1e-4), i
        assert res.score[i] == pytest.approx(score, abs=1e-4), i


def test_province_tasks_are_left_to_per_series_code() -> None:
    r = row({2023: 1.0}, base_value=1.0, target_value=2.0, qualifier="province_task",
            rule="province_task")
    res = evaluate(batch_of([r]), MIDTERM, "china")
    assert res.fallback.tolist() == [True]
    assert res.category_of(0) == "no_task"


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        SeriesBatch.build(years=[2020], values=[[1.0]], base_value=[1], base_year=[2020],
                          target_value=[2], target_year=[2025], qualifier=["exact"],
                          direction=[1], rule=["quadratic"], nature=["expected"])


# --- random data ------------------------------------------------------------------------------

YEARS = tuple(range(2015, 2026))
RULES = ["linear", "linear", "compound", "compound", "threshold", "growth", "cumulative_reduction",
         "cumulative_sum", "none", "province_task"]
POSITIVE = st.integers(1, 3000).map(lambda k: k / 10)
PRESENT = st.sampled_from([True, True, True, False])  # a quarter of the cells are gaps


@st.composite
def path(draw: st.DrawFn) -> tuple[tuple[float, ...], float]:
    """A level series with a trend and noise, rounded as published; sometimes signed or zero."""
    x0 = draw(st.sampled_from([1.0, 1.0, 1.0, -1.0, 0.0])) * draw(POSITIVE)
    g = draw(st.integers(-100, 150)) / 1000
    noise = [draw(st.integers(-20, 20)) / 1000 for _ in YEARS]
    return tuple(round(x0 * (1 + g) ** k * (1 + n), 2) for k, n in enumerate(noise)), g


@st.composite
def rows(draw: st.DrawFn) -> Row:
    rule = draw(st.sampled_from(RULES))
    base_year = draw(st.sampled_from([2020, 2018, 2015]))
    target_year = base_year + draw(st.sampled_from([5, 5, 3, 10, 5, 0]))
    base = None
    if rule == "growth":
        cells = tuple(draw(st.integers(-300, 300)) / 10 for _ in YEARS)
        target: float | None = draw(st.integers(-50, 150).map(lambda k: k / 10))
    elif rule == "cumulative_reduction":
        cells = tuple(draw(st.integers(-50, 200)) / 10 for _ in YEARS)
        target = draw(st.integers(-10, 600).map(lambda k: k / 10))
    elif rule == "cumulative_sum":
        cells = tuple(draw(POSITIVE) for _ in YEARS)
        target = draw(POSITIVE)
    else:
        cells, g = draw(path())
        base = cells[YEARS.index(base_year)]
        # a target near the series' own pace half of the time, so that p lands near e
        gt = g + draw(st.integers(-15, 15)) / 1000 if draw(st.booleans()) else g + draw(
            st.integers(-100, 150)) / 1000
        target = round(base * (1 + gt) ** max(target_year - base_year, 1), 2)
    values = tuple(v if draw(PRESENT) else None for v in cells)
    qualifier = draw(st.sampled_from(["exact", "at_least", "at_most", "about", "cumulative"]))
    if rule in ("none", "province_task"):
        qualifier = rule
    level = rule in ("linear", "compound", "threshold")
    # mostly the direction in which the target lies, as plans state it
    direction = draw(st.sampled_from([1, -1]))
    if level and base is not None and target is not None and draw(st.integers(0, 4)):
        direction = 1 if target >= base else -1
        if qualifier in ("at_least", "at_most"):  # mostly as the direction says
            qualifier = "at_least" if direction > 0 else "at_most"
    return Row(
        years=YEARS,
        values=values,
        base_value=base if level and draw(PRESENT) else None,
        base_year=base_year,
        target_value=None if draw(st.integers(0, 9)) == 9 else target,
        target_year=target_year,
        qualifier=qualifier,
        direction=direction,
        rule=rule,
        nature=draw(st.sampled_from(["expected", "binding"])),
        limit=draw(st.none() | st.sampled_from([1.0, 100.0, 50.0])),
        declared_growth=draw(st.none() | st.integers(-30, 120).map(lambda k: k / 10)),
        rate=level and draw(st.booleans()),
    )


AS_OF = st.sampled_from([dt.date(2022, 6, 30), dt.date(2024, 6, 30), dt.date(2025, 12, 31),
                         dt.date(2027, 1, 1)])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHINA_CONFIGS = st.builds(
    ChinaConfig,
    tolerance=st.sampled_from([0.0, 0.1]),
    band_points=st.sampled_from([0.5, 0.0]),
    band_relative=st.sampled_from([0.01, 0.05]),
    reduction_path=st.sampled_from(["compound", "linear"]),
    split_on_schedule=st.booleans(),
)


def same(a: float | None, b: float) -> bool:
    if a is None or not math.isfinite(a):
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def agree(method: str, batch: SeriesBatch, i: int, res, cfg, as_of: dt.date) -> None:
    a = get_method(method).assess(bundle_of(batch, i), cfg, as_of)
    got = (res.status_of(i), res.category_of(i))
    assert got == (a.status, a.category), (i, a.reasons)
    for name in ("progress", "expected_progress", "value", "required_growth", "score"):
        assert same(getattr(a, name), getattr(res, name)[i]), (name, i, a.reasons)


@SETTINGS
@given(st.lists(rows(), min_size=1, max_size=25), AS_OF, CHINA_CONFIGS)
def test_china_agrees_with_the_per_series_rule(data, as_of, cfg) -> None:
    batch = batch_of(data)
    res = evaluate(batch, as_of, "china", cfg)
    for i in range(len(data)):
        agree("china", batch, i, res, cfg, as_of)


@SETTINGS
@given(st.lists(rows(), min_size=1, max_size=25), AS_OF)
def test_statcan_agrees_with_the_per_series_method(data, as_of) -> None:
    batch = batch_of(data)
    res = evaluate(batch, as_of, "statcan")
    cfg = get_method("statcan").Config()
    for i in range(len(data)):
        agree("statcan", batch, i, res, cfg, as_of)


@SETTINGS
@given(st.lists(rows(), min_size=2, max_size=25), AS_OF, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(data, as_of, rnd) -> None:
    batch = batch_of(data)
    perm = list(range(len(data)))
    rnd.shuffle(perm)
    for method in ("china", "statcan"):
        whole = evaluate(batch, as_of, method)
        shuffled = evaluate(batch.take(perm), as_of, method)
        for name in ("status", "category", "progress", "value", "score", "required_growth"):
            np.testing.assert_array_equal(getattr(whole, name)[perm], getattr(shuffled, name))


RANK = {Status.BEHIND: 0, Status.ON_SCHEDULE: 1, Status.REACHED_EARLY: 2}


@SETTINGS
@given(rows().filter(lambda r: r.rule in ("linear", "compound", "threshold")), POSITIVE, AS_OF)
def test_a_better_latest_value_never_lowers_the_status(r, step, as_of) -> None:
    cutoff = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    last = max((n for n, (y, v) in enumerate(zip(r.years, r.values, strict=True))
                if v is not None and r.base_year < y <= cutoff), default=None)
    if last is None or r.base_value is None or r.base_value <= 0 or r.values[last] <= 0:
        return
    if (r.qualifier, r.direction) in (("at_least", -1), ("at_most", 1)):
        return  # a qualifier that contradicts the direction: "better" is not defined
    better = list(r.values)
    better[last] = r.values[last] * (1 + step) if r.direction > 0 else r.values[last] / (1 + step)
    res = evaluate(batch_of([r, Row(**{**r.__dict__, "values": tuple(better)})]), as_of, "china")
    before, after = res.status_of(0), res.status_of(1)
    if before in RANK and after in RANK:
        assert RANK[after] >= RANK[before], r


EDGE_ROWS = [
    row({2023: 62.75}, base_value=60.0, target_value=65.0, rate=True),  # p = 0.55 < e = 0.6
    row({2023: 62.75}, base_value=60.0, target_value=65.0, rate=True, nature="binding"),
    row({2023: 64.9}, base_value=60.0, target_value=65.0, qualifier="about", rate=True),
    row({2023: 7900}, base_value=6000, target_value=8000, qualifier="about", rule="compound"),
    row({2021: 100, 2022: 90, 2023: 80}, target_value=400, rule="cumulative_sum", direction=-1),
    row({2021: 5.5, 2022: 5.5, 2023: 5.5}, target_value=6.0, qualifier="about", rule="growth"),
]


@pytest.mark.parametrize("cfg", [ChinaConfig(), ChinaConfig(tolerance=0.1),
                                 ChinaConfig(tolerance=0.1, split_on_schedule=False)])
def test_tolerance_and_bands_as_the_per_series_rule(cfg) -> None:
    batch = batch_of(EDGE_ROWS)
    res = evaluate(batch, MIDTERM, "china", cfg)
    for i in range(len(EDGE_ROWS)):
        agree("china", batch, i, res, cfg, MIDTERM)
    if cfg.tolerance:  # p = 0.55 is within τ = 0.1 of e = 0.6 for an expected indicator only
        assert [res.status_of(i) for i in (0, 1)] == [Status.ON_SCHEDULE, Status.BEHIND]
