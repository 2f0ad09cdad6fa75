"""Problems as data: every reader, loader and evaluator reports what it found as ``Issue`` objects.

An issue has a stable kebab-case ``code`` (never renamed once released), a ``severity``, a Chinese
``message`` for users that names the place and the fix, and a ``location``. The catalogue of codes
lives in :data:`CATALOGUE`; ``docs/issues.md`` is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the input cannot be used as it is; nothing was written
    WARNING = "warning"  # used, but a person should look (a guess, a contradiction)
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """Where a problem is: file and line, or a table cell, or a field of a record."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    table: str | None = None
    cell: str | None = None
    record: str | None = None  # an id: indicator, observation key, …

    @property
    def label(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.table:
            parts.append(self.table)
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.cell:
            parts.append(f"单元格{self.cell}")
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"字段“{self.field}”")
        return "，".join(parts) if parts else "（位置不详）"


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)

    def as_dict(self) -> dict[str, object]:
        loc = {k: v for k, v in self.location.__dict__.items() if v is not None}
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": loc,
        }

    def __str__(self) -> str:
        return f"[{self.code}] {self.location.label}：{self.message}"


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    title: str  # Chinese, one line
    description: str  # English, for developers


CATALOGUE: dict[str, IssueType] = {}


def register(code: str, severity: Severity, title: str, description: str) -> IssueType:
    if code in CATALOGUE:
        raise ValueError(f"issue code {code!r} registered twice")
    t = IssueType(code, severity, title, description)
    CATALOGUE[code] = t
    return t


def issue(code: str, message: str, location: Location | None = None) -> Issue:
    """Build an issue of a registered type."""
    t = CATALOGUE.get(code)
    if t is None:
        raise KeyError(f"unregistered issue code {code!r}; add it to planwatch.issues")
    return Issue(code, t.severity, message, location or Location())


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

# -- data files (loader) ---------------------------------------------------------------------
register("bad-number", E, "数值无法识别", "A value that should be a number is not one.")
register("unknown-unit", E, "计量单位无法识别", "A unit not in planwatch.units.")
register("missing-field", E, "缺少必填字段", "A required field is empty or absent.")
register("unknown-field", E, "字段名无法识别", "A column or key the loader does not know.")
register("duplicate-record", E, "记录重复", "The same id (indicator, plan, …) appears twice.")
register("unknown-reference", E, "引用的对象不存在", "A reference to a region, plan, statistic … that is not defined.")
register("bad-value", E, "取值不在允许范围内", "An enumerated field has a value outside its choices.")
register("bad-period", E, "时期无法识别", "A period code planwatch cannot read.")
register("bad-file", E, "文件无法读取", "A file that is not valid YAML/CSV/UTF-8.")
# -- findings in good input ------------------------------------------------------------------
register("share-printed-as-fraction", W, "比重疑似以小数填报", "A % target printed as 0.45 beside a base of 40.4.")
register("declared-growth-mismatch", W, "年均增长与基数、目标不一致", "Declared annual growth does not follow from base and target.")
register("declared-growth-convention", W, "年均增长口径与表注不符", "Declared growth uses % where the table note says percentage points.")
register("repeated-value", W, "相邻年份数值完全相同", "The same value printed for two consecutive periods.")
register("decomposition-gap", W, "分解目标合计与总目标不符", "County targets of an additive indicator do not add up to the city's.")
register("decomposition-base-gap", W, "分解基数合计与总基数不符", "County base values of an additive indicator do not add up to the city's.")
register("observation-conflict", W, "同一时期存在不同数值", "Two sources give different values for the same number and period.")
register("base-mismatch", W, "基数与统计数据不一致", "The plan's base value differs from the observed value for the base year.")
register("merged-cell-guess", W, "合并单元格按推断读取", "A value read from a merged cell by inference.")
# -- evaluation ------------------------------------------------------------------------------
register("no-data", I, "缺少基期后的数据", "No observation after the base period.")
register("no-base", I, "缺少基期值", "The plan prints no base value.")
register("not-quantified", I, "目标未量化", "The target cannot be quantified.")
register("binding-warning", W, "约束性指标预警", "A binding indicator is behind schedule.")
# -- series evaluation (planwatch methods run) -----------------------------------------------
register("series-no-data", W, "设置的序列没有数据", "CONFIG.csv names a series id without data: reported as not available, the rest of the batch is evaluated.")
register("series-no-config", E, "序列没有设置行", "A series has no CONFIG.csv row, so its direction is unknown.")
# -- plan documents (parsers, issue 3) -------------------------------------------------------
register("unreadable-document", E, "文档无法读取", "A corrupt, encrypted, image-only or unsupported document.")
register("no-indicator-table", E, "未找到指标表", "The document has no table the parser recognises as an indicator table.")
register("unreadable-row", E, "表格行无法读取", "A table row whose cells cannot be placed in columns; kept without values.")
register("unreadable-cell", W, "单元格无法识别", "A cell (base, target, growth, nature) the parser cannot read; left empty.")
register("period-mismatch", W, "规划期与表中年份不一致",
         "The plan period read from the title or text differs from the years of an indicator table's columns.")
