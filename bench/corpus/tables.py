"""The real indicator tables of the layout corpus, as printed, with their gold rows.

The printed cells are copied from the source named in each table; the gold rows (what a reader of
the printed table understands each row to say) were typed by hand from the printed cells, never
produced by the parser. A ``parent`` groups sub-rows under a parent row as plans print them; where
the grouping is not the source's own it is marked ``grouping_fictional`` (values stay real).
"""

from __future__ import annotations

from dataclasses import dataclass, field

E, B = "预期性", "约束性"


@dataclass(frozen=True)
class Row:
    category: str
    seq: str
    name: str  # the printed name without its unit
    unit: str
    base: str  # cells exactly as printed
    target: str
    growth: str  # 年均增长〔累计〕 column; "" when the table has none
    nature: str
    parent: str | None = None  # the parent indicator printed above a group of sub-rows
    stretch: str | None = None  # a stretch target printed on a row of its own ("力争3.5以上")


@dataclass(frozen=True)
class Gold:
    """What the row says: the fields the benchmark scores."""

    category: str
    name: str
    unit: str
    base: float | None
    target: float | None
    qualifier: str  # planwatch.model.Qualifier values
    nature: str  # "expected" | "binding"


@dataclass(frozen=True)
class PrintedTable:
    key: str
    title: str  # the document title (gives the plan period)
    caption: str
    source: str  # where the printed table comes from
    base_header: str
    target_header: str
    growth_header: str | None
    unit_column: bool  # units in a column of their own, or in brackets after the name
    rows: tuple[Row, ...]
    gold: tuple[Gold, ...]
    notes: tuple[str, ...] = ()
    grouping_fictional: bool = False
    extra: dict[str, str] = field(default_factory=dict)


