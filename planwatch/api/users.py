"""Accounts: roles, password hashing (argon2id) and checking a login.

Roles (one table, :data:`ROLES`):

* ``admin``: everything, including the audit log and accounts;
* ``reviewer`` (评估人员): reads everything, reviews submitted values, imports plans;
* ``reporter`` (填报单位): reports values for its department or its county only;
* ``viewer`` (查看人员): reads everything, changes nothing.

The public read-only view (``PLANWATCH_PUBLIC=1``) has no account: see ``planwatch.web``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from planwatch.errors import ConfigError
from planwatch.store import Store
from planwatch.store.users import User

__all__ = ["ROLE_LABELS", "LoginOutcome", "LoginPolicy", "PasswordPolicy", "Role", "User", "add_user",
           "authenticate", "change_password", "check_new_user", "check_password", "check_username",
           "hash_password", "login", "set_active", "unlock"]

log = logging.getLogger("planwatch.login")


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"
    REPORTER = "reporter"
    VIEWER = "viewer"


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "系统管理员",
    Role.REVIEWER: "评估审核人员",
    Role.REPORTER: "数据填报单位",
    Role.VIEWER: "查看人员",
    "public": "公众（只读）",
}

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 0.1 s per check on
# the project's 2-core machines; stored hashes carry their parameters, and a login with older
# parameters re-hashes (see authenticate).
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY_HASH = _HASHER.hash("planwatch-dummy-password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_new_user(
    store: Store, username: str, password: str, role: str,
    department: str | None, region: str | None,
) -> None:
    """Raise :class:`ConfigError` with a Chinese message when the account cannot be created."""
    if not _USERNAME.match(username):
        raise ConfigError(f"用户名“{username}”无效：只能用2-64位字母、数字或 _ . @ -。")
    check_username(store, username)
    if role not in set(Role):
        raise ConfigError(f"角色“{role}”无效。可选：{'、'.join(r.value for r in Role)}")
    check_password(password, username)
    if role == Role.REPORTER and not (department or region):
        raise ConfigError("填报单位账号必须指定 --department（部门）或 --region（区县）之一。")
    if department and region:
        raise ConfigError("一个填报账号只能对应一个部门或一个区县，不能同时指定。")
    if role != Role.REPORTER and (department or region):
        raise ConfigError("只有填报单位（reporter）账号才有部门或区县范围。")
    if department and department not in {d.id for d in store.departments()}:
        known = "、".join(d.id for d in store.departments()) or "（无，请先运行 planwatch init）"
        raise ConfigError(f"部门“{department}”不存在。已有部门：{known}")
    if region and region not in {r.id for r in store.regions()}:
        known = "、".join(f"{r.id}（{r.name}）" for r in store.regions()) or "（无）"
        raise ConfigError(f"区域“{region}”不存在。已有区域：{known}")


def add_user(
    store: Store,
    username: str,
    password: str,
    *,
    role: str,
    display_name: str | None = None,
    department: str | None = None,
    region: str | None = None,
    actor: str = "system",
) -> User:
    """Create an account; the password is stored only as an argon2id hash."""
    check_new_user(store, username, password, role, department, region)
    return store.add_user(
        username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name,
        scope_department=department,
        scope_region=region,
        actor=actor,
    )


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The active user with this name and password, or None. Takes the same time whether or not
    the user exists (a dummy hash is checked), and upgrades old hash parameters on success."""
    user = store.user(username)
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        store.set_password_hash(username, hash_password(password), actor=username)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_password(store: Store, username: str, password: str, *, actor: str,
                    old_password: str | None = None) -> None:
    """Set a new password (the user, with ``old_password``; or an admin resetting it). Every
    session of the account ends at once."""
    if old_password is not None:
        user = store.user(username)
        if user is None or not _verify(user.password_hash, old_password):
            raise ConfigError("原密码不正确，密码未修改。")
    check_password(password, username)
    store.set_password_hash(username, hash_password(password), actor=actor)
    log.info("password changed: user=%r by=%r", username, actor)  # audited as set-password too


def set_active(store: Store, username: str, active: bool, *, actor: str) -> User:
    """Disable (ending every session at once) or enable an account."""
    return store.set_active(username, active, actor=actor)


# -- names and passwords -------------------------------------------------------------------------

#: names of the system itself and of its roles; refused as user names (case and look-alike
#: characters ignored: CLI, SYSTEM, adm1n …)
RESERVED_NAMES = frozenset({
    "admin", "administrator", "root", "system", "cli", "planwatch", "public", "anonymous",
    "superuser", "sysadmin", "excel", "api", "web", "reviewer", "reporter", "viewer", "guest",
    "support", "security", "audit", "operator", "nobody",
})

