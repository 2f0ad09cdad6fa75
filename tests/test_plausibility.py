"""One set of plausibility checks on every path: the web form, the JSON API and the Excel upload
(`planwatch excel import --json` lists each row with its check codes). The Excel upload is as strict
as the form: a source is required, a warning needs an explanation, the success message names every
record. Submitted values are test inputs, not statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from planwatch.api import Store
from planwatch.api import review as api_review
from planwatch.cli import cli
from planwatch.issues import CATALOGUE
from tests.web_support import client_as, csrf_of, form_token

OUTPUT = "jinhua-industry-14/02"  # 规上工业总产值; 义乌 base 667.6 → target 1500 (亿元)




def test_codes_are_registered():
    for code in ("plausibility-magnitude", "plausibility-change", "plausibility-behind",
                 "plausibility-share-range", "plausibility-negative", "plausibility-county-sum",
                 "explanation-required", "source-required"):
        assert code in CATALOGUE


def test_a_tenfold_slip_on_the_form_and_the_api_needs_an_explanation(app_store: Store):
    c = client_as(app_store, "yiwu")
    page = c.get(f"/report/entry?indicator={OUTPUT}&region=330782&period=2022")
    data = {"csrf_token": form_token(page.text), "indicator": OUTPUT, "region": "330782",
            "period": "2022", "value": "15000", "source_title": "测试来源（虚构）"}
    r = c.post("/report/entry", data=data, follow_redirects=False)
    assert r.status_code == 400
    assert "疑似数量级错误" in r.text and "15000" in r.text and "请填写说明" in r.text
    assert api_review.pending(app_store) == []
    token = csrf_of(c)
    r = c.post("/api/submissions", headers={"X-CSRF-Token": token},
               json={"indicator": OUTPUT, "region": "330782", "period": "2022", "value": "15000",
                     "source_title": "测试来源（虚构）"})
    assert r.status_code == 400 and "疑似数量级错误" in r.text
    r = c.post("/report/entry", data={**data, "explanation": "测试：确认口径（虚构）"},
               follow_redirects=False)
    assert r.status_code == 303
    assert len(api_review.pending(app_store)) == 1


def test_a_share_above_100_is_refused(app_store: Store):
    share = "jinhua-industry-14/07"  # 高新技术产业增加值占规上工业比重 (%)
    c = client_as(app_store, "admin1")
    page = c.get(f"/report/entry?indicator={share}&region=330700&period=2022")
    if page.status_code != 200:
        pytest.skip("the city reporter has no task for this share")
    r = c.post("/report/entry", data={
        "csrf_token": form_token(page.text), "indicator": share, "region": "330700",
        "period": "2022", "value": "640", "source_title": "测试来源（虚构）",
        "explanation": "测试"}, follow_redirects=False)
    assert r.status_code == 400 and "不在 0—100 之间" in r.text


def _template(c: TestClient, tmp_path: Path) -> Path:
    r = c.get("/report/template?year=2022")
    assert r.status_code == 200
    path = tmp_path / "yiwu-2022.xlsx"
    path.write_bytes(r.content)
    return path


def test_excel_upload_is_as_strict_as_the_form(app_store: Store, tmp_path: Path):
    c = client_as(app_store, "yiwu")
    path = _template(c, tmp_path)
    wb = load_workbook(str(path))
    ws = wb["填报表"]
    assert ws["C4"].value == "规上工业总产值"
    rows = [r for r in range(4, ws.max_row + 1) if ws[f"B{r}"].value]
    assert len(rows) >= 3
    ws["J4"], ws["L4"] = 15000, "测试来源（虚构）"  # 10× slip, no explanation
    second, third = rows[1], rows[2]
    ws[f"J{second}"] = 1  # no source
    wb.save(str(path))
    token = form_token(c.get("/report").text)
    with path.open("rb") as fh:
        r = c.post("/report/upload", data={"csrf_token": token},
                   files={"file": ("yiwu-2022.xlsx", fh, "application/octet-stream")})
    assert r.status_code == 400
    assert "第4行（J4）" in r.text and "疑似数量级错误" in r.text and "备注" in r.text
    assert f"第{second}行" in r.text and "“资料来源”为空" in r.text
    assert api_review.pending(app_store) == []
    # CLI: per-row results with the codes raised
    res = CliRunner().invoke(cli, ["--db", app_store.url, "excel", "import", str(path), "--json",
                                   "--user", "yiwu"])
    assert res.exit_code == 2
    out = json.loads(res.output)
    by_row = {r["row"]: r for r in out["rows"]}
    assert by_row[4]["accepted"] is False
    assert {"plausibility-magnitude", "explanation-required"} <= set(by_row[4]["checks"])
    assert "source-required" in by_row[second]["checks"] and by_row[second]["accepted"] is False
    assert api_review.pending(app_store) == []
    # explained and sourced: accepted, and the success message names every record
    ws["M4"] = "测试：已核对（虚构）"
    ws[f"L{second}"] = "测试来源（虚构）"
    ws[f"M{second}"] = "测试（虚构）"
    ws[f"J{third}"], ws[f"L{third}"], ws[f"M{third}"] = 1, "测试来源（虚构）", "测试（虚构）"
    wb.save(str(path))
    with path.open("rb") as fh:
        r = c.post("/report/upload", data={"csrf_token": token},
                   files={"file": ("yiwu-2022.xlsx", fh, "application/octet-stream")},
                   follow_redirects=False)
    assert r.status_code == 303, r.text
    queued = api_review.pending(app_store)
    assert len(queued) == 3
    assert all(q.source.title == "测试来源（虚构）" for q in queued)  # not the file name
    msg = c.get(r.headers["location"]).text
    assert "已提交 3 条待审核记录" in msg
    for q in queued:
        assert f"#{q.id} " in msg
