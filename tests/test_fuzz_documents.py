"""Random and malformed documents never crash the parsers or the fact extractor: they answer
with a ParsedPlan carrying Issues (code ``unreadable-document`` and friends), never an exception.

Hypothesis generates the inputs: random bytes under every supported suffix, real .docx/.xlsx/.pdf
files truncated or with bytes overwritten at random places, random text mixing table-like lines,
Chinese numbers and years, and random prose for the fact extractor.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.facts.extract import extract
from planwatch.issues import CATALOGUE, Issue
from planwatch.parsers import parse_plan
from planwatch.parsers.result import ParsedPlan

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SUFFIXES = [".txt", ".docx", ".xlsx", ".pdf", ".md", ""]

TABLE_TEXT = (
    "表1 “十四五”时期金华市主要指标\n"
    "序号\t指标名称\t2020年\t2025年\t年均增长\t属性\n"
    "1\t地区生产总值（亿元）\t4704\t6500\t6.5%\t预期性\n"
    "2\t研发经费支出占比（%）\t2.6\t3.2\t[0.12]\t约束性\n"
)


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("金华市“十四五”规划纲要")
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate([["指标名称", "2020年", "2025年", "属性"],
                             ["地区生产总值（亿元）", "4704", "6500", "预期性"],
                             ["单位GDP能耗降低（%）", "—", "[14]", "约束性"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["指标名称", "2020年", "2025年", "属性"], ["地区生产总值（亿元）", 4704, 6500, "预期性"]]:
        ws.append(row)
    ws.merge_cells("D2:D3")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pdf_bytes() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    fig.text(0.1, 0.5, "GDP 4704 6500 2025")
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    return buf.getvalue()


SAMPLES = {".docx": _docx_bytes(), ".xlsx": _xlsx_bytes(), ".pdf": _pdf_bytes(),
           ".txt": TABLE_TEXT.encode()}


def _check(result: ParsedPlan) -> None:
    assert isinstance(result, ParsedPlan)
    for i in result.issues:
        assert isinstance(i, Issue) and i.code in CATALOGUE and i.message


def _parse(tmp_path: Path, name: str, data: bytes) -> ParsedPlan:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        return parse_plan(path)
    finally:
        path.unlink()


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_give_issues_not_crashes(tmp_path: Path, data: bytes, suffix: str):
    result = _parse(tmp_path, f"random{suffix}", data)
    _check(result)
    if suffix in (".docx", ".xlsx", ".pdf") and not result.indicators:
        assert result.errors, "an unreadable office file must say so"


@FUZZ
@given(kind=st.sampled_from(sorted(SAMPLES)), cut=st.floats(0.0, 1.0))
def test_truncated_documents_give_issues_not_crashes(tmp_path: Path, kind: str, cut: float):
    data = SAMPLES[kind]
    _check(_parse(tmp_path, f"truncated{kind}", data[: int(len(data) * cut)]))


@FUZZ
@given(kind=st.sampled_from(sorted(SAMPLES)),
       edits=st.lists(st.tuples(st.floats(0.0, 1.0), st.binary(min_size=1, max_size=16)),
                      min_size=1, max_size=6))
def test_corrupted_documents_give_issues_not_crashes(
    tmp_path: Path, kind: str, edits: list[tuple[float, bytes]]
):
    data = bytearray(SAMPLES[kind])
    for where, junk in edits:
        at = int((len(data) - 1) * where)
        data[at: at + len(junk)] = junk
    _check(_parse(tmp_path, f"corrupt{kind}", bytes(data)))


@FUZZ
@given(member=st.sampled_from(["word/document.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                               "[Content_Types].xml", "xl/sharedStrings.xml"]),
       junk=st.binary(max_size=512), kind=st.sampled_from([".docx", ".xlsx"]))
def test_office_files_with_a_garbage_part_give_issues(tmp_path: Path, member: str, junk: bytes,
                                                       kind: str):
    src = zipfile.ZipFile(io.BytesIO(SAMPLES[kind]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, junk if info.filename == member else src.read(info))
    _check(_parse(tmp_path, f"garbage-part{kind}", buf.getvalue()))


LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(TABLE_TEXT.splitlines()),
    st.builds(lambda a, b, c: f"{a}\t{b}\t{c}", st.text(max_size=10),
              st.sampled_from(["2020年", "2025年", "十四五", "[", "（亿元）", "约束性", "%", "左右"]),
              st.one_of(st.floats(allow_nan=True).map(str), st.text(max_size=6))),
)


@FUZZ
@given(lines=st.lists(LINE, max_size=40), enc=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_table_like_text_gives_issues_not_crashes(tmp_path: Path, lines: list[str],
                                                          enc: str):
    data = "\n".join(lines).encode(enc, errors="replace")
    _check(_parse(tmp_path, "plan.txt", data))


PROSE = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(["2023年", "今年", "全市", "地区生产总值", "增长", "5.6%", "亿元", "万人", "同比",
                     "下降", "一千二百三十四", "第3位", "个百分点", "。", "，", "；", "\n", "1-6月",
                     "“十四五”以来", "婺城区", "规上工业增加值", "其中", "分别为", "和", "0", "-", "."]),
), max_size=60).map("".join)


@FUZZ
@given(text=PROSE, ref_year=st.one_of(st.none(), st.integers(1990, 2100)))
def test_fact_extractor_never_crashes(text: str, ref_year: int | None):
    facts = extract(text, ref_year=ref_year)
    assert isinstance(facts, list)
    for f in facts:
        assert f.value == f.value  # never NaN


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_unfuzzed_samples_are_readable(tmp_path: Path, kind: str):
    """The seeds of the fuzzing are real, readable documents (else the mutations prove little)."""
    result = _parse(tmp_path, f"sample{kind}", SAMPLES[kind])
    assert not [i for i in result.errors if i.code == "unreadable-document"]
