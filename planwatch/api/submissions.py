"""Data reporting (数据报送): what each department or county must report, checking a value before
it enters the review queue, and completeness by reporter (报送状态).

A reporter's tasks are the rows of its Excel reporting template (``api.submission_rows.template_spec``):
a county reports its decomposed targets and its own plans' indicators, a department the
indicators that name it as responsible. Annual data for year Y are due on 31 March of Y+1
(:data:`DUE_MONTH_DAY`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch import model as m
from planwatch.api.evaluate import bundle_for
from planwatch.api.indicators import county_indicator
from planwatch.api.submission_rows import template_row, template_spec
from planwatch.errors import ConfigError, PermissionDenied
from planwatch.evaluation.base import Status, get_method
from planwatch.issues import Issue, Severity, issue
from planwatch.store import Candidate, CandidateInput, Store
from planwatch.workbook.template import TemplateRow

DUE_MONTH_DAY = (3, 31)
OUTLIER_FLOOR = 0.30  # a yearly change beyond ±30% …
OUTLIER_FACTOR = 2.0  # … and beyond twice the largest yearly change seen so far is an outlier


@dataclass(frozen=True)
class Task:
    row: TemplateRow
    year: int
    due: dt.date
    state: str  # reported | pending | overdue | due
    observation: m.Observation | None = None
    pending_id: int | None = None
    latest: Candidate | None = None  # the newest submission for this key, whatever its state
    history: tuple[Candidate, ...] = ()  # every submission for this key, oldest first

    @property
    def outcome(self) -> str | None:
        """pending 待审核 | accepted 已采用 | rejected 已退回 | corrected 已更正."""
        return self.latest.state.value if self.latest else None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.row.indicator_id, self.row.region_id, self.row.period)


STATE_LABELS = {"reported": "已报送（已入库）", "pending": "待审核", "overdue": "逾期未报",
                "due": "待报送"}
OUTCOME_LABELS = {"pending": "待审核", "accepted": "已采用", "rejected": "已退回",
                  "corrected": "已更正", "withdrawn": "已撤回"}


def due_date(year: int) -> dt.date:
    return dt.date(year + 1, *DUE_MONTH_DAY)


def reporting_years(store: Store, today: dt.date, scope: str | None = None) -> list[int]:
    """Plan years whose annual data can be reported by ``today`` (the year has ended); for a
    reporter ``scope``, only the years of the plans whose indicators it reports."""
    plans = store.plans()
    if scope is not None:
        periods = _plan_periods(store)
        spans = {periods[r.indicator_id] for r in _rows(store, scope, today.year - 1) if r.indicator_id in periods}
        years = sorted({y for first, last in spans for y in range(first, last + 1) if y < today.year})
        return years
    if not plans:
        return []
    first = min(p.period_start for p in plans)
    last = min(max(p.period_end for p in plans), today.year - 1)
    return list(range(first, last + 1))


def _rows(store: Store, scope: str, year: int) -> list[TemplateRow]:
    return list(template_spec(store, scope, year=year).rows)


def _pending(store: Store) -> dict[tuple[str, str, str], int]:
    out: dict[tuple[str, str, str], int] = {}
    for c in store.candidates("pending"):
        if c.indicator and c.region and c.period:
            out.setdefault((c.indicator, c.region, c.period), c.id)
    return out


def task_deadline(duty: m.Responsibility | None, year: int) -> tuple[dt.date, dt.date]:
    """(due date, last day of the grace window) of a year's annual value: the responsibility's
    deadline after the year ends, or 31 March of the next year when none is registered."""
    if duty is None:
        due = due_date(year)
        return due, due
    due = dt.date(year, 12, 31) + dt.timedelta(days=duty.deadline_days)
    return due, due + dt.timedelta(days=duty.grace_days)


def tasks(store: Store, scope: str, today: dt.date, *, years: Sequence[int] | None = None) -> list[Task]:
    """Every (indicator, region, year) the reporter ``scope`` (a region or department id) must
    report, with its state at ``today``. A registered responsibility (责任分解) sets the deadline
    and the grace window; a task counts as overdue only after the grace window."""
    from planwatch.api.responsibilities import responsibility_map

    pending = _pending(store)
    duties = responsibility_map(store)
    submitted: dict[tuple[str, str, str], list[Candidate]] = {}
    for c in store.candidates(None):
        if c.indicator and c.region and c.period:
            submitted.setdefault((c.indicator, c.region, c.period), []).append(c)
    out = []
    periods = _plan_periods(store)
    for year in years or reporting_years(store, today):
        for row in _rows(store, scope, year):
            first, last = periods.get(row.indicator_id, (year, year))
            if not first <= year <= last:  # a year outside the indicator's own plan period
                continue
            obs = [o for o in store.observations(row.statistic, row.region_id)
                   if o.period.code == row.period and o.kind in m.VALUE_KINDS]
            due, grace_end = task_deadline(duties.get((row.indicator_id, row.region_id)), year)
            key = (row.indicator_id, row.region_id, row.period)
            if obs:
                state = "reported"
            elif key in pending:
                state = "pending"
            else:
                state = "overdue" if today > grace_end else "due"
            hist = tuple(submitted.get(key, ()))
            out.append(Task(row, year, due, state, obs[0] if obs else None, pending.get(key),
                            hist[-1] if hist else None, hist))
    return out


def _plan_periods(store: Store) -> dict[str, tuple[int, int]]:
    """Indicator id → (first, last) year of its plan's period."""
    plans = {p.id: (p.period_start, p.period_end) for p in store.plans()}
    return {i.id: plans[i.plan] for i in store.indicators() if i.plan in plans}


