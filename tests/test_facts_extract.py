"""Facts from sentences written in the styles of 统计公报, 政府工作报告 and half-year reports,
with the traps a reader steps over (years, dates, document and phone numbers, page and line
numbers) and a percentage-point change printed next to a percentage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.facts.extract import Fact, extract
from tests.conftest import seed


def _rows(facts: list[Fact]) -> list[tuple[str, float, str, str | None]]:
    return [(f.kind.value, f.value, f.unit, f.period) for f in facts]


def test_bulletin_paragraph() -> None:
    text = (
        "2022年，全市规模以上工业增加值1523.6亿元，比上年增长5.1%，增速居全省第4位；"
        "规模以上工业企业研发费用占营业收入比重为3.23%，比上年提高0.2个百分点。"
    )
    facts = extract(text)
    assert _rows(facts) == [
        ("level", 1523.6, "亿元", "2022"),
        ("growth", 5.1, "%", "2022"),
        ("rank", 4, "位", "2022"),
        ("share", 3.23, "%", "2022"),
        ("change_points", 0.2, "个百分点", "2022"),
    ]
    assert facts[0].subject == "规模以上工业增加值"
    assert (facts[2].scope, facts[2].rank_of) == ("全省", "growth")
    assert facts[3].subject == "规模以上工业企业研发费用占营业收入比重"


def test_points_next_to_percent_keep_their_units() -> None:
    facts = extract("2023年末，全市常住人口城镇化率达到72.1%，比上年提高0.8个百分点；"
                    "居民消费价格上涨2.1%，涨幅比上年回落0.3个百分点。")
    assert [(f.kind.value, f.value, f.unit) for f in facts] == [
        ("share", 72.1, "%"), ("change_points", 0.8, "个百分点"),
        ("growth", 2.1, "%"), ("change_points", -0.3, "个百分点"),
    ]


def test_work_report_review() -> None:
    text = ("2023年，全市地区生产总值突破6000亿元、增长6.5%左右，一般公共预算收入逾500亿元；"
            "新增规上工业企业812家，五年累计新增3018家。")
    facts = extract(text)
    assert [(f.kind.value, f.value, f.unit, f.qualifier.value) for f in facts] == [
        ("level", 6000, "亿元", "passed"),
        ("growth", 6.5, "%", "about"),
        ("level", 500, "亿元", "more_than"),
        ("cumulative", 812, "家", "exact"),
        ("cumulative", 3018, "家", "exact"),
    ]
    assert [f.period for f in facts] == ["2023", "2023", "2023", "2023", "2021..2025"]


def test_half_year_report() -> None:
    text = ("2023年上半年，全市实现规上工业增加值782.3亿元，同比增长6.8%，高于全省1.2个百分点；"
            "截至2023年6月底，全市累计拥有国家高新技术企业2657家。"
            "2021年至2023年6月，累计新增省级科技型中小企业3651家。"
            "1-5月，全市出口增长12.4%。")
    facts = extract(text)
    assert _rows(facts) == [
        ("level", 782.3, "亿元", "2023-H1"),
        ("growth", 6.8, "%", "2023-H1"),
        ("change_points", 1.2, "个百分点", "2023-H1"),
        ("cumulative", 2657, "家", "2023-06-30"),
        ("cumulative", 3651, "家", "2021..2023-06"),
        ("growth", 12.4, "%", "2023-01..05"),
    ]


def test_traps_are_not_facts() -> None:
    text = (
        "根据《浙江省人民政府关于印发二〇二五年目标的通知》（浙委办发〔2021〕35号）要求，"
        "本办法自2021年3月5日起施行，咨询电话0579-82468888，手机13805791234。详见第12页。\n"
        "12 全市新增城镇就业5.6万人。\n"
        "2025年，全市数字经济核心产业增加值力争达到1000亿元。\n"
    )
    facts = extract(text)
    assert _rows(facts) == [("cumulative", 5.6, "万人", None), ("target", 1000, "亿元", "2025")]
    assert [f.line for f in facts] == [2, 3]


def test_regions() -> None:
    facts = extract("2023年，全国GDP增长5.2%，浙江省增长6.0%，金华增长6.6%；"
                    "义乌市实现进出口总额5660亿元，增长18.2%；永康市规上工业产值突破1200亿元。")
    assert [(f.region, f.value) for f in facts] == [
        ("全国", 5.2), ("浙江省", 6.0), ("金华市", 6.6), ("义乌市", 5660), ("义乌市", 18.2),
        ("永康市", 1200),
    ]
    assert {f.subject for f in facts[:3]} == {"GDP"}


def test_chinese_numerals_multiples_and_ratios() -> None:
    facts = extract("“十四五”期间，全市共有三个国家级开发区、十条重点产业链，两千余家规上企业，"
                    "研发投入翻一番。2022年，城乡居民收入倍差缩小至1.95，人均GDP是2012年的2.1倍。")
    assert [(f.kind.value, f.value, f.unit, f.qualifier.value) for f in facts] == [
        ("cumulative", 3, "个", "exact"), ("cumulative", 10, "条", "exact"),
        ("cumulative", 2000, "家", "more_than"), ("growth", 2, "倍", "exact"),
        ("level", 1.95, "", "exact"), ("level", 2.1, "倍", "exact"),
    ]


def test_json_output_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["facts", "extract", str(seed("001")), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert set(rows[0]) == {"region", "subject", "period", "kind", "value", "unit", "scope",
                            "qualifier", "sentence", "line"}
    first = rows[0]
    assert (first["region"], first["period"], first["kind"], first["value"], first["unit"],
            first["qualifier"], first["line"]) == ("金华市", "2021", "level", 1000, "亿元",
                                                   "passed", 13)
    assert first["sentence"].startswith("2021年，金华数字经济核心产业营收首破千亿元")


def test_table_output_in_chinese() -> None:
    result = CliRunner().invoke(cli, ["facts", "extract", str(seed("000"))])
    assert result.exit_code == 0
    assert "共" in result.output and "突破" in result.output and "全省" in result.output
