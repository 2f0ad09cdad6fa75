"""Invariants of every series method (Hypothesis): a better latest value never lowers the
status, and results do not depend on the order of the input rows."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.api.series import run_series
from planwatch.evaluation.base import METHODS, Status
from planwatch.evaluation.series import Series, SeriesMethod
from tests.series_cli import write_series

RANK = {Status.BEHIND: 0, Status.ON_SCHEDULE: 1, Status.REACHED_EARLY: 2}
SERIES_METHODS = sorted(n for n, m in METHODS.items() if isinstance(m, SeriesMethod))

values = st.floats(min_value=1.0, max_value=1000.0, allow_nan=False)


@st.composite
def series_cases(draw: st.DrawFn) -> tuple[Series, float]:
    n = draw(st.integers(min_value=2, max_value=9))
    start = draw(st.integers(min_value=2010, max_value=2016))
    vals = draw(st.lists(values, min_size=n, max_size=n))
    d = draw(st.sampled_from([1, -1]))
    target = draw(st.one_of(st.none(), values))
    kw = {"target": target, "target_year": 2030 if target is not None else None, "base_year": start}
    if target is None and draw(st.booleans()):
        kw["limit"] = 1000.0 if d > 0 else 1.0
    s = Series.of("p", {start + i: v for i, v in enumerate(vals)}, d, **kw)
    better = draw(st.floats(min_value=0.001, max_value=500.0))
    return s, better


def _improved(s: Series, delta: float) -> Series:
    last = s.values[-1] + s.direction * delta
    if last <= 0:  # stay positive: a sign change is a different (not assessable) case
        last = s.values[-1] / 2
    return Series(s.id, s.years, s.values[:-1] + (last,), s.direction, s.target, s.target_year,
                  s.base_year, s.limit, s.lower_bound)


@settings(max_examples=300, deadline=None)
@given(series_cases())
def test_better_latest_value_never_lowers_status(case: tuple[Series, float]) -> None:
    s, delta = case
    better = _improved(s, delta)
    for name in SERIES_METHODS:
        m = METHODS[name]
        assert isinstance(m, SeriesMethod)
        before, after = m.evaluate(s), m.evaluate(better)
        if Status.NOT_ASSESSABLE in (before.status, after.status):
            assert before.status == after.status, name
            continue
        assert RANK[after.status] >= RANK[before.status], (name, s, better, before.reasons, after.reasons)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(series_cases(), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_row_order_does_not_change_results(cases: list[tuple[Series, float]], rnd: random.Random) -> None:
    series = [Series(f"s{i}", c[0].years, c[0].values, c[0].direction, c[0].target,
                     c[0].target_year, c[0].base_year, c[0].limit) for i, c in enumerate(cases)]
    with tempfile.TemporaryDirectory() as tmp:
        a, cfg = write_series(Path(tmp), series)
        first = run_series("all", [a], cfg).as_list()
        lines = a.read_text(encoding="utf-8").splitlines()
        body = lines[1:]
        rnd.shuffle(body)
        a.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
        clines = cfg.read_text(encoding="utf-8").splitlines()
        cbody = clines[1:]
        rnd.shuffle(cbody)
        cfg.write_text("\n".join([clines[0], *cbody]) + "\n", encoding="utf-8")
        second = run_series("all", [a], cfg).as_list()
    assert first == second


def test_series_of_ignores_mapping_order() -> None:
    a = Series.of("x", {2020: 1.0, 2015: 2.0, 2018: 3.0}, 1)
    b = Series.of("x", {2015: 2.0, 2018: 3.0, 2020: 1.0}, 1)
    assert a == b and a.years == (2015, 2018, 2020)
