"""Settings of the web app, read in one place: options, then the environment.

| name | environment | default | help |
|---|---|---|---|
| db | PLANWATCH_DB | user data dir SQLite | database URL |
| secret_key | PLANWATCH_SECRET_KEY | random per process | signs session cookies and CSRF tokens |
| (key file) | PLANWATCH_SECRET_KEY_FILE | none | file holding the key (created with a random key, mode 600, if missing) |
| public | PLANWATCH_PUBLIC | off | anonymous visitors may read (no editing) |
| secure_cookies | PLANWATCH_SECURE_COOKIES | off | always mark cookies Secure (also automatic on https) |
| max_upload_mb | PLANWATCH_MAX_UPLOAD_MB | 20 | largest request body accepted |
| as_of | PLANWATCH_AS_OF | today | default evaluation date |
| trusted_proxies | PLANWATCH_TRUSTED_PROXIES | 127.0.0.1 | proxies whose X-Forwarded-Proto/-For are believed |
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planwatch import api
from planwatch.errors import ConfigError

log = logging.getLogger("planwatch.web")

#: shortest secret key accepted (from the environment or the key file)
MIN_SECRET_KEY = 32

SETTINGS_HELP: tuple[tuple[str, str, str], ...] = (
    ("db", "PLANWATCH_DB", "数据库地址（sqlite:///… 或 postgresql://…）"),
    ("secret_key", "PLANWATCH_SECRET_KEY", "签名会话 Cookie 与 CSRF 令牌的密钥；多进程部署必须设置"),
    ("secret_key_file", "PLANWATCH_SECRET_KEY_FILE",
     "密钥文件路径（仓库之外，如 /etc/planwatch/secret_key）；文件不存在时自动生成随机密钥（权限 600）"),
    ("public", "PLANWATCH_PUBLIC", "设为 1 时开放公众只读视图（无需登录，不能修改）"),
    ("secure_cookies", "PLANWATCH_SECURE_COOKIES", "设为 1 时 Cookie 一律加 Secure（HTTPS 下自动）"),
    ("max_upload_mb", "PLANWATCH_MAX_UPLOAD_MB", "上传与请求体大小上限（MB），默认 20"),
    ("as_of", "PLANWATCH_AS_OF", "默认评估时点 YYYY-MM-DD，默认为当天"),
    ("trusted_proxies", "PLANWATCH_TRUSTED_PROXIES",
     "可信反向代理的地址（逗号分隔，可写网段）；只采信它们发来的 X-Forwarded-Proto/For，默认 127.0.0.1"),
)


def _key_from_file(name: str) -> str:
    """The key in ``name``; a missing file is created with a random key (mode 600, atomically,
    so that several workers starting at once agree on one key)."""
    if not name.strip():
        return ""
    path = Path(name.strip()).expanduser()
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(f"无法创建密钥文件“{path}”：{exc.strerror}") from None
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48) + "\n")
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"无法读取密钥文件“{path}”：{exc.strerror}") from None
    if len(key) < MIN_SECRET_KEY:
        raise ConfigError(f"密钥文件“{path}”中的密钥太短（至少 {MIN_SECRET_KEY} 个字符）。")
    return key


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class WebSettings:
    db: str | None = None
    db_replica: str | None = None  # a PostgreSQL streaming replica for reads (PLANWATCH_DB_REPLICA)
    secret_key: str = field(default="", repr=False)
    public: bool = False
    secure_cookies: bool = False
    max_upload_mb: float = 20.0
    as_of: dt.date | None = None
    session_hours: float = 12.0  # absolute lifetime of a session (PLANWATCH_SESSION_HOURS)
    session_idle_minutes: float = 30.0  # ends after this long unused (PLANWATCH_SESSION_IDLE_MINUTES)
    trusted_proxies: str = "127.0.0.1"
    #: lockout and delay after failed logins (PLANWATCH_LOGIN_ACCOUNT_FAILURES, _ADDRESS_FAILURES,
    #: _LOCK_MINUTES, _MAX_DELAY)
    login_policy: api.users.LoginPolicy = field(default_factory=api.users.LoginPolicy)

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
            "secret_key": e.get("PLANWATCH_SECRET_KEY", "")
            or _key_from_file(e.get("PLANWATCH_SECRET_KEY_FILE", "")),
            "db_replica": e.get("PLANWATCH_DB_REPLICA") or None,
            "public": _flag(e.get("PLANWATCH_PUBLIC")),
            "secure_cookies": _flag(e.get("PLANWATCH_SECURE_COOKIES")),
            "login_policy": api.users.LoginPolicy.from_env(e),
        }
        if e.get("PLANWATCH_TRUSTED_PROXIES"):
            values["trusted_proxies"] = e["PLANWATCH_TRUSTED_PROXIES"].strip()
        if e.get("PLANWATCH_MAX_UPLOAD_MB"):
            try:
                values["max_upload_mb"] = float(e["PLANWATCH_MAX_UPLOAD_MB"])
            except ValueError:
                raise ConfigError("PLANWATCH_MAX_UPLOAD_MB 应为数字（单位 MB）。") from None
        for var, key in (("PLANWATCH_SESSION_HOURS", "session_hours"),
                         ("PLANWATCH_SESSION_IDLE_MINUTES", "session_idle_minutes")):
            if e.get(var):
                try:
                    values[key] = float(e[var])
                except ValueError:
                    raise ConfigError(f"{var} 应为数字。") from None
                if values[key] <= 0:
                    raise ConfigError(f"{var} 应为正数。")
        if e.get("PLANWATCH_AS_OF"):
            try:
                values["as_of"] = dt.date.fromisoformat(e["PLANWATCH_AS_OF"])
            except ValueError:
                raise ConfigError("PLANWATCH_AS_OF 格式应为 YYYY-MM-DD。") from None
        key = values.get("secret_key") or ""  # from the environment (a key file is checked on reading)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if key and len(key) < MIN_SECRET_KEY:
            raise ConfigError(f"PLANWATCH_SECRET_KEY 太短（{len(key)} 个字符）：至少 {MIN_SECRET_KEY} 个字符。"
                              "可用 python3 -c 'import secrets; print(secrets.token_urlsafe(48))' 生成，"
                              "或改用 PLANWATCH_SECRET_KEY_FILE 让程序自动生成。")
        return cls(**values)

    def with_secret(self) -> WebSettings:
        """These settings, with a random secret key when none was given (single process only)."""
        if self.secret_key:
            return self
        log.warning("未设置 PLANWATCH_SECRET_KEY：使用随机密钥，重启后需重新登录；多进程部署必须设置。")
        return replace(self, secret_key=secrets.token_urlsafe(32))
