"""Real project tables printed inside plan documents, with gold rows typed by hand (issue 16).

``JINDONG_ANNEX3``: 《金东区工业经济高质量发展“十四五”规划》附件3 “十四五”前期重点实施工业投资项目
(seed 003, file 003_4277dbc6235dc5cb.txt — the text export of the published PDF). ``PRINTED`` is
that export as published, lines 2952–3131 (the table's caption, its header printed twice across
a page break, rows 1–20); nothing in it was retyped or corrected. ``GOLD`` are the rows 1–20 as
a reader of the printed table understands them, typed by hand from the printed cells (row 15
prints two projects of one company: two gold rows), never produced by the parser.

The same rows are printed again as a Word table and as a web page table (:func:`docx_file`,
:func:`html_file`, cells as printed, row 15 with merged 序号/企业名称 cells); only the layout is
rebuilt, the cells are the published ones.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE = ("《金东区工业经济高质量发展“十四五”规划》附件3 “十四五”前期重点实施工业投资项目"
          "（种子文献003，第2952—3131行：第1—20行项目）")
CAPTION = "“十四五”前期重点实施工业投资项目"
HEADER = ("序号", "企业名称", "项目名称", "总投资（亿元）", "预计完成时间")


@dataclass(frozen=True)
class GoldProject:
    seq: str
    owner: str
    name: str
    total: str  # as printed
    finish: str  # as printed: 2023.12 / 2023 / 2012-2017
    location: str | None = None
    start: str | None = None
    category: str | None = None

    @property
    def total_value(self) -> float:
        return float(self.total)

    @property
    def finish_year(self) -> int:
        return int(self.finish[-4:]) if "-" in self.finish else int(self.finish[:4])


GOLD: tuple[GoldProject, ...] = (
    GoldProject("1", "浙江曙光信息技术有限公司", "服务器产线项目 龙芯云项目 超算中心项目", "50.00", "2023.12"),
    GoldProject("2", "浙江力积信息技术有限公司", "浙江力积内存项目", "30.00", "2023"),
    GoldProject("3", "牛墨石墨烯应用科技有限公司", "石墨烯泛碳材料项目", "20.00", "2023"),
    GoldProject("4", "浙江大众齿轮有限公司", "年产20万台套中重卡变速器总成项目", "20.00", "2023"),
    GoldProject("5", "夕尔控股有限公司", "Babycare(夕尔控股)金华母婴用品全产业链项目", "13.00", "2023"),
    GoldProject("6", "浙江龙呈计生用品有限公司", "年产12万吨高档非织造布投资建设项目", "13.00", "2025"),
    GoldProject("7", "浙江京元科技有限公司", "年产34万台绿色轨道交通智能门及公交车自动逃生窗系统产业化项目",
                "10.79", "2021"),
    GoldProject("8", "同方计算机（浙江）有限公司", "整机生产线项目", "10.00", "2022"),
    GoldProject("9", "鑫泰特钢", "年产8万吨不锈钢深加工项目", "10.00", "2023"),
    GoldProject("10", "浙江物产金义生物质热电有限公司", "金华金义新区农林生物质焚烧热电联产项目", "10.00", "2022"),
    GoldProject("11", "金华城投置业有限公司", "城投科技孵化园项目", "10.00", "2022"),
    GoldProject("12", "金华交投智能科技有限公司", "交投智能物流装备产业孵化园", "10.00", "2022"),
    GoldProject("13", "浙江普莱得电器有限公司", "年产800万台DC（锂电）电动工具项目", "10.00", "2022"),
    GoldProject("14", "金华圣都家居有限公司", "圣都装饰浙中区域总部及工业园项目", "10.00", "2022"),
    GoldProject("15", "浙江方圆药业有限公司（原西灵科技）",
                "三产融合（智控种植、胶囊生产、城乡合作振新发展）建设项目", "10.00", "2022"),
    GoldProject("15", "浙江方圆药业有限公司（原西灵科技）", "方园药业年产5000万瓶西红花功能性饮料", "4.74", "2022"),
    GoldProject("16", "金华国际科技城开发有限公司", "金华科技城科创孵化区块一期项目", "7.20", "2023"),
    GoldProject("17", "金华绿建建筑科技有限公司", "年产7万立方米绿色智能化装配式pc构件生产项目", "7.00", "2021"),
    GoldProject("18", "龙芯中科(金华)技术有限公司", "龙芯CPU研发设计项目", "5.00", "2022"),
    GoldProject("19", "神州龙安（金华）信息技术服务有限公司", "系统集成服务项目", "5.00", "2022"),
    GoldProject("20", "金华市鑫环再生资源有限公司", "鑫环年拆解15万辆报废汽车及资源综合利用项目", "5.00", "2021"),
)

#: the published text export, lines 2952–3131, byte for byte (trailing spaces kept)
PRINTED = (Path(__file__).parent / "jindong_annex3.txt").read_text(encoding="utf-8")

TITLE = "金东区工业经济高质量发展“十四五”规划"
FILLER = "（此处为规划正文，版式测试从略。）"


def text_file(folder: Path) -> Path:
    """The published text export: the plan's title, filler, then lines 2952–3131 as printed."""
    out = folder / "jindong-annex3.txt"
    out.write_text(TITLE + "\n" + (FILLER + "\n") * 5 + PRINTED, encoding="utf-8")
    return out