def find_task(store: Store, scope: str, indicator: str, region: str, period: str,
              today: dt.date) -> Task:
    """The reporter's task for this key, or :class:`PermissionDenied` when it is not theirs."""
    year = _year_of(period)
    first, last = _plan_periods(store).get(indicator, (0, 9999))
    allowed = [y for y in reporting_years(store, today) if first <= y <= last]
    if year not in allowed:
        raise ConfigError(f"{year}年不在可报送的年份（{years_label(allowed)}：规划期内且已结束的年份）内。"
                          "未做任何修改。")
    for t in tasks(store, scope, today, years=[year]):
        if t.key == (indicator, region, period):
            return t
    raise PermissionDenied(
        f"指标“{indicator}”在区域“{region}”{period}年的数据不在本账号的填报范围内，不能查看或填报。"
    )


def _year_of(period: str) -> int:
    if not re.fullmatch(r"\d{4}", period or ""):
        raise ConfigError(f"时期“{period}”无效：请填写四位年份，例如 2023。")
    return int(period)


# -- checking a value before it is queued ---------------------------------------------------------


@dataclass
class Check:
    """What the reporting form tells the reporter about a value before it is queued."""

    value: float | None = None
    errors: list[str] = field(default_factory=list)
    behind: bool = False  # the value leaves the indicator behind schedule
    outlier: str | None = None  # why the value looks unusual
    status_label: str | None = None  # what the Chinese rule would say with this value
    raised: list[Issue] = field(default_factory=list)  # every plausibility check raised (codes)

    @property
    def needs_explanation(self) -> bool:
        return self.behind or self.outlier is not None or any(
            i.severity is Severity.WARNING for i in self.raised)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.raised]

    @property
    def warnings(self) -> list[str]:
        return [i.message for i in self.raised if i.severity is Severity.WARNING]


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: str) -> float | None:
    """A plain decimal as typed (thousands separators and full-width digits allowed)."""
    t = (text or "").strip().translate(str.maketrans("０１２３４５６７８９．－＋，", "0123456789.-+,"))
    t = t.replace(",", "")
    if not _NUMBER.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) else None


