"""The domain model: plain frozen dataclasses, no I/O, nothing imported from the rest of planwatch.

The concepts follow ``shared/domain.md``:

* A :class:`Region` has an adcode, or none for a functional area (金华开发区).
* A :class:`Plan` has an indicator table of :class:`Indicator` rows; each indicator measures a
  :class:`Statistic` in the plan's region, so observations are stored once per statistic and
  region and serve every plan (and every county decomposition) that uses them.
* An :class:`Observation` is one published number with its :class:`Period`, kind, qualifier,
  status and :class:`SourceRef`; revisions of the same number are kept as separate rows.
* Targets split by county are :class:`Decomposition` rows; targets split by year are
  :class:`Milestone` rows; prose targets are :class:`NarrativeTarget` rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum


class RegionKind(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"  # 区
    COUNTY = "county"  # 县
    COUNTY_CITY = "county_city"  # 县级市
    FUNCTIONAL_AREA = "functional_area"  # 开发区, 新区: no adcode


class PlanLevel(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"


class PlanKind(StrEnum):
    OUTLINE = "outline"  # 纲要
    SECTOR = "sector"  # 专项规划
    ANNUAL = "annual"  # 年度计划


class PlanStatus(StrEnum):
    DRAFT = "draft"  # 征求意见稿
    ADOPTED = "adopted"

    @property
    def label(self) -> str:
        return {"draft": "征求意见稿", "adopted": "已批准"}[self.value]


class Nature(StrEnum):
    EXPECTED = "expected"  # 预期性
    BINDING = "binding"  # 约束性

    @property
    def label(self) -> str:
        return {"expected": "预期性", "binding": "约束性"}[self.value]


class Direction(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"

    @property
    def sign(self) -> int:
        return 1 if self is Direction.HIGHER_BETTER else -1


class Qualifier(StrEnum):
    """How the printed target number is meant (the parse contract of issue 3)."""

    EXACT = "exact"  # 8000
    AT_LEAST = "at_least"  # 7000以上, 不低于, ≥
    ABOUT = "about"  # 35左右
    AT_MOST = "at_most"  # 以内, 以下, 不超过, ≤
    CUMULATIVE = "cumulative"  # [300] five-year cumulative total
    PROVINCE_TASK = "province_task"  # 完成省下达任务
    RELATIONAL = "relational"  # 高于GDP增长, 与GDP增长基本同步: judged against another series
    ANNUAL = "annual"  # 保持在合理区间、各年度视情提出: judged against each year's target
    NONE = "none"  # not quantified: 显著提升, —


class TargetForm(StrEnum):
    LEVEL = "level"  # an amount at the end year (规上工业总产值 8000亿元)
    SHARE = "share"  # a share or rate in %, changes measured in percentage points
    GROWTH_RATE = "growth_rate"  # the indicator is an average annual growth rate
    CUMULATIVE_SUM = "cumulative_sum"  # a sum over the period ([300], 新增…)
    CUMULATIVE_REDUCTION = "cumulative_reduction"  # 单位GDP能耗降低[13.5%]
    CUMULATIVE_CHANGE = "cumulative_change"  # 〔1〕 on a level: change from the base (人均预期寿命)
    COUNT = "count"  # 家, 个, 件
    INDEX = "index"  # 两化融合发展指数


class ProgressRule(StrEnum):
    """How progress against time elapsed is measured (methods.md section 2.3)."""

    LINEAR = "linear"  # p_lin: shares, rates, indices, counts without declared growth
    COMPOUND = "compound"  # p_log: amounts that grow by compounding
    GROWTH = "growth"  # the indicator is a growth rate: geometric mean vs target rate
    CUMULATIVE_SUM = "cumulative_sum"  # running sum against the period total
    CUMULATIVE_REDUCTION = "cumulative_reduction"  # 1 - prod(1 - r_i) against R_T
    THRESHOLD = "threshold"  # maintain / keep within: compare the level with the threshold
    PROVINCE_TASK = "province_task"  # judged against the year's assigned task
    RELATIONAL = "relational"  # growth of X against the growth of Y over the same years
    ANNUAL_TARGETS = "annual_targets"  # each year's growth against that year's target
    CUMULATIVE_CHANGE = "cumulative_change"  # 〔x〕 on a level: x_t − x_B against Δ
    NONE = "none"  # not quantified


class GrowthUnit(StrEnum):
    PERCENT = "percent"  # % per year (amounts, counts)
    POINTS = "points"  # percentage points per year (% indicators)


class ObservationKind(StrEnum):
    LEVEL = "level"
    GROWTH = "growth"  # year-on-year growth in %
    SHARE = "share"  # a share in %
    CHANGE_POINTS = "change_points"  # change in percentage points
    RANK = "rank"
    COUNT = "count"
    CUMULATIVE = "cumulative"  # cumulative count or sum over a multi-year period
    INDEX = "index"


#: observation kinds that give the value of the statistic itself
VALUE_KINDS = frozenset(
    {ObservationKind.LEVEL, ObservationKind.SHARE, ObservationKind.COUNT, ObservationKind.INDEX}
)


class ValueQualifier(StrEnum):
    """What the prose said about a published number."""

    EXACT = "exact"
    PASSED = "passed"  # 突破, 首破: the value is a lower bound that was passed
    MORE_THAN = "more_than"  # 超, 逾, 以上
    NEARLY = "nearly"  # 近, 逼近, 接近
    ABOUT = "about"  # 约, 左右
    ESTIMATED = "estimated"  # 预计


class DataStatus(StrEnum):
    PRELIMINARY = "preliminary"  # 快报, 初步核算
    FINAL = "final"  # 最终核实
    REVISED = "revised"  # revised after a census or rebasing
    ESTIMATED = "estimated"  # 预计: not yet a statistic

    @property
    def label(self) -> str:
        """The word every screen, report and workbook uses (初步数 / 最终数 / 修订数 / 预计数)."""
        return DATA_STATUS_LABELS[self.value]


DATA_STATUS_LABELS = {"preliminary": "初步数", "final": "最终数", "revised": "修订数", "estimated": "预计数"}


class PeriodKind(StrEnum):
    YEAR = "year"  # 2021
    HALF = "half"  # 2023-H1
    QUARTER = "quarter"  # 2023-Q1
    MONTHS = "months"  # cumulative January..n: 2022-01..05
    STOCK = "stock"  # at a date: 2023-06-30 (截至2023年6月底)
    MULTI_YEAR = "multi_year"  # 2021..2025 (五年), 2021..2023-06


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTHS = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{2})$")
_STOCK = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MULTI = re.compile(r"^(\d{4})\.\.(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    """The time a number refers to, with a canonical text ``code``.

    Codes: ``2021``; ``2023-H1``; ``2023-Q1``; ``2022-01..05`` (January to May, cumulative);
    ``2023-06-30`` (a stock at a date); ``2021..2025`` and ``2021..2023-06`` (multi-year totals).
    """

    code: str

    def __post_init__(self) -> None:
        _check(self.code)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(f"{year:04d}")

    @property
    def kind(self) -> PeriodKind:
        return _kind(self.code)

    @property
    def start_date(self) -> dt.date:
        c = self.code
        if m := _YEAR.match(c):
            return dt.date(int(m[1]), 1, 1)
        if m := _HALF.match(c):
            return dt.date(int(m[1]), 1 if m[2] == "1" else 7, 1)
        if m := _QUARTER.match(c):
            return dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
        if m := _MONTHS.match(c):
            return dt.date(int(m[1]), int(m[2]), 1)
        if m := _STOCK.match(c):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _MULTI.match(c)
        assert m
        return dt.date(int(m[1]), 1, 1)

    @property
    def end_date(self) -> dt.date:
        return _end_date(self.code)

    @property
    def year_of_end(self) -> int:
        return self.end_date.year

    @property
    def is_full_year(self) -> bool:
        return self.kind is PeriodKind.YEAR

    @property
    def is_sub_annual(self) -> bool:
        return self.kind in (PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTHS)

    @property
    def plan_time(self) -> float:
        """Where the period ends on the plan's time axis, where full-year Y is ``Y``.

        End of month m in year Y is ``Y - 1 + m/12`` (methods.md section 2.5), so data to June
        2023 is 2022.5 and, in a 2021-2025 plan, 2.5 of 5 years have elapsed (domain.md).
        """
        return _plan_time(self.code)

    @property
    def label(self) -> str:
        """The period in Chinese, as a report would print it."""
        c = self.code
        if m := _YEAR.match(c):
            return f"{m[1]}年"
        if m := _HALF.match(c):
            return f"{m[1]}年{'上' if m[2] == '1' else '下'}半年"
        if m := _QUARTER.match(c):
            return f"{m[1]}年第{'一二三四'[int(m[2]) - 1]}季度"
        if m := _MONTHS.match(c):
            return f"{m[1]}年{int(m[2])}-{int(m[3])}月"
        if m := _STOCK.match(c):
            return f"截至{m[1]}年{int(m[2])}月{int(m[3])}日"
        m = _MULTI.match(c)
        assert m
        tail = f"{int(m[3])}月" if m[3] else "年"
        return f"{m[1]}年至{m[2]}年{tail}" if m[3] else f"{m[1]}-{m[2]}{tail}"

    def __str__(self) -> str:
        return self.code


@functools.lru_cache(maxsize=65536)
def _check(code: str) -> None:
    if not any(p.match(code) for p in (_YEAR, _HALF, _QUARTER, _MONTHS, _STOCK, _MULTI)):
        raise ValueError(
            f"unknown period {code!r}; use 2021, 2023-H1, 2023-Q1, 2022-01..05, "
            "2023-06-30 or 2021..2025"
        )
    _end_date(code)  # validates month and day ranges


# Periods are immutable values: what their code means is computed once per code (the scale
# benchmarks judge hundreds of thousands of observations).
@functools.lru_cache(maxsize=65536)
def _kind(code: str) -> PeriodKind:
    if _YEAR.match(code):
        return PeriodKind.YEAR
    if _HALF.match(code):
        return PeriodKind.HALF
    if _QUARTER.match(code):
        return PeriodKind.QUARTER
    if _MONTHS.match(code):
        return PeriodKind.MONTHS
    if _STOCK.match(code):
        return PeriodKind.STOCK
    return PeriodKind.MULTI_YEAR


@functools.lru_cache(maxsize=65536)
def _end_date(c: str) -> dt.date:
    if m := _YEAR.match(c):
        return dt.date(int(m[1]), 12, 31)
    if m := _HALF.match(c):
        return _month_end(int(m[1]), 6 if m[2] == "1" else 12)
    if m := _QUARTER.match(c):
        return _month_end(int(m[1]), 3 * int(m[2]))
    if m := _MONTHS.match(c):
        first, last = int(m[2]), int(m[3])
        if not 1 <= first <= last <= 12:
            raise ValueError(f"bad month range in period {c!r}")
        return _month_end(int(m[1]), last)
    if m := _STOCK.match(c):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = _MULTI.match(c)
    assert m
    if int(m[2]) < int(m[1]):
        raise ValueError(f"multi-year period {c!r} ends before it starts")
    return _month_end(int(m[2]), int(m[3]) if m[3] else 12)


@functools.lru_cache(maxsize=65536)
def _plan_time(code: str) -> float:
    end = _end_date(code)
    if _is_month_end(end):
        return end.year - 1 + end.month / 12
    days = 366 if calendar.isleap(end.year) else 365
    return end.year - 1 + end.timetuple().tm_yday / days


def _month_end(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _is_month_end(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


@dataclass(frozen=True)
class SourceRef:
    """Where a number or row came from: a document and line (or table cell), or a URL."""

    document: str | None = None  # Document.id
    line: int | None = None
    table: str | None = None  # 表1, 附件1
    cell: str | None = None  # e.g. "R6C3" or a spreadsheet cell "C7"
    page: int | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None  # publication date as printed (YYYY or YYYY-MM-DD)
    note: str | None = None  # confidence and scope notes
    #: the kind of the original source, for choosing among observations (docs/evaluation.md 6):
    #: statistics (统计局公报/发布), department (部门统计公报), government_report (政府工作报告),
    #: statement (讲话、发布会), news (新闻、转载), derived (衍生文件)
    kind: str | None = None

    @property
    def label(self) -> str:
        if self.document:
            where = f"{self.document}"
            if self.table:
                where += f" {self.table}"
            if self.line is not None:
                where += f" 第{self.line}行"
            if self.cell:
                where += f" {self.cell}"
            return where
        if self.url or self.title:
            return f"{self.title or ''} {self.url or ''}".strip()
        return "来源不详"


@dataclass(frozen=True)
class Region:
    id: str  # adcode as text for administrative units, a slug for functional areas
    name: str
    kind: RegionKind
    adcode: int | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Contact:
    """A person a unit names for reporting (报送联系人): reminders go to ``email``."""

    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Department:
    """A unit (单位): a department (部门) or any body that leads or supports indicators and tasks
    (责任分解 names it as 牵头单位 or 配合单位). Reused by plan tasks and projects."""

    id: str
    name: str
    region: str | None = None
    aliases: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    note: str | None = None


class Frequency(StrEnum):
    """How often a responsibility is reported (报送频次)."""

    ANNUAL = "annual"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def label(self) -> str:
        return {"annual": "年度", "half": "半年", "quarter": "季度", "month": "月度"}[self.value]


@dataclass(frozen=True)
class Responsibility:
    """One row of a 责任分解方案: who leads (牵头单位) and supports (配合单位) an indicator, in the
    plan's own region (``region`` None) or one county of a decomposed indicator; how often it is
    reported, the deadline (days after the period ends) and a grace window (days) before a
    missing value counts as overdue."""

    indicator: str
    lead: str  # Department.id
    region: str | None = None
    co_units: tuple[str, ...] = ()
    frequency: Frequency = Frequency.ANNUAL
    deadline_days: int = 90
    grace_days: int = 0
    source: SourceRef = field(default_factory=SourceRef)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    kind: str  # plan, report, news, bulletin, web, workbook
    issuer: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Statistic:
    """A measured quantity (规上工业总产值), independent of plans and regions."""

    id: str
    name: str
    unit: str
    aliases: tuple[str, ...] = ()
    additive: bool = False  # do county values add up to the city's?
    direction: Direction | None = None
    note: str | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    region: str
    issuer: str
    level: PlanLevel
    kind: PlanKind
    period_start: int  # 2021
    period_end: int  # 2025
    base_year: int  # 2020
    status: PlanStatus
    parents: tuple[str, ...] = ()
    document: str | None = None
    outlook_year: int | None = None
    categories: tuple[str, ...] = ()
    note: str | None = None
    vocabulary: str = "city"  # city (达到或超过进度要求…) | national (提前实现/快于预期/…)
    predecessor: str | None = None  # the plan of the previous period (YAML ``successor_of``)


#: relations of a relational target (Indicator.relation)
RELATIONS = ("higher", "in_step")  # 高于Y的增长 | 与Y的增长基本同步


@dataclass(frozen=True)
class Indicator:
    id: str  # unique across plans, e.g. "jinhua-industry-14/06"
    plan: str
    seq: int
    name: str
    statistic: str | None  # Statistic.id; None when the row measures nothing observable
    unit: str
    nature: Nature
    direction: Direction
    direction_basis: str  # why: "declared", or the inference ("名称含'降低'")
    target_form: TargetForm
    rule: ProgressRule
    rule_basis: str  # why this progress rule (shown next to the result)
    qualifier: Qualifier
    category: str | None = None
    base_value: float | None = None
    base_year: int | None = None
    base_text: str | None = None  # as printed: "91.83（2019）", "—"
    target_value: float | None = None
    target_year: int | None = None
    target_text: str | None = None  # as printed: "7000以上", "完成省下达任务"
    stretch_value: float | None = None  # 力争
    declared_growth: float | None = None
    declared_growth_unit: GrowthUnit | None = None
    departments: tuple[str, ...] = ()  # Department.id, lead first
    limit: float | None = None  # natural limit (100 for a %), used by some methods
    source: SourceRef = field(default_factory=SourceRef)
    note: str | None = None
    relation: str | None = None  # RELATIONS: how X's growth should compare with Y's
    reference_statistic: str | None = None  # Y of a relational target (GDP growth)
    scope: str | None = None  # the scope the target names (不变价, 全年平均, 综合生产能力)
    proxy_scope: str | None = None  # observations used when none of ``scope`` exist (产量)


@dataclass(frozen=True)
class Decomposition:
    """A plan indicator's value for one region (county split) in one year, base or target."""

    indicator: str
    region: str
    year: int
    value: float
    role: str  # "base" or "target"
    source: SourceRef = field(default_factory=SourceRef)
    text: str | None = None


