"""Who may do what: the one table every route refers to.

Each route in :mod:`planwatch.web.routes` names one :class:`Action`; :data:`PERMISSIONS` says
which roles may perform it. ``anonymous`` is a visitor without a session when the public view is
off; ``public`` is the same visitor when ``PLANWATCH_PUBLIC=1``. Reporters are further limited
to their own department or county by the reporting views (row-level scope).
"""

from __future__ import annotations

from enum import StrEnum

ANONYMOUS = "anonymous"
PUBLIC = "public"
ADMIN, REVIEWER, REPORTER, VIEWER = "admin", "reviewer", "reporter", "viewer"

ALL_ROLES: tuple[str, ...] = (ANONYMOUS, PUBLIC, VIEWER, REPORTER, REVIEWER, ADMIN)
STAFF = frozenset({VIEWER, REPORTER, REVIEWER, ADMIN})


class Action(StrEnum):
    OPEN = "open"  # login page, static files, health, the API description
    READ = "read"  # overview, plans, indicators, county view (read-only pages)
    SESSION = "session"  # one's own session: logout, who am I
    SUBMIT = "submit"  # enter values for one's own department or county (数据报送)
    MONITOR = "monitor"  # completeness by reporter (报送状态) and reminders
    REVIEW = "review"  # accept / correct / reject submitted values and facts
    IMPORT = "import"  # import a plan document in the browser
    AUDIT = "audit"  # browse the audit log
    ACCOUNTS = "accounts"  # list and create accounts
    ASSIGN = "assign"  # assign plan tasks to lead and co-units (责任分解 of tasks, issue 16)
    GENERATE = "generate"  # generate reports and workbooks from the web (evaluators)
    MESSAGES = "messages"  # one's own in-app messages (消息): reporters, reviewers, admins
    EVIDENCE = "evidence"  # download the evidence files of progress reports: staff, never the public view


PERMISSIONS: dict[Action, frozenset[str]] = {
    Action.OPEN: frozenset(ALL_ROLES),
    Action.READ: STAFF | {PUBLIC},
    Action.SESSION: STAFF,
    Action.SUBMIT: frozenset({REPORTER, ADMIN}),
    Action.MONITOR: frozenset({REVIEWER, ADMIN}),
    Action.REVIEW: frozenset({REVIEWER, ADMIN}),
    Action.IMPORT: frozenset({REVIEWER, ADMIN}),
    Action.AUDIT: frozenset({ADMIN}),
    Action.ACCOUNTS: frozenset({ADMIN}),
    Action.ASSIGN: frozenset({ADMIN}),
    Action.MESSAGES: frozenset({REPORTER, REVIEWER, ADMIN}),
    Action.GENERATE: frozenset({REVIEWER, ADMIN}),
    Action.EVIDENCE: STAFF,
}


def allowed(role: str, action: Action) -> bool:
    return role in PERMISSIONS[action]