def check_value(store: Store, task: Task, value_text: str, *, today: dt.date) -> Check:
    chk = Check()
    value = parse_number(value_text)
    if value is None:
        chk.errors.append(f"数值“{value_text}”无法识别：请填写阿拉伯数字，例如 1661 或 12.5。")
        return chk
    chk.value = value
    plan = store.plan(store.indicator(task.row.indicator_id).plan)
    if not plan.period_start <= task.year <= plan.period_end:
        chk.errors.append(f"{task.year}年不在规划期（{plan.period_start}—{plan.period_end}年）内。")
    if task.year >= today.year:
        chk.errors.append(f"{task.year}年尚未结束，不能报送该年的年度数据。")
    if chk.errors:
        return chk
    chk.raised.extend(plausibility(store, task, value))
    chk.errors.extend(i.message for i in chk.raised if i.severity is Severity.ERROR)
    if chk.errors:
        return chk
    chk.outlier = _outlier(store, task, value)
    if chk.outlier:
        chk.raised.append(issue("plausibility-change", f"数值{value:g}{chk.outlier}：请核对；"
                                "确认无误请在说明中写明原因。"))
    _judge(store, task, value, chk)
    if chk.behind:
        chk.raised.append(issue("plausibility-behind", f"按数值{value:g}，该指标{task.year}年将"
                                f"“{chk.status_label or '落后于进度'}”：请核对；确认无误请在说明中写明原因。"))
    return chk


MAGNITUDE = 6.0  # a value this many times (or this fraction of) a reference is a likely slip


def _slip(value: float, ref: float, what: str, unit: str) -> Issue | None:
    if ref <= 0 or value <= 0:
        return None
    r = value / ref
    if 1 / MAGNITUDE < r < MAGNITUDE:
        return None
    times = f"{r:.1f}倍" if r >= 1 else f"{r * 100:.1f}%"
    return issue("plausibility-magnitude",
                 f"数值{value:g}{unit}是{what}{ref:g}{unit}的{times}，疑似数量级错误（多写或少写了位数，"
                 "或混淆了 万元 与 亿元、元 与 万元）：请核对数值和单位；确认无误请在说明中写明原因。")


def plausibility(store: Store, task: Task, value: float) -> list[Issue]:
    """The checks every path runs on a reported value (web form, Excel upload, JSON API and fact
    review): impossible values are errors, likely slips and unusual values warnings."""
    ind = _indicator_for(store, task)
    unit, out = task.row.unit, []
    form = ind.target_form
    if unit == "%" and form is m.TargetForm.SHARE and not 0 <= value <= 100:
        out.append(issue("plausibility-share-range",
                         f"比重{value:g}%不在 0—100 之间：请核对（是否把小数 0.45 写成了 45 以外的数，或多写了位数）。"))
    stat = next((s for s in store.statistics() if s.id == task.row.statistic), None)
    if value < 0 and (form is m.TargetForm.COUNT or (form is m.TargetForm.LEVEL and stat is not None
                                                      and stat.additive)):
        out.append(issue("plausibility-negative", f"数值{value:g}{unit}为负数，而该指标是数量或总量，不能为负：请核对。"))
    if out or form in (m.TargetForm.GROWTH_RATE, m.TargetForm.CUMULATIVE_SUM,
                       m.TargetForm.CUMULATIVE_REDUCTION) or unit != ind.unit:
        return out
    hist = _history(store, task)
    refs = []
    if hist:
        refs.append((hist[-1].value, f"{hist[-1].period.label}的值"))
    if ind.base_value is not None:
        refs.append((ind.base_value, f"基期（{ind.base_year or '—'}年）值"))
    if ind.target_value is not None:
        refs.append((ind.target_value, f"目标（{ind.target_year or '—'}年）值"))
    for ref, what in refs:
        found = _slip(value, ref, what, unit)
        if found:
            out.append(found)
            break
    county = _county_sum(store, task, value, stat)
    if county:
        out.append(county)
    return out