@dataclass(frozen=True)
class Milestone:
    """An annual target (年度计划) for an indicator, entered or derived from the path."""

    indicator: str
    year: int
    value: float
    region: str | None = None
    origin: str = "entered"  # entered | derived
    source: SourceRef = field(default_factory=SourceRef)
    qualifier: Qualifier = Qualifier.EXACT  # 6%以上 → at_least, 5%左右 → about
    text: str | None = None  # as printed: "6%以上"


@dataclass(frozen=True)
class NarrativeTarget:
    id: str
    plan: str
    subject: str
    value: float | None
    unit: str
    qualifier: Qualifier
    year: int | None
    stretch: bool = False  # 力争
    statistic: str | None = None
    increment: bool = False  # 新增: the value is added to the base, not a level
    region: str | None = None
    section: str | None = None
    text: str | None = None
    source: SourceRef = field(default_factory=SourceRef)


@dataclass(frozen=True)
class Observation:
    statistic: str
    region: str
    period: Period
    kind: ObservationKind
    value: float
    unit: str
    source: SourceRef
    qualifier: ValueQualifier = ValueQualifier.EXACT
    status: DataStatus = DataStatus.FINAL
    scope: str | None = None  # rank scope: 全省, 全国, 长三角, 金华市内
    rank_of: str | None = None  # what a rank ranks: level or growth
    text: str | None = None  # the number as printed
    revision: int = 1
    id: int | None = None  # set by the store
    recorded_at: str | None = None
    recorded_by: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        """Observations with the same key are revisions of one number."""
        return (
            self.statistic,
            self.region,
            self.period.code,
            self.kind.value,
            self.scope or "",
            self.rank_of or "",
        )


