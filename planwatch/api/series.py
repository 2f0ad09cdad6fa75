"""Evaluating a table of series without a plan (``planwatch methods run``).

SERIES.csv has columns ``id,year,value`` (an Open SDG ``Year,Value`` file without ``id`` uses
the file name as the id); CONFIG.csv has ``id,direction,target,target_year,base_year,limit``
(empty where absent; optional ``lower_bound`` for SDSN). A bad row is reported as an
:class:`~planwatch.issues.Issue` naming the file and row; the series it belongs to is reported
as not assessable (never judged on partial data) and every other series is still evaluated.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch.evaluation import base
from planwatch.evaluation.base import Assessment, Status
from planwatch.evaluation.catalogue import MethodInfo as MethodInfo
from planwatch.evaluation.catalogue import method_catalogue as method_catalogue
from planwatch.evaluation.series import Series, SeriesMethod
from planwatch.issues import Issue, Location, issue

DIRECTIONS = {
    "+1": 1, "1": 1, "higher_better": 1, "positive": 1, "increase": 1, "正向": 1, "越大越好": 1,
    "-1": -1, "−1": -1, "lower_better": -1, "negative": -1, "decrease": -1, "逆向": -1,
    "越小越好": -1,
}
SERIES_COLUMNS = ("id", "year", "value")
CONFIG_COLUMNS = ("id", "direction", "target", "target_year", "base_year", "limit", "lower_bound")
_YEAR = re.compile(r"^(\d{4})(?:\s*[-/–]\s*\d{2,4})?$")


@dataclass(frozen=True)
class SeriesResult:
    id: str
    assessment: Assessment
    issues: tuple[Issue, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "id": self.id,
            "method": a.method,
            "status": a.status.value,
            "category": a.category,
            "label": a.label,
            "value": a.value,
            "score": a.score,
            "reasons": list(a.reasons),
            "numbers": {k: v for k, v in a.numbers.items() if k != "config"},
            "issues": [i.as_dict() for i in self.issues],
        }


@dataclass(frozen=True)
class SeriesRun:
    methods: tuple[str, ...]
    results: tuple[SeriesResult, ...]
    issues: tuple[Issue, ...] = field(default=())

    def as_list(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.results]


@dataclass
class _Table:
    points: dict[str, dict[int, float]] = field(default_factory=dict)
    bad: dict[str, list[Issue]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def flag(self, sid: str | None, problem: Issue) -> None:
        self.issues.append(problem)
        if sid is not None:
            self.bad.setdefault(sid, []).append(problem)


def _rows(path: Path, table: _Table, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        table.flag(None, issue("bad-file", f"文件“{path}”无法以 UTF-8 读取（{exc}）。请另存为 UTF-8 编码的 CSV。",
                               Location(file=str(path))))
        return
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        table.flag(None, issue("missing-field", f"文件“{path.name}”缺少列：{'、'.join(missing)}。"
                               f"表头应为 {','.join(required)}。", Location(file=str(path), line=1)))
        return
    for n, row in enumerate(reader, start=2):
        yield n, {k: (v or "").strip() for k, v in row.items() if k is not None}


def read_series(paths: Sequence[Path]) -> tuple[dict[str, dict[int, float]], dict[str, list[Issue]], list[Issue]]:
    """Read SERIES.csv files: {id: {year: value}}, the issues per id, and all issues."""
    table = _Table()
    seen: dict[tuple[str, int], int] = {}
    dups: dict[tuple[str, int], list[int]] = {}
    dup_where: dict[tuple[str, int], tuple[Path, Location]] = {}
    for path in paths:
        has_id = _has_column(path, "id")
        for line, row in _rows(path, table, SERIES_COLUMNS if has_id else ("year", "value")):
            sid = row.get("id", "") if has_id else path.stem
            loc = Location(file=str(path), line=line, record=sid or None)
            if not sid:
                table.flag(None, issue("missing-field", f"“{path.name}”第{line}行缺少序列编号 id。", loc))
                continue
            table.points.setdefault(sid, {})
            m = _YEAR.match(row["year"])
            if not m:
                table.flag(sid, issue("bad-period", f"“{path.name}”第{line}行的年份“{row['year']}”无法识别，"
                                      "应为四位年份如 2021（或 2015-16，取首年）。", dataclasses.replace(loc, field="year")))
                continue
            year = int(m[1])
            if row["value"] == "":
                continue  # a gap stays a gap
            value = _number(row["value"])
            if value is None:
                table.flag(sid, issue("bad-number", f"“{path.name}”第{line}行序列“{sid}”{year}年的数值"
                                      f"“{row['value']}”不是数字，请改为数字或留空。", dataclasses.replace(loc, field="value")))
                continue
            if (sid, year) in seen:
                dups.setdefault((sid, year), [seen[sid, year]]).append(line)
                dup_where[sid, year] = (path, loc)
                continue
            seen[sid, year] = line
            table.points[sid][year] = value
    for (sid, year), lines in dups.items():
        path, loc = dup_where[sid, year]
        rows = "、".join(str(n) for n in lines)
        table.flag(sid, issue("duplicate-record", f"“{path.name}”第{rows}行：序列“{sid}”{year}年有{len(lines)}个数值，"
                              "每个序列每年只能有一个值（Statistics Canada 方法对此不作评估），请只保留一行。",
                              Location(file=str(path), line=lines[1], record=sid, field="year")))
    return table.points, table.bad, table.issues


def read_config(path: Path | None, ids: Iterable[str]) -> tuple[dict[str, dict[str, Any]], dict[str, list[Issue]], list[Issue]]:
    """Read CONFIG.csv: {id: {direction, target, …}}, issues per id, and all issues."""
    table = _Table()
    out: dict[str, dict[str, Any]] = {}
    known = set(ids)
    if path is None:
        return out, table.bad, table.issues
    for line, row in _rows(path, table, ("id", "direction")):
        sid = row["id"]
        loc = Location(file=str(path), line=line, record=sid or None)
        if not sid:
            table.flag(None, issue("missing-field", f"“{path.name}”第{line}行缺少序列编号 id。", loc))
            continue
        if sid in out:
            table.flag(sid, issue("duplicate-record", f"“{path.name}”第{line}行序列“{sid}”的设置重复，请只保留一行。", loc))
            continue
        cfg = _config_row(path, line, sid, row, table)
        if cfg is None:
            continue
        out[sid] = cfg
        if sid not in known:
            table.flag(sid, issue("series-no-data", f"“{path.name}”第{line}行设置了序列“{sid}”，"
                                  "但序列文件中没有该序列的数据：列为无数据（not available，"
                                  "与 Statistics Canada 对无数据序列的处理相同），其余序列照常评估；"
                                  "如 id 写错请改正。", loc))
    return out, table.bad, table.issues


def _config_row(path: Path, line: int, sid: str, row: Mapping[str, str], table: _Table) -> dict[str, Any] | None:
    loc = Location(file=str(path), line=line, record=sid)
    d = DIRECTIONS.get(row["direction"].strip().lower() if row["direction"] else "")
    if d is None:
        what = f"“{row['direction']}”无法识别" if row["direction"] else "为空"
        table.flag(sid, issue("bad-value", f"“{path.name}”第{line}行序列“{sid}”的方向 direction {what}；"
                              "应为 +1 / -1 或 higher_better / lower_better（方向必填，不设默认值）。",
                              dataclasses.replace(loc, field="direction")))
        return None
    cfg: dict[str, Any] = {"direction": d}
    ok = True
    for col in ("target", "target_year", "base_year", "limit", "lower_bound"):
        text = row.get(col, "")
        if not text:
            continue
        v = _number(text)
        if v is None or (col.endswith("year") and not v.is_integer()):
            table.flag(sid, issue("bad-number", f"“{path.name}”第{line}行序列“{sid}”的 {col}“{text}”不是"
                                  f"{'整数年份' if col.endswith('year') else '数字'}，请改正或留空。",
                                  dataclasses.replace(loc, field=col)))
            ok = False
            continue
        cfg[col] = int(v) if col.endswith("year") else v
    return cfg if ok else None


def _has_column(path: Path, name: str) -> bool:
    try:
        first = path.read_text(encoding="utf-8-sig").splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        return True
    return bool(first) and name in [h.strip().lower() for h in first[0].split(",")]


def _number(text: str) -> float | None:
    try:
        v = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        return None
    return v if v == v and v not in (float("inf"), float("-inf")) else None


def parse_options(method: SeriesMethod, options: Mapping[str, str]) -> Any:
    """Build a method's Config from ``name=value`` texts (types from the dataclass fields)."""
    from planwatch.errors import ConfigError

    cfg_type = method.Config
    hints = typing.get_type_hints(cfg_type)
    names = {f.name for f in dataclasses.fields(cfg_type)}
    values: dict[str, Any] = {}
    for key, text in options.items():
        if key not in names:
            raise ConfigError(f"方法“{method.name}”没有参数“{key}”。可选：{'、'.join(sorted(names))}")
        values[key] = _convert(key, text, hints[key])
    return cfg_type(**values)


