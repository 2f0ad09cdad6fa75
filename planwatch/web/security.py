"""Sessions in a signed cookie (stateless: any worker process can serve any request), CSRF tokens
derived from the session id, and the request body size limit.

The cookie holds ``{"sid": random, "uid": user id or null, "pv": password fingerprint}``, signed
with the secret key (itsdangerous) and time-limited. Changing a password ends its sessions (the
fingerprint no longer matches). The CSRF token is an HMAC of the session id: forms carry it in
``csrf_token``, JSON clients in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "planwatch_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Session:
    sid: str
    uid: int | None = None
    pv: str | None = None
    dirty: bool = False
    clear: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"sid": self.sid, "uid": self.uid, "pv": self.pv}


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class SessionCodec:
    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="planwatch-session")
        self._secret = secret.encode()
        self.max_age = max_age_seconds

    def load(self, cookie: str | None) -> Session:
        if cookie:
            try:
                data = self._s.loads(cookie, max_age=self.max_age)
                if isinstance(data, dict) and isinstance(data.get("sid"), str):
                    uid = data.get("uid")
                    return Session(
                        sid=data["sid"],
                        uid=uid if isinstance(uid, int) else None,
                        pv=data.get("pv") if isinstance(data.get("pv"), str) else None,
                    )
            except BadSignature:
                pass
        return Session(sid=secrets.token_urlsafe(18), dirty=True)

    def dump(self, session: Session) -> str:
        return self._s.dumps(session.as_dict())

    def csrf_token(self, session: Session) -> str:
        return hmac.new(self._secret, b"csrf:" + session.sid.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token(session), token or "")


def new_login_session(uid: int, password_hash: str) -> Session:
    """A fresh session id at login (no session fixation)."""
    return Session(
        sid=secrets.token_urlsafe(18), uid=uid, pv=password_fingerprint(password_hash), dirty=True
    )


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413 and a Chinese message, before the app
    reads them (by Content-Length, and by counting for chunked bodies)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        too_large = False
        started = False

        async def counted() -> Message:
            nonlocal seen, too_large
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    too_large = True
                    raise BodyTooLarge()
            return msg

        async def guarded(msg: Message) -> None:
            # a form parser catches the error and answers 400 in English: that answer is dropped
            # and the 413 below sent instead
            nonlocal started
            if too_large and not started:
                return
            started = True
            await send(msg)

        try:
            await self.app(scope, counted, guarded)
        except BodyTooLarge:
            pass
        if too_large and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        mb = self.limit / 1024 / 1024
        message = f"上传内容过大：上限为 {mb:g} MB，请拆分或压缩后再上传。未做任何修改。"
        path = scope.get("path", "")
        if path.endswith(".json") or path.startswith("/api/"):
            import json

            body = json.dumps(
                {"error": {"status": 413, "title": "内容过大", "message": message}},
                ensure_ascii=False,
            ).encode()
            ctype = b"application/json"
        else:
            from html import escape

            body = (
                "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>内容过大</title>"
                f"<h1>内容过大</h1><p>{escape(message)}</p><p><a href='javascript:history.back()'>返回</a></p>"
            ).encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    pass
