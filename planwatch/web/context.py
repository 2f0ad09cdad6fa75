"""The parts of page contexts that several pages share, and :func:`documented`.

Each page's context is a dataclass beside its view (``web/views/<area>.py``), with a docstring
naming its URL and template; the HTML page and its ``.json`` twin are rendered from the same
instance. Every field is ``documented("help")``: the help reaches ``/openapi.json``
(:func:`planwatch.web.routes.describe_schema`) and the generated field tables in docs/web.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def documented(help: str, default: Any = None, **kw: Any) -> Any:
    """A context field with its help text (shown in docs/web.md and /openapi.json)."""
    if "default_factory" in kw:
        return field(metadata={"help": help}, **kw)
    return field(default=default, metadata={"help": help})


@dataclass
class Option:
    """One choice of a select box or filter."""

    value: str = documented("取值")
    label: str = documented("显示文字")
    selected: bool = documented("是否选中", False)


@dataclass
class SourceInfo:
    """Where a number came from, as a reader can find it: document and line, or web page."""

    label: str = documented("来源说明：文件 + 行号，或网址标题", "来源不详")
    document: str | None = documented("文档编号")
    document_title: str | None = documented("文档标题")
    line: int | None = documented("行号")
    table: str | None = documented("表格")
    url: str | None = documented("网址（仅 http/https）")
    title: str | None = documented("网页标题")
    date: str | None = documented("发布日期")
    note: str | None = documented("备注")


@dataclass
class StatusCount:
    """How many indicators have one status, binding and expected apart."""

    status: str = documented("状态代码：reached_early | on_schedule | behind | not_assessable")
    label: str = documented("状态名称")
    expected: int = documented("预期性指标数", 0)
    binding: int = documented("约束性指标数", 0)
    total: int = documented("合计", 0)


@dataclass
class IndicatorRow:
    """One indicator in the plan table: the plan as printed, the latest value and the judgement."""

    id: str = documented("指标编号")
    seq: int = documented("序号")
    category: str | None = documented("类别")
    name: str = documented("指标名称")
    unit: str = documented("单位")
    nature: str = documented("属性代码")
    nature_label: str = documented("属性：预期性 / 约束性")
    departments: list[str] = documented("责任部门", default_factory=list)
    base_text: str = documented("基期值（如表所印）")
    base_year: int | None = documented("基期年份")
    target_text: str = documented("目标值（如表所印）")
    target_year: int | None = documented("目标年份")
    latest_value: float | None = documented("最新值")
    latest_period: str | None = documented("最新值时期")
    progress: float | None = documented("完成进度 p（0-1）")
    expected_progress: float | None = documented("时间进度 e（0-1）")
    required_growth: float | None = documented("后续年均需增长")
    required_growth_unit: str | None = documented("需增长单位：% 或 个百分点")
    projected_value: float | None = documented("按当前速度推算的目标年数值")
    status: str = documented("状态代码")
    label: str = documented("评价")
    warning: bool = documented("约束性指标预警", False)
    provisional: bool = documented("基于年内数据，属初步判断", False)
    rule: str = documented("所用规则")
    reasons: list[str] = documented("判断依据（含所用数字）", default_factory=list)
    href: str = documented("指标页地址", "")


@dataclass
class FindingItem:
    """A finding in good data (a contradiction, a gap) shown beside what it concerns."""

    code: str = documented("问题代码")
    severity: str = documented("严重程度")
    message: str = documented("说明")
    location: str = documented("位置")


@dataclass
class MilestoneItem:
    """One year's target (annual plan or province task) with its source."""

    year: int = documented("年份")
    value: float = documented("年度目标值")
    origin: str = documented("来源：entered 录入 | derived 推算")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)


@dataclass
class ChartPoint:
    """One point of an indicator chart."""

    t: float = documented("规划时间轴上的位置（年）")
    value: float = documented("数值")
    label: str = documented("说明")


@dataclass
class FactItem:
    """A number read from a report or news item, with the sentence it came from."""

    id: int = documented("审核队列记录编号")
    state: str = documented("状态：pending | accepted | corrected | rejected")
    region: str | None = documented("区域编号")
    relation: str = documented("区域与本指标的关系：本地区、上级地区（…）、下级地区（…）", "")
    period: str | None = documented("时期代码")
    kind: str = documented("类型")
    value: float | None = documented("数值")
    unit: str | None = documented("单位")
    sentence: str | None = documented("原文句子")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)


@dataclass
class ContinuityItem:
    """One plan period of a statistic in the continuity view (base, target, actuals)."""

    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    period: str = documented("规划期")
    link: str = documented("与上一期的承接关系（successor_of）")
    indicator_id: str | None = documented("本期指标编号（本期未设该指标时为空）")
    indicator_name: str | None = documented("本期指标名称")
    base_text: str = documented("基期值（如表所印）及基期年", "—")
    target_text: str = documented("目标（如表所印）", "—")
    actuals: list[ChartPoint] = documented("逐年实际值（年份、数值、时期）", default_factory=list)
    end_value: str | None = documented("规划期末年的实际值")
    sources: list[SourceInfo] = documented("实际值的来源", default_factory=list)
    note: str = documented("说明：本期未设该指标、草案、规划期内尚无实际值", "")
    current: bool = documented("是否为本页指标所属规划", False)


@dataclass
class TaskItem:
    """One reporting task of a reporter: indicator, region, year, due date and state."""

    indicator: str = documented("指标编号")
    indicator_name: str = documented("指标名称")
    region: str = documented("区域编号")
    region_name: str = documented("区域名称")
    period: str = documented("时期代码（年份）")
    period_label: str = documented("时期")
    unit: str = documented("单位")
    base_text: str = documented("基数（分解基数或规划基期值）")
    target_text: str = documented("目标（分解目标或规划目标）")
    previous_text: str = documented("上一期数值")
    due: str = documented("报送截止日期")
    state: str = documented("reported 已入库 | pending 待审核 | overdue 逾期 | due 待报送")
    state_label: str = documented("状态")
    value: float | None = documented("已入库的数值")
    href: str = documented("填报地址", "")
    outcome: str | None = documented("最近一次报送的结果：pending | accepted | rejected | corrected")
    outcome_label: str | None = documented("最近一次报送的结果（待审核 / 已采用 / 已退回 / 已更正）")
    submitted_value: float | None = documented("最近一次报送的数值")
    final_value: float | None = documented("审核后采用的数值（更正时为更正值）")
    review_comment: str | None = documented("审核意见")
    reviewed_by: str | None = documented("审核人")
    history: list[str] = documented("本单位对此项的历次报送", default_factory=list)


