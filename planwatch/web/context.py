"""Page contexts: one typed dataclass per page. The HTML page and its ``.json`` twin are both
rendered from the same instance, and the JSON API's OpenAPI schema is derived from these classes.
Fields carry ``metadata={"help": …}`` (the documented contract, see docs/web.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def f(help: str, default: Any = None, **kw: Any) -> Any:
    if "default_factory" in kw:
        return field(metadata={"help": help}, **kw)
    return field(default=default, metadata={"help": help})


@dataclass
class Option:
    value: str = f("取值")
    label: str = f("显示文字")
    selected: bool = f("是否选中", False)


@dataclass
class SourceInfo:
    label: str = f("来源说明：文件 + 行号，或网址标题", "来源不详")
    document: str | None = f("文档编号")
    document_title: str | None = f("文档标题")
    line: int | None = f("行号")
    table: str | None = f("表格")
    url: str | None = f("网址（仅 http/https）")
    title: str | None = f("网页标题")
    date: str | None = f("发布日期")
    note: str | None = f("备注")


@dataclass
class StatusCount:
    status: str = f("状态代码：reached_early | on_schedule | behind | not_assessable")
    label: str = f("状态名称")
    expected: int = f("预期性指标数", 0)
    binding: int = f("约束性指标数", 0)
    total: int = f("合计", 0)


@dataclass
class IndicatorBrief:
    id: str = f("指标编号")
    name: str = f("指标名称")
    nature: str = f("属性：expected | binding")
    status: str = f("状态代码")
    label: str = f("评价")
    warning: bool = f("约束性指标预警", False)
    href: str = f("指标页地址", "")


@dataclass
class PlanCard:
    id: str = f("规划编号")
    title: str = f("规划名称")
    region: str = f("区域名称")
    period: str = f("规划期")
    status_label: str = f("规划状态：征求意见稿 / 已批准")
    href: str = f("规划页地址")
    as_of: str = f("评估时点 YYYY-MM-DD")
    as_of_label: str | None = f("默认评估时点的说明（当前评估 / 规划期已结束的最终评估）")
    current_period: bool = f("是否为默认规划（今天所在规划期，或尚无本期数据时最近结束的规划）", False)
    data_period: str | None = f("所用数据的最新时期")
    time_elapsed: float | None = f("时间进度（0-1）")
    method: str = f("评估方法")
    total: int = f("指标总数", 0)
    counts: list[StatusCount] = f("各状态指标数（分预期性、约束性）", default_factory=list)
    warnings: int = f("约束性指标预警数", 0)
    sentence: str | None = f("进度评价句（仿中期评估报告）")
    attention: list[IndicatorBrief] = f("需关注指标：约束性预警在前，其次滞后", default_factory=list)
    error: str | None = f("无法评估时的说明")


@dataclass
class OverviewPage:
    as_of: str = f("评估时点")
    period_note: str | None = f("未指定评估时点时：默认规划及各规划评估时点的选择说明")
    method: str = f("评估方法")
    methods: list[Option] = f("可选评估方法", default_factory=list)
    plans: list[PlanCard] = f("本页的规划（本人范围的规划在前）", default_factory=list)
    gaps: list[str] = f("尚未提供的功能或数据", default_factory=list)
    q: str | None = f("按规划名称或编号搜索")
    region: str | None = f("按地区筛选（含下级地区）")
    regions: list[Option] = f("地区选项", default_factory=list)
    page: int = f("页码（从 1 开始）", 1)
    per_page: int = f("每页规划数", 20)
    total: int = f("符合条件的规划数", 0)
    all_plans: int = f("全部规划数", 0)
    all_indicators: int = f("全部指标数", 0)
    all_regions: int = f("有规划的地区数", 0)


@dataclass
class IndicatorRow:
    id: str = f("指标编号")
    seq: int = f("序号")
    category: str | None = f("类别")
    name: str = f("指标名称")
    unit: str = f("单位")
    nature: str = f("属性代码")
    nature_label: str = f("属性：预期性 / 约束性")
    departments: list[str] = f("责任部门", default_factory=list)
    base_text: str = f("基期值（如表所印）")
    base_year: int | None = f("基期年份")
    target_text: str = f("目标值（如表所印）")
    target_year: int | None = f("目标年份")
    latest_value: float | None = f("最新值")
    latest_period: str | None = f("最新值时期")
    progress: float | None = f("完成进度 p（0-1）")
    expected_progress: float | None = f("时间进度 e（0-1）")
    required_growth: float | None = f("后续年均需增长")
    required_growth_unit: str | None = f("需增长单位：% 或 个百分点")
    projected_value: float | None = f("按当前速度推算的目标年数值")
    status: str = f("状态代码")
    label: str = f("评价")
    warning: bool = f("约束性指标预警", False)
    provisional: bool = f("基于年内数据，属初步判断", False)
    rule: str = f("所用规则")
    reasons: list[str] = f("判断依据（含所用数字）", default_factory=list)
    href: str = f("指标页地址", "")


@dataclass
class Filters:
    category: str | None = f("类别筛选")
    nature: str | None = f("属性筛选")
    status: str | None = f("状态筛选")
    department: str | None = f("责任部门筛选")
    q: str | None = f("按指标名称或编号搜索")
    categories: list[Option] = f("类别选项", default_factory=list)
    natures: list[Option] = f("属性选项", default_factory=list)
    statuses: list[Option] = f("状态选项", default_factory=list)
    departments: list[Option] = f("部门选项", default_factory=list)


@dataclass
class FindingItem:
    code: str = f("问题代码")
    severity: str = f("严重程度")
    message: str = f("说明")
    location: str = f("位置")


@dataclass
class PlanPage:
    id: str = f("规划编号")
    title: str = f("规划名称")
    region: str = f("区域")
    issuer: str = f("编制单位")
    period: str = f("规划期")
    base_year: int = f("基期年")
    status_label: str = f("规划状态")
    document: SourceInfo | None = f("规划文本来源")
    as_of: str = f("评估时点")
    as_of_label: str | None = f("默认评估时点的说明（当前评估 / 规划期已结束的最终评估）")
    as_known_at: str | None = f("按该日已发布的数据评估（首次发布数）；空为最新修订数")
    data_period: str | None = f("所用数据的最新时期")
    method: str = f("评估方法")
    methods: list[Option] = f("可选评估方法", default_factory=list)
    time_elapsed: float | None = f("时间进度（0-1）")
    counts: list[StatusCount] = f("各状态指标数", default_factory=list)
    sentence: str | None = f("进度评价句")
    filters: Filters = f("当前筛选条件与选项", default_factory=Filters)
    total: int = f("指标总数（筛选前）", 0)
    rows: list[IndicatorRow] = f("指标表（筛选后）", default_factory=list)
    findings: list[FindingItem] = f("数据问题（表内矛盾、分解不平衡等），本页", default_factory=list)
    findings_total: int = f("数据问题总数", 0)
    findings_page: int = f("数据问题列表的页码", 1)
    findings_per_page: int = f("数据问题每页条数", 50)
    error: str | None = f("无法评估时的说明")


@dataclass
class LoginPage:
    next: str = f("登录后前往的地址", "/")
    error: str | None = f("登录失败的说明")
    username: str = f("已填写的用户名", "")
    public: bool = f("是否开放公众只读视图", False)


@dataclass
class SessionInfo:
    authenticated: bool = f("是否已登录", False)
    username: str | None = f("用户名")
    display_name: str | None = f("显示名")
    role: str = f("角色：anonymous | public | viewer | reporter | reviewer | admin", "anonymous")
    role_label: str = f("角色名称", "访客")
    scope_department: str | None = f("填报范围：部门")
    scope_region: str | None = f("填报范围：区县")
    csrf_token: str = f("提交表单或 JSON 写操作时放在 X-CSRF-Token 头中", "")


@dataclass
class ObservationItem:
    id: int | None = f("观测值编号")
    period: str = f("时期代码")
    period_label: str = f("时期")
    kind: str = f("类型：level | growth | share | rank …")
    value: float = f("数值")
    unit: str = f("单位")
    text: str | None = f("原文写法")
    qualifier: str = f("限定：exact | passed | nearly …")
    status: str = f("数据状态：preliminary | final | revised | estimated")
    scope: str | None = f("排名范围")
    revision: int = f("修订版次", 1)
    in_force: bool = f("是否为现行值", True)
    recorded_at: str | None = f("录入时间")
    recorded_by: str | None = f("录入或审核人")
    source: SourceInfo = f("来源", default_factory=SourceInfo)
    revisions: list[ObservationItem] = f("同一数值的全部版本（含本版）", default_factory=list)


@dataclass
class MilestoneItem:
    year: int = f("年份")
    value: float = f("年度目标值")
    origin: str = f("来源：entered 录入 | derived 推算")
    source: SourceInfo = f("来源", default_factory=SourceInfo)


@dataclass
class NarrativeItem:
    id: str = f("编号")
    text: str | None = f("原文")
    subject: str = f("对象")
    value: float | None = f("目标值")
    unit: str = f("单位")
    year: int | None = f("目标年")
    stretch: bool = f("是否为力争目标", False)
    relation: str = f("与本指标的关系：本规划、本地区、上级地区（…）、下级地区（…）", "")
    source: SourceInfo = f("来源", default_factory=SourceInfo)


@dataclass
class DecompositionItem:
    region: str = f("区域编号")
    region_name: str = f("区域名称")
    year: int = f("年份")
    role: str = f("base 基数 | target 目标")
    value: float = f("数值")
    source: SourceInfo = f("来源", default_factory=SourceInfo)


@dataclass
class ChartPoint:
    t: float = f("规划时间轴上的位置（年）")
    value: float = f("数值")
    label: str = f("说明")


@dataclass
class FactItem:
    id: int = f("审核队列记录编号")
    state: str = f("状态：pending | accepted | corrected | rejected")
    region: str | None = f("区域编号")
    relation: str = f("区域与本指标的关系：本地区、上级地区（…）、下级地区（…）", "")
    period: str | None = f("时期代码")
    kind: str = f("类型")
    value: float | None = f("数值")
    unit: str | None = f("单位")
    sentence: str | None = f("原文句子")
    source: SourceInfo = f("来源", default_factory=SourceInfo)


@dataclass
class PlanTargetItem:
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    region: str = f("地区")
    period: str = f("规划期")
    indicator_id: str = f("指标编号")
    base_text: str = f("基期值（如表所印）")
    target_text: str = f("目标（如表所印）")
    latest: str | None = f("该地区最新值（时期）")
    source: SourceInfo | None = f("最新值来源")
    current: bool = f("是否为本页指标", False)


@dataclass
class ContinuityItem:
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    period: str = f("规划期")
    link: str = f("与上一期的承接关系（successor_of）")
    indicator_id: str | None = f("本期指标编号（本期未设该指标时为空）")
    indicator_name: str | None = f("本期指标名称")
    base_text: str = f("基期值（如表所印）及基期年", "—")
    target_text: str = f("目标（如表所印）", "—")
    actuals: list[ChartPoint] = f("逐年实际值（年份、数值、时期）", default_factory=list)
    end_value: str | None = f("规划期末年的实际值")
    sources: list[SourceInfo] = f("实际值的来源", default_factory=list)
    note: str = f("说明：本期未设该指标、草案、规划期内尚无实际值", "")
    current: bool = f("是否为本页指标所属规划", False)


@dataclass
class IndicatorPage:
    id: str = f("指标编号")
    plan_id: str = f("规划编号")
    plan_title: str = f("规划名称")
    seq: int = f("序号")
    name: str = f("指标名称")
    unit: str = f("单位")
    category: str | None = f("类别")
    nature: str = f("属性代码")
    nature_label: str = f("属性")
    direction_label: str = f("方向：越高越好 / 越低越好（及依据）")
    rule: str = f("进度规则代码：linear | compound | growth …")
    rule_basis: str = f("为何采用该规则")
    base_text: str = f("基期值（如表所印）")
    base_value: float | None = f("基期值")
    base_year: int | None = f("基期年")
    target_text: str = f("目标值（如表所印）")
    target_value: float | None = f("目标值")
    target_year: int | None = f("目标年")
    stretch_value: float | None = f("力争目标值")
    declared_growth: str | None = f("表中所列年均增长")
    departments: list[str] = f("责任部门", default_factory=list)
    source: SourceInfo = f("指标来源（规划文本位置）", default_factory=SourceInfo)
    as_of: str = f("评估时点")
    as_of_label: str | None = f("默认评估时点的说明")
    method: str = f("评估方法")
    methods: list[Option] = f("可选评估方法", default_factory=list)
    assessment: IndicatorRow | None = f("评估结果（与规划页一行相同）")
    method_error: str | None = f("评估方法不可用时的说明")
    observations: list[ObservationItem] = f("全部观测值（现行版本，附修订历史）", default_factory=list)
    milestones: list[MilestoneItem] = f("年度目标", default_factory=list)
    continuity: list[ContinuityItem] = f("同一统计指标跨规划期（十三五、十四五、十五五……，以 successor_of 相接）的基期、目标和逐年实际值",
                                         default_factory=list)
    continuity_unit: str | None = f("跨规划期实际值的单位")
    across_plans: list[PlanTargetItem] = f("同一统计指标在各规划、各级地区的目标与最新值（城市与全国对比、跨规划期连续）",
                                           default_factory=list)
    narrative_targets: list[NarrativeItem] = f("相关的文字目标", default_factory=list)
    decompositions: list[DecompositionItem] = f("分解到区县的基数与目标", default_factory=list)
    findings: list[FindingItem] = f("该指标的数据问题", default_factory=list)
    facts: list[FactItem] = f("文档中抽取的相关事实（审核队列中的记录）", default_factory=list)
    series: list[ChartPoint] = f("图中的数据序列（数值类观测值）", default_factory=list)
    path: list[ChartPoint] = f("进度路径（按规则线性或复合插值）", default_factory=list)
    projection: list[ChartPoint] = f("按当前速度的推算", default_factory=list)
    gaps: list[str] = f("缺失的数据或功能", default_factory=list)


@dataclass
class CountyRow:
    region: str = f("区域编号")
    name: str = f("区域名称")
    kind: str = f("区域类型")
    has_boundary: bool = f("是否有边界（可上图）", False)
    base: float | None = f("分解基数")
    base_year: int | None = f("基数年份")
    target: float | None = f("分解目标")
    target_year: int | None = f("目标年份")
    latest_value: float | None = f("最新值")
    latest_period: str | None = f("最新值时期")
    progress: float | None = f("完成进度 p（0-1）")
    expected_progress: float | None = f("时间进度 e（0-1）")
    status: str = f("状态代码", "")
    label: str = f("评价", "")
    colour: str = f("地图颜色", "")
    rank: int | None = f("排名（有数值者）")
    source: SourceInfo | None = f("分解目标或数值的来源")


@dataclass
class LegendItem:
    key: str = f("类别代码（评价状态或数值分段）")
    label: str = f("图例文字")
    colour: str = f("地图颜色（与表格状态颜色一致）")
    count: int = f("该类别的区域数", 0)


@dataclass
class CountyPage:
    mode: str = f("decomposed：按分解目标进度着色；statistic：按某一统计指标最新值着色")
    region: str = f("上级地区编号（地图显示其下级地区）", "")
    region_name: str = f("上级地区名称", "")
    regions: list[Option] = f("可选的上级地区（数据中有下级地区者）", default_factory=list)
    legend: list[LegendItem] = f("图例：各类别的颜色和区域数", default_factory=list)
    indicator: str | None = f("分解指标编号")
    statistic: str | None = f("统计指标编号")
    title: str = f("当前着色依据")
    unit: str = f("单位", "")
    indicators: list[Option] = f("有区县分解的指标", default_factory=list)
    statistics: list[Option] = f("有区县数据的统计指标", default_factory=list)
    as_of: str = f("评估时点", "")
    method: str = f("评估方法", "")
    methods: list[Option] = f("可选评估方法", default_factory=list)
    rows: list[CountyRow] = f("区县排名表", default_factory=list)
    functional_areas: list[CountyRow] = f("无边界的功能区（列于图旁）", default_factory=list)
    disclaimer: str = f("地图说明", "示意图，不作为权属争议依据")
    boundary_source: str = f("边界数据来源", "")
    gaps: list[str] = f("缺失的数据", default_factory=list)


@dataclass
class AuditItem:
    id: int = f("编号")
    at: str = f("时间（UTC）")
    actor: str = f("操作人")
    action: str = f("操作")
    entity: str = f("对象类型")
    entity_id: str = f("对象编号")
    before: Any = f("修改前")
    after: Any = f("修改后")
    comment: str | None = f("说明")


@dataclass
class AuditPage:
    entity: str | None = f("按对象类型筛选")
    entity_id: str | None = f("按对象编号筛选")
    actor: str | None = f("按操作人筛选")
    page: int = f("页码（从 1 开始）", 1)
    per_page: int = f("每页条数", 50)
    total: int = f("符合条件的记录总数", 0)
    items: list[AuditItem] = f("审计记录（新的在前）", default_factory=list)


@dataclass
class UserItem:
    username: str = f("用户名")
    display_name: str = f("显示名")
    role: str = f("角色")
    role_label: str = f("角色名称")
    scope: str | None = f("填报范围（部门或区县）")
    scope_label: str | None = f("填报范围名称")
    active: bool = f("是否启用", True)
    created_at: str = f("创建时间", "")


@dataclass
class UsersPage:
    users: list[UserItem] = f("账号", default_factory=list)
    roles: list[Option] = f("可选角色", default_factory=list)
    departments: list[Option] = f("可选部门", default_factory=list)
    regions: list[Option] = f("可选地区（数据中的全部地区）", default_factory=list)
    scopes: list[str] = f("填报范围选项（部门：名称 / 地区：名称），供查找选择", default_factory=list)
    search: str = f("查找的文字", "")
    total: int = f("符合条件的账号数", 0)
    page: int = f("页码（从 1 开始）", 1)
    per_page: int = f("每页个数", 50)
    pages: int = f("总页数", 1)
    message: str | None = f("操作结果")
    error: str | None = f("错误说明")


@dataclass
class TaskItem:
    indicator: str = f("指标编号")
    indicator_name: str = f("指标名称")
    region: str = f("区域编号")
    region_name: str = f("区域名称")
    period: str = f("时期代码（年份）")
    period_label: str = f("时期")
    unit: str = f("单位")
    base_text: str = f("基数（分解基数或规划基期值）")
    target_text: str = f("目标（分解目标或规划目标）")
    previous_text: str = f("上一期数值")
    due: str = f("报送截止日期")
    state: str = f("reported 已入库 | pending 待审核 | overdue 逾期 | due 待报送")
    state_label: str = f("状态")
    value: float | None = f("已入库的数值")
    href: str = f("填报地址", "")
    outcome: str | None = f("最近一次报送的结果：pending | accepted | rejected | corrected")
    outcome_label: str | None = f("最近一次报送的结果（待审核 / 已采用 / 已退回 / 已更正）")
    submitted_value: float | None = f("最近一次报送的数值")
    final_value: float | None = f("审核后采用的数值（更正时为更正值）")
    review_comment: str | None = f("审核意见")
    reviewed_by: str | None = f("审核人")
    history: list[str] = f("本单位对此项的历次报送", default_factory=list)


@dataclass
class SubmissionPage:
    scope: str | None = f("填报范围编号（区县或部门）")
    scope_name: str | None = f("填报范围名称")
    scopes: list[Option] = f("管理员可切换的填报范围", default_factory=list)
    years: list[int] = f("可报送的年份", default_factory=list)
    year: int | None = f("当前显示的年份（空为全部）")
    counts: dict[str, int] = f("各状态任务数", default_factory=dict)
    tasks: list[TaskItem] = f("填报任务", default_factory=list)
    message: str | None = f("操作结果")
    note: str | None = f("说明（如无任务的原因）")
    upload_errors: list[str] = f("上传填报表发现的问题（未提交任何数据）", default_factory=list)


@dataclass
class EntryPage:
    task: TaskItem = f("填报任务", default_factory=TaskItem)
    value: str = f("已填写的数值", "")
    source_title: str = f("已填写的来源名称", "")
    source_url: str = f("已填写的来源网址", "")
    explanation: str = f("已填写的说明", "")
    errors: list[str] = f("错误（未提交）", default_factory=list)
    needs_explanation: bool = f("是否必须填写说明", False)
    behind: bool = f("按此数值是否滞后于进度", False)
    outlier: str | None = f("异常值说明")
    status_label: str | None = f("按此数值的评价")


@dataclass
class SubmissionResult:
    candidate_id: int = f("待审核记录编号")
    state: str = f("状态", "pending")
    behind: bool = f("按此数值是否滞后于进度", False)
    outlier: str | None = f("异常值说明")
    status_label: str | None = f("按此数值的评价")


@dataclass
class ReporterStatusItem:
    scope: str = f("填报范围编号")
    name: str = f("名称")
    kind: str = f("region 区县 | department 部门")
    total: int = f("任务数", 0)
    reported: int = f("已入库", 0)
    pending: int = f("待审核", 0)
    overdue: int = f("逾期未报", 0)
    complete: float | None = f("完成率（0-1）")
    reminder: str | None = f("催报提醒文字（有逾期时）")


@dataclass
class SubmissionStatusPage:
    as_of: str = f("统计日期")
    year: int | None = f("年份（空为全部）")
    years: list[int] = f("可选年份", default_factory=list)
    reporters: list[ReporterStatusItem] = f("各填报单位的报送状态", default_factory=list)


@dataclass
class CandidateItem:
    id: int = f("待审核记录编号")
    version: int = f("版本（提交审核决定时原样带回，防止覆盖他人的决定）", 1)
    origin: str = f("来源渠道：web 网页填报 | excel 填报表 | api 接口 | facts 文档抽取")
    origin_label: str = f("来源渠道名称", "")
    state: str = f("状态：pending | accepted | corrected | rejected", "pending")
    state_label: str = f("状态名称", "")
    indicator: str | None = f("指标编号")
    indicator_name: str | None = f("指标名称")
    statistic: str | None = f("统计指标编号")
    region: str | None = f("区域编号")
    region_name: str | None = f("区域名称")
    period: str | None = f("时期代码")
    kind: str = f("类型", "level")
    value: float | None = f("提交的数值")
    corrected_value: float | None = f("审核更正后的数值")
    unit: str | None = f("单位")
    text: str | None = f("原文写法")
    explanation: str | None = f("填报说明")
    sentence: str | None = f("原文句子（文档抽取）")
    source: SourceInfo = f("来源", default_factory=SourceInfo)
    submitted_by: str = f("提交人", "")
    submitted_at: str = f("提交时间", "")
    reviewed_by: str | None = f("审核人")
    reviewed_at: str | None = f("审核时间")
    review_comment: str | None = f("审核意见")
    conflict: str | None = f("与已有数值或其他待审核值的冲突")
    current_value: float | None = f("该时期现行的数值（如有）")
    href: str | None = f("指标页地址")
    base_value: float | None = f("基期值（分解基数或规划基期值）")
    base_year: int | None = f("基期年份")
    target_value: float | None = f("目标值")
    target_year: int | None = f("目标年份")
    previous_value: float | None = f("上一期数值（跨越缺失年份）")
    previous_label: str | None = f("上一期时期")
    change_pct: float | None = f("与上一期相比的变化（%）")
    schedule_value: float | None = f("按基期到目标的线性路径，该年应达到的数值")
    sparkline: str | None = f("以往各年数值的折线（SVG 坐标）")
    checks: list[str] = f("触发的合理性检查（代码：说明）", default_factory=list)


@dataclass
class ReviewPage:
    state: str = f("显示的状态：pending 待审核 | decided 已审核", "pending")
    origin: str | None = f("按来源渠道筛选")
    origins: list[Option] = f("来源渠道选项", default_factory=list)
    total: int = f("符合条件的记录数", 0)
    page: int = f("页码（从 1 开始）", 1)
    per_page: int = f("每页条数", 50)
    pages: int = f("总页数", 1)
    items: list[CandidateItem] = f("本页记录", default_factory=list)
    message: str | None = f("操作结果")
    gap: str | None = f("审核队列不可用时的说明")


@dataclass
class ImportRow:
    seq: int = f("序号")
    category: str | None = f("类别")
    name: str = f("指标名称（可更正）")
    unit: str = f("单位（可更正）")
    nature: str = f("属性（可更正）：expected | binding")
    base_text: str = f("基期（如表所印）")
    base_value: float | None = f("基期值（可更正）")
    base_year: int | None = f("基期年")
    target_text: str = f("目标（如表所印）")
    target_value: float | None = f("目标值（可更正）")
    target_year: int | None = f("目标年")
    rule: str = f("进度规则及依据")
    source: str = f("来源：文件、表格、行号")


@dataclass
class ImportProject:
    seq: str = f("原表序号")
    name: str = f("项目名称（原文）")
    owner: str | None = f("责任单位或企业（原文）")
    location: str | None = f("建设地点（原文）")
    content: str | None = f("建设内容（原文）")
    total_text: str = f("总投资（原文）", "")
    total: float | None = f("总投资（亿元）", None)
    unit_note: str | None = f("金额换算说明", None)
    years: str = f("建设年限或完成时间（原文）", "")
    category: str | None = f("所属分类（原表分类行）", None)
    source: str = f("来源（文件、表、行）", "")


@dataclass
class ImportPage:
    step: str = f("upload 上传 | review 核对 | done 已导入", "upload")
    file: str | None = f("文件名")
    plan_id: str | None = f("导入后的规划编号")
    title: str | None = f("读出的规划名称")
    period: str | None = f("读出的规划期")
    rows: list[ImportRow] = f("读出的指标行（可更正）", default_factory=list)
    decompositions: int = f("读出的分解数值条数", 0)
    narratives: list[str] = f("读出的文字目标（原文）", default_factory=list)
    tasks: list[str] = f("读出的行动、任务和专栏任务（原文编号、标题、来源）", default_factory=list)
    projects: list[ImportProject] = f("读出的项目表行（原文，含来源）", default_factory=list)
    issues: list[str] = f("读取中发现的问题（错误时不能导入）", default_factory=list)
    errors: list[str] = f("阻止导入的错误", default_factory=list)
    payload: str = f("已上传文件（核对步骤回传，base64）", "")
    message: str | None = f("结果")
    matched: str | None = f("与已有规划相符的原因（确认后作为其修订更新，不新建规划）")
    proposed: list[str] = f("作为修订导入将改变的内容（逐项）", default_factory=list)


@dataclass
class ContactItem:
    name: str = f("联系人")
    phone: str | None = f("联系电话")
    email: str | None = f("电子邮箱")


@dataclass
class UnitItem:
    id: str = f("单位编号")
    name: str = f("单位名称")
    region: str | None = f("所属区域编号")
    region_name: str | None = f("所属区域名称")
    contacts: list[ContactItem] = f("联系人", default_factory=list)
    leads: int = f("牵头的指标数", 0)


@dataclass
class DutyItem:
    indicator: str = f("指标编号")
    indicator_name: str = f("指标名称")
    plan: str = f("规划编号")
    region: str | None = f("区域编号（空为规划所在地区）")
    region_name: str = f("区域名称")
    lead: str = f("牵头单位编号")
    lead_name: str = f("牵头单位名称")
    co_units: list[str] = f("配合单位名称", default_factory=list)
    frequency: str = f("报送频次：annual | half | quarter | month")
    frequency_label: str = f("报送频次（中文）")
    deadline_days: int = f("报送期限：期末后天数", 90)
    grace_days: int = f("宽限期天数", 0)
    source: str = f("来源")


@dataclass
class UnitsPage:
    units: list[UnitItem] = f("单位", default_factory=list)
    duties: list[DutyItem] = f("责任分解", default_factory=list)
    indicators: list[Option] = f("可选指标", default_factory=list)
    regions: list[Option] = f("可选区域", default_factory=list)
    frequencies: list[Option] = f("可选频次", default_factory=list)
    plans: list[Option] = f("规划（年度目标填报表）", default_factory=list)
    template_year: int = f("年度目标填报表的默认年度", 0)
    message: str | None = f("操作结果")
    error: str | None = f("错误说明")
    errors: list[str] = f("导入问题（文件、行、列）", default_factory=list)