# -- 1. 中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要，专栏1 ---------------
# Printed cells from shared/data/national14/table.csv (checked there row by row against
# official summaries). Gold typed from those cells: a target printed only in the 年均/累计 column
# is the row's target (〔18〕 → 18 cumulative; >6.5 → 6.5 at least; <5.5 → 5.5 at most).
_N14 = [
    ("经济发展", "1", "国内生产总值（GDP）增长", "%", "2.3", "—", "保持在合理区间、各年度视情提出", E),
    ("经济发展", "2", "全员劳动生产率增长", "%", "2.5", "—", "高于GDP增长", E),
    ("经济发展", "3", "常住人口城镇化率", "%", "60.6*", "65", "—", E),
    ("创新驱动", "4", "全社会研发经费投入增长", "%", "—", "—", ">7、力争投入强度高于“十三五”时期实际", E),
    ("创新驱动", "5", "每万人口高价值发明专利拥有量", "件", "6.3", "12", "—", E),
    ("创新驱动", "6", "数字经济核心产业增加值占GDP比重", "%", "7.8", "10", "—", E),
    ("民生福祉", "7", "居民人均可支配收入增长", "%", "2.1", "—", "与GDP增长基本同步", E),
    ("民生福祉", "8", "城镇调查失业率", "%", "5.2", "—", "<5.5", E),
    ("民生福祉", "9", "劳动年龄人口平均受教育年限", "年", "10.8", "11.3", "—", B),
    ("民生福祉", "10", "每千人口拥有执业（助理）医师数", "人", "2.9", "3.2", "—", E),
    ("民生福祉", "11", "基本养老保险参保率", "%", "91", "95", "—", E),
    ("民生福祉", "12", "每千人口拥有3岁以下婴幼儿托位数", "个", "1.8", "4.5", "—", E),
    ("民生福祉", "13", "人均预期寿命", "岁", "77.3*", "—", "〔1〕", E),
    ("绿色生态", "14", "单位GDP能源消耗降低", "%", "—", "—", "〔13.5〕", B),
    ("绿色生态", "15", "单位GDP二氧化碳排放降低", "%", "—", "—", "〔18〕", B),
    ("绿色生态", "16", "地级及以上城市空气质量优良天数比率", "%", "87", "87.5", "—", B),
    ("绿色生态", "17", "地表水达到或好于Ⅲ类水体比例", "%", "83.4", "85", "—", B),
    ("绿色生态", "18", "森林覆盖率", "%", "23.2*", "24.1", "—", B),
    ("安全保障", "19", "粮食综合生产能力", "亿吨", "—", ">6.5", "—", B),
    ("安全保障", "20", "能源综合生产能力", "亿吨标准煤", "—", ">46", "—", B),
]
_N14_GOLD = [
    Gold("经济发展", "国内生产总值（GDP）增长", "%", 2.3, None, "none", "expected"),
    Gold("经济发展", "全员劳动生产率增长", "%", 2.5, None, "none", "expected"),
    Gold("经济发展", "常住人口城镇化率", "%", 60.6, 65, "exact", "expected"),
    Gold("创新驱动", "全社会研发经费投入增长", "%", None, 7, "at_least", "expected"),
    Gold("创新驱动", "每万人口高价值发明专利拥有量", "件", 6.3, 12, "exact", "expected"),
    Gold("创新驱动", "数字经济核心产业增加值占GDP比重", "%", 7.8, 10, "exact", "expected"),
    Gold("民生福祉", "居民人均可支配收入增长", "%", 2.1, None, "none", "expected"),
    Gold("民生福祉", "城镇调查失业率", "%", 5.2, 5.5, "at_most", "expected"),
    Gold("民生福祉", "劳动年龄人口平均受教育年限", "年", 10.8, 11.3, "exact", "binding"),
    Gold("民生福祉", "每千人口拥有执业（助理）医师数", "人", 2.9, 3.2, "exact", "expected"),
    Gold("民生福祉", "基本养老保险参保率", "%", 91, 95, "exact", "expected"),
    Gold("民生福祉", "每千人口拥有3岁以下婴幼儿托位数", "个", 1.8, 4.5, "exact", "expected"),
    Gold("民生福祉", "人均预期寿命", "岁", 77.3, 1, "cumulative", "expected"),
    Gold("绿色生态", "单位GDP能源消耗降低", "%", None, 13.5, "cumulative", "binding"),
    Gold("绿色生态", "单位GDP二氧化碳排放降低", "%", None, 18, "cumulative", "binding"),
    Gold("绿色生态", "地级及以上城市空气质量优良天数比率", "%", 87, 87.5, "exact", "binding"),
    Gold("绿色生态", "地表水达到或好于Ⅲ类水体比例", "%", 83.4, 85, "exact", "binding"),
    Gold("绿色生态", "森林覆盖率", "%", 23.2, 24.1, "exact", "binding"),
    Gold("安全保障", "粮食综合生产能力", "亿吨", None, 6.5, "at_least", "binding"),
    Gold("安全保障", "能源综合生产能力", "亿吨标准煤", None, 46, "at_least", "binding"),
]

NATIONAL14 = PrintedTable(
    key="national14",
    title="中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
    caption="专栏1 “十四五”时期经济社会发展主要指标",
    source="《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要》专栏1"
           "（2021年3月，新华社发布）；单元格取自 shared/data/national14/table.csv",
    base_header="2020年", target_header="2025年", growth_header="年均/累计",
    unit_column=True,
    rows=tuple(Row(*r) for r in _N14),
    gold=tuple(_N14_GOLD),
    notes=("注：①〔 〕内为5年累计数。②带*的为2019年数据。",),
)

# The same table printed with two groups of sub-rows, as plans print 城镇化率 → 常住/户籍: the
# grouping is made up for the layout (grouping_fictional); the rows and values are the outline's.
_GROUPS = {"16": "环境质量", "17": "环境质量", "14": "能耗和排放", "15": "能耗和排放"}
NATIONAL14_SUBROWS = PrintedTable(
    key="national14-subrows",
    title=NATIONAL14.title, caption=NATIONAL14.caption, source=NATIONAL14.source + "；子行分组为虚构",
    base_header="2020年", target_header="2025年", growth_header="年均/累计", unit_column=True,
    rows=tuple(Row(*r, parent=_GROUPS.get(r[1])) for r in _N14),
    gold=tuple(_N14_GOLD), notes=NATIONAL14.notes, grouping_fictional=True,
)

