"""Excel workbooks with the embedded Jinhua data: the reporting template for a county, a city and a
department; a template filled in as a person would (with mistakes) read back exactly; the
evaluation export opened in LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planwatch import api
from planwatch.api.excel import export_evaluation, write_reporting_template
from planwatch.reports.office import convert
from planwatch.store import Store
from planwatch.workbook.read import read_workbook
from tests.conftest import scratch_db


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s, _ = api.data.init_store(scratch_db(tmp_path_factory.mktemp('excel') / 'pw.db', request))
    yield s
    s.dispose()


def _rows(path: Path) -> list[tuple[object, ...]]:
    ws = load_workbook(str(path))["填报表"]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]


def test_county_template_has_its_decomposed_targets(store: Store, tmp_path: Path):
    path = tmp_path / "婺城区.xlsx"
    spec = write_reporting_template(store, "婺城区", path, year=2023)
    assert spec.reporter_kind == "region"
    # seed 004 附件1, 婺城区 column: 规上工业总产值 208.3 → 400, 规上工业企业数 195 → 300,
    # 规上工业亩均税收 7.9 (no target printed)
    assert [(r[2], r[3], r[4], r[5], r[7], r[8]) for r in _rows(path)] == [
        ("规上工业总产值", "婺城区", "2023年", "亿元", "208.3", "400"),
        ("规上工业企业数", "婺城区", "2023年", "家", "195", "300"),
        ("规上工业亩均税收", "婺城区", "2023年", "万元/亩", "7.9", "—"),
    ]


def test_template_is_protected_validated_and_explained(store: Store, tmp_path: Path):
    path = tmp_path / "金华市.xlsx"
    write_reporting_template(store, "金华市", path, year=2023)
    wb = load_workbook(str(path))
    assert wb.sheetnames == ["填报说明", "填报表", "_keys"]
    assert wb["_keys"].sheet_state == "hidden"
    ws = wb["填报表"]
    assert ws.protection.sheet is True
    assert ws["B3"].value == "指标编号" and ws["B3"].protection.locked
    assert ws["C4"].protection.locked and not ws["J4"].protection.locked
    assert ws["C5"].value == "规上工业总产值" and ws["F5"].value == "亿元"
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"decimal", "list"}
    unit_lists = [dv.formula1 for dv in ws.data_validations.dataValidation if "F5" in str(dv.sqref)]
    assert unit_lists == ['"亿元,元,万元,万亿元"']
    help_text = "\n".join(str(c.value) for c in wb["填报说明"]["A"])
    assert "阿拉伯数字" in help_text and "审核" in help_text


def test_department_without_indicators_gets_an_empty_template_with_a_note(store: Store, tmp_path: Path):
    path = tmp_path / "dept.xlsx"
    spec = write_reporting_template(store, "市经信局", path, year=2023)
    assert spec.rows == ()
    assert "不会虚构指标" in spec.note
    ws = load_workbook(str(path))["填报表"]
    assert "不会虚构指标" in str(ws["A4"].value)


def _fill_like_a_person(path: Path) -> None:
    """Rows (from the template): 4 工业增加值占GDP比重 %, 5 规上工业总产值 亿元, 6 规上工业增加值 亿元,
    9 规上工业企业数 家, 10 高新技术产业增加值占规上工业比重 %."""
    wb = load_workbook(str(path))
    ws = wb["填报表"]
    assert [ws[f"C{r}"].value for r in (4, 5, 6, 9, 10)] == [
        "工业增加值占GDP比重", "规上工业总产值", "规上工业增加值", "规上工业企业数",
        "高新技术产业增加值占规上工业比重"]
    ws["J5"], ws["K5"], ws["L5"] = 7345.6, "初步数", "2023年金华市统计公报"  # valid
    ws["F6"], ws["J6"] = "万元", "16200000"  # valid: 万元 converted to 1620 亿元
    ws["J9"] = "约3000"  # text in a number cell
    ws["F10"], ws["J10"] = "吨", 55.1  # a wrong unit
    last = 3 + len(_rows(path))
    ws[f"C{last + 2}"], ws[f"J{last + 2}"] = "规上工业利润总额", 500  # an extra row
    wb.save(str(path))


def test_filled_template_yields_exactly_the_valid_values(store: Store, tmp_path: Path):
    path = tmp_path / "filled.xlsx"
    write_reporting_template(store, "金华市", path, year=2023)
    n_rows = len(_rows(path))
    _fill_like_a_person(path)
    res = read_workbook(path)
    assert [(v.cell, v.statistic, v.region, v.period, v.value, v.unit, v.status)
            for v in res.values] == [
        ("J5", "gs-output", "330700", "2023", 7345.6, "亿元", "preliminary"),
        ("J6", "gs-va", "330700", "2023", 1620.0, "亿元", "preliminary"),
    ]
    assert res.values[0].source_text == "2023年金华市统计公报"
    extra = 3 + n_rows + 2
    assert [(i.code, i.location.cell) for i in res.issues] == [
        ("excel-not-number", "J9"), ("excel-bad-unit", "F10"), ("excel-extra-row", f"B{extra}")]
    messages = [i.message for i in res.issues]
    assert messages[0].startswith("第9行J列：“约3000”不是数字，请填写阿拉伯数字")
    assert messages[1].startswith("第10行F列：单位“吨”与指标单位“%”不一致且不能换算")
    assert messages[2].startswith(f"第{extra}行B列：此行不是模板中的指标行")
    assert res.rows_left_empty == n_rows - 4


def test_a_foreign_workbook_is_refused_with_one_message(tmp_path: Path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(str(path))
    res = read_workbook(path)
    assert res.values == ()
    assert [i.code for i in res.issues] == ["excel-not-template"]


@pytest.mark.office
def test_exported_evaluation_opens_in_libreoffice_with_the_right_numbers(store: Store, tmp_path: Path):
    path = export_evaluation(store, "jinhua-industry-14", dt.date(2023, 6, 30), tmp_path / "eval.xlsx")
    out = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:4] == ["序号", "领域", "指标", "单位"]
    assert len(rows) == 21
    by_seq = {r[0]: r for r in rows[1:]}
    # seed 004 表1 row 9: base 2.69 (2020), target 3.0以上; seed 002: 3.23% in 2022
    r9 = by_seq["9"]
    assert (r9[2], r9[5], r9[7], r9[10], r9[11]) == (
        "规上工业研发经费支出占营业收入比重", "2.69", "3.0以上", "3.23", "2022年")
    assert by_seq["2"][2:4] == ["规上工业总产值", "亿元"]
    assert by_seq["2"][5] == "4453" and by_seq["2"][8] == "8000"


def test_import_queues_exactly_the_valid_values_for_review(request: pytest.FixtureRequest, tmp_path: Path):
    from planwatch.api import review
    from planwatch.api.excel import import_workbook

    s, _ = api.data.init_store(scratch_db(tmp_path / 'pw.db', request))
    try:
        path = tmp_path / "金华市-2023.xlsx"
        write_reporting_template(s, "金华市", path, year=2023)
        _fill_like_a_person(path)
        # the import is as strict as the web form: every value needs its source, and a value that
        # raises a warning (here the change since 2020) needs an explanation in 备注
        wb = load_workbook(str(path))
        ws = wb["填报表"]
        ws["L6"], ws["M5"], ws["M6"] = "2023年金华市统计公报", "测试说明", "测试说明"
        wb.save(str(path))
        res = import_workbook(s, path, actor="金华市统计局")
        assert len(res.workbook.issues) == 3 and len(res.submitted) == 2
        queued = review.pending(s, origin="excel")
        assert [(c.statistic, c.region, c.period, c.kind, c.value, c.unit, c.status)
                for c in queued] == [
            ("gs-output", "330700", "2023", "level", 7345.6, "亿元", "preliminary"),
            ("gs-va", "330700", "2023", "level", 1620.0, "亿元", "preliminary"),
        ]
        assert queued[0].source.cell == "J5" and queued[0].submitted_by == "金华市统计局"
        assert not any(o.period.code == "2023" for o in s.observations("gs-output", "330700"))
        review.accept(s, queued[0].id, version=queued[0].version, reviewer="审核员")
        obs = [o for o in s.observations("gs-output", "330700") if o.period.code == "2023"]
        assert [(o.value, o.unit, o.status.value) for o in obs] == [(7345.6, "亿元", "preliminary")]
    finally:
        s.dispose()