#: the most common passwords (a short built-in list; a deployment may add its own with
#: PLANWATCH_PASSWORD_DENYLIST, a file with one password per line)
COMMON_PASSWORDS = frozenset({
    "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwertyui",
    "qwerty123", "11111111", "00000000", "88888888", "66666666", "abcd1234", "a1234567",
    "1qaz2wsx", "1q2w3e4r", "iloveyou", "admin123", "admin@123", "abc12345", "123123123",
    "aa123456", "woaini1314", "zxcvbnm1", "p@ssw0rd", "passw0rd", "welcome1", "12341234",
    "qwertyuiop", "1234qwer", "qwer1234", "asdf1234", "zaq12wsx", "abcdefgh", "admin888",
    "p@ssw0rd123", "password@123", "admin@1234", "qwe123!@#", "1qaz@wsx", "1qaz!qaz",
})


def _skeleton(name: str) -> str:
    """A name reduced to what a reader sees: case folded, 0/o 1/l/i 5/s alike, no separators
    (``Admin1``, ``admin_1`` and ``adminl`` all look like ``admin1``)."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = re.sub(r"[_.@-]+", "", s)
    return s.translate(str.maketrans("015l", "oisi"))


def check_username(store: Store, username: str) -> None:
    """Reserved names (Admin1, cli, system) and look-alikes of existing accounts are refused."""
    sk = _skeleton(username)
    if sk in {_skeleton(n) for n in RESERVED_NAMES} or not sk:
        raise ConfigError(f"用户名“{username}”是系统保留名或与其相似，请换一个（如用姓名拼音加单位）。")
    for u in store.users():
        if u.username == username:
            raise ConfigError(f"用户名“{username}”已存在，请换一个用户名。")
        if _skeleton(u.username) == sk:
            raise ConfigError(f"用户名“{username}”与已有账号“{u.username}”过于相似，容易混淆，请换一个。")


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 10
    min_classes: int = 3  # of: lower case, upper case, digits, other characters

    @classmethod
    def from_env(cls) -> PasswordPolicy:
        def num(var: str, default: int) -> int:
            raw = (os.environ.get(var) or "").strip()
            if not raw:
                return default
            if not raw.isdigit():
                raise ConfigError(f"{var} 应为整数，现为“{raw}”。")
            return int(raw)

        return cls(num("PLANWATCH_PASSWORD_MIN_LENGTH", 10), num("PLANWATCH_PASSWORD_MIN_CLASSES", 3))


def _denylist() -> frozenset[str]:
    path = (os.environ.get("PLANWATCH_PASSWORD_DENYLIST") or "").strip()
    if not path:
        return COMMON_PASSWORDS
    try:
        extra = Path(path).read_text(encoding="utf-8").split()
    except OSError:
        raise ConfigError(f"PLANWATCH_PASSWORD_DENYLIST 指向的文件“{path}”无法读取。") from None
    return COMMON_PASSWORDS | {p.casefold() for p in extra}


def check_password(password: str, username: str, policy: PasswordPolicy | None = None) -> None:
    """等保 二级: length, several character classes, not the user name, not a common password."""
    policy = policy or PasswordPolicy.from_env()
    if len(password) < policy.min_length:
        raise ConfigError(f"密码太短：至少{policy.min_length}个字符。")
    if not password.strip():
        raise ConfigError("密码不能全是空格。")
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < policy.min_classes:
        raise ConfigError(f"密码须包含大写字母、小写字母、数字、其他符号中的至少{policy.min_classes}类。")
    folded = password.casefold()
    if len(username) >= 3 and (username.casefold() in folded or folded in username.casefold()):
        raise ConfigError("密码不能包含用户名。")
    if folded in _denylist() or len(set(password)) <= 2:
        raise ConfigError("密码过于常见或过于简单，请换一个。")


# -- logging in: progressive delay and lockout ---------------------------------------------------

def _env_number(env: dict[str, str], var: str, default: float, *, integer: bool = False) -> float:
    raw = (env.get(var) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        kind = "整数" if integer else "数字"
        raise ConfigError(f"{var} 应为{kind}，现为“{raw}”。") from None
    if value < 0:
        raise ConfigError(f"{var} 不能为负数，现为“{raw}”。")
    return value


@dataclass(frozen=True)
class LoginPolicy:
    """Lockout and delay after failed logins. An account is keyed by its user name; an address by
    the client's address as the app sees it (behind a proxy listed in PLANWATCH_TRUSTED_PROXIES,
    the forwarded one), so that a NAT or proxy is one address and direct clients are their own."""

    account_failures: int = 10  # failures of one account in the window before it is locked
    address_failures: int = 30  # failures from one address in the window before it is locked
    window_seconds: float = 900.0  # failures counted over the last 15 minutes (= lockout time)
    delay_after: int = 3  # failures of an account before each further failure waits
    max_delay: float = 4.0  # seconds

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> LoginPolicy:
        e = dict(os.environ if env is None else env)
        d = cls()
        return cls(
            account_failures=int(_env_number(e, "PLANWATCH_LOGIN_ACCOUNT_FAILURES", d.account_failures,
                                             integer=True)) or d.account_failures,
            address_failures=int(_env_number(e, "PLANWATCH_LOGIN_ADDRESS_FAILURES", d.address_failures,
                                             integer=True)) or d.address_failures,
            window_seconds=60 * (_env_number(e, "PLANWATCH_LOGIN_LOCK_MINUTES", d.window_seconds / 60)
                                 or d.window_seconds / 60),
            max_delay=_env_number(e, "PLANWATCH_LOGIN_MAX_DELAY", d.max_delay),
        )


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    locked: bool = False
    delay: float = 0.0  # seconds the caller should wait before answering a failure

    @property
    def message(self) -> str:
        if self.locked:
            return ("登录失败次数过多，账号或来源地址已暂时锁定（默认 15 分钟）；"
                    "如需立即解锁请联系管理员（planwatch user unlock）。")
        return "用户名或密码不正确，或账号已停用。"


def login(store: Store, username: str, password: str, address: str,
          policy: LoginPolicy | None = None) -> LoginOutcome:
    """Check a login with lockout: once an account (or an address) has had too many failures in
    the window, further attempts are refused WITHOUT checking the password, until the window
    passes or an admin unlocks it. Every attempt is in the audit log (no password, no hash)."""
    policy = policy or LoginPolicy.from_env()
    at = time.time()
    since = at - policy.window_seconds
    by_account = store.login_failures(since=since, username=username)
    by_address = store.login_failures(since=since, address=address)
    if by_account >= policy.account_failures or by_address >= policy.address_failures:
        # not counted as a further failure: the lock ends when the window since the failures passes
        store.record_login(username, address, False, at, action="login-locked", attempt=False)
        log.warning("login refused (locked): user=%r address=%s", username, address)
        return LoginOutcome(None, locked=True)
    user = authenticate(store, username, password)
    if user is not None:
        store.record_login(username, address, True, at, action="login")
        log.info("login: user=%r address=%s", username, address)
        return LoginOutcome(user)
    store.record_login(username, address, False, at, action="login-failed")
    log.info("login failed: user=%r address=%s", username, address)
    failures = by_account + 1
    if failures == policy.account_failures or by_address + 1 == policy.address_failures:
        store.record_login(username, address, False, at, action="lockout",
                           detail={"failures": max(failures, by_address + 1)}, attempt=False)
        log.warning("lockout: user=%r address=%s", username, address)
    delay = 0.0
    if failures > policy.delay_after:
        delay = min(policy.max_delay, 0.25 * 2 ** (failures - policy.delay_after))
    return LoginOutcome(None, delay=delay)


def unlock(store: Store, username: str | None = None, *, actor: str, address: str | None = None) -> None:
    """An admin ends a lockout of this account, or of this address (recorded in the audit log)."""
    if username is None and not address:
        raise ConfigError("请指定要解锁的用户名或来源地址。")
    if username is not None and store.user(username) is None:
        raise ConfigError(f"用户“{username}”不存在。")
    if username is not None:
        store.record_login(username, f"unlock:{actor}"[:64], True, time.time(), action="unlock",
                           detail={"by": actor})
    if address:
        store.record_login("", address, True, time.time(), action="unlock-address",
                           detail={"by": actor})
    log.info("unlock by %r: user=%r address=%r", actor, username, address)


# -- server-side sessions ------------------------------------------------------------------------

def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(store: Store, sid: str, user_id: int) -> None:
    store.create_session(_sid_hash(sid), user_id, time.time())


def session_alive(store: Store, sid: str, user_id: int, *, idle_seconds: float,
                  absolute_seconds: float) -> bool:
    """Whether this session was started at login and has not ended (logout, password change,
    account disabled), nor passed its idle or absolute limit."""
    return store.session_alive(_sid_hash(sid), user_id, time.time(), idle=idle_seconds,
                               absolute=absolute_seconds)


def end_session(store: Store, sid: str, username: str | None = None, address: str = "") -> None:
    store.end_session(_sid_hash(sid))
    if username:
        store.record_login(username, address, True, time.time(), action="logout", attempt=False)
