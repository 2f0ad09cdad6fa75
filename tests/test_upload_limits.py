"""Upload limits through the web app and the Excel import: a zip bomb, a workbook with too many
rows and a file name that tries to climb out of the upload folder each get a clear Chinese
message and change nothing (no candidate queued, no file written outside the temp folder)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.dataset import embedded_plan_ids
from planwatch.limits import MB
from planwatch.web import WebSettings, create_app
from planwatch.workbook.read import read_workbook
from tests.conftest import scratch_db
from tests.web_support import add_users, form_token, login


@pytest.fixture(scope="module")
def app_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(scratch_db(tmp_path_factory.mktemp('uploads') / 'planwatch.db', request))
    load_embedded(store)
    add_users(store)
    yield store
    store.dispose()


def _client(store: Store) -> tuple[TestClient, str]:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "yiwu")
    return c, form_token(c.get("/report").text)


def _counts(store: Store) -> tuple[int, int]:
    with store.reading() as conn:
        cands = conn.execute(sa.text("select count(*) from candidate")).scalar_one()
        audit = conn.execute(sa.text("select count(*) from audit_log")).scalar_one()
    return int(cands), int(audit)


def _bomb_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(40):
                fh.write(b"\0" * MB)
    return path.read_bytes()


def test_zip_bomb_upload_refused_before_opening(app_store: Store, tmp_path: Path):
    c, token = _client(app_store)
    before = _counts(app_store)
    r = c.post("/report/upload", data={"csrf_token": token},
               files={"file": ("填报表.xlsx", _bomb_bytes(tmp_path), "application/octet-stream")})
    assert r.status_code == 400
    assert "压缩炸弹" in r.text and "填报表.xlsx" in r.text and "未做任何修改" in r.text
    assert _counts(app_store) == before


def test_workbook_with_too_many_rows_refused(app_store: Store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLANWATCH_MAX_ROWS", "500")
    wb = openpyxl.Workbook()
    for i in range(600):
        wb.active.append([f"指标{i}", 2023, i])
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    c, token = _client(app_store)
    before = _counts(app_store)
    r = c.post("/report/upload", data={"csrf_token": token},
               files={"file": ("rows.xlsx", path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 400 and "超过上限 500 行" in r.text
    assert _counts(app_store) == before


@pytest.mark.parametrize("client_name", ["../../../../tmp/planwatch-escape.xlsx",
                                         "..\\..\\planwatch-escape.xlsx", "/etc/cron.d/x.xlsx"])
def test_file_names_from_the_client_never_become_paths(app_store: Store, tmp_path: Path,
                                                       client_name: str):
    wb = openpyxl.Workbook()
    wb.active.append(["地区", "数值"])
    src = tmp_path / "w.xlsx"
    wb.save(src)
    escape = Path("/tmp/planwatch-escape.xlsx")
    escape.unlink(missing_ok=True)
    c, token = _client(app_store)
    before = _counts(app_store)
    r = c.post("/report/upload", data={"csrf_token": token},
               files={"file": (client_name, src.read_bytes(), "application/octet-stream")})
    assert r.status_code == 400 and "不是 planwatch" in r.text
    assert "../" not in r.text and "..\\" not in r.text  # the shown name is the last part only
    assert not escape.exists() and not Path("/etc/cron.d/x.xlsx").exists()
    assert _counts(app_store) == before


def test_excel_import_reader_applies_the_limits(tmp_path: Path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(_bomb_bytes(tmp_path))
    wi = read_workbook(path, name="报送表.xlsx")
    assert [i.code for i in wi.issues] == ["archive-too-large"] and wi.values == ()
    assert "报送表.xlsx" in wi.issues[0].message


@pytest.mark.parametrize("client_name", ["../../../../tmp/planwatch-plan-escape.txt",
                                         "..\\..\\planwatch-plan-escape.txt"])
def test_plan_import_upload_names_never_escape(app_store: Store, tmp_path: Path,
                                               client_name: str):
    escape = Path("/tmp/planwatch-plan-escape.txt")
    escape.unlink(missing_ok=True)
    c = TestClient(create_app(WebSettings(db=store_url(app_store), secret_key="k"),
                              store=app_store))
    login(c, "reviewer1")
    token = form_token(c.get("/import").text)
    before = _counts(app_store)
    r = c.post("/import", data={"csrf_token": token},
               files={"file": (client_name, "没有指标表的文本。".encode(), "text/plain")})
    assert r.status_code in (200, 400) and r.status_code < 500
    assert "../" not in r.text and "..\\" not in r.text
    assert not escape.exists()
    assert _counts(app_store) == before


def test_plan_import_refuses_a_zip_bomb(app_store: Store, tmp_path: Path):
    c = TestClient(create_app(WebSettings(db=store_url(app_store), secret_key="k"),
                              store=app_store))
    login(c, "reviewer1")
    token = form_token(c.get("/import").text)
    before = _counts(app_store)
    r = c.post("/import", data={"csrf_token": token},
               files={"file": ("规划.docx", _bomb_bytes(tmp_path), "application/octet-stream")})
    # the review step lists the refusal as an error; confirming is impossible, nothing written
    assert r.status_code in (200, 400) and "压缩炸弹" in r.text and "未做任何修改" in r.text
    assert _counts(app_store) == before
    with app_store.reading() as conn:
        assert conn.execute(sa.text("select count(*) from plan")).scalar_one() == len(embedded_plan_ids())


def store_url(store: Store) -> str:
    return store.url
