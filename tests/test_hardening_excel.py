"""H-2 (issue 18): the hidden ``_keys`` sheet of a reporting template is the reporter's to edit,
so the server re-derives every row from what it issued; a tampered row is refused row by row
with a Chinese message and the untouched rows still go through."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planwatch import api
from planwatch.api import review
from planwatch.api.excel import import_workbook, write_reporting_template
from planwatch.store import Store
from tests.conftest import scratch_db


@pytest.fixture()
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s, _ = api.data.init_store(scratch_db(tmp_path / "pw.db", request))
    yield s
    s.dispose()


def _filled(store: Store, path: Path) -> dict[int, list[object]]:
    """金华市's 2023 template with the first two value cells filled; returns its _keys rows."""
    write_reporting_template(store, "金华市", path, year=2023)
    wb = load_workbook(str(path))
    ws = wb["填报表"]
    ws["J5"] = 777
    ws["J6"] = 1620
    # the upload is as strict as the web form: each value needs its source, and a value that
    # raises a plausibility warning needs an explanation in 备注
    ws["L5"], ws["L6"] = "测试来源（虚构）", "测试来源（虚构）"
    ws["M5"], ws["M6"] = "测试说明", "测试说明"
    wb.save(path)
    return {int(r[0]): list(r) for r in wb["_keys"].iter_rows(min_row=2, values_only=True) if r[0]}


def _tamper(path: Path, row: int, column: int, value: object) -> None:
    wb = load_workbook(str(path))
    ks = wb["_keys"]
    for cells in ks.iter_rows(min_row=2):
        if cells[0].value == row:
            cells[column].value = value
    wb.save(path)


@pytest.mark.parametrize("column,label", [(2, "statistic"), (3, "region"), (4, "period"), (5, "unit")])
def test_a_tampered_keys_row_is_refused_and_the_others_kept(store: Store, tmp_path: Path,
                                                            column: int, label: str):
    path = tmp_path / "填报表.xlsx"
    keys = _filled(store, path)
    other = {2: keys[6][2], 3: "330782", 4: "2023-H1", 5: "万元"}[column]
    assert other != keys[5][column]
    _tamper(path, 5, column, other)  # row 5 now claims another statistic / county / year / unit
    res = import_workbook(store, path, actor="金华市统计局")
    refused = [i for i in res.workbook.issues if i.code == "excel-key-mismatch"]
    assert len(refused) == 1 and refused[0].message.startswith("第5行：")
    assert "_keys" in refused[0].message and "未导入" in refused[0].message
    queued = review.pending(store, origin="excel")
    assert [(c.statistic, c.value) for c in queued] == [(keys[6][2], 1620.0)]


def test_an_untouched_template_goes_through_whole(store: Store, tmp_path: Path):
    path = tmp_path / "填报表.xlsx"
    keys = _filled(store, path)
    res = import_workbook(store, path, actor="金华市统计局")
    assert not res.workbook.issues and len(res.submitted) == 2
    assert {c.statistic for c in review.pending(store, origin="excel")} == {keys[5][2], keys[6][2]}
