"""The Chinese schedule rule: every worked example of methods.md 2.6 (CN1-CN10) and edge cases.

Expected numbers are written from the document (inputs and formulas as printed there), never
taken from the code under test; relative tolerance 1e-9.
"""

from __future__ import annotations

import math

import pytest

from planwatch.errors import ConfigError
from planwatch.evaluation.base import Status
from tests.evalkit import indicator, milestone, obs, run

REL = 1e-9


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=REL, abs_tol=1e-12)


# -- CN1: 城镇化率 60 → 65 (%), 2023: 63.2 ---------------------------------------------------


def cn1(**kw):
    ind = indicator(name="城镇化率", unit="%", form="share", rule="linear", base=60.0, target=65.0)
    return run(ind, [obs("2021", 61.0), obs("2023", 63.2), obs("2022", 62.0)], **kw)


def test_cn1_share_linear_on_schedule_faster():
    a = cn1()
    assert a.status is Status.ON_SCHEDULE
    assert a.label == "达到或超过进度要求"
    assert a.category == "faster"  # 快于预期 when τ < 0.04
    assert a.numbers["sub_label"] == "快于预期"
    assert close(a.progress, 3.2 / 5.0)
    assert close(a.expected_progress, 0.6)
    assert a.latest_value == 63.2 and a.latest_period == "2023"
    # required: (65 − 63.2)/2 percentage points a year
    assert close(a.required_growth, 0.9)
    assert a.required_growth_unit == "个百分点"
    # current pace 3.2 points in 3 years continued for 2 more
    assert close(a.projected_value, 63.2 + 3.2 / 3 * 2)
    assert a.numbers["nature"] == "expected"
    assert any("进度64.0%，时间进度60.0%" in r for r in a.reasons)


def test_cn1_with_tolerance_005_is_in_line():
    a = cn1(tolerance=0.05)
    assert a.status is Status.ON_SCHEDULE
    assert a.category == "in_line"  # 0.64 ≤ 0.6 + 0.05


# -- CN2: GDP 1000, 年均增长6% → 1338.226; 2023: 1150 -----------------------------------------


def test_cn2_declared_growth_compound_behind():
    ind = indicator(name="地区生产总值", unit="亿元", rule="compound", base=1000.0, target=None,
                    growth=6.0, growth_unit="percent")
    a = run(ind, [obs("2023", 1150.0, unit="亿元")])
    x_T = 1000 * 1.06**5
    assert close(a.numbers["derived_target"], x_T)
    assert math.isclose(x_T, 1338.226, rel_tol=1e-6)
    assert close(a.numbers["required_to_date"], 1000 * 1.06**3)
    assert math.isclose(a.numbers["required_to_date"], 1191.016, rel_tol=1e-6)
    assert close(a.progress, math.log(1.15) / math.log(x_T / 1000))
    assert round(a.progress, 4) == 0.4797
    assert close(a.numbers["p_lin"], 150 / (x_T - 1000))
    assert round(a.numbers["p_lin"], 4) == 0.4435
    assert close(a.numbers["cagr_to_date"], (1.15 ** (1 / 3) - 1) * 100)
    assert round(a.numbers["cagr_to_date"], 3) == 4.769
    assert a.status is Status.BEHIND and a.label == "未达进度要求"
    assert not a.warning  # expected indicator
    assert close(a.required_growth, ((x_T / 1150) ** 0.5 - 1) * 100)
    assert a.required_growth_unit == "%"
    assert close(a.projected_value, 1150 * 1.15 ** (2 / 3))
    assert any("按复合增长路径，2023年应达到1,191.02亿元，实际1,150亿元" in r for r in a.reasons)


# -- CN3: 单位GDP能耗降低 [14%], binding; 3.0, 2.5, 1.5 ----------------------------------------


def cn3(**kw):
    ind = indicator(name="单位GDP能耗降低", unit="%", nature="binding", form="cumulative_reduction",
                    rule="cumulative_reduction", qualifier="cumulative", base=None, target=14.0)
    data = [obs("2021", 3.0), obs("2022", 2.5), obs("2023", 1.5)]
    return run(ind, data, **kw)