def _county_sum(store: Store, task: Task, value: float, stat: m.Statistic | None) -> Issue | None:
    if stat is None or not stat.additive:
        return None
    region = next((r for r in store.regions() if r.id == task.row.region_id), None)
    if region is None or not region.parent:
        return None
    period = task.row.period

    def val(rid: str) -> float | None:
        obs = [o for o in store.observations(stat.id, rid)
               if o.period.code == period and o.kind in m.VALUE_KINDS and o.unit == task.row.unit]
        return obs[-1].value if obs else None

    total = val(region.parent)
    if total is None:
        return None
    others = sum(v for r in store.regions() if r.parent == region.parent and r.id != region.id
                 and (v := val(r.id)) is not None)
    if others + value <= total * 1.001:
        return None
    parent = next((r.name for r in store.regions() if r.id == region.parent), region.parent)
    return issue("plausibility-county-sum",
                 f"加上此数值{value:g}{task.row.unit}，各区县{period}年合计{others + value:g}{task.row.unit}，"
                 f"超过{parent}全市{total:g}{task.row.unit}：请核对数值和单位；确认无误请在说明中写明原因。")


def _history(store: Store, task: Task) -> list[m.Observation]:
    obs = [o for o in store.observations(task.row.statistic, task.row.region_id)
           if o.kind in m.VALUE_KINDS and o.period.is_full_year and o.period.year_of_end < task.year]
    return sorted(obs, key=lambda o: o.period.year_of_end)


def _outlier(store: Store, task: Task, value: float) -> str | None:
    hist = _history(store, task)
    if not hist or hist[-1].value == 0:
        return None
    last = hist[-1]
    change = value / last.value - 1
    past = [abs(b.value / a.value - 1) for a, b in zip(hist, hist[1:], strict=False) if a.value]
    limit = max(OUTLIER_FLOOR, OUTLIER_FACTOR * max(past, default=0.0))
    if abs(change) <= limit:
        return None
    return (f"与{last.period.label}的{last.value:g}相比变化{change * 100:+.1f}%，"
            f"超过±{limit * 100:.0f}%（以往最大年变化的{OUTLIER_FACTOR:g}倍，且不少于"
            f"{OUTLIER_FLOOR * 100:.0f}%）")


def _indicator_for(store: Store, task: Task) -> m.Indicator:
    ind = store.indicator(task.row.indicator_id)
    plan = store.plan(ind.plan)
    if task.row.region_id == plan.region:
        return ind
    roles: dict[str, m.Decomposition] = {}
    for d in store.decompositions(ind.id):
        if d.region == task.row.region_id and (d.role not in roles or d.year > roles[d.role].year):
            roles[d.role] = d
    return county_indicator(ind, roles.get("base"), roles.get("target"))


def _judge(store: Store, task: Task, value: float, chk: Check) -> None:
    """Assess the indicator at the end of the reported year as if the value were accepted
    (Chinese rule): is the value itself behind the schedule for its year?"""
    try:
        meth = get_method("china")
    except ConfigError:
        return
    ind = _indicator_for(store, task)
    when = m.Period(task.row.period).end_date
    bundle = bundle_for(store, ind, task.row.region_id, when)
    kind = m.ObservationKind.LEVEL
    if ind.target_form is m.TargetForm.SHARE:
        kind = m.ObservationKind.SHARE
    elif ind.target_form is m.TargetForm.COUNT:
        kind = m.ObservationKind.COUNT
    elif ind.target_form is m.TargetForm.INDEX:
        kind = m.ObservationKind.INDEX
    new = m.Observation(task.row.statistic, task.row.region_id, m.Period(task.row.period), kind,
                        value, task.row.unit, m.SourceRef(note="待审核的填报值"))
    others = tuple(o for o in bundle.observations if o.key != new.key)
    a = meth.assess(dataclasses.replace(bundle, observations=(*others, new)), meth.Config(), when)
    chk.behind = a.status is Status.BEHIND
    chk.status_label = a.label


