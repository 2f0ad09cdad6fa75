"""In-app messages (消息) for reporters and reviewers, and withdrawing a pending submission.

Messages are read from what the store already records — submissions and their decisions, the
reporting tasks and their deadlines — so nothing has to be sent or kept in step:

* a reporter sees the decision on each value the account submitted (已退回 with the reviewer's
  comment, 已采用, 已更正), the year's new reporting tasks, deadlines within
  :data:`SOON_DAYS` days and overdue tasks;
* a reviewer (and an admin) sees the values waiting for review, values withdrawn by their
  submitters, and the units with overdue data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planwatch.api import submissions
from planwatch.store import Candidate, Store
from planwatch.store.users import User

SOON_DAYS = 14
KIND_LABELS = {"rejected": "退回", "accepted": "采用", "corrected": "更正", "new-task": "新任务",
               "deadline": "即将截止", "overdue": "逾期", "pending": "待审核", "withdrawn": "撤回"}


@dataclass(frozen=True)
class Message:
    at: str  # when it happened (ISO date or timestamp, UTC for timestamps)
    kind: str  # a key of KIND_LABELS
    title: str
    text: str
    href: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def withdraw(store: Store, candidate_id: int, *, version: int, actor: str,
             any_submitter: bool = False) -> Candidate:
    """Take back one's own value while it waits for review (audited); ``any_submitter`` for
    admins."""
    return store.withdraw_candidate(candidate_id, version=version, actor=actor,
                                    any_submitter=any_submitter)


def withdraw_task_value(store: Store, actor: str, indicator: str, region: str, period: str) -> Candidate:
    """Withdraw the account's pending value for a task key (the 数据报送 page's button)."""
    from planwatch.errors import NotFound

    for c in store.candidates("pending"):
        if (c.indicator, c.region, c.period) == (indicator, region, period) and c.submitted_by == actor:
            return withdraw(store, c.id, version=c.version, actor=actor)
    raise NotFound(f"没有本账号报送的、待审核的“{indicator}”{period}年数值可撤回（可能已审核或已撤回），"
                   "请刷新页面查看。")


def _names(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    return ({i.id: i.name for i in store.indicators()}, {r.id: r.name for r in store.regions()})


def _value(c: Candidate) -> str:
    v = c.value
    return "—" if v is None else (f"{v:g}" if abs(v) < 1e15 else str(v)) + (c.unit or "")


def reporter_messages(store: Store, user: User, today: dt.date) -> list[Message]:
    inds, regions = _names(store)
    out: list[Message] = []
    for c in store.candidates(None):
        if c.submitted_by != user.username or c.state.value in ("pending", "withdrawn"):
            continue
        what = f"{inds.get(c.indicator or '', c.indicator or c.statistic or '')}" \
               f"（{regions.get(c.region or '', c.region or '')}，{c.period or '—'}年）"
        if c.state.value == "rejected":
            out.append(Message(c.reviewed_at or "", "rejected", f"已退回：{what}",
                               f"报送的 {_value(c)} 被{c.reviewed_by}退回。审核意见：{c.review_comment}。"
                               "请更正后重新报送。",
                               f"/report/entry?indicator={c.indicator}&region={c.region}&period={c.period}"
                               if c.indicator else "/report"))
        else:
            fixed = (f"，更正为 {c.corrected_value:g}{c.corrected_unit or c.unit or ''}"
                     if c.state.value == "corrected" and c.corrected_value is not None else "")
            out.append(Message(c.reviewed_at or "", c.state.value,
                               f"{'已更正' if fixed else '已采用'}：{what}",
                               f"报送的 {_value(c)} 已由{c.reviewed_by}审核采用{fixed}"
                               + (f"。审核意见：{c.review_comment}" if c.review_comment else "") + "。",
                               "/report"))
    scope = user.scope_region or user.scope_department
    if scope:
        out += _task_messages(submissions.tasks(store, scope, today), today)
    return sorted(out, key=lambda msg: msg.at, reverse=True)


def _task_messages(tasks: list[submissions.Task], today: dt.date) -> list[Message]:
    out: list[Message] = []
    by_year: dict[int, list[submissions.Task]] = {}
    for t in tasks:
        by_year.setdefault(t.year, []).append(t)
    for year, ts in sorted(by_year.items()):
        open_ = [t for t in ts if t.state in ("due", "overdue")]
        if not open_:
            continue
        names = "、".join(t.row.indicator_name for t in open_[:5]) + (f"等{len(open_)}项" if len(open_) > 5 else "")
        due = min(t.due for t in open_)
        out.append(Message(dt.date(year + 1, 1, 1).isoformat(), "new-task", f"{year}年数据报送任务",
                           f"{year}年有{len(open_)}项数据待报送：{names}。截止日期 {due.isoformat()}。",
                           f"/report?year={year}"))
        over = [t for t in open_ if t.state == "overdue"]
        soon = [t for t in open_ if t.state == "due" and 0 <= (t.due - today).days <= SOON_DAYS]
        if over:
            out.append(Message(today.isoformat(), "overdue", f"{year}年数据逾期未报",
                               f"{len(over)}项已过截止日期（{min(t.due for t in over).isoformat()}）仍未报送："
                               + "、".join(t.row.indicator_name for t in over[:5])
                               + (f"等{len(over)}项" if len(over) > 5 else "") + "。请尽快填报。",
                               f"/report?year={year}"))
        if soon:
            out.append(Message(today.isoformat(), "deadline", f"{year}年数据即将截止",
                               f"{len(soon)}项将于 {min(t.due for t in soon).isoformat()} 截止："
                               + "、".join(t.row.indicator_name for t in soon[:5])
                               + (f"等{len(soon)}项" if len(soon) > 5 else "") + "。",
                               f"/report?year={year}"))
    return out


def reviewer_messages(store: Store, today: dt.date) -> list[Message]:
    inds, regions = _names(store)
    out: list[Message] = []
    pending = store.candidates("pending")
    if pending:
        newest = pending[-1]
        out.append(Message(newest.submitted_at, "pending", f"待审核 {len(pending)} 条",
                           f"最新一条：{newest.submitted_by} 报送的"
                           f"{inds.get(newest.indicator or '', newest.statistic or '')}"
                           f"（{regions.get(newest.region or '', newest.region or '')}，{newest.period or '—'}）"
                           f"{_value(newest)}。", "/review"))
    for c in store.candidates("withdrawn"):
        out.append(Message(c.reviewed_at or "", "withdrawn", f"已撤回：#{c.id}",
                           f"{c.submitted_by} 撤回了待审核的"
                           f"{inds.get(c.indicator or '', c.indicator or '')}（{c.period or '—'}年）{_value(c)}。",
                           None))
    late = [s for s in submissions.status_by_reporter(store, today) if s.overdue]
    if late:
        names = "、".join(s.name for s in late[:8]) + (f"等{len(late)}个单位" if len(late) > 8 else "")
        out.append(Message(today.isoformat(), "overdue", f"{len(late)}个单位有逾期未报数据",
                           f"{names}有逾期未报的数据，可在“报送状态”页发送催报邮件或复制催报文字。",
                           "/report/status"))
    return sorted(out, key=lambda msg: msg.at, reverse=True)


def messages_for(store: Store, user: User, today: dt.date) -> list[Message]:
    """The messages an account sees: a reporter's own, a reviewer's (an admin with a reporting
    scope sees both)."""
    out: list[Message] = []
    if user.role == "reporter" or (user.role == "admin" and (user.scope_region or user.scope_department)):
        out += reporter_messages(store, user, today)
    if user.role in ("reviewer", "admin"):
        out += reviewer_messages(store, today)
    return sorted(out, key=lambda msg: msg.at, reverse=True)