def test_cn3_cumulative_reduction_compound_behind_with_warning():
    a = cn3()
    R = 1 - 0.97 * 0.975 * 0.985
    assert close(a.numbers["R_t"], R * 100)
    assert round(R * 100, 3) == 6.844
    assert close(a.progress, math.log(1 - R) / math.log(0.86))
    assert round(a.progress, 4) == 0.4700
    assert close(a.numbers["required_compound"], (1 - 0.86**0.6) * 100)
    assert round(a.numbers["required_compound"], 3) == 8.652
    assert close(a.numbers["required_linear"], 14 * 0.6)
    assert a.status is Status.BEHIND
    assert a.warning is True
    assert a.numbers["nature"] == "binding"
    # remaining two years must bring (1 − R_t) down to 0.86
    assert close(a.required_growth, -(1 - (0.86 / (1 - R)) ** 0.5) * 100)


def test_cn3_linear_reduction_path():
    a = cn3(reduction_path="linear")
    R = 1 - 0.97 * 0.975 * 0.985
    assert close(a.progress, R * 100 / 14)
    assert a.status is Status.BEHIND and a.warning


def test_cn3_binding_ignores_tolerance():
    a = cn3(tolerance=0.2)
    assert a.status is Status.BEHIND
    assert a.numbers["tolerance"] == 0.0


# -- CN4: PM2.5 "35以内", binding, 40 → 33 ----------------------------------------------------


def test_cn4_lower_is_better_cap_reached_early():
    ind = indicator(name="PM2.5平均浓度", unit="微克/立方米", nature="binding",
                    direction="lower_better", qualifier="at_most", base=40.0, target=35.0)
    a = run(ind, [obs("2023", 33.0, unit="微克/立方米")])
    assert a.status is Status.REACHED_EARLY
    assert a.label == "提前达到目标"
    assert not a.warning
    assert a.required_growth is None


# -- CN5: 森林覆盖率 "保持在45%以上", base 45.2 --------------------------------------------------


@pytest.mark.parametrize(("latest", "status"), [(45.4, Status.REACHED_EARLY), (44.8, Status.BEHIND)])
def test_cn5_maintain(latest, status):
    ind = indicator(name="森林覆盖率", rule="threshold", qualifier="at_least", base=45.2,
                    target=45.0, nature="binding")
    a = run(ind, [obs("2023", latest)])
    assert a.status is status
    assert a.warning is (status is Status.BEHIND)
    assert a.numbers["maintain"] is True
    if status is Status.REACHED_EARLY:
        assert any("需继续保持" in r for r in a.reasons)


# -- CN6: GDP增长 "6%左右"; 8.1, 3.0, 5.2 ------------------------------------------------------


def cn6(**kw):
    ind = indicator(name="GDP增长", form="growth_rate", rule="growth", qualifier="about",
                    base=None, target=6.0)
    data = [obs(str(y), g, kind="growth") for y, g in ((2021, 8.1), (2022, 3.0), (2023, 5.2))]
    return run(ind, data, **kw)


def test_cn6_growth_rate_band_half_point_behind():
    a = cn6()
    g_hat = ((1.081 * 1.030 * 1.052) ** (1 / 3) - 1) * 100
    assert round(g_hat, 3) == 5.413
    assert close(a.value, g_hat)
    assert close(a.numbers["g_hat"], g_hat)
    assert a.numbers["band"] == 0.5
    assert a.status is Status.BEHIND
    assert any("5.413%" in r and "±0.5个百分点" in r for r in a.reasons)


def test_cn6_growth_rate_band_one_point_on_schedule():
    a = cn6(band_points=1.0)
    assert a.status is Status.ON_SCHEDULE
    assert a.numbers["band"] == 1.0


def test_cn6_required_growth_for_remaining_years():
    a = cn6()
    f = 1.081 * 1.030 * 1.052
    assert close(a.required_growth, ((1.06**5 / f) ** 0.5 - 1) * 100)


# -- CN7: 新能源汽车保有量 stock 截至2023年6月: 10 → 50, 30 -------------------------------------


def cn7(rule: str, **kw):
    ind = indicator(name="新能源汽车保有量", unit="万辆", rule=rule, base=10.0, target=50.0)
    return run(ind, [obs("2023-06-30", 30.0, unit="万辆")], as_of="2023-06-30", **kw)


def test_cn7_default_data_period_convention():
    """domain.md and methods.md 2.5: data to June 2023 is 2.5 of 5 years, e = 0.5."""
    a = cn7("linear")
    assert close(a.expected_progress, 0.5)
    assert close(a.progress, 20 / 40)
    assert a.status is Status.ON_SCHEDULE  # p_lin = 0.5 ≥ 0.5
    assert a.provisional
    b = cn7("compound")
    assert close(b.progress, math.log(3) / math.log(5))
    assert b.status is Status.ON_SCHEDULE


