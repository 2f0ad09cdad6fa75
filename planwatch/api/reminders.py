"""Reminder e-mails (催报) to the contacts of units with due or overdue reporting tasks.

Sent through the SMTP server configured by the ``PLANWATCH_SMTP_HOST`` … settings (docs/deploy.md),
on demand from the 报送状态 page or on a schedule (``planwatch remind``). Every send — delivered
or refused by the server — is appended to the audit log (action ``remind``). The same text stays
available to copy for those who send it by 浙政钉 or phone.

Recipients: a department reporter's own contacts; for a county, the contacts of the units named
as lead unit (牵头单位) of its open tasks and of a unit registered under the county's own id.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from planwatch import model as m
from planwatch.api import submissions
from planwatch.errors import ConfigError
from planwatch.store import Store

SOON_DAYS = 14  # a task due within this many days is reminded too
SECURITY = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 25
    security: str = "starttls"  # none | starttls | ssl
    user: str = ""
    password: str = ""
    sender: str = ""
    timeout: float = 30.0

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """PLANWATCH_SMTP_HOST, _PORT, _SECURITY, _USER, _PASSWORD_FILE, _FROM (docs/deploy.md)."""
        e = os.environ if env is None else env
        host = e.get("PLANWATCH_SMTP_HOST", "").strip()
        security = (e.get("PLANWATCH_SMTP_SECURITY", "") or "starttls").strip().lower()
        if security not in SECURITY:
            raise ConfigError(f"PLANWATCH_SMTP_SECURITY“{security}”无效，应为 none、starttls 或 ssl。")
        port_text = (e.get("PLANWATCH_SMTP_PORT", "") or ("465" if security == "ssl" else "25")).strip()
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"PLANWATCH_SMTP_PORT“{port_text}”无效，应为 1—65535 的端口号，如 25、465、587。")
        password = ""
        pw_file = e.get("PLANWATCH_SMTP_PASSWORD_FILE", "").strip()
        if pw_file:
            try:
                password = Path(pw_file).expanduser().read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"无法读取 SMTP 密码文件“{pw_file}”：{exc.strerror}") from None
        return cls(host=host, port=int(port_text), security=security,
                   user=e.get("PLANWATCH_SMTP_USER", "").strip(), password=password,
                   sender=e.get("PLANWATCH_SMTP_FROM", "").strip())


@dataclass(frozen=True)
class Reminder:
    scope: str
    name: str
    recipients: tuple[tuple[str, str], ...]  # (name, e-mail)
    overdue: tuple[submissions.Task, ...]
    soon: tuple[submissions.Task, ...]
    text: str  # the copyable reminder text (also the mail body)

    @property
    def subject(self) -> str:
        parts = []
        if self.overdue:
            parts.append(f"{len(self.overdue)}项逾期未报")
        if self.soon:
            parts.append(f"{len(self.soon)}项即将截止")
        return f"【数据报送提醒】{self.name}：" + "、".join(parts)


@dataclass(frozen=True)
class SendResult:
    scope: str
    name: str
    to: tuple[str, ...]
    sent: bool
    message: str  # Chinese: delivered to …, or why not


def _line(t: submissions.Task) -> str:
    return f"{t.row.indicator_name}（{t.row.region_name}，{t.row.period_label}，应于{t.due.isoformat()}前报送）"


def reminder_text(name: str, overdue: Sequence[submissions.Task], soon: Sequence[submissions.Task],
                  today: dt.date) -> str:
    out = [f"{name}：截至{today.isoformat()}，"]
    if overdue:
        out.append(f"以下{len(overdue)}项数据逾期未报：" + "；".join(_line(t) for t in overdue[:20])
                   + ("等" if len(overdue) > 20 else "") + "。")
    if soon:
        out.append(f"以下{len(soon)}项数据即将截止：" + "；".join(_line(t) for t in soon[:20])
                   + ("等" if len(soon) > 20 else "") + "。")
    out.append("请尽快在“数据报送”中填报或上传填报表。")
    return "".join(out)


def _contacts(units: Sequence[m.Department]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for u in units:
        for c in u.contacts:
            if c.email and (c.name, c.email) not in out:
                out.append((c.name, c.email))
    return out


def reminders(store: Store, today: dt.date, *, scope: str | None = None,
              soon_days: int = SOON_DAYS) -> list[Reminder]:
    """One reminder per reporter with overdue tasks or tasks due within ``soon_days`` days."""
    from planwatch.api.responsibilities import responsibility_map

    units = {d.id: d for d in store.departments()}
    duties = responsibility_map(store)
    out = []
    for s in submissions.status_by_reporter(store, today):
        if scope and s.scope != scope:
            continue
        ts = submissions.tasks(store, s.scope, today) if s.total else []
        overdue = tuple(t for t in ts if t.state == "overdue")
        soon = tuple(t for t in ts if t.state == "due" and (t.due - today).days <= soon_days)
        if not overdue and not soon:
            continue
        if s.kind == "department":
            who = [units[s.scope]] if s.scope in units else []
        else:
            leads = {duties[t.key[:2]].lead for t in (*overdue, *soon) if t.key[:2] in duties}
            who = [units[u] for u in sorted(leads) if u in units]
            if s.scope in units:
                who.insert(0, units[s.scope])
        out.append(Reminder(s.scope, s.name, tuple(_contacts(who)), overdue, soon,
                            reminder_text(s.name, overdue, soon, today)))
    return out


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.security == "ssl":
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                context=ssl.create_default_context())
    conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    if smtp.security == "starttls":
        conn.starttls(context=ssl.create_default_context())
    return conn


def send(store: Store, items: Sequence[Reminder], *, actor: str,
         smtp: SmtpSettings | None = None) -> list[SendResult]:
    """Send each reminder by e-mail to its unit's contacts; every attempt is audited."""
    smtp = smtp or SmtpSettings.from_env()
    if not smtp.configured:
        raise ConfigError("未配置发信服务器：请设置 PLANWATCH_SMTP_HOST 和 PLANWATCH_SMTP_FROM"
                          "（见部署说明 docs/deploy.md）。未发送任何邮件；可复制提醒文字另行发送。")
    results: list[SendResult] = []
    conn: smtplib.SMTP | None = None
    try:
        for r in items:
            to = tuple(addr for _, addr in r.recipients)
            if not to:
                results.append(SendResult(r.scope, r.name, (), False,
                                          f"{r.name}未登记联系人电子邮箱，未发送；请在“单位与责任”中登记，或复制提醒文字另行发送。"))
                store.record_event(actor=actor, action="remind", entity="reminder", entity_id=r.scope,
                                   after={"sent": False, "subject": r.subject, "to": []},
                                   comment=results[-1].message)
                continue
            msg = EmailMessage()
            msg["Subject"] = r.subject
            msg["From"] = smtp.sender
            msg["To"] = ", ".join(formataddr((n, a)) for n, a in r.recipients)
            msg["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
            msg.set_content(r.text + "\n\n（本邮件由规划实施监测评估系统发送。）\n")
            try:
                if conn is None:
                    conn = _connect(smtp)
                    if smtp.user:
                        conn.login(smtp.user, smtp.password)
                conn.send_message(msg)
                result = SendResult(r.scope, r.name, to, True, f"已发送给{r.name}的{'、'.join(to)}。")
            except (smtplib.SMTPException, OSError) as exc:
                conn = None
                result = SendResult(r.scope, r.name, to, False,
                                    f"发给{r.name}的提醒未送达：发信服务器 {smtp.host}:{smtp.port} 报错（{exc}）。"
                                    "请检查 PLANWATCH_SMTP_HOST 等发信设置，或复制提醒文字另行发送。")
            results.append(result)
            store.record_event(actor=actor, action="remind", entity="reminder", entity_id=r.scope,
                               after={"sent": result.sent, "subject": r.subject, "to": list(to),
                                      "overdue": len(r.overdue), "soon": len(r.soon)},
                               comment=result.message)
    finally:
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return results