def _convert(key: str, text: str, hint: Any) -> Any:
    from planwatch.errors import ConfigError

    kinds = typing.get_args(hint) or (hint,)
    if type(None) in kinds and text.strip().lower() in ("", "none", "null"):
        return None
    for kind in kinds:
        try:
            if kind is bool:
                return text.strip().lower() in ("1", "true", "yes", "是")
            if kind in (int, float, str):
                return kind(text)
        except ValueError:
            continue
    raise ConfigError(f"参数“{key}”的值“{text}”类型不对。")


def series_methods(name: str) -> list[SeriesMethod]:
    """The named method, or every series method for ``all``."""
    from planwatch.errors import ConfigError

    if name == "all":
        return [m for m in base.METHODS.values() if isinstance(m, SeriesMethod)]
    meth = base.get_method(name)
    if not isinstance(meth, SeriesMethod):
        raise ConfigError(f"方法“{name}”需要规划指标（基期、目标、属性），不能直接评估序列；"
                          "请用 planwatch evaluate --method。")
    return [meth]


def run_series(method: str, series: Sequence[Path], config: Path | None, *,
               options: Mapping[str, str] | None = None) -> SeriesRun:
    """Evaluate every series in the files with one method (or ``all``)."""
    methods = series_methods(method)
    if method == "all" and options:
        from planwatch.errors import ConfigError

        raise ConfigError("“all”同时运行全部方法，各方法参数不同，不能用 --set；请逐个方法运行并设置参数。")
    configs = {m.name: parse_options(m, options or {}) for m in methods}
    points, bad_s, issues_s = read_series(series)
    settings, bad_c, issues_c = read_config(config, points)
    ids = sorted(set(points) | set(settings) | set(bad_c))
    results = []
    for sid in ids:
        problems = bad_s.get(sid, []) + bad_c.get(sid, [])
        if sid in points and sid not in settings and sid not in bad_c:
            where = f"“{config.name}”" if config else "设置文件（--config）"
            problems.append(issue("series-no-config", f"序列“{sid}”在{where}中没有设置行，缺少方向 direction，"
                                  "未作评估。请补一行 id,direction,…。", Location(file=str(config) if config else None, record=sid)))
        for m in methods:
            if problems or not points.get(sid):
                reasons = tuple(p.message for p in problems) or (
                    f"序列“{sid}”没有任何年份的数据，列为无数据（not available），不影响其他序列。",)
                results.append(SeriesResult(sid, _unable(m, sid, reasons), tuple(problems)))
                continue
            s = Series.of(sid, points[sid], **settings[sid])
            results.append(SeriesResult(sid, m.evaluate(s, configs[m.name])))
    late = {id(p): p for r in results for p in r.issues if p.code == "series-no-config"}
    return SeriesRun(tuple(m.name for m in methods), tuple(results),
                     tuple(issues_s + issues_c + list(late.values())))


def _unable(m: SeriesMethod, sid: str, reasons: tuple[str, ...]) -> Assessment:
    return Assessment(indicator=sid, method=m.name, status=Status.NOT_ASSESSABLE,
                      label=m.labels[m.not_assessable_category], rule=m.rule_text,
                      category=m.not_assessable_category, reasons=reasons)
