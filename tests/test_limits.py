"""Limits on files from outside: size, zip bombs in Office files, rows, client file names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from planwatch.errors import ConfigError
from planwatch.limits import MB, Limits, check_bytes, check_file, display_name, stored_name


def _workbook(path: Path, rows: int) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "报送表"
    ws.append(["指标名称", "时期", "数值"])
    for i in range(rows):
        ws.append([f"指标{i}", "2023", i])
    wb.save(path)
    return path


def _bomb(path: Path, unpacked_mb: int, name: str = "xl/worksheets/sheet1.xml") -> Path:
    """An .xlsx-shaped zip whose one big member is zeros: tiny packed, huge unpacked."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(name, "w", force_zip64=True) as fh:
            chunk = b"\0" * MB
            for _ in range(unpacked_mb):
                fh.write(chunk)
    return path


def test_ordinary_workbook_passes(tmp_path: Path):
    assert check_file(_workbook(tmp_path / "报送.xlsx", 50)) == []


def test_file_over_size_limit_is_refused_with_sizes(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (2 * MB + 10))
    found = check_file(path, limits=Limits(max_bytes=2 * MB))
    assert [i.code for i in found] == ["file-too-large"]
    assert "超过上限 2 MB" in found[0].message and "未做任何修改" in found[0].message
    assert found[0].location.file == "big.txt"


def test_default_size_limit_is_20_mb_and_env_configurable():
    assert Limits().max_bytes == 20 * MB
    limits = Limits.from_env({"PLANWATCH_MAX_UPLOAD_MB": "5", "PLANWATCH_MAX_ROWS": "1000"})
    assert (limits.max_bytes, limits.max_rows) == (5 * MB, 1000)
    with pytest.raises(ConfigError, match="PLANWATCH_MAX_ROWS 应为正数"):
        Limits.from_env({"PLANWATCH_MAX_ROWS": "很多"})


def test_zip_bomb_refused_by_ratio_before_opening(tmp_path: Path):
    # 40 MB of zeros packs to about 40 KB: a ratio near 1000, with the default limits
    path = _bomb(tmp_path / "炸弹.xlsx", 40)
    assert path.stat().st_size < 200_000
    found = check_file(path)
    assert [i.code for i in found] == ["archive-too-large"]
    assert "压缩炸弹" in found[0].message and "sheet1.xml" in found[0].message


def test_zip_refused_by_total_unpacked_size(tmp_path: Path):
    path = _bomb(tmp_path / "大.docx", 6, name="word/document.xml")
    found = check_file(path, limits=Limits(max_unzipped_bytes=5 * MB, max_ratio=1e9))
    assert [i.code for i in found] == ["archive-too-large"]
    assert "解压后有 6 MB" in found[0].message and "上限 5 MB" in found[0].message


def test_zip_with_too_many_members_refused(tmp_path: Path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(30):
            zf.writestr(f"word/part{i}.xml", "<x/>")
    found = check_file(path, limits=Limits(max_members=20))
    assert [i.code for i in found] == ["archive-too-large"]
    assert "30 个部件" in found[0].message


def test_workbook_with_too_many_rows_refused_naming_the_sheet(tmp_path: Path):
    path = _workbook(tmp_path / "rows.xlsx", 120)
    found = check_file(path, limits=Limits(max_rows=100))
    assert [i.code for i in found] == ["too-many-rows"]
    assert "上限 100 行" in found[0].message and "报送表" in found[0].message
    assert check_file(path, limits=Limits(max_rows=200)) == []


def test_damaged_zip_left_to_the_reader(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert check_file(path) == []


@pytest.mark.parametrize(
    ("client", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/abs/path/报送表.xlsx", "报送表.xlsx"),
        ("..", "上传文件"),
        ("", "上传文件"),
        (None, "上传文件"),
        ("a\x00b<script>.xlsx", "abscript.xlsx"),
        (".bashrc", "bashrc"),
    ],
)
def test_client_file_names_are_reduced_to_a_harmless_label(client: str | None, shown: str):
    assert display_name(client) == shown


def test_stored_name_never_contains_the_client_path():
    name = stored_name(b"data", "../../x/../evil.xlsx")
    assert "/" not in name and ".." not in name and name.endswith(".xlsx")
    assert len(name) == 64 + len(".xlsx")
    assert stored_name(b"data", "evil.x/../../sh") == name[:64]


def test_check_bytes_for_uploads_in_memory(tmp_path: Path):
    bomb = _bomb(tmp_path / "b.xlsx", 40).read_bytes()
    assert [i.code for i in check_bytes(bomb, "../../b.xlsx")] == ["archive-too-large"]
    assert [i.code for i in check_bytes(b"x" * 30, "a.txt", Limits(max_bytes=10))] == ["file-too-large"]
    assert check_bytes("纯文本".encode(), "a.txt") == []


def test_wide_workbook_is_refused_by_its_cell_count(tmp_path: Path):
    # M-8: few rows, many cells each — rows alone let 3.2 million cells through
    path = tmp_path / "宽表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(30):
        ws.append(list(range(1000)))
    wb.save(path)
    found = check_file(path, "宽表.xlsx", Limits(max_cells=20_000))
    assert [i.code for i in found] == ["too-many-cells"]
    assert "宽表.xlsx" in found[0].message and "20000" in found[0].message
    assert check_file(path, "宽表.xlsx", Limits(max_cells=40_000)) == []