@pytest.mark.parametrize("rule", ["linear", "compound"])
def test_cn7_calendar_convention_as_printed(rule):
    """methods.md 2.2 and CN7: e = (2023.5 − 2020)/5 = 0.70 → behind under both measures."""
    a = cn7(rule, convention="calendar")
    assert close(a.expected_progress, 0.7)
    assert a.status is Status.BEHIND
    assert a.provisional
    assert close(a.progress, 0.5 if rule == "linear" else math.log(3) / math.log(5))


# -- CN8: 研发投入强度 "2.5%以上, 力争2.8%": 2.0 → 2.35 --------------------------------------------


def test_cn8_stretch_target():
    ind = indicator(name="研发投入强度", qualifier="at_least", base=2.0, target=2.5, stretch=2.8)
    a = run(ind, [obs("2023", 2.35)])
    assert close(a.progress, 0.35 / 0.5)
    assert a.status is Status.ON_SCHEDULE
    assert a.stretch is not None
    assert "43.8%" in a.stretch and "未达进度要求" in a.stretch  # 0.35/0.8 = 0.4375


def test_stretch_only_is_labelled():
    ind = indicator(qualifier="at_least", base=2.0, target=None, stretch=2.8)
    a = run(ind, [obs("2023", 2.9)])
    assert a.status is Status.REACHED_EARLY
    assert any("力争目标" in r for r in a.reasons)


# -- CN9: only the 2020 value ------------------------------------------------------------------


def test_cn9_only_base_year_data():
    ind = indicator(base=60.0, target=65.0)
    a = run(ind, [obs("2020", 60.0)])
    assert a.status is Status.NOT_ASSESSABLE
    assert a.category == "no_data"
    assert a.label == "缺少年度数据未作出评估"
    assert a.reasons


# -- CN10: 固定资产投资 flow, 1-6月 480, s_6 = 45% ------------------------------------------------


def cn10_ind():
    return indicator(name="固定资产投资", unit="亿元", rule="compound", base=900.0, target=1200.0)


def test_cn10_annualised_with_configured_share():
    a = run(cn10_ind(), [obs("2023-01..06", 480.0, unit="亿元")], as_of="2023-07-31",
            seasonal_shares=(("s", 6, 0.45),))
    assert close(a.latest_value, 480 / 0.45)
    assert round(a.latest_value, 1) == 1066.7
    assert a.provisional
    assert close(a.expected_progress, 0.6)  # the annualised value stands for the year 2023
    assert close(a.progress, math.log(480 / 0.45 / 900) / math.log(1200 / 900))


def test_cn10_annualised_with_last_years_share():
    data = [obs("2022-01..06", 450.0, unit="亿元"), obs("2022", 1000.0, unit="亿元"),
            obs("2023-01..06", 480.0, unit="亿元")]
    a = run(cn10_ind(), data, as_of="2023-07-31")
    assert close(a.latest_value, 480 / 0.45)
    assert a.provisional


def test_cn10_without_share_is_not_assessable():
    a = run(cn10_ind(), [obs("2023-01..06", 480.0, unit="亿元")], as_of="2023-07-31")
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_data"
    assert any("季节系数" in r for r in a.reasons)


# -- other edge cases -----------------------------------------------------------------------------


def test_no_base():
    a = run(indicator(base=None, target=65.0), [obs("2023", 63.0)])
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_base"


def test_not_quantified():
    ind = indicator(qualifier="none", rule="none", target=None, base=1.0)
    a = run(ind, [obs("2023", 63.0)])
    assert a.status is Status.NOT_ASSESSABLE and a.category == "not_quantified"


def test_no_statistic_is_no_data():
    a = run(indicator(base=1.0, target=2.0, statistic=None), [])
    assert a.category == "no_data"


def test_province_task_without_milestone():
    ind = indicator(qualifier="province_task", rule="province_task", target=None, base=None)
    a = run(ind, [obs("2022", 3.1)])
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_task"
    assert a.label == "省下达年度任务未录入，未作出评估"


@pytest.mark.parametrize(("value", "status"), [(3.2, Status.ON_SCHEDULE), (2.9, Status.BEHIND)])
def test_province_task_with_milestone(value, status):
    ind = indicator(qualifier="province_task", rule="province_task", target=None, base=None,
                    nature="binding")
    a = run(ind, [obs("2022", value)], milestones=(milestone(2022, 3.0),))
    assert a.status is status
    assert a.warning is (status is Status.BEHIND)
    assert a.numbers["task"] == 3.0 and a.numbers["task_year"] == 2022


def test_province_task_milestone_without_data():
    ind = indicator(qualifier="province_task", rule="province_task", target=None, base=None)
    a = run(ind, [obs("2021", 3.2)], milestones=(milestone(2022, 3.0),))
    assert a.category == "no_data"


