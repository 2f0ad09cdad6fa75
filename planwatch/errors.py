"""The exception hierarchy. Expected problems in data are :class:`planwatch.issues.Issue`
objects; exceptions are for when an operation cannot go on.

    PlanwatchError
    ├── LoadError          a data file or document failed validation; carries the issues
    ├── NotFound           a plan, indicator, user … that does not exist
    ├── ConflictError      an edit based on a stale version (optimistic locking)
    ├── PermissionDenied   the user's role does not allow the action
    ├── ConfigError        a bad setting or option
    └── StoreError         the database cannot be opened or migrated (HTTP 503)
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.issues import Issue


class PlanwatchError(Exception):
    """Base of all planwatch errors; ``str()`` is a Chinese message for users. ``status`` is the
    HTTP status the web app answers with."""

    status = 400


class LoadError(PlanwatchError):
    def __init__(self, message: str, issues: Sequence[Issue] = ()) -> None:
        self.issues = list(issues)
        detail = "\n".join(f"  - {i}" for i in self.issues[:50])
        more = f"\n  …另有{len(self.issues) - 50}处问题" if len(self.issues) > 50 else ""
        super().__init__(f"{message}\n{detail}{more}" if detail else message)


class NotFound(PlanwatchError):
    status = 404


class ConflictError(PlanwatchError):
    status = 409


class PermissionDenied(PlanwatchError):
    status = 403


class ConfigError(PlanwatchError):
    pass


class StoreError(PlanwatchError):
    """The database cannot be opened, migrated or restored: not the user's mistake (503)."""

    status = 503
