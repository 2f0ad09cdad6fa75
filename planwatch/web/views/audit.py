"""审计日志 people can read: Chinese action and object names, Beijing time, who (with the
account's display name), the object with a link, a field-by-field before → after view; filters
by user, object, action and date; paging; CSV export (UTF-8 with BOM, so Excel shows Chinese)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Query
from fastapi.responses import Response

from planwatch.errors import ConfigError
from planwatch.web.context import Option, documented
from planwatch.web.deps import Ctx, CtxDep

BEIJING = dt.timezone(dt.timedelta(hours=8))
PER_PAGE = 50
CSV_LIMIT = 100_000

ACTIONS = {
    "create": "新建", "insert": "新增", "update": "修改", "delete": "删除", "import": "导入",
    "submit": "报送数值", "accept": "审核接受", "correct": "更正后接受", "reject": "退回",
    "withdraw": "撤回报送", "review": "审核进展", "report": "报送进展", "assign": "分派任务",
    "generate": "生成报告或评估表", "remind": "发送催报邮件", "login": "登录",
    "login-failed": "登录失败", "login-locked": "锁定期间尝试登录", "lockout": "锁定登录",
    "unlock": "解锁账号", "unlock-address": "解锁地址", "logout": "退出登录",
    "set-password": "修改密码", "enable": "启用账号", "disable": "停用账号",
}
ENTITIES = {
    "candidate": "报送或抽取的数值", "observation": "观测值", "user": "账号", "login": "登录",
    "responsibility": "责任分解", "department": "单位", "reminder": "催报", "plan": "规划",
    "generated_file": "生成的报告或评估表", "plan_task": "重点任务", "project": "重大工程项目",
    "progress": "进展报送", "milestone": "节点", "decomposition": "分解目标", "indicator": "指标",
    "narrative_target": "文字目标", "annual_target": "年度目标", "statistic": "统计指标",
    "region": "地区", "document": "文档", "dataset": "数据集",
}
FIELDS = {
    "value": "数值", "unit": "单位", "state": "状态", "version": "版本", "period": "时期",
    "region": "地区", "statistic": "统计指标", "indicator": "指标", "kind": "类型",
    "comment": "说明", "review_comment": "审核意见", "reviewed_by": "审核人", "reviewed_at": "审核时间",
    "submitted_by": "报送人", "submitted_at": "报送时间", "explanation": "报送说明", "origin": "来源渠道",
    "source_title": "来源名称", "source_url": "来源网址", "source_document": "来源文档",
    "source_line": "来源行号", "source_date": "来源日期", "source_note": "来源备注", "batch": "批次",
    "corrected_value": "更正值", "corrected_unit": "更正单位", "observation_id": "观测值编号",
    "conflict": "冲突", "name": "名称", "title": "名称", "role": "角色", "display_name": "显示名",
    "scope_region": "填报地区", "scope_department": "填报部门", "active": "启用", "lead": "牵头单位",
    "co_units": "配合单位", "frequency": "报送频次", "deadline_days": "报送期限（天）",
    "grace_days": "宽限期（天）", "contacts": "联系人", "aliases": "别名", "note": "备注",
    "sent": "已送达", "subject": "邮件主题", "to": "收件人", "overdue": "逾期项数", "soon": "即将截止项数",
    "plan": "规划", "fmt": "格式", "as_of": "评估时点", "status": "状态", "candidate": "候选编号",
    "base_value": "基期值", "target_value": "目标值", "base_text": "基期原文", "target_text": "目标原文",
    "year": "年份", "address": "地址", "reason": "原因", "count": "次数",
}
VALUES = {
    "state": {"pending": "待审核", "accepted": "已接受", "corrected": "已更正并接受", "rejected": "已退回",
              "withdrawn": "已撤回", "confirmed": "已确认", "queued": "排队中", "running": "生成中",
              "done": "已完成", "failed": "失败"},
    "origin": {"web": "网页填报", "excel": "Excel 填报表", "api": "接口报送", "facts": "文档抽取"},
    "role": {"admin": "系统管理员", "reviewer": "评估审核人员", "reporter": "数据填报单位", "viewer": "查看人员"},
}
LINKS = {"plan": "/plans/{}", "indicator": "/indicators/{}", "plan_task": "/tasks/{}",
         "user": "/users", "department": "/units", "responsibility": "/units",
         "reminder": "/report/status", "generated_file": "/files/{}", "candidate": "/review?state=decided"}


@dataclass
class FieldChange:
    """One field of an audited change: before and after."""

    field: str = documented("字段代码", "")
    label: str = documented("字段", "")
    before: str = documented("修改前", "")
    after: str = documented("修改后", "")


@dataclass
class AuditRow:
    """One audit log entry as people read it: Chinese action, object with link, Beijing time."""

    id: int = documented("编号", 0)
    at: str = documented("时间（北京时间）", "")
    actor: str = documented("操作人（账号）", "")
    actor_name: str | None = documented("操作人姓名（账号的显示名）")
    action: str = documented("操作代码", "")
    action_label: str = documented("操作", "")
    entity: str = documented("对象类型代码", "")
    entity_label: str = documented("对象类型", "")
    entity_id: str = documented("对象编号", "")
    href: str | None = documented("对象链接")
    changes: list[FieldChange] = documented("逐字段的修改前 → 修改后", default_factory=list)
    comment: str | None = documented("说明")


@dataclass
class AuditLogPage:
    """审计日志 ``/audit`` (template ``audit.html``)."""

    actor: str | None = documented("按操作人筛选")
    entity: str | None = documented("按对象类型筛选")
    entity_id: str | None = documented("按对象编号筛选")
    action: str | None = documented("按操作筛选")
    since: str | None = documented("起始日期（北京时间，含）")
    until: str | None = documented("截止日期（北京时间，含）")
    actions: list[Option] = documented("可选操作", default_factory=list)
    entities: list[Option] = documented("可选对象类型", default_factory=list)
    page: int = documented("页码（从 1 开始）", 1)
    pages: int = documented("总页数", 1)
    per_page: int = documented("每页条数", PER_PAGE)
    total: int = documented("符合条件的记录总数", 0)
    query: str = documented("当前筛选条件（用于翻页与导出链接）", "")
    items: list[AuditRow] = documented("审计记录（新的在前）", default_factory=list)


def beijing(at: str | None) -> str:
    if not at:
        return ""
    try:
        t = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str):
        if len(v) >= 19 and v[4] == "-" and v[10] == "T":
            return beijing(v)
        return v
    return json.dumps(v, ensure_ascii=False)


def changes(before: Any, after: Any) -> list[FieldChange]:
    b = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    a = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    out = []
    for k in list(dict.fromkeys([*b, *a])):
        if k in b and k in a and b[k] == a[k]:
            continue
        names = VALUES.get(k, {})
        out.append(FieldChange(field=k, label=FIELDS.get(k, k),
                               before=names.get(str(b.get(k)), _value(b.get(k))),
                               after=names.get(str(a.get(k)), _value(a.get(k)))))
    return out


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{name}“{text}”无效：请填写 YYYY-MM-DD，例如 2026-04-01。") from None


def _utc(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(dt.UTC).isoformat(
        timespec="seconds")


def _query(ctx: Ctx, actor: str | None, entity: str | None, entity_id: str | None,
           action: str | None, since: str | None, until: str | None, *, limit: int,
           offset: int) -> tuple[list[Any], int]:
    start, end = _day(since, "起始日期"), _day(until, "截止日期")
    return ctx.store.audit_entries(
        actor=actor or None, entity=entity or None, entity_id=entity_id or None,
        action=action or None, since=_utc(start) if start else None,
        until=_utc(end + dt.timedelta(days=1)) if end else None, limit=limit, offset=offset)


def _rows(ctx: Ctx, entries: list[Any]) -> list[AuditRow]:
    names = {u.username: u.display_name for u in ctx.store.users()}
    out = []
    for e in entries:
        link = LINKS.get(e.entity)
        out.append(AuditRow(
            id=e.id, at=beijing(e.at), actor=e.actor, actor_name=names.get(e.actor),
            action=e.action, action_label=ACTIONS.get(e.action, e.action), entity=e.entity,
            entity_label=ENTITIES.get(e.entity, e.entity), entity_id=e.entity_id,
            href=link.format(quote(e.entity_id, safe="/")) if link else None,
            changes=changes(e.before, e.after), comment=e.comment))
    return out


def audit_page(
    ctx: CtxDep,
    actor: str | None = Query(None, max_length=100, description="操作人（账号）"),
    entity: str | None = Query(None, max_length=50, description="对象类型：candidate、observation、user …"),
    entity_id: str | None = Query(None, max_length=150, description="对象编号"),
    action: str | None = Query(None, max_length=50, description="操作：submit、accept、reject …"),
    since: str | None = Query(None, max_length=10, description="起始日期 YYYY-MM-DD（北京时间，含）"),
    until: str | None = Query(None, max_length=10, description="截止日期 YYYY-MM-DD（北京时间，含）"),
    page: int = Query(1, ge=1, le=100000, description="页码"),
) -> AuditLogPage:
    """审计日志（仅管理员）：谁在何时（北京时间）对什么对象做了什么，逐字段显示修改前 → 修改后；按操作人、对象、操作和日期筛选，分页，可导出 CSV。只追加，不修改。"""
    entries, total = _query(ctx, actor, entity, entity_id, action, since, until,
                            limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    filters = {k: v for k, v in (("actor", actor), ("entity", entity), ("entity_id", entity_id),
                                 ("action", action), ("since", since), ("until", until)) if v}
    return AuditLogPage(
        actor=actor, entity=entity, entity_id=entity_id, action=action, since=since, until=until,
        actions=[Option(value=k, label=v, selected=k == action) for k, v in ACTIONS.items()],
        entities=[Option(value=k, label=v, selected=k == entity) for k, v in ENTITIES.items()],
        page=page, pages=max(1, -(-total // PER_PAGE)), total=total, query=urlencode(filters),
        items=_rows(ctx, entries))


def audit_csv(
    ctx: CtxDep,
    actor: str | None = Query(None, max_length=100, description="操作人（账号）"),
    entity: str | None = Query(None, max_length=50, description="对象类型"),
    entity_id: str | None = Query(None, max_length=150, description="对象编号"),
    action: str | None = Query(None, max_length=50, description="操作"),
    since: str | None = Query(None, max_length=10, description="起始日期 YYYY-MM-DD"),
    until: str | None = Query(None, max_length=10, description="截止日期 YYYY-MM-DD"),
) -> Response:
    """按当前筛选条件导出审计日志 CSV（UTF-8 带 BOM，Excel 可直接打开中文）。"""
    entries, _ = _query(ctx, actor, entity, entity_id, action, since, until, limit=CSV_LIMIT,
                        offset=0)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["编号", "时间（北京时间）", "操作人", "操作人姓名", "操作", "对象类型", "对象编号",
                "修改内容（修改前 → 修改后）", "说明"])
    for r in _rows(ctx, entries):
        w.writerow([r.id, r.at, _cell(r.actor), _cell(r.actor_name or ""), r.action_label,
                    r.entity_label, _cell(r.entity_id),
                    _cell("；".join(f"{c.label}：{c.before} → {c.after}" for c in r.changes)),
                    _cell(r.comment or "")])
    name = f"审计日志_{dt.datetime.now(BEIJING).strftime('%Y%m%d_%H%M')}.csv"
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=\"audit.csv\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})


def _cell(text: str) -> str:
    """No formula injection: a cell starting with = + - @ is shown as text (issue 18)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
