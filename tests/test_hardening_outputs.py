"""Outputs that cannot execute (issue 18, M-5): names and sources that start with ``=``, ``+``,
``-`` or ``@`` are written as text (with Excel's quote prefix) in every workbook the app writes —
the evaluation workbook, the reporting template, the annual-target template and the project
template — and LibreOffice shows them as typed instead of computing them. The data are the
fictional/sample data of tests/web_support.py with formula-looking names (示例)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from planwatch import api
from planwatch import model as m
from planwatch.api import Store
from planwatch.web import WebSettings, create_app
from tests.web_support import add_users, login, sample_dataset

EVIL = {
    "p1/02": '=HYPERLINK("https://example.invalid/x","点此查看")',
    "p1/06": "+1+1",
}
PLAN_TITLE = "-2+3 示例规划（虚构）"
SOURCE_TITLE = "@SUM(1,2) 示例公报"


def _evil_dataset() -> m.Dataset:
    ds = sample_dataset()
    inds = tuple(dataclasses.replace(i, name=EVIL[i.id]) for i in ds.indicators)
    plans = tuple(dataclasses.replace(p, title=PLAN_TITLE) for p in ds.plans)
    obs = tuple(dataclasses.replace(o, source=m.SourceRef(url="https://example.org/2022", title=SOURCE_TITLE))
                for o in ds.observations)
    return dataclasses.replace(ds, indicators=inds, plans=plans, observations=obs)


@pytest.fixture
def evil_store(sqlite_url: str):
    s = Store(sqlite_url)
    s.load_dataset(_evil_dataset())
    add_users(s)
    yield s
    s.dispose()


def _formula_looking(path_or_bytes: Path | bytes) -> list[tuple[str, str, object, bool]]:
    """(sheet, cell, value, written as text) of every formula-looking cell."""
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    wb = openpyxl.load_workbook(src)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    out.append((ws.title, c.coordinate, c.value, c.data_type == "s" and bool(c.quotePrefix)))
    return out


def _all_text(found: list[tuple[str, str, object, bool]]) -> None:
    assert found, "the workbook should carry the formula-looking names"
    bad = [f for f in found if not f[3]]
    assert not bad, f"written as formulas: {bad}"


def test_the_evaluation_workbook_writes_formula_looking_names_as_text(evil_store: Store, tmp_path: Path):
    path = api.excel.export_evaluation(evil_store, "p1", dt.date(2023, 6, 30), tmp_path / "评估.xlsx")
    found = _formula_looking(path)
    _all_text(found)
    values = {f[2] for f in found}
    assert EVIL["p1/02"] in values and EVIL["p1/06"] in values
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    # what a user opening the file sees: LibreOffice shows the names as typed, computes nothing
    out = tmp_path / "csv"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=180)
    text = (out / "评估.csv").read_text(encoding="utf-8")
    cells = {c for row in csv.reader(io.StringIO(text)) for c in row}
    assert EVIL["p1/02"] in cells and "+1+1" in cells
    assert "点此查看" not in cells  # the HYPERLINK was not run


def test_the_reporting_template_writes_formula_looking_names_as_text(evil_store: Store, tmp_path: Path):
    path = tmp_path / "填报.xlsx"
    api.excel.write_reporting_template(evil_store, "330782", path, year=2023)
    found = _formula_looking(path)
    _all_text(found)
    assert EVIL["p1/02"] in {f[2] for f in found}


def test_the_annual_target_template_writes_formula_looking_names_as_text(evil_store: Store):
    c = TestClient(create_app(WebSettings(db=evil_store.url, secret_key="s" * 40), store=evil_store))
    login(c, "admin1")
    r = c.get("/units/annual-template?plan=p1&year=2023")
    assert r.status_code == 200, r.text
    _all_text(_formula_looking(r.content))


def test_the_project_template_has_no_formula(tmp_path: Path):
    path = api.tasks.write_project_template(tmp_path / "项目.xlsx", [2023, 2024])
    assert all(f[3] for f in _formula_looking(path))
    wb = openpyxl.load_workbook(path)
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


DOC = ("示例市工业发展“十四五”规划（虚构）\n\n一、发展目标\n\n"
       "到2025年，[link=https://evil.example]规上工业总产值[/link]达到8000亿元\x1b]0;标题被改\x07\x1b[2J，"
       "[bold]规上工业企业数\u202e达到7000家。\n")


@pytest.mark.parametrize("command", [["facts", "extract"], ["plan", "parse"]])
def test_document_text_reaches_the_terminal_as_typed_without_control_codes(tmp_path: Path, command: list[str]):
    """Markup in a document prints as typed (Rich does not read it as a link or a style), and
    escape codes (terminal title, clear screen) and bidi overrides are removed."""
    from click.testing import CliRunner

    from planwatch.cli import cli

    doc = tmp_path / "示例规划.txt"
    doc.write_text(DOC, encoding="utf-8")
    r = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'x.db'}", *command, str(doc)],
                           env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output and "\u202e" not in r.output
    if command[0] == "facts":
        assert "[link=https://evil.example]" in r.output


def test_an_error_message_reaches_the_terminal_without_control_codes(tmp_path: Path):
    import subprocess
    import sys

    bad = tmp_path / "坏\x1b[2J文件.txt"
    exe = Path(sys.executable).parent / "planwatch"
    r = subprocess.run([str(exe), "--db", f"sqlite:///{tmp_path / 'x.db'}",
                        "plan", "parse", str(bad)], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "\x1b" not in r.stdout + r.stderr and "坏[2J文件" in r.stderr
