"""Settings of the web app, read in one place: options, then the environment.

| name | environment | default | help |
|---|---|---|---|
| db | PLANWATCH_DB | user data dir SQLite | database URL |
| secret_key | PLANWATCH_SECRET_KEY | random per process | signs session cookies and CSRF tokens |
| public | PLANWATCH_PUBLIC | off | anonymous visitors may read (no editing) |
| secure_cookies | PLANWATCH_SECURE_COOKIES | off | always mark cookies Secure (also automatic on https) |
| max_upload_mb | PLANWATCH_MAX_UPLOAD_MB | 20 | largest request body accepted |
| as_of | PLANWATCH_AS_OF | today | default evaluation date |
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from planwatch.errors import ConfigError

log = logging.getLogger("planwatch.web")

SETTINGS_HELP: tuple[tuple[str, str, str], ...] = (
    ("db", "PLANWATCH_DB", "数据库地址（sqlite:///… 或 postgresql://…）"),
    ("secret_key", "PLANWATCH_SECRET_KEY", "签名会话 Cookie 与 CSRF 令牌的密钥；多进程部署必须设置"),
    ("public", "PLANWATCH_PUBLIC", "设为 1 时开放公众只读视图（无需登录，不能修改）"),
    ("secure_cookies", "PLANWATCH_SECURE_COOKIES", "设为 1 时 Cookie 一律加 Secure（HTTPS 下自动）"),
    ("max_upload_mb", "PLANWATCH_MAX_UPLOAD_MB", "上传与请求体大小上限（MB），默认 20"),
    ("as_of", "PLANWATCH_AS_OF", "默认评估时点 YYYY-MM-DD，默认为当天"),
)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class WebSettings:
    db: str | None = None
    secret_key: str = field(default="", repr=False)
    public: bool = False
    secure_cookies: bool = False
    max_upload_mb: float = 20.0
    as_of: dt.date | None = None
    session_hours: float = 12.0

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def default_as_of(self) -> dt.date:
        return self.as_of or dt.date.today()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> WebSettings:
        e = dict(os.environ if env is None else env)
        values: dict[str, Any] = {
            "db": e.get("PLANWATCH_DB") or None,
            "secret_key": e.get("PLANWATCH_SECRET_KEY", ""),
            "public": _flag(e.get("PLANWATCH_PUBLIC")),
            "secure_cookies": _flag(e.get("PLANWATCH_SECURE_COOKIES")),
        }
        if e.get("PLANWATCH_MAX_UPLOAD_MB"):
            try:
                values["max_upload_mb"] = float(e["PLANWATCH_MAX_UPLOAD_MB"])
            except ValueError:
                raise ConfigError("PLANWATCH_MAX_UPLOAD_MB 应为数字（单位 MB）。") from None
        if e.get("PLANWATCH_AS_OF"):
            try:
                values["as_of"] = dt.date.fromisoformat(e["PLANWATCH_AS_OF"])
            except ValueError:
                raise ConfigError("PLANWATCH_AS_OF 格式应为 YYYY-MM-DD。") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_secret(self) -> WebSettings:
        """These settings, with a random secret key when none was given (single process only)."""
        if self.secret_key:
            return self
        log.warning("未设置 PLANWATCH_SECRET_KEY：使用随机密钥，重启后需重新登录；多进程部署必须设置。")
        return replace(self, secret_key=secrets.token_urlsafe(32))
