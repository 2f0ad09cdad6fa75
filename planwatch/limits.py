"""Limits on files that come from outside (uploads, imports, documents to parse).

Pure: reads only the file it is given (or its bytes) and answers with
:class:`~planwatch.issues.Issue` objects; it never writes anything. Every entry point that
accepts a file (the web upload, the Excel import, the plan parsers) calls :func:`check_file`
before opening the file with a library, so that

* a file over the size limit is refused without being read;
* an Office file (.xlsx/.docx, which are zip archives) whose members would unpack to more than
  the limit, or unpack at a ratio only a "zip bomb" reaches, is refused from its central
  directory, before any member is decompressed (``zipfile`` never inflates a member past the
  size its directory entry declares, so checking the declared sizes is enough);
* a workbook with more rows than the limit is refused (counted while streaming, stopping at the
  limit);
* a client's file name is never used as a path: :func:`display_name` keeps only a harmless last
  component for messages, and stored copies are named by their content hash
  (:func:`stored_name`).

Limits come from the environment (see :meth:`Limits.from_env`) and are listed in docs/deploy.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import ConfigError
from planwatch.issues import Issue, Location, issue

MB = 1024 * 1024
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".docx", ".docm", ".zip"})


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB  # one uploaded or imported file
    max_unzipped_bytes: int = 200 * MB  # all members of an Office file, unpacked
    max_ratio: float = 100.0  # unpacked / packed, per member (only above ratio_floor)
    ratio_floor: int = 1 * MB  # members smaller than this unpacked are never ratio-checked
    max_members: int = 10_000  # entries in an Office file
    max_rows: int = 100_000  # rows in all sheets of a workbook
    max_cells: int = 1_000_000  # non-empty cells in all sheets of a workbook (M-8)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """``PLANWATCH_MAX_UPLOAD_MB``, ``PLANWATCH_MAX_UNZIPPED_MB`` and ``PLANWATCH_MAX_ROWS``
        override the defaults; a bad value raises :class:`~planwatch.errors.ConfigError` with a Chinese
        message naming the variable."""
        e = os.environ if env is None else env
        values: dict[str, int] = {}
        for var, key, scale in (
            ("PLANWATCH_MAX_UPLOAD_MB", "max_bytes", MB),
            ("PLANWATCH_MAX_UNZIPPED_MB", "max_unzipped_bytes", MB),
            ("PLANWATCH_MAX_ROWS", "max_rows", 1),
            ("PLANWATCH_MAX_CELLS", "max_cells", 1),
        ):
            raw = (e.get(var) or "").strip()
            if not raw:
                continue
            try:
                number = float(raw)
            except ValueError:
                raise ConfigError(f"环境变量 {var} 应为正数，现为“{raw}”，请改正或删除该设置。") from None
            if number <= 0:
                raise ConfigError(f"环境变量 {var} 应为正数，现为“{raw}”，请改正或删除该设置。")
            values[key] = int(number * scale)
        return cls(**values)


def _mb(n: float) -> str:
    return f"{n / MB:.1f}".rstrip("0").rstrip(".")


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def display_name(client_name: str | None) -> str:
    """A client's file name made safe to show (never to open): the last path component only,
    without control characters, at most 100 characters; ``上传文件`` when nothing is left."""
    name = unicodedata.normalize("NFC", client_name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[:100] or "上传文件"


def suffix_of(client_name: str | None) -> str:
    """The lower-case suffix of a client's file name (``.xlsx``), or ``""``."""
    return Path(display_name(client_name)).suffix.lower()


def stored_name(data: bytes, client_name: str | None) -> str:
    """The name under which an uploaded file is kept: its SHA-256 plus a known suffix. The
    client's name is recorded as data, never used as a path."""
    suffix = suffix_of(client_name)
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ""
    return hashlib.sha256(data).hexdigest() + suffix


def check_size(size: int, name: str, limits: Limits) -> list[Issue]:
    if size <= limits.max_bytes:
        return []
    return [issue(
        "file-too-large",
        f"文件“{name}”有 {_mb(size)} MB，超过上限 {_mb(limits.max_bytes)} MB。"
        "请拆分或删去无关内容后再上传。未做任何修改。",
        Location(file=name),
    )]


