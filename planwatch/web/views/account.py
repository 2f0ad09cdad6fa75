"""One's own account: change the password (issue 18). The old password is checked; the new one
follows the password policy; every session of the account ends at once, and this browser is
logged in again with a new session."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Form
from fastapi.responses import Response

from planwatch import api
from planwatch.errors import ConfigError
from planwatch.web.context import documented
from planwatch.web.deps import CtxDep
from planwatch.web.render import render
from planwatch.web.security import new_login_session


@dataclass
class AccountPage:
    """我的账号 ``/account`` (template ``account.html``)."""

    username: str = documented("用户名")
    display_name: str = documented("显示名称", "")
    role_label: str = documented("角色")
    message: str | None = documented("操作结果")
    error: str | None = documented("错误说明")


def _page(ctx: CtxDep, message: str | None = None, error: str | None = None) -> AccountPage:
    user = ctx.user
    assert user is not None  # the route requires a session
    return AccountPage(username=user.username, display_name=user.display_name or "",
                       role_label=ctx.role_label, message=message, error=error)


def account_page(ctx: CtxDep) -> AccountPage:
    """我的账号：修改密码。"""
    return _page(ctx)


def password_submit(
    ctx: CtxDep,
    old_password: str = Form("", max_length=500),
    new_password: str = Form("", max_length=500),
    new_password_again: str = Form("", max_length=500),
) -> Response:
    """修改自己的密码：须输入原密码；成功后本账号的所有其他会话立即失效。"""
    user = ctx.user
    assert user is not None
    if new_password != new_password_again:
        return render(ctx, "account.html", _page(ctx, error="两次输入的新密码不一致，密码未修改。"),
                      status_code=400)
    try:
        api.users.change_password(ctx.db, user.username, new_password, actor=user.username,
                                  old_password=old_password)
    except ConfigError as exc:
        return render(ctx, "account.html", _page(ctx, error=str(exc)), status_code=400)
    fresh = ctx.store.user(user.username)
    assert fresh is not None
    session = new_login_session(fresh.id, fresh.password_hash)
    api.users.start_session(ctx.db, session.sid, fresh.id)
    ctx.request.state.session = session
    return render(ctx, "account.html", _page(ctx, message="密码已修改；其他设备上的登录已全部失效。"))
