"""催报邮件 from the 报送状态 page: send the reminder of one unit, or of every unit with due or
overdue data, through the configured SMTP server (each send audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Form
from fastapi.responses import Response

from planwatch import api
from planwatch.errors import ConfigError
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.render import render


def status_extra(ctx: Ctx, page: Any) -> dict[str, Any]:
    """Whether e-mail can be sent (the page then offers the buttons)."""
    try:
        smtp = api.reminders.SmtpSettings.from_env()
    except ConfigError as exc:
        return {"smtp_configured": False, "smtp_note": str(exc)}
    note = None if smtp.configured else ("未配置发信服务器（PLANWATCH_SMTP_HOST、PLANWATCH_SMTP_FROM），"
                                         "不能发送邮件；可复制提醒文字另行发送。")
    return {"smtp_configured": smtp.configured, "smtp_note": note}


def remind_submit(
    ctx: CtxDep,
    scope: str = Form("", max_length=100),
) -> Response:
    """发送催报邮件：一个单位（scope）或全部有逾期或即将截止数据的单位（scope 为空）。"""
    from planwatch.web.views.submissions import status_page

    today = dt.date.today()
    items = api.reminders.reminders(ctx.db, today, scope=scope or None)
    page = status_page(ctx, year=None)
    extra = status_extra(ctx, page)
    if not items:
        extra["remind_results"] = ["没有逾期或即将截止的数据需要提醒，未发送邮件。"]
        return render(ctx, "submission_status.html", page, extra=extra)
    try:
        results = api.reminders.send(ctx.db, items, actor=ctx.actor)
    except ConfigError as exc:
        extra["remind_results"] = [str(exc)]
        return render(ctx, "submission_status.html", page, extra=extra, status_code=400)
    extra["remind_results"] = [("已发送：" if x.sent else "未发送：") + x.message for x in results]
    return render(ctx, "submission_status.html", page, extra=extra)
