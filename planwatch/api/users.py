"""Accounts: roles, password hashing (argon2id) and checking a login.

Roles (one table, :data:`ROLES`):

* ``admin``: everything, including the audit log and accounts;
* ``reviewer`` (评估人员): reads everything, reviews submitted values, imports plans;
* ``reporter`` (填报单位): reports values for its department or its county only;
* ``viewer`` (查看人员): reads everything, changes nothing.

The public read-only view (``PLANWATCH_PUBLIC=1``) has no account: see ``planwatch.web``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from planwatch.errors import ConfigError
from planwatch.store import Store
from planwatch.store.users import User

__all__ = ["ROLE_LABELS", "Role", "User", "add_user", "authenticate", "change_password",
           "check_new_user", "hash_password"]


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
    if role not in set(Role):
        raise ConfigError(f"角色“{role}”无效。可选：{'、'.join(r.value for r in Role)}")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"密码太短：至少{MIN_PASSWORD}个字符。")
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


def change_password(store: Store, username: str, password: str, *, actor: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"密码太短：至少{MIN_PASSWORD}个字符。")
    store.set_password_hash(username, hash_password(password), actor=actor)
