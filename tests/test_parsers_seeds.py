"""The seed plans as printed: every indicator row of 003 表4-1 and 004 表1, every cell of 004
附件1 and every prose target of 004 section 四.

The expected tables below were typed by reading the seed text files (line numbers as an editor
shows them), not produced by the parser.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.parsers import parse_plan
from tests.conftest import seed

E, B = "expected", "binding"

# seq, category, name, unit, base, target, qualifier, declared growth, nature, line of the name
SEED_003 = [
    (1, "规模质量", "工业增加值", "亿元", 89.49, 180, "exact", 15.0, E, 752),
    (2, "规模质量", "规上工业总产值", "亿元", 290.1, 545, "exact", 13.4, E, 754),
    (3, "规模质量", "规上工业增加值", "亿元", 59.49, 120, "exact", 15.1, E, 756),
    (4, "规模质量", "规上工业主营业务收入利润率", "%", 4.36, 5, "exact", 2.78, E, 758),
    (5, "规模质量", "规上工业增加值率", "%", 20.51, 22, "at_least", 1.41, E, 760),
    (6, "规模质量", "工业投资累计额", "", 203.18, 300, "cumulative", None, E, 762),
    (7, "规模质量", "规上工业全员劳动生产率", "万元/人", 15.85, 25.4, "exact", 8.89, E, 764),
    (8, "产业升级", "先进装备制造业增加值在规模以上工业中的比重", "%", 40.4, 0.45, "exact", 2.18, E, 770),
    (9, "产业升级", "战略性新兴产业增加值在规模以上工业中的比重", "%", 10.8, 0.40, "exact", 29.94, E, 775),
    (10, "产业升级", "高新技术产业增加值在规模以上工业中的比重", "%", 52.9, 0.60, "exact", 2.55, E, 780),
    (11, "产业升级", "数字经济增加值占GDP比重", "%", 30, 45, "exact", 8.45, E, 785),
    (12, "产业升级", "数字经济核心产业增加值占GDP比重", "%", 8, 11, "exact", 6.58, E, 787),
    (13, "企业成长", "规上工业企业数量", "家", 391, 600, "exact", 8.94, E, 796),
    (14, "企业成长", "科技型中小企业数量", "家", 393, 793, "exact", 15.07, E, 798),
    (15, "企业成长", "国家高新技术企业数量", "家", 120, 240, "exact", 14.87, E, 800),
    (16, "企业成长", "年产值超亿元工业企业数量", "家", 72, 100, "exact", 6.79, E, 802),
    (17, "企业成长", "年产值超10亿元工业企业数量", "家", 0, 10, "exact", None, E, 804),
    (18, "企业成长", "年产值超20亿元工业企业数量", "家", 0, 4, "exact", None, E, 806),
    (19, "企业成长", "年产值超50亿元工业企业数量", "家", 0, 3, "exact", None, E, 808),
    (20, "创新发展", "工业口径：规上工业研发经费支出占营业收入比重", "%", None, None, "none", None, E, 814),
    (21, "创新发展", "社会口径：研究与试验发展经费支出占生产总值比重", "%", 2.5, 3.3, "exact", 5.71, E, 818),
    (22, "创新发展", "万人高价值发明专利拥有量", "件", 4, 6.7, "exact", 10.87, E, 847),
    (23, "创新发展", "市级及以上研发中心", "家", 180, 330, "exact", 12.89, E, 849),
    (24, "创新发展", "规上工业新产品产值率", "%", 48.2, 50, "exact", 0.74, E, 851),
    (25, "智能制造", "两化融合指数", "", 100, 110, "exact", 1.92, E, 857),
    (26, "智能制造", "数字化车间示范项目", "个", 9, 20, "exact", 17.32, E, 859),
    (27, "智能制造", "物联网工厂示范项目", "个", 2, 5, "exact", 20.11, E, 861),
    (28, "智能制造", "上云企业数", "家", 2600, 3600, "exact", 6.72, E, 863),
    (29, "智能制造", "上云标杆企业和工业云平台项目", "个", 5, 10, "exact", 14.87, E, 865),
    (30, "绿色集约", "单位工业增加值能耗", "吨标准煤/万元", None, None, "province_task", None, B, 874),
    (31, "绿色集约", "单位工业增加值用水量", "立方米/万元", None, None, "province_task", None, B, 887),
    (32, "绿色集约", "工业固体废物利用处置率", "%", 97, None, "province_task", None, B, 892),
    (33, "绿色集约", "规上工业亩均增加值", "万元/亩", 54.87, 165, "exact", 24.63, E, 894),
    (34, "绿色集约", "规上工业亩均税收", "万元/亩", 8.5, 30, "exact", 28.69, E, 896),
]

# seq, category, name, unit, base, base year, target, qualifier, stretch, nature, line
SEED_004 = [
    (1, "质效提升", "工业增加值占GDP比重", "%", 33.1, 2020, 35, "about", None, E, 171),
    (2, "质效提升", "规上工业总产值", "亿元", 4453, 2020, 8000, "exact", None, E, 178),
    (3, "质效提升", "规上工业增加值", "亿元", 920.6, 2020, 1760, "exact", None, E, 185),
    (4, "质效提升", "规上工业营业收入利润率增速", "%", None, None, 8, "exact", None, E, 192),
    (5, "质效提升", "规上工业全员劳动生产率", "万元/人", 16.0, 2020, 26.8, "exact", None, E, 199),
    (6, "结构优化", "规上工业企业数", "家", 4556, 2020, 7000, "at_least", None, E, 208),
    (7, "结构优化", "高新技术产业增加值占规上工业比重", "%", 52.8, 2020, 60, "at_least", None, E, 215),
    (8, "结构优化", "数字经济核心产业增加值占GDP比重", "%", 6.3, 2020, 8, "at_least", None, E, 222),
    (9, "动能转换", "规上工业研发经费支出占营业收入比重", "%", 2.69, 2020, 3.0, "at_least", 3.5, E, 231),
    (10, "动能转换", "每万人高价值发明专利数", "件", 3.5, 2020, 5.5, "exact", None, E, 245),
    (11, "动能转换", "规上工业新产品产值率", "%", 39.3, 2020, 45, "exact", None, E, 252),
    (12, "绿色智造", "两化融合发展指数", "", 91.83, 2019, 110, "at_least", None, E, 259),
    (13, "绿色智造", "单位工业增加值二氧化碳排放降幅", "%", None, None, None, "province_task", None, B, 266),
    (14, "绿色智造", "单位工业增加值用水量", "立方米/万元", None, None, None, "province_task", None, B, 273),
    (15, "绿色智造", "工业固体废物利用处置率", "%", None, None, None, "province_task", None, B, 282),
    (16, "绿色智造", "规上工业亩均增加值", "万元/亩", 76.3, 2020, 150, "exact", None, E, 289),
    (17, "绿色智造", "规上工业亩均税收", "万元/亩", 12.5, 2020, 30, "exact", None, E, 296),
    (18, "区域协调", "千亿级工业大县数量", "个", None, None, 5, "exact", None, E, 304),
    (19, "区域协调", "武义、磐安新增规上工业企业数量", "家", None, None, 500, "exact", None, E, 311),
    (20, "区域协调", "武义、磐安规上工业增加值占全市比重", "%", 12.8, 2020, 13.3, "exact", None, E, 318),
]

# 附件1 as printed: region, then 2020 产值/企业/亩均税收, 2025 产值/企业/亩均税收 (None = empty)
ANNEX_1 = [
    ("金华", 4453, 4556, 12.5, 8000, 7000, 30, 727),
    ("婺城区", 208.3, 195, 7.9, 400, 300, None, 735),
    ("开发区", 523.0, 276, None, 1000, 400, None, 743),
    ("金义新区（金东区）", 290.1, 391, 8.5, 450, 500, None, 751),
    ("兰溪市", 664.3, 488, 9.9, 1000, 800, None, 759),
    ("义乌市", 667.6, 677, 12.8, 1500, 1000, None, 767),
    ("东阳市", 505.9, 556, 12.7, 1000, 800, None, 775),
    ("永康市", 799.7, 958, 19.6, 1200, 1300, None, 783),
    ("武义县", 527.2, 563, 13.3, 900, 800, None, 791),
    ("浦江县", 174.9, 323, 9.7, 350, 500, None, 799),
    ("磐安县", 92.0, 129, 15.1, 200, 200, None, 807),
]
ANNEX_COLUMNS = [("规上工业总产值", 2020, "base"), ("规上工业企业", 2020, "base"),
                 ("规上工业亩均税收", 2020, "base"), ("规上工业总产值", 2025, "target"),
                 ("规上工业企业", 2025, "target"), ("规上工业亩均税收", 2025, "target")]

# 004 section 四 (lines 545-684): subject, value, unit, qualifier, increment, line. "increment"
# marks numbers added during the period (新增, 累计培育, 招引, 实施, 淘汰, 完成, 创建), not levels.
SECTION_4 = [
    ("“雄鹰行动”入库培育企业", 10, "家", "exact", True, 553),
    ("国家级制造业单项冠军", 10, "家", "at_least", True, 553),
    ("规上工业企业", 7000, "家", "at_least", False, 557),
    ("“专精特新”入库企业", 2000, "家", "at_least", False, 557),
    ("青春期企业", 500, "家", "about", False, 557),
    ("产业链上下游共同体", 10, "个", "about", False, 561),
    ("大院名校共建研究院所", 40, "家", "exact", True, 571),
    ("高新技术企业", 3000, "家", "at_least", False, 579),
    ("科技型中小企业", 10000, "家", "at_least", False, 579),
    ("省级及以上企业技术中心", 300, "个", "at_least", True, 579),
    ("省级数字化车间/智能工厂/未来工厂", 100, "家", "at_least", True, 592),
    ("省级智能化工程服务商", 50, "家", "at_least", False, 592),
    ("市级智能化工程服务商", 100, "家", "at_least", False, 592),
    ("省级以上工业互联网平台", 50, "家", "at_least", True, 596),
    ("工业企业", 20000, "家", "at_least", False, 596),
    ("两业融合试点区域", 5, "个", "at_least", False, 600),
    ("国家级工业设计中心", 3, "家", "exact", True, 600),
    ("省级服务型制造示范企业（平台）", 25, "家", "exact", True, 600),
    ("10亿元以上重大产业项目或产业链配套关键项目", 150, "个", "at_least", True, 609),
    ("省级首台套", 100, "项", "at_least", True, 612),
    ("淘汰落后产能企业", 500, "家", "exact", True, 619),
    ("“低散乱”整治", 10000, "家", "exact", True, 619),
    ("亩均税收", 30, "万元/亩", "at_least", False, 619),
    ("“品字标”企业", 80, "家", "at_least", True, 626),
    ("省级绿色工厂", 50, "家", "at_least", True, 645),
    ("省级“四星级”以上小微企业园", 10, "个", "exact", True, 662),
]


@pytest.fixture(scope="module")
def p003():
    return parse_plan(seed("003"))


@pytest.fixture(scope="module")
def p004():
    return parse_plan(seed("004"))


def _f(v):
    return None if v is None else float(v)


def test_003_table_4_1_every_row(p003):
    got = [(i.seq, i.category, i.name, i.unit, i.base_value, i.target_value, i.qualifier.value,
            i.declared_growth, i.nature.value, i.source.line) for i in p003.indicators]
    want = [(s, c, n, u, _f(b), _f(t), q, g, nat, ln) for s, c, n, u, b, t, q, g, nat, ln in SEED_003]
    assert got == want
    assert {i.table for i in p003.indicators} == {"表4-1"}
    assert all(i.target_year == 2025 for i in p003.indicators)


def test_003_notes_are_applied(p003):
    by = {i.name: i for i in p003.indicators}
    # note 2: % indicators declare growth in percentage points, amounts and counts in %
    assert by["规上工业增加值率"].declared_growth_unit.value == "points"
    assert by["规上工业总产值"].declared_growth_unit.value == "percent"
    assert any("百分点" in n for n in by["规上工业增加值率"].notes)
    # note 3: [ ] are five-year cumulative totals
    assert by["工业投资累计额"].target_text == "[300]"
    assert any("累计" in n for n in by["工业投资累计额"].notes)
    assert by["工业投资累计额"].rule.value == "cumulative_sum"


def test_003_guesses_and_gaps_are_reported(p003):
    by_line = {(i.code, i.location.line) for i in p003.issues}
    # two rows sharing one set of cells (lines 814-832), and the merged 完成省下达任务 cell
    assert ("merged-cell-guess", 814) in by_line
    assert ("merged-cell-guess", 887) in by_line
    assert ("merged-cell-guess", 892) in by_line
    assert ("missing-unit", 762) in by_line  # 工业投资累计额 has no unit anywhere
    assert not [i for i in p003.issues if i.code == "unreadable-row"]


def test_003_directions(p003):
    by = {i.name: i for i in p003.indicators}
    assert by["单位工业增加值能耗"].direction.value == "lower_better"
    assert "能耗" in by["单位工业增加值能耗"].direction_basis
    assert by["单位工业增加值用水量"].direction.value == "lower_better"
    assert by["规上工业总产值"].direction.value == "higher_better"


def test_004_table_1_every_row(p004):
    got = [(i.seq, i.category, i.name, i.unit, i.base_value, i.base_year, i.target_value,
            i.qualifier.value, i.stretch_value, i.nature.value, i.source.line) for i in p004.indicators]
    want = [(s, c, n, u, _f(b), by, _f(t), q, _f(st), nat, ln)
            for s, c, n, u, b, by, t, q, st, nat, ln in SEED_004]
    assert got == want
    assert all(i.declared_growth is None for i in p004.indicators)  # 表1 has no growth column


def test_004_plan_metadata(p004):
    assert p004.plan.title == "金华市工业高质量发展“十四五”规划"
    assert p004.plan.region == "金华市"
    assert (p004.plan.period_start, p004.plan.period_end) == (2021, 2025)
    assert p004.plan.status == "draft"


def test_004_annex_1_every_cell_and_no_shift(p004):
    got = {(d.region, d.indicator, d.year): (d.value, d.role, d.source.line) for d in p004.decompositions}
    want = {}
    for region, *values, line in ANNEX_1:
        for k, ((name, year, role), v) in enumerate(zip(ANNEX_COLUMNS, values, strict=True)):
            if v is not None:
                want[(region, name, year)] = (float(v), role, line + 1 + k)
    assert got == want
    assert len(p004.decompositions) == 55  # 66 cells, 11 printed empty
    # the empty 2025 亩均税收 cells stay missing
    assert not [d for d in p004.decompositions if d.indicator == "规上工业亩均税收" and d.year == 2025
                and d.region != "金华"]
    seqs = {d.indicator: d.indicator_seq for d in p004.decompositions}
    assert seqs == {"规上工业总产值": 2, "规上工业企业": 6, "规上工业亩均税收": 17}


def test_004_section_4_prose_targets(p004):
    got = [(n.subject, n.value, n.unit, n.qualifier.value, n.increment, n.source.line)
           for n in p004.narrative_targets if 545 <= (n.source.line or 0) < 685]
    want = [(s, float(v), u, q, inc, ln) for s, v, u, q, inc, ln in SECTION_4]
    assert got == want
    assert all(n.year == 2025 and n.stretch for n in p004.narrative_targets
               if 545 <= (n.source.line or 0) < 685)


def test_004_industry_targets_name_their_industry(p004):
    # section 三 (lines 329-395): each industry's own 规上工业总产值 target, not the city's
    got = [(n.subject, n.value, n.source.line) for n in p004.narrative_targets
           if 324 <= (n.source.line or 0) < 430]
    assert got == [("纺织服装规上工业总产值", 1000.0, 331), ("五金制造规上工业总产值", 1500.0, 343),
                   ("汽车及零部件规上工业总产值", 1000.0, 357), ("装备制造规上工业总产值", 500.0, 370),
                   ("芯光电规上工业总产值", 1000.0, 384), ("生物医药规上工业总产值", 500.0, 395)]


def test_004_prose_target_text_is_the_clause(p004):
    first = next(n for n in p004.narrative_targets if n.subject == "规上工业企业")
    assert first.text == "全市规上工业企业达到7000家以上"
    assert first.section == "2．支持中小微企业专精特新发展"


@pytest.mark.parametrize("name", ["000", "001", "002"])
def test_documents_without_indicator_table_say_so(name):
    result = parse_plan(seed(name))
    assert result.indicators == []
    [err] = [i for i in result.issues if i.code == "no-indicator-table"]
    assert err.location.file == seed(name).name
    assert "没有找到指标表" in err.message


def test_cli_parse_json_contract():
    res = CliRunner().invoke(cli, ["plan", "parse", str(seed("004")), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # the issue-3 contract, plus the plan's tasks and project tables (issue 16)
    assert set(data) == {"plan", "indicators", "decompositions", "narrative_targets", "issues", "tasks", "projects"}
    assert len([t for t in data["tasks"] if t["kind"] == "task"]) == 32
    assert {"title", "region", "period_start", "period_end"} <= set(data["plan"])
    row = data["indicators"][5]
    contract = {"category", "seq", "name", "unit", "base_year", "base_value", "target_year",
                "target_value", "qualifier", "stretch_value", "declared_growth", "nature",
                "direction", "source"}
    assert contract <= set(row)
    assert row["name"] == "规上工业企业数" and row["qualifier"] == "at_least"
    assert row["source"] == {"file": seed("004").name, "line": 208, "table": "表1"}
    assert {"indicator", "region", "year", "value", "source"} <= set(data["decompositions"][0])
    assert {"subject", "value", "unit", "qualifier", "year", "source"} <= set(data["narrative_targets"][0])
    assert {"code", "severity", "message", "source"} == set(data["issues"][0])


def test_cli_parse_shows_rows_with_sources():
    res = CliRunner().invoke(cli, ["plan", "parse", str(seed("003"))], env={"COLUMNS": "240"})
    assert res.exit_code == 0, res.output
    assert "表4-1 第754行" in res.output
    assert "完成省下达任务" in res.output
    assert "合并单元格按推断读取" in res.output  # the issue named in Chinese (code merged-cell-guess)
