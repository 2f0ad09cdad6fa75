"""What parsing a plan document gives: the plan's metadata, indicator rows, county
decompositions, narrative targets and the problems found, each with its source.

``ParsedPlan.as_dict()`` is the JSON contract of ``planwatch plan parse FILE --json`` (issue 3):
``{plan, indicators, decompositions, narrative_targets, issues}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planwatch.issues import Issue, Severity
from planwatch.model import Direction, GrowthUnit, Nature, ProgressRule, Qualifier, TargetForm

if TYPE_CHECKING:
    from planwatch.parsers.projects import ParsedProject
    from planwatch.parsers.tasks import ParsedTask


@dataclass(frozen=True)
class Source:
    """Where something was read: file and line, or table and cell (and page)."""

    file: str
    line: int | None = None
    table: str | None = None
    cell: str | None = None
    page: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @property
    def label(self) -> str:
        parts = [self.file]
        if self.table:
            parts.append(self.table)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.cell:
            parts.append(self.cell)
        return " ".join(parts)


@dataclass(frozen=True)
class ParsedIndicator:
    category: str | None
    seq: int
    name: str
    unit: str
    base_year: int | None
    base_value: float | None
    base_text: str
    target_year: int | None
    target_value: float | None
    target_text: str
    qualifier: Qualifier
    stretch_value: float | None
    declared_growth: float | None
    declared_growth_unit: GrowthUnit | None
    nature: Nature
    direction: Direction
    direction_basis: str
    target_form: TargetForm
    rule: ProgressRule
    rule_basis: str
    source: Source
    table: str
    notes: tuple[str, ...] = ()  # table notes applied to this row, as printed

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "seq": self.seq,
            "name": self.name,
            "unit": self.unit,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "target_year": self.target_year,
            "target_value": self.target_value,
            "qualifier": self.qualifier.value,
            "stretch_value": self.stretch_value,
            "declared_growth": self.declared_growth,
            "nature": self.nature.value,
            "direction": self.direction.value,
            "source": self.source.as_dict(),
            # beyond the contract: what was printed and what was inferred, for the review
            "base_text": self.base_text,
            "target_text": self.target_text,
            "declared_growth_unit": self.declared_growth_unit.value if self.declared_growth_unit else None,
            "direction_basis": self.direction_basis,
            "target_form": self.target_form.value,
            "rule": self.rule.value,
            "rule_basis": self.rule_basis,
            "table": self.table,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ParsedDecomposition:
    indicator: str  # the column's indicator name as printed (unit removed)
    region: str  # as printed: 婺城区, 开发区, 金义新区（金东区）, 金华
    year: int
    value: float
    role: str  # base | target
    unit: str
    text: str
    source: Source
    indicator_seq: int | None = None  # the matching row of the plan's indicator table

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "region": self.region,
            "year": self.year,
            "value": self.value,
            "source": self.source.as_dict(),
            "role": self.role,
            "unit": self.unit,
            "text": self.text,
            "indicator_seq": self.indicator_seq,
        }


@dataclass(frozen=True)
class ParsedNarrative:
    subject: str
    value: float | None
    unit: str
    qualifier: Qualifier
    year: int | None
    source: Source
    text: str  # the clause as printed
    stretch: bool = False  # 力争
    increment: bool = False  # 新增: added to the base, not a level
    section: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier.value,
            "year": self.year,
            "source": self.source.as_dict(),
            "stretch": self.stretch,
            "increment": self.increment,
            "section": self.section,
            "text": self.text,
        }


@dataclass(frozen=True)
class PlanMeta:
    title: str | None
    region: str | None
    period_start: int | None
    period_end: int | None
    status: str | None = None  # draft when 征求意见稿
    issuer: str | None = None
    outlook_year: int | None = None  # 展望2035年 / 二〇三五年远景目标

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "region": self.region,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "status": self.status,
            "issuer": self.issuer,
            "outlook_year": self.outlook_year,
        }


@dataclass
class ParsedPlan:
    file: str
    plan: PlanMeta
    indicators: list[ParsedIndicator] = field(default_factory=list)
    decompositions: list[ParsedDecomposition] = field(default_factory=list)
    narrative_targets: list[ParsedNarrative] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)  # actions, tasks, 专栏 tasks (issue 16)
    projects: list[ParsedProject] = field(default_factory=list)  # project tables (issue 16)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.as_dict(),
            "indicators": [i.as_dict() for i in self.indicators],
            "decompositions": [d.as_dict() for d in self.decompositions],
            "narrative_targets": [n.as_dict() for n in self.narrative_targets],
            "issues": [issue_dict(i) for i in self.issues],
            "tasks": [t.as_dict() for t in self.tasks],
            "projects": [p.as_dict() for p in self.projects],
        }


def issue_dict(i: Issue) -> dict[str, Any]:
    loc = {k: v for k, v in i.location.__dict__.items() if v is not None}
    return {"code": i.code, "severity": i.severity.value, "message": i.message, "source": loc}
