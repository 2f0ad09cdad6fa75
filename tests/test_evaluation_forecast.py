"""Forecasts of the target-year value: compound pace and recency-weighted linear trend."""

from __future__ import annotations

import math

import pytest

from planwatch.evaluation.forecast import (
    forecast_level,
    student_t_cdf,
    student_t_quantile,
)
from tests.evalkit import indicator, obs, run


def test_exact_geometric_series():
    pts = [(2020, 100.0), (2021, 110.0), (2022, 121.0), (2023, 133.1)]
    fc = forecast_level(pts, threshold=150.0, sense=1, target_year=2025)
    c = fc["compound"]
    assert math.isclose(c["pace_pct"], 10.0, rel_tol=1e-9)
    assert math.isclose(c["projected"], 133.1 * 1.1**2, rel_tol=1e-9)  # 161.051
    assert c["probability"] == 1.0  # no spread in yearly growth: certain under the assumption
    assert c["low"] == pytest.approx(c["high"])


def test_exact_line():
    pts = [(2020, 10.0), (2021, 12.0), (2022, 14.0)]
    fc = forecast_level(pts, threshold=25.0, sense=1, target_year=2025)
    lin = fc["linear"]
    assert math.isclose(lin["slope"], 2.0, rel_tol=1e-12)
    assert math.isclose(lin["projected"], 20.0, rel_tol=1e-12)
    assert lin["probability"] == 0.0  # 20 < 25 with no residual spread


def test_escap_es2_linear_weights():
    """methods.md ES2: 30, 29, 29.5, 28, 27.5, 27 (2015-2020), linear weights w = t − t0 + 1:
    slope −0.621429, projected 2030 value 20.75."""
    pts = list(zip(range(2015, 2021), [30, 29, 29.5, 28, 27.5, 27], strict=True))
    fc = forecast_level(pts, threshold=15.0, sense=-1, target_year=2030)
    assert math.isclose(fc["linear"]["slope"], -0.621429, rel_tol=1e-6)
    assert math.isclose(fc["linear"]["projected"], 20.75, rel_tol=1e-9)
    assert fc["linear"]["probability"] < 0.5  # 20.75 is far above the cap of 15
    assert fc["linear"]["low"] < 20.75 < fc["linear"]["high"]


def test_needs_three_points():
    assert forecast_level([(2020, 1.0), (2021, 2.0)], 3.0, 1, 2025) is None


def test_compound_skipped_for_non_positive_values():
    fc = forecast_level([(2020, -1.0), (2021, 1.0), (2022, 2.0)], 5.0, 1, 2025)
    assert "compound" not in fc and "linear" in fc


def test_student_t():
    assert math.isclose(student_t_cdf(1.0, 1), 0.75, rel_tol=1e-12)  # Cauchy
    assert math.isclose(student_t_cdf(0.0, 7), 0.5, rel_tol=1e-12)
    assert math.isclose(student_t_quantile(0.9, 1), math.tan(math.pi * 0.4), rel_tol=1e-9)
    # dof 2: F(t) = 1/2 + t / (2·sqrt(2 + t²))
    assert math.isclose(student_t_cdf(1.5, 2), 0.5 + 1.5 / (2 * math.sqrt(2 + 2.25)), rel_tol=1e-10)


def test_forecast_is_beside_not_instead_of_status():
    ind = indicator(unit="亿元", rule="compound", base=100.0, target=200.0)
    data = [obs("2021", 105.0, unit="亿元"), obs("2022", 110.0, unit="亿元")]
    a = run(ind, data)
    assert a.status.value == "behind"
    assert a.numbers["forecast"]["points"] == 3
    assert a.numbers["forecast"]["compound"]["probability"] < 0.5
