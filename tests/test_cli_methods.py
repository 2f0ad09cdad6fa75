"""``planwatch methods`` and ``planwatch methods run``: listing, and bad series input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.series_cli import CONFIG_HEADER, run, write_csv

GOOD = [("ok", 2015, 14.5), ("ok", 2019, 10.1)]
GOOD_CFG = [("ok", "lower_better", 7.25, 2030, 2015, None)]


def _run(tmp_path: Path, series_rows: list[tuple], config_rows: list[tuple]) -> tuple[int, dict, str]:
    s = write_csv(tmp_path / "series.csv", ("id", "year", "value"), series_rows)
    c = write_csv(tmp_path / "config.csv", CONFIG_HEADER, config_rows)
    result = run(["methods", "run", "statcan", "--series", str(s), "--config", str(c), "--json"])
    return result.exit_code, {r["id"]: r for r in json.loads(result.stdout)}, result.stderr


def _still_evaluates_good(out: dict) -> None:
    assert out["ok"]["category"] == "substantial_progress"
    assert abs(out["ok"]["value"] - 1.9140922217549072) < 1e-12


def test_non_numeric_value_names_file_and_row(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, GOOD + [("bad", 2015, 3.0), ("bad", 2019, "3,4x")],
                          GOOD_CFG + [("bad", "+1", None, None, None, None)])
    assert code == 1
    assert "series.csv”第5行" in err and "“3,4x”不是数字" in err
    assert out["bad"]["status"] == "not_assessable"
    assert "第5行" in out["bad"]["reasons"][0]
    assert out["bad"]["issues"][0]["code"] == "bad-number"
    _still_evaluates_good(out)


def test_duplicate_year_names_both_rows(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, GOOD + [("dup", 2015, 3.0), ("dup", 2019, 4.0), ("dup", 2019, 4.5)],
                          GOOD_CFG + [("dup", "+1", None, None, None, None)])
    assert code == 1
    assert "第5、6行" in err and "2019年有2个数值" in err
    assert out["dup"]["status"] == "not_assessable" and out["dup"]["category"] == "not_available"
    _still_evaluates_good(out)


def test_unknown_direction(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, GOOD + [("d", 2015, 3.0), ("d", 2019, 4.0)],
                          GOOD_CFG + [("d", "up", None, None, None, None)])
    assert code == 1
    assert "config.csv”第3行" in err and "方向 direction “up”无法识别" in err
    assert out["d"]["status"] == "not_assessable"
    _still_evaluates_good(out)


def test_config_id_without_data_is_not_available_and_the_batch_still_runs(tmp_path: Path) -> None:
    """A configured series without data (Statistics Canada publishes one of its 132 series so)
    is reported as not available with the reason; the rest of the batch is evaluated, exit 0."""
    code, out, err = _run(tmp_path, GOOD, GOOD_CFG + [("ghost", "+1", 5, 2030, None, None)])
    assert code == 0
    assert "“ghost”，但序列文件中没有该序列的数据" in err and "提示" in err
    assert out["ghost"]["status"] == "not_assessable" and out["ghost"]["category"] == "not_available"
    assert any("not available" in r for r in out["ghost"]["reasons"])
    _still_evaluates_good(out)


def test_series_with_only_blank_values_is_not_available(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, GOOD + [("blank", 2015, None), ("blank", 2020, None)],
                          GOOD_CFG + [("blank", "+1", None, None, None, None)])
    assert code == 0, err
    assert out["blank"]["category"] == "not_available"
    assert "没有任何年份的数据" in out["blank"]["reasons"][0]
    _still_evaluates_good(out)


def test_series_without_config_row_is_not_guessed(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, GOOD + [("nocfg", 2015, 1.0), ("nocfg", 2020, 2.0)], GOOD_CFG)
    assert code == 1 and "没有设置行" in err
    assert out["nocfg"]["status"] == "not_assessable"
    _still_evaluates_good(out)


def test_clean_input_exits_0_and_output_is_sorted_by_id(tmp_path: Path) -> None:
    rows = [("b", 2015, 1.0), ("a", 2020, 2.0), ("b", 2020, 2.0), ("a", 2015, 1.0)]
    cfg = [("b", "higher_better", None, None, None, None), ("a", "+1", None, None, None, None)]
    code, out, err = _run(tmp_path, rows, cfg)
    assert code == 0 and err == ""
    assert list(out) == ["a", "b"]
    assert out["a"]["value"] == out["b"]["value"]


def test_empty_value_is_a_gap_not_an_error(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, GOOD + [("ok", 2017, None)], GOOD_CFG)
    assert code == 0
    _still_evaluates_good(out)


def test_methods_lists_parameters_from_config_help() -> None:
    result = run(["methods", "--json"])
    assert result.exit_code == 0
    info = {m["name"]: m for m in json.loads(result.stdout)}
    params = {p["name"]: p for p in info["statcan"]["params"]}
    assert params["high"]["default"] == 0.95
    assert "阈值" in params["high"]["help"]
    text = run(["methods"]).stdout
    assert "statcan" in text and "goldilocks" in text


def test_unknown_method_lists_choices(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", ("id", "year", "value"), GOOD)
    result = run(["methods", "run", "nope", "--series", str(s)])
    assert result.exit_code == 1
    assert "未知的评估方法“nope”" in result.output and "statcan" in result.output


def test_set_overrides_a_parameter(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", ("id", "year", "value"), GOOD)
    c = write_csv(tmp_path / "c.csv", CONFIG_HEADER, GOOD_CFG)
    result = run(["methods", "run", "statcan", "--series", str(s), "--config", str(c), "--json",
                  "--set", "high=2.0"])
    assert json.loads(result.stdout)[0]["category"] == "moderate_progress"


def test_all_runs_every_series_method_and_refuses_set(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", ("id", "year", "value"), GOOD)
    c = write_csv(tmp_path / "c.csv", CONFIG_HEADER, GOOD_CFG)
    result = run(["methods", "run", "all", "--series", str(s), "--config", str(c), "--json"])
    methods = {r["method"] for r in json.loads(result.stdout)}
    assert methods == {"statcan", "eurostat", "eurostat-long", "escap", "unsd", "sdsn", "dns"}
    refused = run(["methods", "run", "all", "--series", str(s), "--set", "high=2"])
    assert refused.exit_code == 1 and "不能用 --set" in refused.output


def test_plan_only_method_cannot_run_on_series(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", ("id", "year", "value"), GOOD)
    result = run(["methods", "run", "china", "--series", str(s)])
    assert result.exit_code == 1 and "需要规划指标" in result.output
