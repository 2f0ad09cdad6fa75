"""planwatch remind: reminder e-mails (催报) to units with due or overdue reporting tasks."""

from __future__ import annotations

import datetime as dt
import json

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import echo


@cli.command()
@click.option("--scope", default=None, help="只提醒一个填报单位（区县或部门编号）。")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="按哪一天判断逾期，默认今天。")
@click.option("--dry-run", is_flag=True, help="只列出提醒文字和收件人，不发送邮件。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.option("--user", "actor", default="cli", show_default=True, help="操作人（记入审计日志）。")
@pass_ctx
def remind(ctx: Context, scope: str | None, as_of: str | None, dry_run: bool, as_json: bool,
           actor: str) -> None:
    """向有逾期或即将截止（14 天内）数据的单位联系人发送催报邮件（发信服务器见部署说明的 PLANWATCH_SMTP_HOST 等设置）；每次发送记入审计日志。可由 cron/systemd 定时运行。

    示例：

    \b
    planwatch remind --dry-run
    """
    try:
        today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"日期“{as_of}”无效，应为 YYYY-MM-DD，例如 2024-04-15。",
                                 param_hint="--as-of") from None
    items = api.reminders.reminders(ctx.store, today, scope=scope)
    if dry_run:
        if as_json:
            echo(json.dumps([{"scope": r.scope, "name": r.name, "subject": r.subject,
                                    "to": [a for _, a in r.recipients], "text": r.text}
                                   for r in items], ensure_ascii=False, indent=2))
        else:
            for r in items:
                to = "、".join(a for _, a in r.recipients) or "（未登记邮箱）"
                echo(f"{r.subject}\n  收件人：{to}\n  {r.text}\n")
            echo(f"共 {len(items)} 个单位需要提醒（未发送）。")
        return
    results = api.reminders.send(ctx.store, items, actor=actor)
    if as_json:
        echo(json.dumps([{"scope": x.scope, "name": x.name, "to": list(x.to), "sent": x.sent,
                                "message": x.message} for x in results], ensure_ascii=False, indent=2))
    else:
        for x in results:
            echo(("已发送  " if x.sent else "未发送  ") + x.message)
        echo(f"共 {len(results)} 个单位：已发送 {sum(x.sent for x in results)}，"
                   f"未发送 {sum(not x.sent for x in results)}。")
    if any(not x.sent for x in results):
        raise SystemExit(1)