def observation_kind(store: Store, indicator_id: str) -> str:
    form = store.indicator(indicator_id).target_form
    return {m.TargetForm.SHARE: "share", m.TargetForm.COUNT: "count",
            m.TargetForm.INDEX: "index"}.get(form, "level")


# -- completeness by reporter (报送状态) ---------------------------------------------------------


@dataclass(frozen=True)
class ReporterStatus:
    scope: str
    name: str
    kind: str  # region | department
    total: int
    reported: int
    pending: int
    overdue: int
    overdue_tasks: tuple[Task, ...]

    @property
    def complete(self) -> float | None:
        return self.reported / self.total if self.total else None


def reporters(store: Store) -> list[tuple[str, str, str]]:
    """(scope, name, kind) of every county under a plan's region and every department."""
    plan_regions = {p.region for p in store.plans()}
    out = [(r.id, r.name, "region") for r in store.regions()
           if r.parent in plan_regions or r.id in plan_regions]
    out += [(d.id, d.name, "department") for d in store.departments()]
    return out


class _Snapshot:
    """The store as one page sees it: every read asked more than once (the regions, the plans,
    all decompositions, a series' values) is answered from memory after the first time, and a
    county's values come with the other counties' in one query. 报送状态 builds every reporter's
    tasks for every year from the same few reads instead of re-reading them per reporter, year
    and row."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._values: dict[tuple[str, str], list[m.Observation]] | None = None
        self._pairs: set[tuple[str, str]] = set()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name not in _MEMO or not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            key = (name, args, tuple(sorted(kwargs.items())))
            if key not in self._memo:
                self._memo[key] = attr(*args, **kwargs)
            return self._memo[key]

        return call

    def observations(self, statistic: str | None = None, region: str | None = None,
                     **kwargs: Any) -> list[m.Observation]:
        if kwargs or statistic is None or region is None:
            return self._store.observations(statistic, region, **kwargs)
        if self._values is None:  # every series any reporter needs, in one set-based read
            plans = self._store.plans()
            pairs = {(i.statistic, p.region) for p in plans for i in self.indicators(p.id)
                     if i.statistic}
            stats = {i.id: i.statistic for i in self.indicators()}
            pairs |= {(stats[d.indicator], d.region) for d in self.decompositions()
                      if stats.get(d.indicator)}
            self._pairs = pairs  # type: ignore[assignment]
            self._values = self._store.series_values(self._pairs, kinds=m.VALUE_KINDS)
        if (statistic, region) in self._pairs:  # the callers here look at values only
            return list(self._values.get((statistic, region), []))
        return self._store.observations(statistic, region)


_MEMO = frozenset({"plans", "regions", "departments", "indicators", "indicator", "decompositions",
                   "statistics", "plan", "candidates"})


def status_by_reporter(store: Store, today: dt.date, *, year: int | None = None) -> list[ReporterStatus]:
    years = [year] if year else reporting_years(store, today)
    store = _Snapshot(store)  # type: ignore[assignment]
    out = []
    for scope, name, kind in reporters(store):
        ts = tasks(store, scope, today, years=years)
        if not ts:
            continue
        over = tuple(t for t in ts if t.state == "overdue")
        out.append(ReporterStatus(
            scope, name, kind, len(ts), sum(t.state == "reported" for t in ts),
            sum(t.state == "pending" for t in ts), len(over), over,
        ))
    return out


def reminder_text(status: ReporterStatus, today: dt.date) -> str:
    """A reminder the planning office can send (text only; planwatch sends no mail)."""
    items = "；".join(f"{t.row.indicator_name}（{t.row.period_label}，应于{t.due.isoformat()}前报送）"
                     for t in status.overdue_tasks[:10])
    more = f"等{len(status.overdue_tasks)}项" if len(status.overdue_tasks) > 10 else ""
    return (f"{status.name}：截至{today.isoformat()}，以下数据逾期未报：{items}{more}。"
            "请尽快在“数据报送”中填报或上传填报表。")


def scope_names(store: Store) -> dict[str, str]:
    return {s: n for s, n, _ in reporters(store)}


def years_label(years: Iterable[int]) -> str:
    ys = list(years)
    return f"{ys[0]}—{ys[-1]}年" if ys else "—"


# -- submitting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    candidate_id: int
    check: Check


def submit_value(
    store: Store, task: Task, check: Check, *, source_title: str, source_url: str,
    explanation: str, actor: str, origin: str = "web",
) -> Submission:
    """Queue a checked value for review. Raises :class:`ConfigError` (nothing written) when the
    value has errors, the source is missing, or an explanation is required and missing."""
    problems = list(check.errors)
    title, url, why = source_title.strip(), source_url.strip(), explanation.strip()
    if not title and not url:
        problems.append("请填写数据来源：文件名称（如统计公报、年鉴）或网址。")
    if url and not url.lower().startswith(("http://", "https://")):
        problems.append(f"来源网址“{url}”应以 http:// 或 https:// 开头。")
    if check.needs_explanation and not why:
        problems.append("请填写说明：" + " ".join(check.warnings))
    if problems or check.value is None:
        raise ConfigError("未提交，请修改后重试：" + " ".join(problems))
    item = CandidateInput(
        origin=origin, kind=observation_kind(store, task.row.indicator_id), value=check.value,
        unit=task.row.unit, statistic=task.row.statistic, indicator=task.row.indicator_id,
        region=task.row.region_id, period=task.row.period, text=None, status="final",
        explanation=why or None,
        source=m.SourceRef(title=title or None, url=url or None,
                           date=dt.date.today().isoformat(), note=f"{actor} 经网页填报"),
    )
    created = store.submit_candidates([item], submitter=actor, batch=f"web:{actor}")
    return Submission(created[0].id, check)


# -- what the reviewer sees beside a queued value ------------------------------------------------


@dataclass(frozen=True)
class ReviewContext:
    base: float | None
    base_year: int | None
    target: float | None
    target_year: int | None
    previous: float | None
    previous_label: str | None
    change_pct: float | None  # against the previous value
    schedule: float | None  # the year's value on the schedule path (entered or derived milestone)
    series: tuple[tuple[str, float], ...]  # earlier yearly values, for a sparkline
    checks: tuple[tuple[str, str], ...]  # (code, message) of every check the value raises


def review_context(store: Store, indicator: str | None, region: str | None, period: str | None,
                   value: float | None, today: dt.date) -> ReviewContext | None:
    """Base, target, previous value, change, schedule-path value and the raised checks of a
    queued value (for annual values of a plan indicator in a region that reports it)."""
    if not (indicator and region and period and value is not None and re.fullmatch(r"\d{4}", period)):
        return None
    try:
        ind = store.indicator(indicator)
        reg = next(r for r in store.regions() if r.id == region)
    except (StopIteration, Exception):  # noqa: BLE001 - no context for unknown keys
        return None
    if not ind.statistic:
        return None
    year = int(period)
    task = Task(template_row(store, ind, reg, m.Period.year(year), "", ""), year, due_date(year), "pending")
    local = _indicator_for(store, task)
    hist = _history(store, task)
    prev = hist[-1] if hist else None
    change = (value / prev.value - 1) * 100 if prev and prev.value else None
    chk = check_value(store, task, repr(value), today=today)
    schedule = None
    if local.base_value is not None and local.target_value is not None and local.base_year \
            and local.target_year and local.target_year > local.base_year:
        f = (year - local.base_year) / (local.target_year - local.base_year)
        schedule = local.base_value + (local.target_value - local.base_value) * f
    return ReviewContext(
        local.base_value, local.base_year, local.target_value, local.target_year,
        prev.value if prev else None, prev.period.label if prev else None, change, schedule,
        tuple((o.period.label, o.value) for o in hist[-8:]),
        tuple((i.code, i.message) for i in chk.raised) + tuple(("error", e) for e in chk.errors
                                                               if e not in {i.message for i in chk.raised}),
    )
