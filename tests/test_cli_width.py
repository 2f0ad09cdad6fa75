"""CLI tables in an 80-column terminal (issue 12): `planwatch plan parse` of a seed prints every
indicator whole (no cell cut to "…", no line wider than 80 columns) and exits non-zero for a file
it cannot read."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from tests.conftest import seed


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", "from planwatch.cli import main; main()", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_plan_parse_fits_80_columns_and_keeps_every_name_whole():
    out = _run("plan", "parse", str(seed("004")))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert max(_cells(line.rstrip()) for line in lines) <= 80
    assert "…" not in out.stdout
    for name in ("工业增加值占GDP比重", "武义、磐安规上工业增加值占全市比重", "单位工业增加值二氧化碳排放降幅"):
        assert name in out.stdout
    assert "目标：7000以上" in out.stdout and "出处：表1 第178行" in out.stdout


def test_plan_parse_is_a_table_on_a_wide_terminal():
    out = _run("plan", "parse", str(seed("004")), columns=220)
    assert out.returncode == 0
    assert "┃ 序号 ┃ 指标" in out.stdout and "…" not in out.stdout


def test_plan_parse_of_an_unreadable_file_exits_non_zero(tmp_path: Path):
    bad = tmp_path / "损坏的规划.docx"
    bad.write_bytes(b"\x00\xffnot a zip")
    out = _run("plan", "parse", str(bad))
    assert out.returncode != 0
    assert "损坏的规划.docx" in out.stdout + out.stderr
    assert "unreadable-document" not in out.stdout  # the problem is named in Chinese
    missing = _run("plan", "parse", str(tmp_path / "没有这个文件.txt"))
    assert missing.returncode != 0 and "不存在" in missing.stderr + missing.stdout
