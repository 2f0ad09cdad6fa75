"""消息 (in-app messages) for reporters and reviewers, and withdrawing a value still waiting for
review (撤回) from the 数据报送 page or the JSON API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Form
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch import api
from planwatch.errors import PermissionDenied
from planwatch.web.context import documented
from planwatch.web.deps import CtxDep
from planwatch.web.permissions import ADMIN


@dataclass
class MessageItem:
    """One in-app message."""

    at: str = documented("时间（北京时间，日期或到分钟）", "")
    kind: str = documented("类别代码：rejected | accepted | corrected | new-task | deadline | overdue | pending | withdrawn", "")
    kind_label: str = documented("类别", "")
    title: str = documented("标题", "")
    text: str = documented("内容", "")
    href: str | None = documented("相关页面")


@dataclass
class MessagesPage:
    """消息 ``/messages`` (template ``messages.html``)."""

    as_of: str = documented("日期", "")
    items: list[MessageItem] = documented("消息（新的在前）", default_factory=list)
    note: str | None = documented("说明")


def _beijing(at: str) -> str:
    """A stored UTC timestamp shown in Beijing time (dates stay dates)."""
    if "T" not in at:
        return at
    try:
        t = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def messages_page(ctx: CtxDep) -> MessagesPage:
    """消息：填报人看到退回（含审核意见）、采用、新任务、即将截止和逾期；审核人看到待审核、撤回和逾期单位。"""
    assert ctx.user is not None
    today = dt.date.today()
    found = api.messages.messages_for(ctx.db, ctx.user, today)
    page = MessagesPage(as_of=today.isoformat(), items=[
        MessageItem(at=_beijing(msg.at), kind=msg.kind, kind_label=msg.kind_label, title=msg.title,
                    text=msg.text, href=msg.href) for msg in found])
    if not found:
        page.note = "暂无消息。"
    return page


def withdraw_submit(
    ctx: CtxDep,
    indicator: str = Form(..., max_length=150),
    region: str = Form(..., max_length=50),
    period: str = Form(..., max_length=30, pattern=r"^\d{4}$"),
) -> Response:
    """撤回本账号报送、尚未审核的数值（记入审计日志）。"""
    user = ctx.user
    assert user is not None
    own = user.scope_region or user.scope_department
    if user.role != ADMIN:
        if own is None:
            raise PermissionDenied("本账号没有填报范围。")
        api.submissions.find_task(ctx.db, own, indicator, region, period, dt.date.today())
    c = api.messages.withdraw_task_value(ctx.db, ctx.actor, indicator, region, period)
    scope = f"&scope={region}" if ctx.user and ctx.user.role == ADMIN else ""
    return RedirectResponse(f"/report?withdrawn={c.id}{scope}", status_code=303)


class WithdrawBody(BaseModel):
    version: int = Field(ge=1, le=2**31 - 1, description="记录的版本号")


@dataclass
class WithdrawResult:
    """The JSON answer of a withdrawn submission."""

    candidate_id: int = documented("记录编号", 0)
    state: str = documented("状态", "withdrawn")
    state_label: str = documented("状态名称", "已撤回")


def api_withdraw(candidate_id: int, ctx: CtxDep, body: WithdrawBody) -> WithdrawResult:
    """撤回本账号报送、尚未审核的数值（JSON；管理员可撤回任何人的）。已审核或版本过期时返回 409，非本人报送返回 403。"""
    c = api.messages.withdraw(ctx.db, candidate_id, version=body.version, actor=ctx.actor,
                              any_submitter=bool(ctx.user and ctx.user.role == ADMIN))
    return WithdrawResult(candidate_id=c.id)
