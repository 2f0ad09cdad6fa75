"""The one context every report renderer takes (Word, HTML, PDF via Word, Excel export).

``planwatch.api.reports.report_context`` fills a :class:`ReportContext` from an evaluation
and the store; renderers read nothing else, so the formats cannot disagree. Numbers are held as
data (``float`` fields in the units they are shown in) and as the text shown; a generated
sentence is a :class:`Draft` whose every number comes from these data fields
(``ReportContext.data_numbers``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from planwatch import model as m


class ReportKind(StrEnum):
    ANNUAL = "annual"
    MIDTERM = "midterm"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {"annual": "年度监测报告", "midterm": "中期评估报告", "final": "总结评估报告"}[
            self.value
        ]

    @property
    def verb(self) -> str:
        return {"annual": "年度监测", "midterm": "中期评估", "final": "总结评估"}[self.value]


@dataclass(frozen=True)
class Draft:
    """A sentence drafted from data by a fixed template: shown as a draft (草稿) in HTML."""

    text: str
    template: str  # the template's id in planwatch.reports.drafting.TEMPLATES


@dataclass(frozen=True)
class Placeholder:
    """Text the evaluator has to write; rendered as 〔…〕 in every format."""

    prompt: str
    lead: str = ""  # words before the blank, e.g. "下一步，"

    @property
    def text(self) -> str:
        return f"{self.lead}〔{self.prompt}〕"


Paragraph = Draft | Placeholder


@dataclass(frozen=True)
class Requirement:
    """One of the plan's own requirements for an area, quoted with its source."""

    text: str
    source: str


@dataclass(frozen=True)
class Evidence:
    """One published number for an area (【主要成效】), with period and source."""

    subject: str  # statistic or indicator name
    period_label: str  # 2022年
    value_text: str  # 6740.8亿元, 增长12.3%
    source: str
    value: float
    year: int
    status_note: str = ""  # 初步数 / 预计 …

    @property
    def text(self) -> str:
        note = f"（{self.status_note}）" if self.status_note else ""
        return f"{self.period_label}，{self.subject}{self.value_text}{note}"


@dataclass(frozen=True)
class IndicatorRow:
    """One row of the annex table (and of the Excel export)."""

    seq: int
    indicator_id: str
    name: str
    unit: str
    category: str
    nature_label: str  # 预期性 / 约束性
    base_text: str  # as printed: 4453, 91.83（2019）, —
    target_text: str  # as printed: 8000, 7000以上, 完成省下达任务
    latest_text: str  # 6740.8（2022年） or —
    progress_text: str  # 52.3% or —
    status: str  # Status value
    status_label: str  # 达到或超过进度要求 …
    rule: str
    source: str  # the plan row's source
    latest_source: str  # the latest value's source
    base_value: float | None = None
    base_year: int | None = None
    target_value: float | None = None
    target_year: int | None = None
    latest_value: float | None = None
    latest_year: int | None = None
    latest_period_label: str = ""
    progress_pct: float | None = None  # progress × 100, as shown
    expected_pct: float | None = None  # time elapsed for the data period × 100
    required_growth: float | None = None
    required_growth_unit: str = ""
    warning: bool = False
    binding: bool = False
    provisional: bool = False
    method_category: str | None = None  # the method's own code, e.g. no_data
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaSection:
    """A part of section 二: one plan category (task area)."""

    title: str
    requirements: tuple[Requirement, ...]
    achievements: tuple[Evidence, ...]
    judgement: tuple[Paragraph, ...]
    indicators: tuple[int, ...]  # seq of the area's indicators


@dataclass(frozen=True)
class Chart:
    key: str  # progress | series-<n>
    title: str
    png: bytes
    caption: str


@dataclass(frozen=True)
class Counts:
    """The counts of the progress sentence (from planwatch.evaluation.summary.Summary)."""

    total: int
    met: int
    met_expected: int
    met_binding: int
    reached_early: int
    behind: int
    behind_expected: int
    behind_binding: int
    not_assessable: int
    warnings: int

    def values(self) -> tuple[int, ...]:
        return tuple(self.__dict__.values())


