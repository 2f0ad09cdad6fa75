"""Worked examples of methods.md sections 4.2 (Eurostat), 5.2 (ESCAP), 6 (UNSD), 7 (SDSN) and
8 (Destatis), through the Python API and through ``planwatch methods run``.

Expected numbers are the document's. Where it prints a rounded figure, the exact value is
recomputed by hand from the inputs in the comment beside it; the tolerance is 1e-9 relative
against those exact values and the document's rounding otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.evaluation.base import METHODS, Status
from planwatch.evaluation.series import Series
from tests.series_cli import run_series


def yearly(start: int, values: list[float]) -> dict[int, float]:
    return {start + i: v for i, v in enumerate(values)}


# (case id, method, --set options, series, category, status, value, tolerance, extra checks)
CASES = [
    # Eurostat 4.2 — the examples give only the two window ends, so min_points=2
    ("EU1", "eurostat", ("min_points=2",), Series.of("EU1", {2018: 40, 2023: 44}, 1, target=55, target_year=2030),
     "moderate_progress", Status.BEHIND, ((44 / 40) ** 0.2 - 1) / ((55 / 40) ** (1 / 12) - 1), 1e-9,
     {"cagr_actual": (0.019245, 1e-4), "cagr_required": (0.026893, 1e-4)}),
    ("EU1-rr", "eurostat", ("min_points=2",), Series.of("EU1-rr", {2018: 40, 2023: 44}, 1, target=55, target_year=2030),
     "moderate_progress", Status.BEHIND, 0.7156, 1e-4, {}),
    ("EU2", "eurostat", ("min_points=2",), Series.of("EU2", {2018: 12.0, 2023: 10.8}, -1),
     "significant_progress", Status.ON_SCHEDULE, 0.020852, 1e-4, {}),
    ("EU3", "eurostat", ("min_points=2",), Series.of("EU3", {2018: 100, 2023: 102}, 1),
     "moderate_progress", Status.BEHIND, 1.02 ** 0.2 - 1, 1e-9, {}),
    ("EU4", "eurostat", ("min_points=2",), Series.of("EU4", {2018: 20, 2023: 18.5}, 1, target=25, target_year=2030),
     "movement_away", Status.BEHIND, -0.8243, 1e-4, {"cagr_actual": (-0.015471, 1e-4), "cagr_required": (0.018769, 1e-4)}),
    ("EU5", "eurostat", ("min_points=2",), Series.of("EU5", {2018: 20, 2023: 17}, -1, target=12, target_year=2030),
     "moderate_progress", Status.BEHIND, 0.7674, 1e-4, {"cagr_actual": (-0.031981, 1e-4), "cagr_required": (-0.041675, 1e-4)}),
    # ESCAP 5.2 (b = 2015, data 2015–2020, target year 2030)
    ("ES1-ols", "escap", ("weights=none",), Series.of("ES1-ols", yearly(2015, [50, 52, 53, 55, 56, 58]), 1, target=80, target_year=2030),
     "accelerate_progress", Status.BEHIND, (73.28571428571429 - 50) / 30, 1e-9,  # slope 1.542857 → 73.2857
     {"slope": (1.542857142857143, 1e-9), "predicted": (73.28571428571429, 1e-9), "current_status": (8 / 30, 1e-9),
      "expected_progress": (5 / 15, 1e-9)}),
    ("ES1-lin", "escap", ("weights=linear",), Series.of("ES1-lin", yearly(2015, [50, 52, 53, 55, 56, 58]), 1, target=80, target_year=2030),
     "accelerate_progress", Status.BEHIND, (73.28571428571429 - 50) / 30, 1e-9, {"predicted": (73.28571428571429, 1e-9)}),
    ("ES2-ols", "escap", ("weights=none",), Series.of("ES2-ols", yearly(2015, [30, 29, 29.5, 28, 27.5, 27]), -1, target=15, target_year=2030),
     "accelerate_progress", Status.BEHIND, 0.6, 1e-9, {"slope": (-0.6, 1e-9), "predicted": (21.0, 1e-9)}),
    ("ES2-lin", "escap", ("weights=linear",), Series.of("ES2-lin", yearly(2015, [30, 29, 29.5, 28, 27.5, 27]), -1, target=15, target_year=2030),
     "accelerate_progress", Status.BEHIND, 0.6166666666666667, 1e-9,  # (30 − 20.75)/15
     {"slope": (-0.6214285714285714, 1e-9), "predicted": (20.75, 1e-9)}),
    ("ES3-ols", "escap", ("weights=none",), Series.of("ES3-ols", yearly(2015, [70, 69, 69.5, 68, 67, 66]), 1, target=90, target_year=2030),
     "reverse_trend", Status.BEHIND, (58.42857142857143 - 70) / 20, 1e-9, {"predicted": (58.42857142857143, 1e-9)}),
    # UNSD 6
    ("UN1", "unsd", (), Series.of("UN1", {2015: 50, 2020: 58}, 1, target=80, target_year=2030),
     "acceleration_needed", Status.BEHIND, (58 * 1.16**2 - 50) / 30, 1e-9,  # v_e = 58·(58/50)^(10/5)
     {"projected": (78.0448, 1e-9), "cagr": (0.030129, 1e-4)}),
    ("UN2", "unsd", (), Series.of("UN2", {2015: 30, 2020: 27}, -1, target=15, target_year=2030),
     "acceleration_needed", Status.BEHIND, (27 * 0.9**2 - 30) / -15, 1e-9,  # v_e = 27·(27/30)^(10/5)
     {"projected": (21.87, 1e-9), "cagr": (-0.020852, 1e-4)}),
    ("UN3", "unsd", (), Series.of("UN3", {2015: 100, 2020: 101}, 1),
     "stagnation_regression", Status.BEHIND, 1.01 ** 0.2 - 1, 1e-9, {}),
    # SDSN 7
    ("SD1", "sdsn", (), Series.of("SD1", {2015: 50, 2022: 58}, 1, target=100, target_year=2030, lower_bound=20),
     "stagnating", Status.BEHIND, (10 / 7) / (62.5 / 15), 1e-9,
     {"score_base": (37.5, 1e-12), "score_current": (47.5, 1e-12), "pace": (10 / 7, 1e-12), "required_pace": (62.5 / 15, 1e-12)}),
    # Destatis 8
    ("DE1", "dns", (), Series.of("DE1", yearly(2018, [10.0, 10.5, 11.2, 11.6, 12.1, 12.5]), 1, target=17, target_year=2030),
     "cloud", Status.BEHIND, 1.0 / 4.5, 1e-9, {"mean_change": (0.5, 1e-12), "projected": (16.0, 1e-12)}),
]

SCORES = {"UN1": 2.0, "UN2": 2.0, "UN3": 1.0}
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("case", "method", "sets", "series", "category", "status", "value", "tol",
                          "numbers"), CASES, ids=IDS)
def test_worked_example_api(case, method, sets, series, category, status, value, tol, numbers) -> None:
    meth = METHODS[method]
    options = dict(s.split("=") for s in sets)
    cfg = meth.Config(**{k: (int(v) if v.isdigit() else v) for k, v in options.items()})
    a = meth.evaluate(series, cfg)
    assert (a.category, a.status) == (category, status)
    assert a.value == pytest.approx(value, rel=tol)
    for key, (expected, rel) in numbers.items():
        assert a.numbers[key] == pytest.approx(expected, rel=rel), key
    if case in SCORES:
        assert a.score == SCORES[case]
    assert a.reasons and a.label


@pytest.mark.parametrize("method", sorted({c[1] for c in CASES}))
def test_worked_examples_cli(tmp_path: Path, method: str) -> None:
    by_sets: dict[tuple[str, ...], list] = {}
    for c in CASES:
        if c[1] == method:
            by_sets.setdefault(c[2], []).append(c)
    for n, (sets, cases) in enumerate(by_sets.items()):
        work = tmp_path / str(n)
        work.mkdir()
        out = run_series(work, method, [c[3] for c in cases], sets)
        for case, _, _, _, category, status, value, tol, _ in cases:
            r = out[case]
            assert (r["method"], r["category"], r["status"]) == (method, category, status.value)
            assert r["value"] == pytest.approx(value, rel=tol)
            assert r["score"] == SCORES.get(case)
            assert r["reasons"]


def test_eurostat_needs_three_points_in_the_window_by_default() -> None:
    a = METHODS["eurostat"].evaluate(Series.of("x", {2018: 40, 2023: 44}, 1))
    assert a.status is Status.NOT_ASSESSABLE and a.category == "not_assessed"
    assert "只有2个数据点" in a.reasons[0]


def test_eurostat_long_window_uses_15_years() -> None:
    s = Series.of("x", yearly(2008, [100 + i for i in range(16)]), 1)
    short, long_ = METHODS["eurostat"].evaluate(s), METHODS["eurostat-long"].evaluate(s)
    assert short.numbers["window_start"] == 2018 and long_.numbers["window_start"] == 2008
    assert long_.value == pytest.approx((115 / 100) ** (1 / 15) - 1, rel=1e-12)


def test_eurostat_long_needs_ten_years_of_coverage() -> None:
    s = Series.of("x", yearly(2016, [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7]), 1)
    assert METHODS["eurostat-long"].evaluate(s).status is Status.NOT_ASSESSABLE


def test_target_met_is_reached_early_for_every_target_method() -> None:
    s = Series.of("m", yearly(2015, [50, 60, 70, 80, 90, 101]), 1, target=100, target_year=2030)
    for name in ("statcan", "eurostat", "escap", "unsd", "sdsn", "dns"):
        a = METHODS[name].evaluate(s)
        assert a.status is Status.REACHED_EARLY, name


def test_unsd_within_one_point_of_100_is_achieved() -> None:
    a = METHODS["unsd"].evaluate(Series.of("u", {2015: 90, 2020: 99.2}, 1, target=100))
    assert (a.category, a.score) == ("achieved", 3.0)


def test_unsd_uses_the_nearest_year_when_the_base_year_is_missing() -> None:
    a = METHODS["unsd"].evaluate(Series.of("u", {2014: 50, 2017: 52, 2020: 58}, 1, base_year=2015))
    assert a.numbers["base_year"] == 2014


def test_escap_without_target_is_insufficient_data() -> None:
    a = METHODS["escap"].evaluate(Series.of("e", {2015: 1, 2020: 2}, 1))
    assert a.status is Status.NOT_ASSESSABLE and "没有量化目标" in a.reasons[0]


def test_sdsn_without_lower_bound_gives_the_same_ratio() -> None:
    a = METHODS["sdsn"].evaluate(Series.of("s", {2015: 50, 2022: 58}, 1, target=100, target_year=2030))
    assert a.value == pytest.approx((10 / 7) / (62.5 / 15), rel=1e-12)


@pytest.mark.parametrize(("values", "category"), [
    ([1, 2, 3, 4, 5, 6], "sun"), ([1, 2, 3, 4, 6, 5.5], "slightly_cloudy"),
    ([6, 5, 4, 3, 2, 2.5], "cloud"), ([6, 5, 4, 3, 2, 1], "thunderstorm"),
])
def test_dns_direction_only(values: list[float], category: str) -> None:
    a = METHODS["dns"].evaluate(Series.of("d", yearly(2018, values), 1))
    assert a.category == category


def test_dns_needs_four_consecutive_points() -> None:
    a = METHODS["dns"].evaluate(Series.of("d", {2015: 1, 2017: 2, 2018: 3, 2019: 4}, 1, target=9))
    assert a.status is Status.NOT_ASSESSABLE and "只有3个" in a.reasons[0]