register("guessed-unit", W, "计量单位按推断读取", "A unit not stated for the row, taken from the caption or the value.")
register("note-not-applied", W, "表注未能应用", "A marker (*, [ ]) in the table without a note explaining it, or the reverse.")
register("missing-unit", W, "未注明计量单位", "An indicator row with no unit in its name, a unit column or the caption.")
# -- Excel reporting workbooks (issue 7) -----------------------------------------------------
register("excel-not-template", E, "不是 planwatch 填报模板", "The file is not a workbook written by planwatch excel template.")
register("excel-not-number", E, "填报值不是数字", "A value cell holds text instead of an Arabic number.")
register("excel-bad-unit", E, "填报单位不一致", "The unit chosen cannot be converted to the indicator's unit.")
register("excel-bad-status", E, "数据状态无法识别", "The data status is not one of the list's choices.")
register("excel-extra-row", E, "填报表中有新增行", "A filled row that the template did not have.")
register("excel-row-moved", E, "填报行被移动或修改", "A row whose indicator id no longer matches the template.")
register("decomposition-unmatched", W, "分解表指标未匹配", "A decomposition column whose indicator is not in the plan's indicator table; left out of the import.")

# -- limits on files from outside (planwatch.limits) -------------------------------------------
register("file-too-large", E, "文件超过大小上限", "An uploaded or imported file over PLANWATCH_MAX_UPLOAD_MB.")
register("archive-too-large", E, "压缩文件解压后过大", "An Office (zip) file with too many members, too large unpacked, or a zip-bomb ratio.")
register("too-many-rows", E, "表格行数超过上限", "A workbook with more rows than PLANWATCH_MAX_ROWS.")
register("excel-key-mismatch", E, "模板隐藏键与下发内容不一致", "A row whose hidden _keys (indicator, statistic, region, period, unit) differ from what the server issues to this reporter (H-2).")
register("too-many-cells", E, "表格单元格数超过上限", "A workbook with more non-empty cells than PLANWATCH_MAX_CELLS (M-8).")
register("too-many-targets", E, "正文目标句过多", "A document stating more prose targets than a plan can (H-1): extraction stops.")
register("document-too-complex", E, "文档处理超出预算", "Reading one document went over its time or memory budget (H-1): refused.")

# -- key tasks and major projects (issue 16) ---------------------------------------------------
register("no-task-section", W, "未找到任务章节", "The document has no section of tasks (主要任务/重点任务) and no 专栏 with numbered tasks.")
register("project-bad-years", E, "项目年份前后矛盾", "A project whose finish year is before its start year, or a milestone outside them.")
register("project-bad-number", W, "项目投资不是数字", "A project table's investment cell that is not a number: left empty for the reviewer.")
register("project-unread-row", W, "项目行未读出", "A numbered row of a project table printed as text without an investment and a year.")
register("project-bad-milestone", E, "里程碑无法识别", "A milestone cell not written as 名称:年份 separated by ；.")
# -- plausibility of a reported value (issue 11): one set of rules for web, Excel, API, facts -------
register("plausibility-magnitude", W, "疑似数量级错误", "A value 6× or more (or a sixth or less) of the previous value, the base or the target: ×10, ×100, 万 vs 亿, 元 vs 万元.")
register("plausibility-change", W, "与上年相比变化异常", "A yearly change beyond ±30% and beyond twice the largest earlier yearly change (previous value found across gaps).")
register("plausibility-behind", W, "按此数值将落后于进度", "With this value the indicator would be behind the schedule path for its year.")
register("plausibility-share-range", E, "比重超出 0—100", "A share (%) above 100 or below 0.")
register("plausibility-negative", E, "数量不能为负", "A negative count or a negative level of an additive statistic.")
register("plausibility-county-sum", W, "区县合计超过全市", "For an additive statistic, the counties' values of a year add up to more than the city total.")
register("explanation-required", E, "需要填写说明", "A value that raised a warning was submitted without an explanation.")
register("source-required", E, "缺少数据来源", "A reported value without its source (a document title or URL).")
register("excel-bad-value", E, "填报值不能提交", "A filled value the reporting checks refuse (a year outside the plan or not yet ended).")
