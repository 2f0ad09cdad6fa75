"""Inference of direction, target form and progress rule, and reading printed targets.

The cases are rows of seed 004 表1 and seed 003 表4-1 as printed, plus the forms listed in
domain.md (8000, 7000以上, 35左右, 以内, 力争, [300], 〔13.5〕, 完成省下达任务, —)."""

from __future__ import annotations

import pytest

from planwatch.inference import (
    infer_direction,
    infer_rule,
    infer_target_form,
    parse_base_text,
    parse_number,
    parse_target_text,
)
from planwatch.model import Direction, GrowthUnit, ProgressRule, Qualifier, TargetForm

H, L = Direction.HIGHER_BETTER, Direction.LOWER_BETTER


@pytest.mark.parametrize(
    ("name", "unit", "expected", "reason_word"),
    [
        ("单位工业增加值用水量", "立方米/万元", L, "用水量"),
        ("单位GDP能耗", "吨标准煤/万元", L, "能耗"),
        ("城乡居民收入倍差", "", L, "收入倍差"),
        ("城镇调查失业率", "%", L, "失业率"),
        ("PM2.5平均浓度", "微克/立方米", L, "PM2.5"),
        ("生产安全事故死亡人数", "人", L, "事故"),
        ("单位工业增加值二氧化碳排放降幅", "%", H, "降幅"),
        ("单位GDP能耗降低", "%", H, "降低"),
        ("规上工业总产值", "亿元", H, None),
        ("工业增加值占GDP比重", "%", H, None),
    ],
)
def test_direction(name: str, unit: str, expected: Direction, reason_word: str | None) -> None:
    direction, reason = infer_direction(name, unit)
    assert direction is expected
    assert reason  # always explained
    if reason_word:
        assert reason_word in reason
    assert ("越低越好" in reason) == (expected is L)


def test_direction_reason_text_names_the_word() -> None:
    assert infer_direction("单位工业增加值用水量", "立方米/万元")[1] == "名称含“用水量”，按越低越好推断"


@pytest.mark.parametrize(
    ("name", "unit", "target", "form"),
    [
        ("工业增加值占GDP比重", "%", "35左右", TargetForm.SHARE),
        ("规上工业总产值", "亿元", "8000", TargetForm.LEVEL),
        ("规上工业营业收入利润率增速", "%", "8%", TargetForm.GROWTH_RATE),
        ("规上工业全员劳动生产率", "万元/人", "26.8", TargetForm.LEVEL),
        ("规上工业企业数", "家", "7000以上", TargetForm.COUNT),
        ("每万人高价值发明专利数", "件", "5.5", TargetForm.LEVEL),
        ("两化融合发展指数", "", "110以上", TargetForm.INDEX),
        ("规上工业亩均税收", "万元/亩", "30", TargetForm.LEVEL),
        ("千亿级工业大县数量", "个", "5", TargetForm.COUNT),
        ("累计工业投资", "亿元", "[300]", TargetForm.CUMULATIVE_SUM),
        ("单位GDP能耗降低", "%", "〔13.5〕", TargetForm.CUMULATIVE_REDUCTION),
        ("单位工业增加值二氧化碳排放降幅", "%", "完成省下达任务", TargetForm.CUMULATIVE_REDUCTION),
    ],
)
def test_target_form(name: str, unit: str, target: str, form: TargetForm) -> None:
    assert infer_target_form(name, unit, target) is form


