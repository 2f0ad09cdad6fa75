"""Facts from documents: extraction (pure, in planwatch.facts) joined to files and the store."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import LoadError
from planwatch.facts.extract import Fact, extract
from planwatch.issues import Location, issue


def read_text(path: Path) -> str:
    """A document's text: UTF-8 (with or without BOM), else GB18030 (older government files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"无法读取文件“{path}”：{exc.strerror}") from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    bad = issue("bad-file", "文件既不是 UTF-8 也不是 GB18030 编码的文本；请另存为 UTF-8 文本后重试。",
                Location(file=str(path)))
    raise LoadError(f"无法读取文件“{path}”", [bad])


def extract_file(
    path: Path, *, ref_year: int | None = None, plan: tuple[int, int] = (2021, 2025)
) -> list[Fact]:
    """Every fact in a text file (see :func:`planwatch.facts.extract.extract`)."""
    return extract(read_text(path), ref_year=ref_year, plan=plan)
