"""Old and other office files: .doc and .wps (Word 97–2003, WPS 文字), .xls and .et (Excel
97–2003, WPS 表格), .rtf, .odt and .ods, converted with LibreOffice headless to .docx/.xlsx and
then read by the Word or Excel reader. The blocks keep the original file name.

Each conversion runs with its own LibreOffice profile in a temporary folder (parallel imports do
not share one) and a time limit; a file LibreOffice cannot open gets a Chinese message saying
what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from planwatch.issues import issue
from planwatch.parsers.blocks import Blocks

WRITER = (".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt")
CALC = (".xls", ".et", ".ett", ".xlt", ".ods")
TIMEOUT_S = 120
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in WRITER + CALC or (
        head.startswith(_OLE) and path.suffix.lower() not in (".msg",))


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _refuse(path: Path, out: Blocks, why: str) -> Blocks:
    out.issues.append(issue(
        "unreadable-document",
        f"文件“{path.name}”无法转换读取（{why}）。请用 Word 或 WPS 打开后另存为 .docx"
        "（表格另存为 .xlsx）再导入。", out.location()))
    return out


def read(path: Path) -> Blocks:
    calc = path.suffix.lower() in CALC
    out = Blocks(file=path.name, layout="xlsx" if calc else "docx")
    exe = _soffice()
    if not exe:
        return _refuse(path, out, "本机未安装 LibreOffice，运行 scripts/setup.sh 可安装")
    target = "xlsx" if calc else "docx"
    with tempfile.TemporaryDirectory(prefix="planwatch-convert-") as tmp:
        work = Path(tmp)
        # a plain ASCII name: LibreOffice picks the filter by content, not by the name
        src = work / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, src)
        cmd = [exe, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", target, "--outdir", str(work / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False,
                           env={**os.environ, "HOME": str(work)})
        except subprocess.TimeoutExpired:
            return _refuse(path, out, f"LibreOffice 转换超过 {TIMEOUT_S} 秒未完成")
        converted = work / "out" / f"input.{target}"
        if not converted.exists() or converted.stat().st_size == 0:
            return _refuse(path, out, "LibreOffice 无法打开，文件可能已损坏、加密或不是 Office 文档")
        if calc:
            from planwatch.parsers.readers import excel as reader
        else:
            from planwatch.parsers.readers import word as reader  # type: ignore[no-redef]
        blocks = reader.read(converted)
    blocks.file = path.name
    blocks.issues = [
        replace(i, message=i.message.replace(f"input.{target}", path.name),
                location=replace(i.location, file=path.name))
        for i in blocks.issues]
    return blocks
