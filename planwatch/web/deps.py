"""Per-request context: the store, the settings, the session and the user, and the checks every
route runs (its role table entry, and CSRF on anything that changes data)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from planwatch import api
from planwatch.errors import NotFound, PermissionDenied
from planwatch.web.permissions import ANONYMOUS, PUBLIC, Action, allowed
from planwatch.web.security import SAFE_METHODS, Session, SessionCodec, password_fingerprint
from planwatch.web.settings import WebSettings


class LoginRequired(PermissionDenied):
    """No session: HTML pages redirect to the login page, JSON answers 401."""

    status = 401


class CsrfFailed(PermissionDenied):
    pass


@dataclass
class Ctx:
    """One request: who asks, with which settings, and the database.

    Views *read* through :attr:`store` (typed :class:`~planwatch.api.reader.StoreReader`, so mypy
    refuses a store write in a view) and *change* data only through ``api.<area>.<function>(ctx.db,
    …)``; ``ctx.db`` is only ever passed on, never called (``tests/test_architecture.py``)."""

    request: Request
    db: api.Store
    settings: WebSettings
    session: Session
    codec: SessionCodec
    user: api.users.User | None

    @property
    def store(self) -> api.StoreReader:
        return self.db

    @property
    def role(self) -> str:
        if self.user is not None:
            return self.user.role
        return PUBLIC if self.settings.public else ANONYMOUS

    @property
    def role_label(self) -> str:
        return api.users.ROLE_LABELS.get(self.role, "访客")

    @property
    def actor(self) -> str:
        return self.user.username if self.user else "anonymous"

    @property
    def csrf_token(self) -> str:
        return self.codec.csrf_token(self.session)

    def can(self, action: Action) -> bool:
        return allowed(self.role, action)


def current_user(store: api.Store, session: Session, settings: WebSettings | None = None) -> api.users.User | None:
    """The session's user, if the session is alive on the server (issue 18: logout, a password
    change or disabling the account end it at once; idle and absolute limits apply)."""
    if session.uid is None:
        return None
    try:
        user = store.user_by_id(session.uid)
    except NotFound:  # an old cookie for a deleted user
        return None
    if not user.active or session.pv != password_fingerprint(user.password_hash):
        return None
    idle = (settings.session_idle_minutes if settings else 30.0) * 60
    absolute = (settings.session_hours if settings else 12.0) * 3600
    if not api.users.session_alive(store, session.sid, user.id, idle_seconds=idle,
                                   absolute_seconds=absolute):
        return None
    return user


def get_ctx(request: Request) -> Ctx:
    cached: Ctx | None = getattr(request.state, "ctx", None)
    if cached is not None:
        return cached
    app_state = request.app.state
    session: Session = request.state.session
    ctx = Ctx(
        request=request,
        db=app_state.store,
        settings=app_state.settings,
        session=session,
        codec=app_state.codec,
        user=current_user(app_state.store, session, app_state.settings),
    )
    request.state.ctx = ctx
    return ctx


CtxDep = Annotated[Ctx, Depends(get_ctx)]


def require(action: Action) -> Callable[[Request], Coroutine[None, None, None]]:
    """The dependency a route of ``action`` runs before its body."""

    async def check(request: Request) -> None:
        ctx = get_ctx(request)
        if not ctx.can(action):
            if ctx.user is None:
                raise LoginRequired("请先登录。")
            raise PermissionDenied(f"当前账号（{ctx.role_label}）无权执行此操作。")
        if request.method not in SAFE_METHODS:
            await _check_csrf(request, ctx)

    check.__name__ = f"require_{action.value}"
    return check


async def _check_csrf(request: Request, ctx: Ctx) -> None:
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        token = value if isinstance(value, str) else None
    if not ctx.codec.csrf_ok(ctx.session, token):
        raise CsrfFailed("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。未做任何修改。")