@dataclass(frozen=True)
class ReportContext:
    kind: ReportKind
    title: str
    plan_id: str
    plan_title: str  # with 《》
    region_name: str
    issuer: str
    period_start: int
    period_end: int
    base_year: int
    as_of: dt.date
    as_of_label: str  # 2023年6月底
    method: str
    time_elapsed_pct: float
    preamble: tuple[Paragraph, ...]
    main_targets: tuple[Paragraph, ...]  # section 一（一）
    progress_sentence: Draft  # section 一（二）: the counts sentence
    counts: Counts
    areas: tuple[AreaSection, ...]  # section 二
    problems: tuple[Paragraph, ...]  # section 三, fed by lagging and binding indicators
    measures: tuple[Paragraph, ...]  # section 四
    annex: tuple[IndicatorRow, ...]
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()  # data notes (findings) shown under the annex
    generated_at: str = ""
    synthetic: bool = False  # a benchmark or test plan, labelled as such
    extra_numbers: tuple[float, ...] = field(default=())  # numbers drafts may cite (e.g. years)
    # section 二 from the plan's tasks and projects, and their annex (issue 16)
    task_intro: tuple[Paragraph, ...] = ()
    task_areas: tuple[TaskArea, ...] = ()
    task_annex: tuple[TaskAnnexRow, ...] = ()
    project_annex: tuple[ProjectAnnexRow, ...] = ()
    task_numbers: tuple[float, ...] = ()  # numbers in the confirmed progress reports the drafts cite

    @property
    def drafts(self) -> tuple[Draft, ...]:
        paras: list[Paragraph] = [*self.preamble, *self.main_targets, self.progress_sentence]
        for a in self.areas:
            paras.extend(a.judgement)
        paras.extend(self.task_intro)
        for t in self.task_areas:
            paras.extend(t.achievements)
            paras.extend(t.judgement)
        paras.extend(self.problems)
        paras.extend(self.measures)
        return tuple(p for p in paras if isinstance(p, Draft))

    def data_numbers(self) -> set[float]:
        """Every number the context holds as data (not as text): what a draft may state."""
        out: set[float] = {
            float(self.period_start), float(self.period_end), float(self.base_year),
            float(self.as_of.year), float(self.as_of.month), float(self.as_of.day),
            self.time_elapsed_pct, *map(float, self.counts.values()), *self.extra_numbers,
            *self.task_numbers,
        }
        for r in self.annex:
            for v in (r.seq, r.base_value, r.base_year, r.target_value, r.target_year, r.latest_value,
                      r.latest_year, r.progress_pct, r.expected_pct, r.required_growth):
                if v is not None:
                    out.add(float(v))
        for a in self.areas:
            out.update(float(e.value) for e in a.achievements)
            out.update(float(e.year) for e in a.achievements)
        return out


# --- section 二 from the plan's tasks and projects (issue 16) ----------------------------------


@dataclass(frozen=True)
class ProgressNote:
    """A confirmed progress report, as the report cites it."""

    period: str
    unit: str
    text: str
    status_label: str
    reviewer: str
    evidence: str  # link or document name, or ""


@dataclass(frozen=True)
class TaskInput:
    """One task with its evaluation and confirmed progress, handed to the report builder."""

    task: m.PlanTask
    status: str | None  # TaskStatus value
    status_label: str
    reason: str
    lead: str | None
    progress: tuple[ProgressNote, ...] = ()


@dataclass(frozen=True)
class TaskArea:
    """A part of section 二 for one action (行动) or 专栏 of the plan."""

    title: str
    requirements: tuple[Requirement, ...]
    achievements: tuple[Paragraph, ...]  # drafts citing confirmed progress reports
    judgement: tuple[Paragraph, ...]  # counts and lagging items (draft), then the evaluator's blank


@dataclass(frozen=True)
class TaskAnnexRow:
    number: str
    title: str
    group: str  # the action or 专栏
    lead: str
    status_label: str
    latest: str
    source: str


@dataclass(frozen=True)
class ProjectAnnexRow:
    name: str
    owner: str
    total: str
    planned: str
    completed: str
    ratio: str
    milestones: str
    status_label: str
