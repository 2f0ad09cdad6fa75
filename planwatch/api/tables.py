"""Reading small tables people circulate (责任分解方案, 年度目标): CSV (UTF-8 or GBK) or xlsx.

Each row keeps its line number (the spreadsheet row, header = 1) so every message can name file,
row and field. Headers may be English or Chinese; ``aliases`` maps each accepted header to one key.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import ConfigError
from planwatch.limits import Limits

MAX_ROWS = 20_000


@dataclass(frozen=True)
class TableRow:
    line: int
    values: dict[str, str]  # key → cell text (stripped; "" when empty)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _raw_rows(path: Path, sheet: str | None) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ConfigError(f"文件“{path.name}”不是 UTF-8 或 GBK 编码的 CSV 文本，无法读取。未做任何修改。")
        if "\x00" in text:
            raise ConfigError(f"文件“{path.name}”不是文本格式的 CSV（含二进制内容），无法读取。未做任何修改。")
        try:
            return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise ConfigError(f"文件“{path.name}”不是有效的 CSV：{exc}。未做任何修改。") from exc
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
        except Exception as exc:
            raise ConfigError(f"文件“{path.name}”不是有效的 Excel 工作簿（.xlsx），无法读取。"
                              "请用 Excel 或 WPS 另存为 .xlsx 后重试。未做任何修改。") from exc
        try:
            if sheet is not None:
                if sheet not in wb.sheetnames:
                    return []
                ws = wb[sheet]
            else:
                ws = wb.worksheets[0]
            out = []
            for r in ws.iter_rows(values_only=True):
                out.append([_cell(v) for v in r])
                if len(out) > min(MAX_ROWS, Limits.from_env().max_rows):
                    raise ConfigError(f"文件“{path.name}”超过 {MAX_ROWS} 行，请分几个文件导入。未做任何修改。")
            return out
        finally:
            wb.close()
    raise ConfigError(f"文件“{path.name}”的格式不受支持：请使用 .csv 或 .xlsx。未做任何修改。")


def read_table(path: Path, aliases: dict[str, str], required: tuple[str, ...], *,
               labels: dict[str, str], sheet: str | None = None,
               name: str | None = None) -> list[TableRow]:
    """Rows of the table in ``path`` (its first sheet, or ``sheet``) as key → text; raises
    :class:`ConfigError` naming the file when it cannot be read or a required column is missing."""
    shown = name or path.name
    if not path.exists():
        raise ConfigError(f"文件“{shown}”不存在。")
    raw = _raw_rows(path, sheet)
    # the header is the first row that names at least one known column
    header_at = next((i for i, r in enumerate(raw)
                      if any(_norm(c) in aliases for c in r)), None)
    if header_at is None:
        if sheet is not None and not raw:
            return []
        cols = "、".join(labels[k] for k in required)
        raise ConfigError(f"文件“{shown}”中找不到表头：第一行应为列名（{cols}）。未做任何修改。")
    header = [aliases.get(_norm(c)) for c in raw[header_at]]
    missing = [labels[k] for k in required if k not in header]
    if missing:
        raise ConfigError(f"文件“{shown}”第{header_at + 1}行的表头缺少列：{'、'.join(missing)}。"
                          "未做任何修改。")
    out = []
    for i, r in enumerate(raw[header_at + 1:], start=header_at + 2):
        if not any(c for c in r):
            continue
        values = {key: (r[j] if j < len(r) else "") for j, key in enumerate(header) if key}
        out.append(TableRow(i, values))
    return out


def _norm(text: str) -> str:
    return text.strip().replace("（", "(").replace("）", ")").replace(" ", "").lower()


def aliases_of(spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """key → accepted headers, turned into normalised header → key."""
    return {_norm(h): key for key, heads in spec.items() for h in (key, *heads)}