def _rows() -> list[list[str]]:
    return [[g.seq, g.owner, g.name, g.total, g.finish] for g in GOLD]


def docx_file(folder: Path) -> Path:
    """A Word table with the printed cells; row 15's 序号 and 企业名称 merged over its two lines."""
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    for _ in range(5):
        d.add_paragraph(FILLER)
    d.add_paragraph("附件3")
    d.add_paragraph(CAPTION)
    rows = _rows()
    table = d.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    for k, h in enumerate(HEADER):
        table.cell(0, k).text = h
    for i, r in enumerate(rows, start=1):
        for k, v in enumerate(r):
            if i > 1 and rows[i - 2][0] == r[0] and k in (0, 1):
                continue  # the merged cells of row 15's second line
            table.cell(i, k).text = v
    for i in range(2, len(rows) + 1):
        if rows[i - 1][0] == rows[i - 2][0]:
            for k in (0, 1):
                table.cell(i - 1, k).merge(table.cell(i, k))
    out = folder / "jindong-annex3.docx"
    d.save(str(out))
    return out


def html_file(folder: Path) -> Path:
    """A web page table (UTF-8) with rowspan for row 15."""
    body = []
    rows = _rows()
    for i, r in enumerate(rows):
        cells = []
        for k, v in enumerate(r):
            if k in (0, 1) and i > 0 and rows[i - 1][0] == r[0]:
                continue
            span = ' rowspan="2"' if k in (0, 1) and i + 1 < len(rows) and rows[i + 1][0] == r[0] else ""
            cells.append(f"<td{span}>{html.escape(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    page = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + TITLE + "</title></head><body>"
            f"<h1>{TITLE}</h1>" + f"<p>{FILLER}</p>" * 5 + "<p>附件3</p>"
            f"<table><caption>{CAPTION}</caption><thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADER)
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table></body></html>")
    out = folder / "jindong-annex3.html"
    out.write_text(page, encoding="utf-8")
    return out


def pdf_file(folder: Path) -> Path:
    """The Word table printed to PDF by LibreOffice (ruled table, header on every page)."""
    from planwatch.reports.office import convert

    src = docx_file(folder)
    out = convert(src, "pdf", folder / "lo-pdf")
    return out


LAYOUTS: dict[str, tuple[str, Any]] = {"text": ("PDF 文本导出（原样）", text_file), "docx": ("Word 表格", docx_file),
           "html": ("网页表格", html_file), "pdf": ("PDF（由 Word 表格打印）", pdf_file)}


# -- 2. 2016年金东区重点建设项目计划表 (a government web page) ----------------------------------

JINDONG_2016_SOURCE = ("2016年金东区重点建设项目计划表，金华市金东区人民政府网站，区府办，2016-05-19，"
                       "https://www.jindong.gov.cn/art/2016/5/19/art_1229171464_51120349.html（表头、合计行、"
                       "分类行和第1—3行项目）")
JINDONG_2016_TITLE = "2016年金东区重点建设项目计划表"
JINDONG_2016_HEADER = ("序号", "项目名称", "建设规模及内容", "建设地址", "建设性质", "建设起止年限", "总投资",
                       "2015年止完成投资", "2016年计划投资", "2016年形象进度计划", "责任领导", "责任部门", "备注")
#: the printed rows (the page prints its amounts without a unit in the header: the cells are
#: kept as printed and the benchmark does not score the investment of this table)
JINDONG_2016_ROWS: tuple[tuple[str, ...], ...] = (
    ("", "合计(38个)", "", "", "", "", "3651846", "986108", "685400", "", "", "", ""),
    ("", "产业转型升级类(13个)", "", "", "", "", "2586988", "703680", "425500", "", "", "", ""),
    ("(一)", "工业(2个)", "", "", "", "", "615000", "336100", "130200", "", "", "", ""),
    ("1", "金东区江东区块先进装备制造业基地项目",
     "总用地2000亩，每亩投资强度300万元，拟引进40家以上汽车关键零部件、新能源、新材料、节能环保等先进装备制造业企业",
     "江东镇", "续建", "2012-2017", "600000", "336100", "125000",
     "27家进园企业完工，新引进8家企业开工建设，小微企业创业园开工建设", "郑竟成", "江东区块指挥部、江东镇", ""),
    ("2", "金东区无人机产业园项目",
     "土地占地面积50亩，厂房建筑面积35000平方米，拟引进3-5家以上无人飞行器关键零部件、3D打印、机器人等智能产品制造企业。"
     "项目投产后预计新增年产值达1亿元",
     "新城区", "新建", "2016-2017", "15000", "0", "5200",
     "完成4家无人机产业链企业入园开工，无人机展厅设计装修布置完成，园区开园和试运行", "郑竟成",
     "金东区无人机产业园领导小组办公室", ""),
    ("(二)", "服务业(7个)", "", "", "", "", "1081968", "309194", "179200", "", "", "", ""),
    ("3", "山山烘焙面包文化创意园建设项目", "11亩观光性厂房、配套用房建设，189亩园区景观打造", "岭下镇", "新建",
     "2016-2020", "10000", "0", "3200", "完成规划、征地、审批等前期工作，争取开工", "郎初华", "岭下镇、旅游局", ""),
)
JINDONG_2016_GOLD: tuple[GoldProject, ...] = (
    GoldProject("1", "江东区块指挥部、江东镇", "金东区江东区块先进装备制造业基地项目", "600000", "2012-2017",
                location="江东镇", start="2012", category="工业"),
    GoldProject("2", "金东区无人机产业园领导小组办公室", "金东区无人机产业园项目", "15000", "2016-2017",
                location="新城区", start="2016", category="工业"),
    GoldProject("3", "岭下镇、旅游局", "山山烘焙面包文化创意园建设项目", "10000", "2016-2020",
                location="岭下镇", start="2016", category="服务业"),
)


def jindong2016_html(folder: Path) -> Path:
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in JINDONG_2016_ROWS)
    page = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + JINDONG_2016_TITLE
            + "</title></head><body>" + f"<h1>{JINDONG_2016_TITLE}</h1><p>发布时间：2016-05-19 信息来源：区府办</p>"
            "<table><tr>" + "".join(f"<td>{h}</td>" for h in JINDONG_2016_HEADER) + "</tr>" + rows
            + "</table></body></html>")
    out = folder / "jindong-2016.html"
    out.write_text(page, encoding="utf-8")
    return out


