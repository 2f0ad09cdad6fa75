"""Accounts (the ``app_user`` table): who may log in, their role and the scope they report for.

Passwords arrive here already hashed (``planwatch.api.users`` hashes with argon2); the store
never sees a plain password. Every change is written to the audit log without the hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from planwatch.errors import ConflictError, NotFound
from planwatch.store import schema
from planwatch.store.core import StoreBase, now


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str  # admin, reviewer, reporter, viewer
    scope_department: str | None
    scope_region: str | None
    active: bool
    created_at: str
    password_hash: str

    def public_dict(self) -> dict[str, Any]:
        """Everything but the password hash."""
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "scope_department": self.scope_department,
            "scope_region": self.scope_region,
            "active": self.active,
            "created_at": self.created_at,
        }


def _user_of(row: Mapping[str, Any]) -> User:
    return User(
        id=int(row["id"]),
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        scope_department=row["scope_department"],
        scope_region=row["scope_region"],
        active=bool(row["active"]),
        created_at=row["created_at"],
        password_hash=row["password_hash"],
    )


class UsersMixin(StoreBase):
    def add_user(
        self,
        username: str,
        *,
        password_hash: str,
        role: str,
        display_name: str | None = None,
        scope_department: str | None = None,
        scope_region: str | None = None,
        actor: str = "system",
    ) -> User:
        t = schema.user
        with self.transaction() as conn:
            exists = conn.execute(sa.select(t.c.id).where(t.c.username == username)).first()
            if exists is not None:
                raise ConflictError(f"用户名“{username}”已存在，请换一个用户名。")
            values = {
                "username": username,
                "display_name": display_name or username,
                "role": role,
                "scope_department": scope_department,
                "scope_region": scope_region,
                "active": True,
                "created_at": now(),
            }
            new_id = conn.execute(
                t.insert().values(**values, password_hash=password_hash)
            ).inserted_primary_key
            self.audit(
                conn, actor=actor, action="create", entity="user", entity_id=username,
                after=values,
            )
        assert new_id is not None
        return self.user_by_id(int(new_id[0]))

    def user(self, username: str) -> User | None:
        t = schema.user
        with self.reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.username == username)).mappings().first()
        return None if row is None else _user_of(dict(row))

    def user_by_id(self, user_id: int) -> User:
        t = schema.user
        with self.reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == user_id)).mappings().first()
        if row is None:
            raise NotFound(f"用户（编号{user_id}）不存在")
        return _user_of(dict(row))

    def users(self) -> list[User]:
        t = schema.user
        with self.reading() as conn:
            res = conn.execute(sa.select(t).order_by(t.c.username)).mappings()
            return [_user_of(dict(r)) for r in res]

    def user_page(self, *, search: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[User], int]:
        """One page of accounts by username, and how many match ``search`` (a part of the
        username or display name, any case)."""
        t = schema.user
        where: sa.ColumnElement[bool] = sa.true()
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where = sa.or_(t.c.username.ilike(like, escape="\\"), t.c.display_name.ilike(like, escape="\\"))
        with self.reading() as conn:
            total = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar_one())
            res = conn.execute(sa.select(t).where(where).order_by(t.c.username).limit(limit).offset(offset))
            return [_user_of(dict(r)) for r in res.mappings()], total

    def set_password_hash(self, username: str, password_hash: str, *, actor: str) -> None:
        t = schema.user
        with self.transaction() as conn:
            done = conn.execute(
                t.update().where(t.c.username == username).values(password_hash=password_hash)
            ).rowcount
            if not done:
                raise NotFound(f"用户“{username}”不存在")
            uid = conn.execute(sa.select(t.c.id).where(t.c.username == username)).scalar_one()
            conn.execute(schema.user_session.delete().where(schema.user_session.c.user_id == uid))
            self.audit(conn, actor=actor, action="set-password", entity="user", entity_id=username)


class SessionsMixin(StoreBase):
    """Server-side sessions and login attempts (issue 18). Session ids are stored only as their
    SHA-256; times are epoch seconds."""

    def create_session(self, sid_hash: str, user_id: int, at: float) -> None:
        t = schema.user_session
        with self.transaction() as conn:
            conn.execute(t.insert().values(id=sid_hash, user_id=user_id, created_at=at, last_seen=at))

    def session_alive(self, sid_hash: str, user_id: int, at: float, *, idle: float,
                      absolute: float) -> bool:
        """Whether the session exists for this user and is within its idle and absolute limits;
        an expired one is deleted. ``last_seen`` is refreshed at most once a minute."""
        t = schema.user_session
        with self.reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == sid_hash)).mappings().first()
        if row is None or row["user_id"] != user_id:
            return False
        if at - row["last_seen"] > idle or at - row["created_at"] > absolute:
            self.end_session(sid_hash)
            return False
        if at - row["last_seen"] > 60:
            with self.transaction() as conn:
                conn.execute(t.update().where(t.c.id == sid_hash).values(last_seen=at))
        return True

    def end_session(self, sid_hash: str) -> None:
        t = schema.user_session
        with self.transaction() as conn:
            conn.execute(t.delete().where(t.c.id == sid_hash))

    def end_sessions(self, user_id: int) -> int:
        t = schema.user_session
        with self.transaction() as conn:
            return int(conn.execute(t.delete().where(t.c.user_id == user_id)).rowcount or 0)

    def record_login(self, username: str, address: str, ok: bool, at: float, *,
                     action: str, detail: dict[str, Any] | None = None, attempt: bool = True) -> None:
        """An audit entry (``login``, ``login-failed``, ``login-locked``, ``lockout``, ``unlock``,
        ``logout``) — never a password or a hash — and, when ``attempt``, a row that the lockout
        counts (a failure) or restarts from (a success, an unlock)."""
        t = schema.login_attempt
        with self.transaction() as conn:
            if attempt:
                conn.execute(t.insert().values(username=username[:100], address=address[:64], at=at, ok=ok))
            self.audit(conn, actor=username[:100] or "anonymous", action=action, entity="login",
                       entity_id=username[:100], after={"address": address[:64], **(detail or {})})

    def login_failures(self, *, since: float, username: str | None = None,
                       address: str | None = None) -> int:
        """Failed attempts since ``since`` of this account (and since its last success or admin
        unlock), or from this address (and since an admin unlocked the address: a success from
        the address does not reset it, else one valid account would let an address guess on)."""
        t = schema.login_attempt
        if username is not None:
            key = t.c.username == username
            reset = sa.and_(key, t.c.ok.is_(True))
        else:
            key = t.c.address == address
            reset = sa.and_(key, t.c.ok.is_(True), t.c.username == "")
        with self.reading() as conn:
            last_ok = conn.execute(sa.select(sa.func.max(t.c.at)).where(reset)).scalar()
            start = max(since, float(last_ok or 0))
            return int(conn.execute(sa.select(sa.func.count()).select_from(t).where(
                key, t.c.ok.is_(False), t.c.at > start)).scalar_one())

    def set_active(self, username: str, active: bool, *, actor: str) -> User:
        t = schema.user
        with self.transaction() as conn:
            row = conn.execute(sa.select(t.c.id).where(t.c.username == username)).first()
            if row is None:
                raise NotFound(f"用户“{username}”不存在")
            conn.execute(t.update().where(t.c.id == row[0]).values(active=active))
            conn.execute(schema.user_session.delete().where(schema.user_session.c.user_id == row[0]))
            self.audit(conn, actor=actor, action="enable" if active else "disable", entity="user",
                       entity_id=username)
            got = conn.execute(sa.select(t).where(t.c.id == row[0])).mappings().one()
        return _user_of(dict(got))
