"""Logging in and out (form and JSON), and who the current session is."""

from __future__ import annotations

import time
from dataclasses import dataclass

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch import api
from planwatch.web.context import documented
from planwatch.web.deps import Ctx, CtxDep, LoginRequired, get_ctx
from planwatch.web.render import render
from planwatch.web.security import Session, new_login_session


@dataclass
class LoginPage:
    """登录 ``/login`` (template ``login.html``)."""

    next: str = documented("登录后前往的地址", "/")
    error: str | None = documented("登录失败的说明")
    username: str = documented("已填写的用户名", "")
    public: bool = documented("是否开放公众只读视图", False)


@dataclass
class SessionInfo:
    """The JSON answer of /session: who is logged in and what they may do."""

    authenticated: bool = documented("是否已登录", False)
    username: str | None = documented("用户名")
    display_name: str | None = documented("显示名")
    role: str = documented("角色：anonymous | public | viewer | reporter | reviewer | admin", "anonymous")
    role_label: str = documented("角色名称", "访客")
    scope_department: str | None = documented("填报范围：部门")
    scope_region: str | None = documented("填报范围：区县")
    csrf_token: str = documented("提交表单或 JSON 写操作时放在 X-CSRF-Token 头中", "")


def safe_next(target: str | None) -> str:
    """Only local paths after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_form(ctx: CtxDep, next: str = Query("/", description="登录后前往的地址")) -> Response:
    page = LoginPage(next=safe_next(next), public=ctx.settings.public)
    return render(ctx, "login.html", page)


def _address(ctx: Ctx) -> str:
    """The client's address (a trusted proxy's X-Forwarded-For already applied by the app)."""
    client = ctx.request.client
    return client.host if client else "unknown"


def _log_in(ctx: Ctx, username: str, password: str) -> str | None:
    """None on success (a new server-side session), else the Chinese message to show. A failure
    waits a little longer each time; a locked account or address is refused without checking
    the password (see :func:`planwatch.api.users.login`)."""
    outcome = api.users.login(ctx.db, username.strip(), password, _address(ctx),
                              ctx.settings.login_policy)
    if outcome.user is None:
        if outcome.delay:
            time.sleep(outcome.delay)
        return outcome.message
    session = new_login_session(outcome.user.id, outcome.user.password_hash)
    api.users.start_session(ctx.db, session.sid, outcome.user.id)
    ctx.request.state.session = session
    return None


def login_submit(
    ctx: CtxDep,
    username: str = Form("", max_length=100),
    password: str = Form("", max_length=500),
    next: str = Form("/"),
) -> Response:
    error = _log_in(ctx, username, password)
    if error is None:
        return RedirectResponse(safe_next(next), status_code=303)
    page = LoginPage(next=safe_next(next), error=error, username=username, public=ctx.settings.public)
    return render(ctx, "login.html", page, status_code=429 if "锁定" in error else 400)


def logout(ctx: CtxDep) -> Response:
    """退出登录：服务器端会话立即失效。"""
    api.users.end_session(ctx.db, ctx.session.sid, ctx.user.username if ctx.user else None,
                          _address(ctx))
    ctx.request.state.session = Session(sid="", clear=True)
    return RedirectResponse("/login", status_code=303)


def session_info(ctx: CtxDep) -> SessionInfo:
    """当前会话：是否登录、角色、填报范围，以及写操作所需的 CSRF 令牌。"""
    u = ctx.user
    return SessionInfo(
        authenticated=u is not None, username=u.username if u else None,
        display_name=u.display_name if u else None, role=ctx.role, role_label=ctx.role_label,
        scope_department=u.scope_department if u else None,
        scope_region=u.scope_region if u else None, csrf_token=ctx.csrf_token,
    )


class LoginBody(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=500)


def api_login(ctx: CtxDep, body: LoginBody) -> SessionInfo:
    """用户名和密码登录（JSON）。成功后返回新会话的信息与 CSRF 令牌。"""
    error = _log_in(ctx, body.username, body.password)
    if error is not None:
        raise LoginRequired(error)
    ctx.request.state.ctx = None
    return session_info(get_ctx(ctx.request))
