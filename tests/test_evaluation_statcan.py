"""Statistics Canada / Open SDG progress measure: the worked examples of methods.md 3.2 and the
published answers on Open SDG's own test series, through the Python API and the series CLI."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from planwatch.evaluation.base import Status
from planwatch.evaluation.series import Series
from planwatch.evaluation.statcan import METHOD, StatCanConfig, limit_factor
from tests.series_cli import run, run_series

DATA = Path(__file__).parent / "data" / "opensdg"

# (series, category, value, score) — numbers from methods.md section 3.2
WORKED = [
    pytest.param(Series.of("SC1", {2015: 14.5, 2019: 10.1}, -1, target=7.25, target_year=2030),
                 "substantial_progress", 1.9140922217549072, 5.0, id="SC1"),
    pytest.param(Series.of("SC2", {2016: 66.6, 2023: 71.4}, 1, limit=100),
                 "moderate_progress", (71.4 / 66.6) ** (1 / 7) - 1, 1.73975, id="SC2"),
    pytest.param(Series.of("SC3", {2016: 7.8, 2025: 13.5}, -1, target=10, target_year=2028),
                 "deterioration", -3.00405, -5.0, id="SC3"),
    pytest.param(Series.of("SC4", {2015: -4.83, 2016: -4.39}, -1),
                 "deterioration", -0.091097, -5.0, id="SC4"),
    pytest.param(Series.of("SC5", {2015: 97.4, 2022: 99.7}, 1, limit=100),
                 "substantial_progress", 0.0033398, 5.0, id="SC5"),
    pytest.param(Series.of("SC6", {2015: 0, 2020: 5}, 1),
                 "substantial_progress", 5000 ** (1 / 5) - 1, 5.0, id="SC6"),
]
# values printed in methods.md are rounded to the digits shown: compare at that precision
REL = {"SC1": 1e-9, "SC2": 1e-9, "SC3": 1e-5, "SC4": 1e-4, "SC5": 1e-4, "SC6": 1e-9}


@pytest.mark.parametrize(("series", "category", "value", "score"), WORKED)
def test_worked_examples_api(series: Series, category: str, value: float, score: float) -> None:
    a = METHOD.evaluate(series)
    assert a.category == category
    assert a.value == pytest.approx(value, rel=REL[series.id])
    assert a.score == pytest.approx(score, rel=1e-5)
    assert a.reasons and any("CAGR" in r for r in a.reasons)


def test_worked_examples_cli(tmp_path: Path) -> None:
    series = [p.values[0] for p in WORKED]
    out = run_series(tmp_path, "statcan", series)
    for p in WORKED:
        s, category, value, score = p.values
        r = out[s.id]
        assert r["method"] == "statcan"
        assert r["category"] == category
        assert r["value"] == pytest.approx(value, rel=REL[s.id])
        assert r["score"] == pytest.approx(score, rel=1e-5)
        assert r["status"] in {x.value for x in Status}


def test_sc2_numbers_named_in_reasons() -> None:
    a = METHOD.evaluate(Series.of("SC2", {2016: 66.6, 2023: 71.4}, 1, limit=100))
    assert a.numbers["limit_factor"] == pytest.approx(1 - 0.666**4.44, rel=1e-12)
    assert a.numbers["high"] == pytest.approx(0.0125322, rel=1e-5)
    assert a.numbers["medium"] == pytest.approx(0.0041774, rel=1e-4)
    assert "0.835477" in a.reasons[0]
    assert a.status is Status.BEHIND


@pytest.mark.parametrize(("y0", "c"), [(1.5, 1 - 0.5**4.44), (3.0, 1.0), (1.0, 0.0),
                                       (0.666 * 100, 1 - 0.666**4.44)])
def test_sc7_limit_factor(y0: float, c: float) -> None:
    limit = 100.0 if y0 > 10 else 1.0
    assert limit_factor(y0, limit) == pytest.approx(c, rel=1e-12, abs=1e-15)
    assert limit_factor(1.5, 1.0) == pytest.approx(0.95393, rel=1e-5)


def test_base_at_limit_is_on_track_with_score_5() -> None:
    a = METHOD.evaluate(Series.of("x", {2020: 100.0, 2023: 100.0}, 1, limit=100))
    assert (a.category, a.score) == ("substantial_progress", 5.0)


@pytest.mark.parametrize(("series", "why"), [
    (Series.of("one", {2021: 5.0}, 1), "少于两年"),
    (Series.of("late", {2014: 8.0}, -1, base_year=2015), "晚于最后一个数据年份"),
    (Series.of("flip", {2015: -2.0, 2020: 3.0}, 1), "符号相反"),
])
def test_not_assessable(series: Series, why: str) -> None:
    a = METHOD.evaluate(series)
    assert a.status is Status.NOT_ASSESSABLE and a.category == "not_available"
    assert why in a.reasons[0]


def test_target_achieved_keeps_ratio_and_scores_5() -> None:
    # 3-1-1 of the Open SDG assets: lower is better, target 70, already below it
    a = METHOD.evaluate(Series.of("3-1-1", {2015: 7.060817171907362, 2019: 7.526112923948628},
                                  -1, target=70, target_year=2030))
    assert (a.category, a.score, a.status) == ("target_achieved", 5.0, Status.REACHED_EARLY)
    assert a.value == pytest.approx(-0.09732639949221566, rel=1e-9)


def test_zero_target_replaced_by_0_001() -> None:
    a = METHOD.evaluate(Series.of("z", {2015: 1.55, 2019: 1.82}, -1, target=0, target_year=2030))
    assert a.numbers["required_cagr"] == pytest.approx((0.001 / 1.55) ** (1 / 15) - 1, rel=1e-12)
    assert a.category == "deterioration"


@pytest.mark.parametrize(("kind", "values", "target"), [
    ("parity", {2015: 0.8, 2020: 0.9}, 1.0),
    ("gender_50", {2015: 40.0, 2020: 45.0}, 50.0),
    ("budget_100", {2015: 110.0, 2020: 104.0}, 100.0),
])
def test_goldilocks_transforms_move_towards_the_ideal(kind: str, values: dict[int, float],
                                                      target: float) -> None:
    a = METHOD.evaluate(Series.of("g", values, 1), StatCanConfig(goldilocks=kind))
    assert a.numbers["target"] == target
    assert a.value is not None and a.value > 0  # moving towards the ideal is progress


def test_parity_within_band_counts_as_one() -> None:
    a = METHOD.evaluate(Series.of("p", {2015: 0.8, 2020: 1.02}, 1), StatCanConfig(goldilocks="parity"))
    assert a.category == "target_achieved"


def _published() -> list[dict[str, str]]:
    with (DATA / "opensdg_reference_notes.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_reproduces_published_statcan_answers_on_open_sdg_assets() -> None:
    files = sorted(str(p) for p in (DATA / "series").glob("*.csv"))
    result = run(["methods", "run", "statcan", "--config", str(DATA / "config.csv"), "--json",
                  "--series", *files[:1], *files[1:]])
    assert result.exit_code == 1  # 9-5-2 has duplicate years; 14 configured ids have no series
    out = {r["id"]: r for r in json.loads(result.stdout)}
    rows = _published()
    assert len(rows) == 57
    for row in rows:
        r = out[row["indicator_id"]]
        assert r["category"] == row["published_method_category"], row["indicator_id"]
        if row["published_method_value"]:
            expected = float(row["published_method_value"])
            assert math.isclose(r["value"], expected, rel_tol=1e-9, abs_tol=1e-15), row["indicator_id"]
        else:
            assert r["value"] is None
    assert "9-5-2" in result.stderr and "2010年有18个数值" in result.stderr
