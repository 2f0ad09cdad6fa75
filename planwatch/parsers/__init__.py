"""Reading plans from their documents (issue 3).

``read_document(path)`` picks a reader from :data:`READERS` by suffix and content and returns
:class:`~planwatch.parsers.blocks.Blocks`; ``parse_plan(path)`` reads the blocks into a
:class:`~planwatch.parsers.result.ParsedPlan`: plan metadata, every indicator table's rows,
county decompositions, narrative targets and every problem met, each with its source.

Pure: reads only the file it is given, never the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planwatch.issues import issue
from planwatch.limits import check_file
from planwatch.parsers.blocks import Blocks, Table
from planwatch.parsers.decomposition import is_decomposition_table, parse_decomposition_table
from planwatch.parsers.header import Header, header_of
from planwatch.parsers.indicator_table import is_indicator_table, parse_indicator_table
from planwatch.parsers.meta import read_meta
from planwatch.parsers.projects import parse_projects
from planwatch.parsers.prose import TooManyTargets, extract_narrative_targets
from planwatch.parsers.result import ParsedPlan
from planwatch.parsers.tasks import parse_tasks


@dataclass(frozen=True)
class Reader:
    name: str
    title: str  # Chinese, shown in messages
    accepts: Callable[[Path, bytes], bool]
    read: Callable[[Path], Blocks]


def _text_reader() -> Reader:
    from planwatch.parsers.readers import text

    return Reader("text", "纯文本", text.accepts, text.read)


def _docx_reader() -> Reader:
    from planwatch.parsers.readers import word

    return Reader("docx", "Word 文档", word.accepts, word.read)


def _pdf_reader() -> Reader:
    from planwatch.parsers.readers import pdf

    return Reader("pdf", "PDF 文档", pdf.accepts, pdf.read)


def _html_reader() -> Reader:
    from planwatch.parsers.readers import web

    return Reader("html", "网页", web.accepts, web.read)


def _office_reader() -> Reader:
    from planwatch.parsers.readers import office

    return Reader("office", "旧版 Office / WPS 文档", office.accepts, office.read)


def _xlsx_reader() -> Reader:
    from planwatch.parsers.readers import excel

    return Reader("xlsx", "Excel 工作簿", excel.accepts, excel.read)


#: name → factory; a reader module is imported only when it is tried
READERS: dict[str, Callable[[], Reader]] = {
    "docx": _docx_reader,
    "pdf": _pdf_reader,
    "xlsx": _xlsx_reader,
    "html": _html_reader,
    "office": _office_reader,
    "text": _text_reader,
}

log = logging.getLogger("planwatch.parsers")

SUFFIXES = ".txt / .docx / .doc / .wps / .pdf / .xlsx / .xls / .et / .html / .htm"


def read_document(path: Path) -> Blocks:
    """The document's blocks, read by the first reader that accepts it."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        out = Blocks(file=path.name)
        out.issues.append(issue("unreadable-document", f"无法打开文件“{path}”：{exc.strerror or exc}",
                                out.location()))
        return out
    refused = check_file(path)  # size, zip bombs, rows: before any library opens the file
    if refused:
        out = Blocks(file=path.name)
        out.issues.extend(refused)
        return out
    for factory in READERS.values():
        reader = factory()
        if reader.accepts(path, head):
            return _read_guarded(reader, path)
    out = Blocks(file=path.name)
    out.issues.append(issue(
        "unreadable-document",
        f"不支持的文件格式“{path.suffix or '（无扩展名）'}”。可读取的格式：{SUFFIXES}（纯文本须为 UTF-8 或 GB18030 编码）",
        out.location(),
    ))
    return out


def _read_guarded(reader: Reader, path: Path) -> Blocks:
    """``reader.read(path)``; a damaged file that the reader's own checks miss (a broken XML part
    in a .docx, a corrupt deflate stream, a malformed PDF object) becomes an issue, not a crash.
    Found by tests/test_fuzz_documents.py."""
    try:
        return reader.read(path)
    except Exception as exc:  # noqa: BLE001 - untrusted input: any library failure is "damaged"
        log.info("reader %s failed on %s: %r", reader.name, path.name, exc)
        out = Blocks(file=path.name)
        out.issues.append(issue(
            "unreadable-document",
            f"文件“{path.name}”无法按{reader.title}读取，可能已损坏（{type(exc).__name__}）。"
            "请用原软件打开后重新保存（另存为 .docx / .xlsx / .pdf）再试。",
            out.location(),
        ))
        return out


def parse_plan(path: Path) -> ParsedPlan:
    """Read a plan document: metadata, indicator tables, decompositions, prose targets."""
    doc = read_document(Path(path))
    return parse_blocks(doc)


def parse_blocks(doc: Blocks) -> ParsedPlan:
    meta = read_meta(doc)
    result = ParsedPlan(file=doc.file, plan=meta, issues=list(doc.issues))
    period = (meta.period_start, meta.period_end) if meta.period_start and meta.period_end else None
    decomposition_tables = []
    for table in doc.tables:
        header = header_of(table)
        if is_indicator_table(header):
            _check_period(doc, table, header, period, result)
            rows, issues = parse_indicator_table(doc, table, header, period=period)
            result.indicators.extend(rows)
            result.issues.extend(issues)
        elif is_decomposition_table(header):
            decomposition_tables.append((table, header))
    for table, header in decomposition_tables:
        rows_d, issues = parse_decomposition_table(
            doc, table, header, period=period, indicators=result.indicators)
        result.decompositions.extend(rows_d)
        result.issues.extend(issues)
    if doc.blocks:
        try:
            result.narrative_targets = extract_narrative_targets(doc, from_year=meta.period_start)
        except TooManyTargets as exc:
            result.issues.append(issue(
                "too-many-targets",
                f"文档“{doc.file}”正文中的目标句超过上限 {exc.args[0]} 条，不像正常的规划文本，"
                "已停止读取正文目标（指标表照常读取）。请检查文件是否正确，或删去重复内容后再试。",
                doc.location(),
            ))
        result.tasks, task_issues = parse_tasks(doc)
        result.issues.extend(task_issues)
        result.projects, project_issues = parse_projects(doc)
        result.issues.extend(project_issues)
    if not result.indicators and not any(i.code == "unreadable-document" for i in result.issues):
        result.issues.append(issue(
            "no-indicator-table",
            f"文档“{doc.file}”中没有找到指标表（需要有“指标名称”列和“目标”或年份列的表格，"
            f"共检查了{len(doc.tables)}个表格）。如指标表是图片，请提供含文字的版本。",
            doc.location(),
        ))
    _add_checks(result)
    return result


def _check_period(doc: Blocks, table: Table, header: Header, period: tuple[int, int] | None,
                  result: ParsedPlan) -> None:
    """The plan period (title, text) against the years the table's columns print."""
    from planwatch.parsers.columns import Role

    target = header.find(Role.TARGET)
    if period is None or target is None or target.year is None or target.year == period[1]:
        return
    result.issues.append(issue(
        "period-mismatch",
        f"{table.name}的目标年份为{target.year}年，与规划期{period[0]}—{period[1]}年（据标题或正文）不一致；"
        "目标年份按表头读取，请核对规划期",
        doc.location(table=table.name)))


def _add_checks(result: ParsedPlan) -> None:
    """Contradiction findings on the parsed rows (planwatch.checks), when available."""
    from planwatch.parsers.convert import parse_findings

    result.issues.extend(parse_findings(result))


__all__ = ["READERS", "Reader", "parse_blocks", "parse_plan", "read_document"]