@dataclass(frozen=True)
class MeasureUnit:
    """A unit of measure declared by a data folder (units.yaml), beside the built-in ones of
    :mod:`planwatch.units`: ``factor`` multiplies a value into the dimension's base unit."""

    symbol: str  # 万千瓦
    dimension: str  # power (a built-in dimension or a new one)
    factor: float  # 1 万千瓦 = 0.01 GW → 0.01 when the base of "power" is GW
    label: str  # Chinese description shown to users
    aliases: tuple[str, ...] = ()
    dataset: str = ""  # the data folder that declared it

    @property
    def id(self) -> str:
        return self.symbol


@dataclass(frozen=True)
class Dataset:
    """Everything one load brings: written to the store in one transaction."""

    name: str
    regions: tuple[Region, ...] = ()
    departments: tuple[Department, ...] = ()
    documents: tuple[Document, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    plans: tuple[Plan, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    decompositions: tuple[Decomposition, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    narrative_targets: tuple[NarrativeTarget, ...] = ()
    observations: tuple[Observation, ...] = ()
    units: tuple[MeasureUnit, ...] = ()  # declared in units.yaml


# --- key tasks and major projects (重点任务、重大工程项目, issue 16) ---------------------------


class TaskStatus(StrEnum):
    """Progress of a task or project, as a unit reports it and a reviewer confirms it."""

    DONE = "done"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return {"done": "已完成", "on_track": "序时推进", "lagging": "滞后",
                "not_started": "未启动"}[self.value]

    @classmethod
    def parse(cls, text: str) -> TaskStatus | None:
        t = (text or "").strip()
        for s in cls:
            if t in (s.value, s.label):
                return s
        return None


TASK_KINDS = {"action": "行动", "task": "任务", "subtask": "子任务", "box": "专栏任务"}


@dataclass(frozen=True)
class PlanTask:
    """An action (行动), task, sub-task or 专栏 task of a plan, with its text as printed."""

    id: str  # "<plan>/t4-1-2"; box tasks "<plan>/tbox2-3"
    plan: str
    key: str  # "4-1-2": section 四, action 一, task 2
    kind: str  # action | task | subtask | box
    number: str  # as printed: （一） 1． 一、
    title: str
    text: str
    section: str
    parent: str | None = None  # PlanTask.id
    box: str | None = None
    time_nodes: tuple[str, ...] = ()  # 到2025年, 每年
    numbers: tuple[tuple[str, float, str], ...] = ()  # (text, value, unit) as named
    statistics: tuple[str, ...] = ()  # Statistic.id the task's numbers measure
    position: int = 0
    end_line: int | None = None
    source: SourceRef = field(default_factory=SourceRef)

    @property
    def kind_label(self) -> str:
        return TASK_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ProjectMilestone:
    name: str  # 开工 / 主体完工 / 投产
    year: int


@dataclass(frozen=True)
class Project:
    """A major project (重大工程项目): investment plan, years and milestones."""

    id: str
    name: str
    plan: str | None = None
    owner: str | None = None  # Department.id (责任单位)
    region: str | None = None  # Region.id
    total_investment: float | None = None  # 亿元
    annual_plan: tuple[tuple[int, float], ...] = ()  # (year, planned investment 亿元)
    start_year: int | None = None
    finish_year: int | None = None
    milestones: tuple[ProjectMilestone, ...] = ()
    status: str | None = None  # as listed: 在建 / 新开工 / 前期
    unit: str = "亿元"
    source: SourceRef = field(default_factory=SourceRef)
    note: str | None = None
    # as printed in a plan document's project table (the owner is often a company, not a unit)
    owner_text: str | None = None
    location: str | None = None
    content: str | None = None  # 建设内容
    category: str | None = None  # the table's group row (一、交通项目)
