"""The web app (FastAPI, server-rendered Chinese pages with JSON twins).

``create_app(settings)`` builds the ASGI app; ``planwatch serve`` runs it with uvicorn. The app
keeps no per-user state in memory: sessions live in signed cookies and data in the database, so
any number of worker processes can serve the same users.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import RequestResponseEndpoint
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from planwatch import api
from planwatch.web import errors
from planwatch.web.routes import install_openapi, register
from planwatch.web.security import COOKIE, SAFE_METHODS, BodyLimit, SessionCodec
from planwatch.web.settings import WebSettings

STATIC = Path(__file__).parent / "static"
RW_COOKIE = "pw_rw"  # the primary's log position after this browser's last write

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
}


def create_app(settings: WebSettings | None = None, *, store: api.Store | None = None) -> FastAPI:
    settings = (settings or WebSettings.from_env()).with_secret()
    app = FastAPI(
        title="planwatch 规划实施监测评估系统",
        description="规划实施监测评估系统的 JSON 接口。每个页面另有同地址加 .json 的 JSON 版本。",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store or api.Store(settings.db, replica_url=settings.db_replica)
    app.state.codec = SessionCodec(settings.secret_key, int(settings.session_hours * 3600))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    register(app)
    install_openapi(app)

    @app.middleware("http")
    async def sessions(request: Request, call_next: RequestResponseEndpoint) -> Response:
        codec: SessionCodec = app.state.codec
        session = codec.load(request.cookies.get(COOKIE))
        request.state.session = session
        response = await call_next(request)
        final = request.state.session
        secure = settings.secure_cookies or request.url.scheme == "https"
        if final.clear:
            response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
        elif final.dirty:
            response.set_cookie(
                COOKIE, codec.dump(final), max_age=codec.max_age, path="/", httponly=True,
                samesite="lax", secure=secure,
            )
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            # pages, JSON and downloads may carry a user's data: no copy in browser or proxy caches
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.middleware("http")
    async def read_your_writes(request: Request, call_next: RequestResponseEndpoint) -> Response:
        """With a read replica: after a request that changed data, the browser carries the
        primary's log position (cookie ``pw_rw``); until the replica has replayed that far, that
        browser's reads go to the primary, so a submitter always sees the submission."""
        store: api.Store = app.state.store
        if not store.has_replica:
            return await call_next(request)
        position = request.cookies.get(RW_COOKIE)
        behind = bool(position) and not await run_in_threadpool(store.replica_has, position or "")
        if behind:
            with store.primary_reads():
                response = await call_next(request)
        else:
            response = await call_next(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            now = await run_in_threadpool(store.write_position)
            response.set_cookie(RW_COOKIE, now or "", max_age=600, path="/", httponly=True,
                                samesite="lax")
        elif position and not behind:
            response.delete_cookie(RW_COOKIE, path="/")
        return response

    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    # behind nginx: believe X-Forwarded-Proto (https → Secure cookies) and X-Forwarded-For only
    # from the configured proxies, whatever server runs the app (uvicorn, gunicorn workers)
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


__all__ = ["WebSettings", "create_app"]