@pytest.mark.parametrize(("latest", "status"), [(68.0, Status.REACHED_EARLY), (64.0, Status.BEHIND)])
def test_target_already_met_at_base_is_maintain(latest, status):
    ind = indicator(qualifier="at_least", base=70.0, target=65.0)
    a = run(ind, [obs("2023", latest)])
    assert a.status is status
    assert any("基期已达到目标" in r for r in a.reasons)


def test_zero_base_falls_back_to_linear():
    ind = indicator(unit="亿元", rule="compound", base=0.0, target=100.0)
    a = run(ind, [obs("2023", 50.0, unit="亿元")])
    assert close(a.progress, 0.5)
    assert a.status is Status.BEHIND
    assert any("改用线性进度" in r for r in a.reasons)


def test_negative_values_fall_back_to_linear():
    ind = indicator(unit="亿元", rule="compound", base=-10.0, target=20.0)
    a = run(ind, [obs("2023", 11.0, unit="亿元")])
    assert close(a.progress, 21 / 30)
    assert a.status is Status.ON_SCHEDULE


def test_lower_is_better_compound():
    ind = indicator(unit="吨标准煤/万元", rule="compound", direction="lower_better",
                    base=0.5, target=0.4)
    a = run(ind, [obs("2023", 0.45, unit="吨标准煤/万元")])
    assert close(a.progress, math.log(0.9) / math.log(0.8))
    assert a.status is Status.BEHIND
    assert a.required_growth is not None and a.required_growth < 0


def test_reverse_movement():
    a = run(indicator(base=60.0, target=65.0), [obs("2023", 59.0)])
    assert a.status is Status.BEHIND and a.category == "reverse"
    assert a.label == "未达进度要求（逆向变化）"


@pytest.mark.parametrize(("latest", "label", "status"), [
    (65.0, "达到目标", Status.REACHED_EARLY), (64.0, "未完成", Status.BEHIND)])
def test_at_end_year(latest, label, status):
    a = run(indicator(base=60.0, target=65.0), [obs("2025", latest)], as_of="2026-03-01")
    assert a.status is status and a.label == label
    assert a.required_growth is None


@pytest.mark.parametrize(("nature", "status"), [("expected", Status.REACHED_EARLY),
                                                 ("binding", Status.ON_SCHEDULE)])
def test_about_band_for_levels(nature, status):
    """左右: 1% relative band for amounts, none for binding indicators."""
    ind = indicator(unit="亿元", rule="compound", qualifier="about", base=80.0, target=100.0,
                    nature=nature)
    a = run(ind, [obs("2023", 99.5, unit="亿元")])
    assert a.status is status


def test_unit_conversion():
    ind = indicator(unit="亿元", rule="compound", base=1000.0, target=2000.0)
    a = run(ind, [obs("2023", 15_000_000.0, unit="万元")])
    assert close(a.latest_value, 1500.0)


def test_observations_after_as_of_are_ignored():
    a = run(indicator(base=60.0, target=65.0), [obs("2022", 62.0), obs("2023", 64.0)],
            as_of="2023-06-30")
    assert a.latest_period == "2022" and close(a.expected_progress, 0.4)


def test_revised_value_preferred_to_preliminary():
    data = [obs("2023", 63.0, status="preliminary"), obs("2023", 62.0, status="revised", revision=2)]
    a = run(indicator(base=60.0, target=65.0), data)
    assert a.latest_value == 62.0


def test_full_year_preferred_over_stock_at_year_end():
    data = [obs("2023-12-31", 63.0), obs("2023", 62.5)]
    a = run(indicator(base=60.0, target=65.0), data)
    assert a.latest_period == "2023"


def test_growth_ytd_is_provisional_annual_growth():
    ind = indicator(form="growth_rate", rule="growth", qualifier="at_least", target=6.0, base=None)
    data = [obs("2021", 8.0, kind="growth"), obs("2022", 6.0, kind="growth"),
            obs("2023-01..06", 5.0, kind="growth")]
    a = run(ind, data, as_of="2023-07-31")
    assert close(a.value, ((1.08 * 1.06 * 1.05) ** (1 / 3) - 1) * 100)
    assert a.provisional
    assert a.status is Status.ON_SCHEDULE  # 6.33% ≥ 6%
    assert close(a.expected_progress, 0.5)


