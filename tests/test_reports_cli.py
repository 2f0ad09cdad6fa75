"""planwatch report and planwatch excel on the embedded Jinhua data, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planwatch.cli import cli
from tests.conftest import scratch_db


@pytest.fixture(scope="module")
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = scratch_db(tmp_path_factory.mktemp('cli') / 'pw.db', request)
    res = CliRunner().invoke(cli, ["--db", url, "init"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return url


def test_report_html_from_the_command_line(db: str, tmp_path: Path):
    out = tmp_path / "中期评估.html"
    res = CliRunner().invoke(cli, ["--db", db, "report", "--plan", "jinhua-industry-14", "--as-of",
                                   "2023-06-30", "--kind", "midterm", "--format", "html", "-o",
                                   str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "已生成《金华市工业高质量发展“十四五”规划》实施情况中期评估报告（html）" in res.output
    assert "共20项指标" in res.output
    html = out.read_text(encoding="utf-8")
    assert html.count('<tr class=') == 20
    assert "草稿" in html


def test_report_refuses_an_unknown_format(db: str, tmp_path: Path):
    res = CliRunner().invoke(cli, ["--db", db, "report", "--plan", "jinhua-industry-14", "--as-of",
                                   "2023-06-30", "-o", str(tmp_path / "r.txt")])
    assert res.exit_code != 0
    assert "请用 --format 指定 docx、html 或 pdf" in res.output


def test_excel_template_and_import_from_the_command_line(db: str, tmp_path: Path):
    out = tmp_path / "婺城区.xlsx"
    res = CliRunner().invoke(cli, ["--db", db, "excel", "template", "--reporter", "330702",
                                   "--year", "2023", "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "已生成地区“婺城区”2023年填报表" in res.output and "共3行" in res.output
    wb = load_workbook(str(out))
    wb["填报表"]["J5"] = "三百"
    wb.save(str(out))
    res = CliRunner().invoke(cli, ["--db", db, "excel", "import", str(out)])
    assert res.exit_code == 2
    assert "第5行J列：“三百”不是数字，请填写阿拉伯数字" in res.output