# -- 2. 金华市工业高质量发展“十四五”规划（征求意见稿）表1（seed 004, lines 159-323) -------------
_S4 = [
    ("质效提升", "1", "工业增加值占GDP比重", "%", "33.1", "35左右", "", E),
    ("质效提升", "2", "规上工业总产值", "亿元", "4453", "8000", "", E),
    ("质效提升", "3", "规上工业增加值", "亿元", "920.6", "1760", "", E),
    ("质效提升", "4", "规上工业营业收入利润率增速", "", "—", "8%", "", E),
    ("质效提升", "5", "规上工业全员劳动生产率", "万元/人", "16.0", "26.8", "", E),
    ("结构优化", "6", "规上工业企业数", "家", "4556", "7000以上", "", E),
    ("结构优化", "7", "高新技术产业增加值占规上工业比重", "%", "52.8", "60以上", "", E),
    ("结构优化", "8", "数字经济核心产业增加值占GDP比重", "%", "6.3", "8以上", "", E),
    ("动能转换", "9", "规上工业研发经费支出占营业收入比重", "%", "2.69", "3.0以上", "", E),
    ("动能转换", "10", "每万人高价值发明专利数", "件", "3.5", "5.5", "", E),
    ("动能转换", "11", "规上工业新产品产值率", "%", "39.3", "45", "", E),
    ("绿色智造", "12", "两化融合发展指数", "", "91.83（2019）", "110以上", "", E),
    ("绿色智造", "13", "单位工业增加值二氧化碳排放降幅", "", "—", "完成省下达任务", "", B),
    ("绿色智造", "14", "单位工业增加值用水量", "立方米/万元", "—", "完成省下达任务", "", B),
    ("绿色智造", "15", "工业固体废物利用处置率", "%", "—", "完成省下达任务", "", B),
    ("绿色智造", "16", "规上工业亩均增加值", "万元/亩", "76.3", "150", "", E),
    ("绿色智造", "17", "规上工业亩均税收", "万元/亩", "12.5", "30", "", E),
    ("区域协调", "18", "千亿级工业大县数量", "个", "—", "5", "", E),
    ("区域协调", "19", "武义、磐安新增规上工业企业数量", "家", "—", "500", "", E),
    ("区域协调", "20", "武义、磐安规上工业增加值占全市比重", "%", "12.8", "13.3", "", E),
]
# gold from tests/test_parsers_seeds.py SEED_004 (typed from the seed text), units as printed
_S4_GOLD = [
    Gold(c, n, "%" if n in ("规上工业营业收入利润率增速", "单位工业增加值二氧化碳排放降幅") else u,
         b, t, q, "binding" if nat == B else "expected")
    for (c, _, n, u, _, _, _, nat), (b, t, q) in zip(_S4, [
        (33.1, 35, "about"), (4453, 8000, "exact"), (920.6, 1760, "exact"), (None, 8, "exact"),
        (16.0, 26.8, "exact"), (4556, 7000, "at_least"), (52.8, 60, "at_least"),
        (6.3, 8, "at_least"), (2.69, 3.0, "at_least"), (3.5, 5.5, "exact"), (39.3, 45, "exact"),
        (91.83, 110, "at_least"), (None, None, "province_task"), (None, None, "province_task"),
        (None, None, "province_task"), (76.3, 150, "exact"), (12.5, 30, "exact"),
        (None, 5, "exact"), (None, 500, "exact"), (12.8, 13.3, "exact"),
    ], strict=True)
]
_S4_ROWS = [Row(*r, stretch="力争3.5以上" if r[1] == "9" else None) for r in _S4]

JINHUA_INDUSTRY = PrintedTable(
    key="seed004",
    title="金华市工业高质量发展“十四五”规划",
    caption="表 1：金华市工业“十四五”发展指标",
    source="种子文件 004（金华市工业高质量发展“十四五”规划，征求意见稿）第159—323行",
    base_header="2020年", target_header="2025年", growth_header=None, unit_column=False,
    rows=tuple(_S4_ROWS), gold=tuple(_S4_GOLD),
)

TABLES = (NATIONAL14, NATIONAL14_SUBROWS, JINHUA_INDUSTRY)
