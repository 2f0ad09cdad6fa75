"""The benchmark registry: reserved names are replaced by the real benchmark, goals compare in
the stated direction, and the quick national run writes its JSON record."""

from __future__ import annotations

import json

from bench.__main__ import main
from bench.registry import BENCHMARKS, Context, Goal, Report, benchmark, pending


def test_a_reserved_name_is_replaced_by_the_real_benchmark() -> None:
    pending("demo-hook", title="示例", goal="< 1 秒")
    assert BENCHMARKS["demo-hook"].run(Context()).skipped

    @benchmark("demo-hook", title="示例", goal="< 1 秒")
    def real(ctx: Context) -> Report:
        return Report(ratios={"x": 1.0})

    try:
        assert BENCHMARKS["demo-hook"].run(Context()).ratios == {"x": 1.0}
        pending("demo-hook", title="示例", goal="< 1 秒")  # never hides a real one
        assert BENCHMARKS["demo-hook"].run(Context()).skipped is None
    finally:
        del BENCHMARKS["demo-hook"]


def test_goals_compare_in_their_direction() -> None:
    assert Goal("比值", 2.9, "<=", 3.0).met and not Goal("比值", 3.1, "<=", 3.0).met
    assert Goal("倍数", 50.0, ">=", 50.0).met and not Goal("倍数", 49.0, ">=", 50.0).met


def test_quick_national_run_writes_its_record(tmp_path, capsys) -> None:
    assert main(["--quick", "--only", "national-evaluation", "--out", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "national-evaluation-quick.json").read_text("utf-8"))
    assert record["sizes"]["series"] == 60 * 20
    assert record["checks"]["statcan_category_mismatches_engine_vs_duckdb"] == 0
    assert record["checks"]["sample_category_mismatches_engine_vs_per_series"] == 0
    assert set(record["ratios"]) == {"planwatch/floor", "planwatch_statcan/floor", "naive/planwatch"}
    assert "外推" in capsys.readouterr().out