def jindong2016_docx(folder: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(JINDONG_2016_TITLE)
    table = d.add_table(rows=1 + len(JINDONG_2016_ROWS), cols=len(JINDONG_2016_HEADER))
    table.style = "Table Grid"
    for k, h in enumerate(JINDONG_2016_HEADER):
        table.cell(0, k).text = h
    for i, r in enumerate(JINDONG_2016_ROWS, start=1):
        for k, v in enumerate(r):
            table.cell(i, k).text = v
    out = folder / "jindong-2016.docx"
    d.save(str(out))
    return out


@dataclass(frozen=True)
class CorpusTable:
    key: str
    source: str
    gold: tuple[GoldProject, ...]
    fields: tuple[str, ...]
    layouts: dict[str, tuple[str, Any]]


TABLES: tuple[CorpusTable, ...] = (
    CorpusTable("jindong-annex3", SOURCE, GOLD, ("owner", "name", "total", "finish"), LAYOUTS),
    CorpusTable("jindong-2016", JINDONG_2016_SOURCE, JINDONG_2016_GOLD,
                ("owner", "name", "location", "start", "finish", "category", "total_text"),
                {"html": ("网页表格", jindong2016_html), "docx": ("Word 表格", jindong2016_docx)}),
)


def _key(text: str | None) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", t)


@dataclass
class ProjectScore:
    rows: int = 0
    rows_found: int = 0
    fields: int = 0
    fields_right: int = 0
    extra_rows: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: ProjectScore) -> None:
        self.rows += other.rows
        self.rows_found += other.rows_found
        self.fields += other.fields
        self.fields_right += other.fields_right
        self.extra_rows += other.extra_rows
        self.wrong += other.wrong

    @property
    def row_rate(self) -> float:
        return self.rows_found / self.rows if self.rows else 0.0

    @property
    def field_rate(self) -> float:
        return self.fields_right / self.fields if self.fields else 0.0


def _field(p: Any, g: GoldProject, f: str) -> tuple[bool, Any]:
    if f == "owner":
        return _key(p.owner) == _key(g.owner), p.owner
    if f == "name":
        return True, p.name
    if f == "location":
        return _key(p.location) == _key(g.location), p.location
    if f == "total":
        return p.total_investment is not None and abs(p.total_investment - g.total_value) < 1e-9, p.total_investment
    if f == "total_text":
        return _key(p.total_text) == _key(g.total), p.total_text
    if f == "start":
        return p.start_year == (int(g.start) if g.start else None), p.start_year
    if f == "finish":
        return p.finish_year == g.finish_year, p.finish_year
    if f == "category":
        return _key(p.category) == _key(g.category), p.category
    raise KeyError(f)


def score_projects(projects: list[Any], label: str = "", table: CorpusTable | None = None) -> ProjectScore:
    """Rows found (by name) and fields right against the table's gold rows."""
    t = table or TABLES[0]
    out = ProjectScore(rows=len(t.gold), fields=len(t.gold) * len(t.fields))
    left = list(projects)
    for g in t.gold:
        hit = next((p for p in left if _key(p.name) == _key(g.name)), None)
        if hit is None:
            out.wrong.append(f"{label}：缺行“{g.name}”")
            continue
        left.remove(hit)
        out.rows_found += 1
        for f in t.fields:
            ok, got = _field(hit, g, f)
            if ok:
                out.fields_right += 1
            else:
                out.wrong.append(f"{label}：“{g.name}”的{f}读成 {got!r}")
    out.extra_rows = len(left)
    return out