@pytest.mark.parametrize(
    ("form", "unit", "growth_unit", "qualifier", "rule", "reason_part"),
    [
        (TargetForm.SHARE, "%", GrowthUnit.POINTS, None, ProgressRule.LINEAR, "p_lin"),
        (TargetForm.INDEX, "", None, None, ProgressRule.LINEAR, "p_lin"),
        (TargetForm.LEVEL, "亿元", None, None, ProgressRule.COMPOUND, "金额类指标按复合增长路径（p_log）"),
        (TargetForm.LEVEL, "万元/人", None, None, ProgressRule.COMPOUND, "p_log"),
        (TargetForm.LEVEL, "万元/亩", None, None, ProgressRule.COMPOUND, "p_log"),
        (TargetForm.COUNT, "家", None, None, ProgressRule.LINEAR, "p_lin"),
        (TargetForm.COUNT, "家", GrowthUnit.PERCENT, None, ProgressRule.COMPOUND, "p_log"),
        (TargetForm.LEVEL, "件", None, None, ProgressRule.LINEAR, "p_lin"),
        (TargetForm.GROWTH_RATE, "%", None, None, ProgressRule.GROWTH, "增速"),
        (TargetForm.CUMULATIVE_SUM, "亿元", None, Qualifier.CUMULATIVE, ProgressRule.CUMULATIVE_SUM, "累计"),
        (TargetForm.CUMULATIVE_REDUCTION, "%", None, Qualifier.CUMULATIVE,
         ProgressRule.CUMULATIVE_REDUCTION, "累计降幅"),
        (TargetForm.CUMULATIVE_REDUCTION, "%", None, Qualifier.PROVINCE_TASK,
         ProgressRule.PROVINCE_TASK, "省下达"),
        (TargetForm.SHARE, "%", None, Qualifier.NONE, ProgressRule.NONE, "未量化"),
    ],
)
def test_rule(form, unit, growth_unit, qualifier, rule, reason_part) -> None:
    got, reason = infer_rule(form, unit, growth_unit, qualifier=qualifier)
    assert got is rule
    assert reason_part in reason


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "stretch"),
    [
        ("8000", 8000.0, Qualifier.EXACT, None),
        ("7000以上", 7000.0, Qualifier.AT_LEAST, None),
        ("35左右", 35.0, Qualifier.ABOUT, None),
        ("10以内", 10.0, Qualifier.AT_MOST, None),
        ("0.5以下", 0.5, Qualifier.AT_MOST, None),
        ("8%", 8.0, Qualifier.EXACT, None),
        ("3.0以上，力争3.5以上", 3.0, Qualifier.AT_LEAST, 3.5),
        ("力争3.5以上", None, Qualifier.AT_LEAST, 3.5),
        ("[300]", 300.0, Qualifier.CUMULATIVE, None),
        ("〔13.5〕", 13.5, Qualifier.CUMULATIVE, None),
        ("[203.18]", 203.18, Qualifier.CUMULATIVE, None),
        ("完成省下达任务", None, Qualifier.PROVINCE_TASK, None),
        ("—", None, Qualifier.NONE, None),
        ("", None, Qualifier.NONE, None),
        ("与GDP增长基本同步", None, Qualifier.RELATIONAL, None),
        ("８０００", 8000.0, Qualifier.EXACT, None),
    ],
)
def test_parse_target_text(text, value, qualifier, stretch) -> None:
    got = parse_target_text(text)
    assert (got.value, got.qualifier, got.stretch) == (value, qualifier, stretch)


@pytest.mark.parametrize("text", ["八千", "abc以上", "3.0以上，力争"])
def test_parse_target_text_rejects_unreadable(text: str) -> None:
    with pytest.raises(ValueError, match=text[:2]):
        parse_target_text(text)


@pytest.mark.parametrize(
    ("text", "value", "year"),
    [("33.1", 33.1, 2020), ("91.83（2019）", 91.83, 2019), ("4,453", 4453.0, 2020), ("—", None, None)],
)
def test_parse_base_text(text, value, year) -> None:
    assert parse_base_text(text, 2020) == (value, year)


def test_parse_number() -> None:
    assert parse_number("4,453") == 4453.0
    assert parse_number("33.1%") == 33.1
    with pytest.raises(ValueError, match="不是数字"):
        parse_number("12a")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [("<5", 5.0, Qualifier.AT_MOST), ("＜5", 5.0, Qualifier.AT_MOST), (">90", 90.0, Qualifier.AT_LEAST),
     ("高于GDP增长", None, Qualifier.RELATIONAL), ("快于经济增长", None, Qualifier.RELATIONAL)],
)
def test_comparison_signs_and_relational_targets(text, value, qualifier):
    parsed = parse_target_text(text)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)


def test_new_counts_are_sums_over_the_period():
    # seed 004 表1 row 19: 武义、磐安新增规上工业企业数量（家） — 500 added over 2021-2025
    assert infer_target_form("武义、磐安新增规上工业企业数量", "家", "500") is TargetForm.CUMULATIVE_SUM
    assert infer_target_form("规上工业企业数", "家", "7000以上") is TargetForm.COUNT