def test_growth_target_reached_early_when_five_year_level_reached():
    ind = indicator(form="growth_rate", rule="growth", qualifier="at_least", target=6.0, base=None)
    a = run(ind, [obs("2021", 20.0, kind="growth"), obs("2022", 15.0, kind="growth")])
    assert 1.2 * 1.15 >= 1.06**5
    assert a.status is Status.REACHED_EARLY


def test_growth_target_ignores_level_observations():
    ind = indicator(form="growth_rate", rule="growth", qualifier="at_least", target=6.0, base=None)
    a = run(ind, [obs("2021", 100.0), obs("2022", 110.0)])
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_data"


def test_cumulative_sum():
    ind = indicator(unit="万人", form="cumulative_sum", rule="cumulative_sum",
                    qualifier="cumulative", base=None, target=300.0)
    data = [obs("2021", 60.0, unit="万人"), obs("2022", 70.0, unit="万人"),
            obs("2023", 50.0, unit="万人")]
    a = run(ind, data)
    assert close(a.progress, 180 / 300) and close(a.expected_progress, 0.6)
    assert a.status is Status.ON_SCHEDULE and a.category == "in_line"
    assert close(a.numbers["required_annual"], 120 / 2)
    assert close(a.projected_value, 180 / 3 * 5)
    b = run(ind, [*data, obs("2024-01..06", 40.0, unit="万人")], as_of="2024-07-31")
    assert close(b.progress, 220 / 300) and close(b.expected_progress, 0.7)
    assert b.provisional and b.status is Status.ON_SCHEDULE
    c = run(ind, [*data, obs("2024", 130.0, unit="万人")])
    assert c.status is Status.REACHED_EARLY


def test_cumulative_published_total():
    ind = indicator(unit="家", form="cumulative_sum", rule="cumulative_sum",
                    qualifier="cumulative", base=None, target=1000.0)
    a = run(ind, [obs("2021..2022", 380.0, kind="cumulative", unit="家")])
    assert close(a.progress, 0.38) and close(a.expected_progress, 0.4)
    assert a.status is Status.BEHIND


def test_cumulative_reduction_from_intensity_growth():
    ind = indicator(nature="binding", form="cumulative_reduction", rule="cumulative_reduction",
                    qualifier="cumulative", target=14.0, base=None)
    data = [obs("2021", -3.0, kind="growth"), obs("2022", -2.5, kind="growth"),
            obs("2023", -1.5, kind="growth")]
    a = run(ind, data)
    assert close(a.numbers["R_t"], (1 - 0.97 * 0.975 * 0.985) * 100)


def test_config_validation():
    with pytest.raises(ConfigError):
        run(indicator(base=1.0, target=2.0), [], binding_tolerance=0.1)
    with pytest.raises(ConfigError):
        run(indicator(base=1.0, target=2.0), [], convention="as_of")


def test_every_assessment_names_rule_and_source():
    a = cn1()
    assert "线性进度" in a.rule
    assert a.latest is not None and a.latest.source.document == "test"
    assert a.numbers["convention"] == "data_period"


def test_forecast_beside_status():
    a = cn1()
    fc = a.numbers["forecast"]
    assert fc["points"] == 4  # base 2020 + 2021..2023
    assert fc["linear"]["projected"] is not None
    assert 0.0 <= fc["linear"]["probability"] <= 1.0
    assert fc["assumptions"]
    assert a.status is Status.ON_SCHEDULE  # the status is unchanged by the forecast


def test_share_target_printed_as_fraction_is_flagged():
    """seed 003 表4-1 prints 0.45 beside a base of 40.4 (%): evaluated as printed, flagged."""
    a = run(indicator(base=40.4, target=0.45), [obs("2022", 42.0)])
    assert any("疑似以小数填报" in r for r in a.reasons)


def test_assumed_base_year_is_noted_only_where_used():
    g = indicator(form="growth_rate", rule="growth", qualifier="at_least", target=6.0,
                  base=None, base_year=None)
    a = run(g, [obs("2021", 7.0, kind="growth")])
    assert any("按五年规划期取2020年" in r for r in a.reasons)
    t = indicator(qualifier="province_task", rule="province_task", target=None, base=None,
                  base_year=None)
    assert not any("基期年份" in r for r in run(t, []).reasons)


def test_prose_qualifier_of_the_latest_value_is_stated():
    from dataclasses import replace

    from planwatch.model import ValueQualifier

    o = replace(obs("2023", 7000.0, unit="亿元"), qualifier=ValueQualifier.PASSED, text="突破7000亿元")
    a = run(indicator(unit="亿元", rule="compound", base=4453.0, target=8000.0), [o])
    assert any("突破7000亿元" in r and "突破值" in r for r in a.reasons)
