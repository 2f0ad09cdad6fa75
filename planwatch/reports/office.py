"""LibreOffice headless: .docx → .pdf (and .xlsx → .csv/.pdf for checks).

Each run gets its own profile directory (``-env:UserInstallation``) so parallel conversions do not
collide, and a fontconfig file that maps the official-document font names (仿宋_GB2312, 方正小标宋简体,
黑体, 楷体_GB2312, 宋体) to the Noto CJK fonts, so Chinese never comes out as boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from planwatch.errors import ConfigError
from planwatch.reports.context import ReportContext

SERIF_CJK = "Noto Serif CJK SC"
SANS_CJK = "Noto Sans CJK SC"
ALIASES: dict[str, str] = {
    "方正小标宋简体": SERIF_CJK, "方正小标宋_GBK": SERIF_CJK, "FZXiaoBiaoSong-B05S": SERIF_CJK,
    "仿宋_GB2312": SERIF_CJK, "仿宋": SERIF_CJK, "FangSong": SERIF_CJK, "FangSong_GB2312": SERIF_CJK,
    "楷体_GB2312": SERIF_CJK, "楷体": SERIF_CJK, "KaiTi": SERIF_CJK, "KaiTi_GB2312": SERIF_CJK,
    "宋体": SERIF_CJK, "SimSun": SERIF_CJK,
    "黑体": SANS_CJK, "SimHei": SANS_CJK,
}
TIMEOUT_S = 120


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise ConfigError("未找到 LibreOffice（soffice）。请运行 scripts/setup.sh 安装 libreoffice-writer-nogui。")
    return exe


def fontconfig_file(folder: Path) -> Path:
    """A fonts.conf that includes the system configuration and adds the CJK aliases."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer><family>{target}</family>'
        f"</prefer></alias>"
        for name, target in ALIASES.items()
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n{aliases}\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def convert(src: Path, to: str, outdir: Path) -> Path:
    """Convert ``src`` with LibreOffice headless (``to``: pdf, csv, …); returns the new file."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planwatch-lo-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work))}
        cmd = [soffice(), "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", to, "--outdir", str(outdir), str(src)]
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
                             check=False)
    out = outdir / f"{src.stem}.{to.split(':')[0]}"
    if res.returncode != 0 or not out.exists():
        raise ConfigError(f"LibreOffice 转换“{src.name}”失败：{res.stderr.strip() or res.stdout.strip()}")
    return out


def docx_to_pdf(ctx: ReportContext, path: Path) -> Path:
    """Write the Word report and convert it to PDF at ``path``."""
    from planwatch.reports.docx import write_docx

    with tempfile.TemporaryDirectory(prefix="planwatch-report-") as tmp:
        docx = write_docx(ctx, Path(tmp) / f"{path.stem}.docx")
        pdf = convert(docx, "pdf", Path(tmp) / "out")
        shutil.move(str(pdf), path)
    return path
