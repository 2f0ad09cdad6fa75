"""Administration: accounts (the audit log browser is planwatch/web/views/audit.py)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response

from planwatch import api
from planwatch.errors import ConfigError, ConflictError
from planwatch.web.context import Option, documented
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.render import render


@dataclass
class UserItem:
    """One account in the account list."""

    username: str = documented("用户名")
    display_name: str = documented("显示名")
    role: str = documented("角色")
    role_label: str = documented("角色名称")
    scope: str | None = documented("填报范围（部门或区县）")
    scope_label: str | None = documented("填报范围名称")
    active: bool = documented("是否启用", True)
    created_at: str = documented("创建时间", "")


@dataclass
class UsersPage:
    """账号列表 ``/users`` (template ``users.html``)."""

    users: list[UserItem] = documented("账号", default_factory=list)
    roles: list[Option] = documented("可选角色", default_factory=list)
    departments: list[Option] = documented("可选部门", default_factory=list)
    regions: list[Option] = documented("可选地区（数据中的全部地区）", default_factory=list)
    scopes: list[str] = documented("填报范围选项（部门：名称 / 地区：名称），供查找选择", default_factory=list)
    search: str = documented("查找的文字", "")
    total: int = documented("符合条件的账号数", 0)
    page: int = documented("页码（从 1 开始）", 1)
    per_page: int = documented("每页个数", 50)
    pages: int = documented("总页数", 1)
    message: str | None = documented("操作结果")
    error: str | None = documented("错误说明")


def _scope_choices(ctx: Ctx) -> dict[str, str]:
    """The text shown in the scope picker → the scope code (dept:ID or region:ID)."""
    out = {f"部门：{d.name}": f"dept:{d.id}" for d in ctx.store.departments()}
    out.update({f"地区：{label}": f"region:{r.id}" for r, label in api.regions.scope_regions(ctx.db)})
    return out


def _users_page(ctx: Ctx, message: str | None = None, error: str | None = None, *,
                search: str | None = None, number: int = 1) -> UsersPage:
    per_page = 50
    users, total = ctx.store.user_page(search=search or None, limit=per_page,
                                       offset=(number - 1) * per_page)
    pages = max(1, -(-total // per_page))
    if number > pages:
        number = pages
        users, total = ctx.store.user_page(search=search or None, limit=per_page,
                                           offset=(number - 1) * per_page)
    choices = _scope_choices(ctx)
    labels = {code: text.split("：", 1)[1] for text, code in choices.items()}
    return UsersPage(
        users=[
            UserItem(username=u.username, display_name=u.display_name, role=u.role,
                     role_label=api.users.ROLE_LABELS.get(u.role, u.role),
                     scope=u.scope_department or u.scope_region,
                     scope_label=(labels.get(f"dept:{u.scope_department}") if u.scope_department
                                  else labels.get(f"region:{u.scope_region}") if u.scope_region else None),
                     active=u.active, created_at=u.created_at)
            for u in users
        ],
        roles=[Option(value=r.value, label=api.users.ROLE_LABELS[r.value]) for r in api.users.Role],
        departments=[Option(value=d.id, label=d.name) for d in ctx.store.departments()],
        regions=[Option(value=r.id, label=label) for r, label in api.regions.scope_regions(ctx.db)],
        scopes=list(choices),
        search=search or "", total=total, page=number, per_page=per_page, pages=pages,
        message=message, error=error,
    )


def users_page(
    ctx: CtxDep,
    q: str | None = Query(None, max_length=100, description="按用户名或显示名查找"),
    page: int = Query(1, ge=1, le=10_000_000, description="页码（从 1 开始）"),
) -> UsersPage:
    """账号列表（仅管理员）：可按用户名或显示名查找，分页，每页 50 个。"""
    return _users_page(ctx, search=(q or "").strip() or None, number=page)


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
    scope = scope.strip()
    code = _scope_choices(ctx).get(scope, scope) if scope else ""
    if code.startswith("dept:"):
        department = code[5:]
    elif code.startswith("region:"):
        region = code[7:]
    elif code:
        return render(ctx, "users.html", _users_page(
            ctx, error=f"填报范围“{scope}”不在列表中：请在“填报范围”框中输入地区或部门名称的一部分，"
                       "再从下拉列表中选择一项；不限范围请留空。"), status_code=400)
    try:
        api.users.add_user(ctx.db, username.strip(), password, role=role,
                           display_name=display_name.strip() or None, department=department,
                           region=region, actor=ctx.actor)
    except (ConfigError, ConflictError) as exc:
        return render(ctx, "users.html", _users_page(ctx, error=str(exc)), status_code=400)
    return RedirectResponse("/users?created=" + username.strip(), status_code=303)


