"""Administration: the audit log browser and accounts."""

from __future__ import annotations

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response

from planwatch.api import users as api_users
from planwatch.api.regions import scope_regions
from planwatch.errors import ConfigError, ConflictError
from planwatch.web.context import AuditItem, AuditPage, Option, UserItem, UsersPage
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.render import render


def audit_page(
    ctx: CtxDep,
    entity: str | None = Query(None, max_length=50, description="对象类型：observation、candidate、user …"),
    entity_id: str | None = Query(None, max_length=150, description="对象编号"),
    actor: str | None = Query(None, max_length=100, description="操作人"),
    page: int = Query(1, ge=1, le=100000, description="页码"),
) -> AuditPage:
    """审计日志（仅管理员）：谁在何时改了什么，修改前后的值；只追加，不修改。"""
    per_page = 50
    entries, total = ctx.store.audit_entries(
        entity=entity or None, entity_id=entity_id or None, actor=actor or None,
        limit=per_page, offset=(page - 1) * per_page,
    )
    return AuditPage(
        entity=entity, entity_id=entity_id, actor=actor, page=page, per_page=per_page, total=total,
        items=[AuditItem(id=e.id, at=e.at, actor=e.actor, action=e.action, entity=e.entity,
                         entity_id=e.entity_id, before=e.before, after=e.after, comment=e.comment)
               for e in entries],
    )


def _users_page(ctx: Ctx, message: str | None = None, error: str | None = None) -> UsersPage:
    regions = scope_regions(ctx.store)
    return UsersPage(
        users=[
            UserItem(username=u.username, display_name=u.display_name, role=u.role,
                     role_label=api_users.ROLE_LABELS.get(u.role, u.role),
                     scope=u.scope_department or u.scope_region, active=u.active,
                     created_at=u.created_at)
            for u in ctx.store.users()
        ],
        roles=[Option(value=r.value, label=api_users.ROLE_LABELS[r.value]) for r in api_users.Role],
        departments=[Option(value=d.id, label=d.name) for d in ctx.store.departments()],
        regions=[Option(value=r.id, label=label) for r, label in regions],
        message=message, error=error,
    )


def users_page(ctx: CtxDep) -> UsersPage:
    """账号列表（仅管理员）。"""
    return _users_page(ctx)


def users_create(
    ctx: CtxDep,
    username: str = Form("", max_length=100),
    display_name: str = Form("", max_length=200),
    role: str = Form("", max_length=20),
    scope: str = Form("", max_length=100),
    password: str = Form("", max_length=500),
) -> Response:
    """新建账号（表单）。"""
    department = region = None
    if scope.startswith("dept:"):
        department = scope[5:]
    elif scope.startswith("region:"):
        region = scope[7:]
    try:
        api_users.add_user(ctx.store, username.strip(), password, role=role,
                           display_name=display_name.strip() or None, department=department,
                           region=region, actor=ctx.actor)
    except (ConfigError, ConflictError) as exc:
        return render(ctx, "users.html", _users_page(ctx, error=str(exc)), status_code=400)
    return RedirectResponse("/users?created=" + username.strip(), status_code=303)