def check_zip(path: Path, name: str, limits: Limits) -> list[Issue]:
    """Refuse an Office file (zip) whose declared members are too many, too big in total, or
    compressed at a zip-bomb ratio. Reads only the central directory."""
    loc = Location(file=name)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []  # not a readable zip: the reader reports it as a damaged document
    if len(infos) > limits.max_members:
        return [issue("archive-too-large",
                      f"文件“{name}”内含 {len(infos)} 个部件，超过上限 {limits.max_members} 个，"
                      "不像正常的 Office 文件，已拒绝。未做任何修改。", loc)]
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        return [issue("archive-too-large",
                      f"文件“{name}”解压后有 {_mb(total)} MB，超过上限 {_mb(limits.max_unzipped_bytes)} MB"
                      "（可能是“压缩炸弹”），已拒绝。请删去无关内容后另存再试。未做任何修改。", loc)]
    for info in infos:
        if info.file_size < limits.ratio_floor:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            return [issue("archive-too-large",
                          f"文件“{name}”中的部件“{display_name(info.filename)}”压缩比为 {ratio:.0f} 倍，"
                          f"超过上限 {limits.max_ratio:g} 倍（可能是“压缩炸弹”），已拒绝。未做任何修改。",
                          loc)]
    return []


def check_rows(path: Path, name: str, limits: Limits) -> list[Issue]:
    """Refuse a workbook with more than ``limits.max_rows`` rows or ``limits.max_cells``
    non-empty cells in all sheets. Streams the sheets (openpyxl read-only) and stops counting at
    the limit."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure here is reported by the reader itself
        return []
    try:
        seen = cells = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                seen += 1
                cells += sum(1 for v in row if v is not None)
                if cells > limits.max_cells:
                    return [issue(
                        "too-many-cells",
                        f"工作簿“{name}”的非空单元格数超过上限 {limits.max_cells} 个（在工作表“{ws.title}”"
                        f"第{seen}行附近超出）。请只保留需要导入的表格，或分几个文件上传。未做任何修改。",
                        Location(file=name, table=ws.title),
                    )]
                if seen > limits.max_rows:
                    return [issue(
                        "too-many-rows",
                        f"工作簿“{name}”的行数超过上限 {limits.max_rows} 行（在工作表“{ws.title}”处超出）。"
                        "请只保留需要导入的表格，或分几个文件上传。未做任何修改。",
                        Location(file=name, table=ws.title),
                    )]
    except Exception:  # noqa: BLE001 - a damaged sheet is reported by the reader itself
        return []
    finally:
        wb.close()
    return []


def is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def check_file(path: Path, name: str | None = None, limits: Limits | None = None) -> list[Issue]:
    """All limits for one file on disk; empty when the file may be opened. ``name`` is the
    name to show (the client's name, made safe); the path is never derived from it."""
    limits = limits or Limits.from_env()
    shown = display_name(name or path.name)
    try:
        size = path.stat().st_size
    except OSError:
        return []  # the reader reports an unreadable file
    found = check_size(size, shown, limits)
    if found:
        return found
    if is_zip(path):
        found = check_zip(path, shown, limits)
        if found:
            return found
        if path.suffix.lower() in (".xlsx", ".xlsm") or suffix_of(name) in (".xlsx", ".xlsm"):
            return check_rows(path, shown, limits)
    return []


def check_bytes(data: bytes, name: str | None, limits: Limits | None = None) -> list[Issue]:
    """:func:`check_file` for an upload still in memory (the size check needs no file)."""
    limits = limits or Limits.from_env()
    shown = display_name(name)
    found = check_size(len(data), shown, limits)
    if found or not data.startswith(b"PK\x03\x04"):
        return found
    import tempfile

    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as tmp:
        path = Path(tmp) / stored_name(data, name)
        path.write_bytes(data)
        return check_file(path, name, limits)


__all__ = ["Limits", "check_bytes", "check_file", "check_rows", "check_size", "check_zip",
           "display_name", "stored_name", "suffix_of"]
