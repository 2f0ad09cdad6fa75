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
            self.audit(conn, actor=actor, action="set-password", entity="user", entity_id=username)
