"""Project tables printed inside plan documents (重大项目表, 重点项目, 附件 项目清单; issue 16).

Two ways a project table reaches the parser:

* as a :class:`Table` (Word, web page, workbook, ruled PDF): its header names the columns —
  ``项目名称`` and at least one of ``总投资`` / ``建设年限``… — and each body row is a project;
  a row whose only text is a group label (``一、交通项目``) gives the category of the rows under
  it; ``合计`` rows are left out;
* as text lines (a PDF's text export, seed 003's 附件3): a caption naming 项目, a header over
  several lines (``序`` / ``号`` / ``企业名称 项目名称`` / ``总投资`` / ``（亿元）`` …) and rows that
  start with their number (1, 2, 3 …) and carry the investment followed by a year
  (``50.00 2023.12``); cells broken over several lines are joined, and a second
  investment+year inside one numbered row is a second project of the same owner (seed 003 row 15).

Each project keeps its cells as printed (name, owner, location, content, years), the investment
in 亿元 (a 万元 column is converted and says so) and its source (file, table, line or cell).
Pure: works on :class:`Blocks` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planwatch.issues import Issue, issue
from planwatch.parsers.blocks import Blocks, Cell, Paragraph, Table, norm
from planwatch.parsers.result import Source

ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^序\s*号$|^编号$|^序$")),
    ("name", re.compile(r"项目名称|工程名称|^项目$|^工程$|^名称$")),
    ("owner", re.compile(r"企业名称|建设单位|项目单位|责任单位|责任部门|业主|实施主体|牵头单位|承建单位|责任主体")),
    ("location", re.compile(r"建设地点|建设地址|所在地|^地点$|所属区域|所在区域|^区域$|^地区$|县（市、区）|县\(市、区\)")),
    ("content", re.compile(r"建设内容|建设规模|主要内容|规模及内容|内容及规模")),
    ("plan_investment", re.compile(r"十四五.*投资|期间投资|计划投资")),
    ("total", re.compile(r"总投资|投资总额|估算投资")),
    ("years", re.compile(r"建设年限|起止年限|建设期限|建设周期|起止年份|建设起止|实施年限|建设期$")),
    ("start", re.compile(r"开工(年份|时间)")),
    ("finish", re.compile(r"完成时间|完工(年份|时间)|竣工(年份|时间)|建成时间|投产时间")),
    ("note", re.compile(r"^备注$")),
)
_GROUP = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*\S")
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")
_YEAR = re.compile(r"(20\d{2}|19\d{2})")
_CAPTION = re.compile(r"项目|工程")
_COUNTED = re.compile(r"\s*[（(]\d+\s*(?:个|项)[）)]\s*$")


@dataclass
class ParsedProject:
    """One project row as printed."""

    seq: str
    name: str
    table: str  # the table's caption or name
    source: Source
    owner: str | None = None
    location: str | None = None
    content: str | None = None
    total_text: str = ""
    total_investment: float | None = None  # 亿元
    unit_note: str | None = None  # "按万元换算为亿元"
    years_text: str = ""
    start_year: int | None = None
    finish_year: int | None = None
    category: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "name": self.name, "owner": self.owner, "location": self.location,
            "content": self.content, "total_text": self.total_text,
            "total_investment": self.total_investment, "unit": "亿元", "unit_note": self.unit_note,
            "years_text": self.years_text, "start_year": self.start_year,
            "finish_year": self.finish_year, "category": self.category, "note": self.note,
            "table": self.table, "source": self.source.as_dict(),
        }


def _role(text: str) -> str | None:
    t = re.sub(r"\s+", "", norm(text)).replace("(", "（").replace(")", "）")
    t_bare = re.sub(r"（[^）]*）$", "", t)
    for role, pat in ROLES:
        if pat.search(t_bare) or pat.search(t):
            return role
    return None


def _money(text: str, header: str) -> tuple[float | None, str | None]:
    """A cell of the investment column in 亿元 (万元 columns converted)."""
    t = norm(text).replace(",", "").replace("，", "")
    m = re.search(r"\d+(?:\.\d+)?", t)
    if m is None:
        return None, None
    v = float(m[0])
    head = norm(header)
    if "万元" in head or ("万元" in t and "亿" not in t):
        return round(v / 10000, 6), "原表金额单位为万元，已换算为亿元"
    return v, None


def years_of(text: str) -> tuple[int | None, int | None]:
    """``2021-2025`` → (2021, 2025); ``2023.12`` / ``2023年`` → (None, 2023)."""
    ys = [int(y) for y in _YEAR.findall(norm(text))]
    if len(ys) >= 2:
        return ys[0], ys[-1]
    if len(ys) == 1:
        return None, ys[0]
    return None, None


def _clean(text: str) -> str:
    """Cell text with the line breaks of a narrow column removed (Chinese joins without spaces)."""
    t = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", t)


# --- tables ---------------------------------------------------------------------------------


def _header(table: Table) -> tuple[int, dict[str, int], dict[int, str]] | None:
    """(rows the header takes, role → column, column → header text) when the table lists
    projects: a name column and an investment or years column."""
    for n in range(1, min(3, len(table.rows)) + 1):
        texts: dict[int, str] = {}
        for row in table.rows[:n]:
            for i, c in enumerate(row):
                if c.text.strip() and c.text.strip() not in texts.get(i, ""):
                    texts[i] = (texts.get(i, "") + c.text.strip())
        cols: dict[str, int] = {}
        for i, t in sorted(texts.items()):
            r = _role(t)
            if r is not None and r not in cols:
                cols[r] = i
        if "name" in cols and ({"total", "years", "finish", "start"} & cols.keys()):
            return n, cols, texts
    return None


def is_project_table(table: Table) -> bool:
    return _header(table) is not None


def _table_projects(doc: Blocks, table: Table) -> tuple[list[ParsedProject], list[Issue]]:  # noqa: C901, PLR0915 - every column of a row in one place, in column order
    found = _header(table)
    assert found is not None
    n, cols, heads = found
    caption = (table.caption or "").strip() or table.name
    out: list[ParsedProject] = []
    issues: list[Issue] = []
    category: str | None = None
    head_texts = [tuple(c.text.strip() for c in r) for r in table.rows[:n]]

    def cell(row: list[Cell], role: str) -> Cell | None:
        i = cols.get(role)
        return row[i] if i is not None and i < len(row) else None

    for row in table.rows[n:]:
        if tuple(c.text.strip() for c in row) in head_texts:
            continue  # the header printed again after a page break
        texts = [c.text.strip() for c in row]
        distinct = {t for t in texts if t}
        if not distinct:
            continue
        if len(distinct) == 1:
            only = next(iter(distinct))
            if _GROUP.match(only) or (cell(row, "total") is None or not cell(row, "total").text.strip()):  # type: ignore[union-attr]
                if not _TOTAL_ROW.match(re.sub(r"\s+", "", only)):
                    category = _clean(only)
                continue
        name_cell = cell(row, "name")
        name = _clean(name_cell.text) if name_cell else ""
        seq_cell = cell(row, "seq")
        seq = _clean(seq_cell.text) if seq_cell else ""
        if _TOTAL_ROW.match(re.sub(r"\s+", "", name or seq)) or re.match(r"^(?:合|总|小)\s*计", name):
            continue
        if not name:
            continue
        if not seq.isdigit() and _COUNTED.search(name):
            category = _COUNTED.sub("", name)  # 产业转型升级类(13个) / (一) 工业(2个): a group with its sums
            continue
        if _GROUP.match(name) and not any(
                (c := cell(row, r)) is not None and c.text.strip() and c is not name_cell
                for r in ("total", "years", "finish", "owner")):
            category = name
            continue
        p = ParsedProject(seq=seq or str(len(out) + 1), name=name, table=caption, category=category,
                          source=Source(file=doc.file, line=name_cell.line if name_cell else None,
                                        table=caption, cell=name_cell.ref if name_cell else None,
                                        page=name_cell.page if name_cell else None))
        for role in ("owner", "location", "content", "note"):
            c = cell(row, role)
            if c is not None and c.text.strip():
                setattr(p, role, _clean(c.text))
        if not seq and p.owner is None and out and "owner" in cols:
            p.seq, p.owner = out[-1].seq, out[-1].owner  # 序号 and owner cells merged over two lines
        c = cell(row, "total")
        if c is not None and c.text.strip():
            p.total_text = c.text.strip()
            p.total_investment, p.unit_note = _money(c.text, heads.get(cols["total"], ""))
            if p.total_investment is None:
                issues.append(issue("project-bad-number",
                                    f"{caption}“{name}”的总投资“{c.text.strip()}”不是数字，已留空，请在导入后核对。",
                                    doc.location(line=c.line, table=caption, cell=c.ref, field="总投资", page=c.page)))
        texts_years = []
        for role in ("years", "start", "finish"):
            c = cell(row, role)
            if c is not None and c.text.strip():
                texts_years.append(c.text.strip())
                a, b = years_of(c.text)
                if role == "years":
                    p.start_year, p.finish_year = a, b
                elif role == "start":
                    p.start_year = b
                else:
                    p.finish_year = b
        p.years_text = "；".join(texts_years)
        out.append(p)
    return out, issues


# --- text lines -----------------------------------------------------------------------------

_ROW_START = re.compile(r"^(\d{1,3})(?:\s+(?P<rest>\S.*))?$")
_MONEY_YEAR = re.compile(
    r"(?<![\d.])(?P<money>\d+(?:\.\d+)?)\s+(?P<year>(?:19|20)\d{2}(?:\s*[.\-—－~～至]\s*(?:(?:19|20)\d{2}|\d{1,2}))?)\s*(?:年)?(?=\s|$)")
_HEAD_WORDS = ("序", "号", "项目名称", "企业名称", "总投资", "（亿元）", "(亿元)", "（万元）", "预计完", "成时间",
               "建设内容", "建设地点", "建设年限", "责任单位", "建设单位", "起止年限")


@dataclass
class _Row:
    seq: str
    lines: list[tuple[str, int | None, int | None]] = field(default_factory=list)


def _is_head_line(t: str) -> bool:
    s = re.sub(r"\s+", "", t)
    if not s:
        return False
    rest = s
    for w in sorted(_HEAD_WORDS, key=len, reverse=True):
        rest = rest.replace(w.replace(" ", ""), "")
    return len(rest) <= 2 and len(s) >= 1 and not s.isdigit()


def _text_header(lines: list[Paragraph], i: int) -> tuple[int, list[str], str] | None:
    """A project table header starting at line ``i``: (lines it takes, column roles in order,
    the header's text)."""
    window = lines[i:i + 14]
    joined = ""
    taken = 0
    for k, p in enumerate(window):
        t = p.text.strip()
        if not _is_head_line(t):
            break
        joined += " " + t
        taken = k + 1
    flat = re.sub(r"\s+", "", joined)
    if taken == 0 or "项目名称" not in flat or not re.search(r"总投资|建设年限|完成时间|起止年限", flat):
        return None
    order: list[tuple[int, str]] = []
    for role, pat in ROLES:
        if role == "seq":
            continue
        m = pat.search(flat)
        if m:
            order.append((m.start(), role))
    return taken, [r for _, r in sorted(order)], flat


def _text_tables(doc: Blocks) -> tuple[list[ParsedProject], list[Issue]]:
    lines = [p for p in doc.paragraphs]
    out: list[ParsedProject] = []
    issues: list[Issue] = []
    i = 0
    while i < len(lines):
        t = lines[i].text.strip()
        if not (t.startswith("序") and len(t) <= 4):
            i += 1
            continue
        head = _text_header(lines, i)
        if head is None:
            i += 1
            continue
        taken, roles, _flat = head
        caption = _caption(lines, i)
        # rows until the table ends (a line that is not a row, a header repeat or a row part)
        rows: list[_Row] = []
        j = i + taken
        expect = 1
        while j < len(lines):
            p = lines[j]
            s = p.text.strip()
            if s.startswith("序") and len(s) <= 4 and _text_header(lines, j):
                j += _text_header(lines, j)[0]  # type: ignore[index]
                continue
            m = _ROW_START.match(s)
            if m and int(m[1]) == expect:
                rows.append(_Row(m[1], [(m["rest"] or "", p.line, p.page)]))
                expect += 1
                j += 1
                continue
            if not rows or _ends_table(s):
                break
            rows[-1].lines.append((s, p.line, p.page))
            j += 1
        for r in rows:
            got, bad = _text_row(doc, r, roles, caption)
            out.extend(got)
            issues.extend(bad)
        i = j if rows else i + taken
    return out, issues


def _ends_table(s: str) -> bool:
    return bool(re.match(r"^(附件|附表)\s*\d", s) or re.match(r"^[一二三四五六七八九十]+、", s)
                or re.match(r"^第[一二三四五六七八九十]+[章节篇]", s))


def _caption(lines: list[Paragraph], i: int) -> str:
    for k in range(i - 1, max(-1, i - 5), -1):
        t = lines[k].text.strip()
        if t and _CAPTION.search(t) and len(t) <= 60:
            return re.sub(r"\s+", "", t)
    return "项目表"


_OWNER_END = re.compile(r"(有限公司|股份公司|集团公司|公司|集团|管委会|委员会|人民政府|政府|局|中心|学院|大学|医院)")


def _text_row(doc: Blocks, r: _Row, roles: list[str], caption: str) -> tuple[list[ParsedProject], list[Issue]]:
    text = " ".join(x[0] for x in r.lines if x[0])
    line = r.lines[0][1]
    page = r.lines[0][2]
    matches = list(_MONEY_YEAR.finditer(text))
    before_numbers = [x for x in roles if x not in ("total", "years", "start", "finish", "plan_investment")]
    out: list[ParsedProject] = []
    if not matches:
        return [], [issue("project-unread-row",
                          f"{caption}第{r.seq}行未找到总投资和年份，未读取；请核对原表。",
                          doc.location(line=line, table=caption, page=page))]
    owner: str | None = None
    pos = 0
    for k, m in enumerate(matches):
        cells = _clean(text[pos:m.start()])
        tail = ""
        if k == len(matches) - 1:
            tail = _clean(text[m.end():])
        if k == 0 and "owner" in before_numbers and before_numbers.index("owner") < before_numbers.index("name"):
            owner, name = _split_owner(text[pos:m.start()])
        else:
            name = cells
        name = name + tail
        start, finish = years_of(m["year"])
        out.append(ParsedProject(
            seq=r.seq, name=name, owner=owner, table=caption, total_text=m["money"],
            total_investment=float(m["money"]), years_text=m["year"], start_year=start,
            finish_year=finish, source=Source(file=doc.file, line=line, table=caption, page=page)))
        pos = m.end()
    return out, []


def _split_owner(raw: str) -> tuple[str | None, str]:
    """The owner and the project name printed side by side in a text row: the owner ends at
    the first 公司/集团/局… ; otherwise it is the first word of the row's first line."""
    joined = _clean(raw)
    m = _OWNER_END.search(joined)
    if m and m.end() < len(joined):
        end = m.end()
        more = re.match(r"(?:股份)?有限公司|公司", joined[end:])  # 建设集团有限公司
        if more and end + more.end() < len(joined):
            end += more.end()
        owner, name = joined[:end], joined[end:]
        # 浙江方圆药业有限公司（原西灵科技）: a bracket right after the owner belongs to it
        b = re.match(r"^[（(][^）)]{1,20}[）)]", name)
        if b:
            owner, name = owner + b[0], name[b.end():]
        return owner, name
    words = raw.split()
    if len(words) >= 2:
        return _clean(words[0]), _clean(" ".join(words[1:]))
    return None, joined


# --- the document -----------------------------------------------------------------------------


def parse_projects(doc: Blocks) -> tuple[list[ParsedProject], list[Issue]]:
    """Every project row of every project table in the document, in printed order."""
    out: list[ParsedProject] = []
    issues: list[Issue] = []
    for table in doc.tables:
        if is_project_table(table):
            rows, bad = _table_projects(doc, table)
            out.extend(rows)
            issues.extend(bad)
    rows, bad = _text_tables(doc)
    out.extend(rows)
    issues.extend(bad)
    return out, issues


__all__ = ["ParsedProject", "is_project_table", "parse_projects", "years_of"]
