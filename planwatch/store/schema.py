"""Table definitions (SQLAlchemy Core). The same tables run on SQLite and PostgreSQL.

Changing a table means adding an Alembic migration in ``planwatch/store/migrations/versions``;
``tests/test_store.py`` checks that the migrated schema matches these definitions.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _source_columns() -> list[Column[object]]:
    """Provenance of a row: a document and line/table/cell, or a URL with title and date."""
    return [
        Column("src_document", String(100)),
        Column("src_line", Integer),
        Column("src_table", String(100)),
        Column("src_cell", String(50)),
        Column("src_page", Integer),
        Column("src_url", Text),
        Column("src_title", Text),
        Column("src_date", String(20)),
        Column("src_note", Text),
    ]


region = Table(
    "region",
    metadata,
    Column("id", String(50), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("adcode", Integer),
    Column("parent", String(50)),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list
    Column("note", Text),
)

department = Table(
    "department",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("region", String(50)),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("contacts", Text, nullable=False, default="[]"),  # JSON [{name, phone, email}] (0004)
    Column("note", Text),
)

responsibility = Table(
    "responsibility",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(150), ForeignKey("indicator.id"), nullable=False),
    Column("region", String(50), nullable=False, default=""),  # "" = the plan's own region
    Column("lead", String(100), ForeignKey("department.id"), nullable=False),
    Column("co_units", Text, nullable=False, default="[]"),  # JSON list of department ids
    Column("frequency", String(20), nullable=False),
    Column("deadline_days", Integer, nullable=False),
    Column("grace_days", Integer, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", String(100), nullable=False),
    *_source_columns(),
    UniqueConstraint("indicator", "region", name="uq_responsibility_key"),
)
Index("ix_responsibility_lead", responsibility.c.lead)

document = Table(
    "document",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("issuer", Text),
    Column("date", String(20)),
    Column("url", Text),
    Column("file", Text),
    Column("note", Text),
    Column("sha256", String(64)),
)

statistic = Table(
    "statistic",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(50), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("additive", Boolean, nullable=False, default=False),
    Column("direction", String(20)),
    Column("note", Text),
)

measure_unit = Table(  # units of measure declared by data folders (units.yaml, 0007_i14)
    "measure_unit",
    metadata,
    Column("id", String(50), primary_key=True),  # the symbol
    Column("dimension", String(50), nullable=False),
    Column("factor", Float, nullable=False),
    Column("label", Text, nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("dataset", String(200), nullable=False, default=""),
)

plan = Table(
    "plan",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("region", String(50), nullable=False),
    Column("issuer", Text, nullable=False),
    Column("level", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("period_start", Integer, nullable=False),
    Column("period_end", Integer, nullable=False),
    Column("base_year", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("parents", Text, nullable=False, default="[]"),
    Column("document", String(100)),
    Column("outlook_year", Integer),
    Column("categories", Text, nullable=False, default="[]"),
    Column("note", Text),
    Column("vocabulary", String(20)),  # city | national (0004_i14)
    Column("predecessor", String(100)),  # the plan of the previous period (0007_i14)
)

indicator = Table(
    "indicator",
    metadata,
    Column("id", String(150), primary_key=True),
    Column("plan", String(100), ForeignKey("plan.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("category", String(100)),
    Column("name", Text, nullable=False),
    Column("statistic", String(100)),
    Column("unit", String(50), nullable=False),
    Column("nature", String(20), nullable=False),
    Column("direction", String(20), nullable=False),
    Column("direction_basis", Text, nullable=False),
    Column("target_form", String(30), nullable=False),
    Column("rule", String(30), nullable=False),
    Column("rule_basis", Text, nullable=False),
    Column("qualifier", String(20), nullable=False),
    Column("base_value", Float),
    Column("base_year", Integer),
    Column("base_text", Text),
    Column("target_value", Float),
    Column("target_year", Integer),
    Column("target_text", Text),
    Column("stretch_value", Float),
    Column("declared_growth", Float),
    Column("declared_growth_unit", String(20)),
    Column("departments", Text, nullable=False, default="[]"),
    Column("limit_value", Float),
    Column("note", Text),
    Column("version", Integer, nullable=False, default=1),
    *_source_columns(),
    Column("relation", String(20)),  # relational targets (0004_i14)
    Column("reference_statistic", String(100)),
    Column("scope", String(50)),
    Column("proxy_scope", String(50)),
    UniqueConstraint("plan", "seq", name="uq_indicator_plan_seq"),
)

decomposition = Table(
    "decomposition",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(150), ForeignKey("indicator.id"), nullable=False),
    Column("region", String(50), nullable=False),
    Column("year", Integer, nullable=False),
    Column("role", String(10), nullable=False),
    Column("value", Float, nullable=False),
    Column("text", Text),
    *_source_columns(),
    UniqueConstraint("indicator", "region", "year", "role", name="uq_decomposition_key"),
)

milestone = Table(
    "milestone",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(150), ForeignKey("indicator.id"), nullable=False),
    Column("region", String(50)),
    Column("year", Integer, nullable=False),
    Column("value", Float, nullable=False),
    Column("origin", String(20), nullable=False),
    *_source_columns(),
    Column("qualifier", String(20)),  # 6%以上 → at_least (0004_i14)
    Column("text", Text),
)

narrative_target = Table(
    "narrative_target",
    metadata,
    Column("id", String(150), primary_key=True),
    Column("plan", String(100), ForeignKey("plan.id"), nullable=False),
    Column("subject", Text, nullable=False),
    Column("value", Float),
    Column("unit", String(50), nullable=False),
    Column("qualifier", String(20), nullable=False),
    Column("year", Integer),
    Column("stretch", Boolean, nullable=False, default=False),
    Column("statistic", String(100)),
    Column("increment", Boolean, nullable=False, default=False),
    Column("region", String(50)),
    Column("section", Text),
    Column("text", Text),
    *_source_columns(),
)

observation = Table(
    "observation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("statistic", String(100), ForeignKey("statistic.id"), nullable=False),
    Column("region", String(50), ForeignKey("region.id"), nullable=False),
    Column("period", String(30), nullable=False),
    Column("period_end", String(10), nullable=False),  # ISO date, for as-of filtering
    Column("kind", String(20), nullable=False),
    Column("scope", String(50), nullable=False, default=""),
    Column("rank_of", String(20), nullable=False, default=""),
    Column("value", Float, nullable=False),
    Column("unit", String(50), nullable=False),
    Column("text", Text),
    Column("qualifier", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("recorded_by", String(100), nullable=False),
    Column("load_id", Integer),
    *_source_columns(),
    Column("src_kind", String(30)),  # kind of the original source (0004_i14)
    UniqueConstraint(
        "statistic", "region", "period", "kind", "scope", "rank_of", "revision",
        name="uq_observation_revision",
    ),
)
Index("ix_observation_series", observation.c.statistic, observation.c.region, observation.c.period_end)

finding = Table(
    "finding",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("load_id", Integer),
    Column("dataset", String(100), nullable=False),
    Column("code", String(60), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("message", Text, nullable=False),
    Column("location", Text, nullable=False),  # JSON
    Column("subject", String(150)),  # indicator or plan id it concerns
)

load = Table(
    "load",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(100), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("summary", Text, nullable=False),  # JSON counts
)

user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),  # admin, reviewer, reporter, viewer
    Column("scope_department", String(100)),
    Column("scope_region", String(50)),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(40), nullable=False),
)

#: server-side sessions (issue 18): the cookie carries a random id, this row its user and times;
#: logout, a password change or disabling the account delete the rows, ending the sessions at once
user_session = Table(
    "user_session",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the cookie's session id
    Column("user_id", Integer, ForeignKey("app_user.id"), nullable=False),
    Column("created_at", Float, nullable=False),  # epoch seconds
    Column("last_seen", Float, nullable=False),
)
Index("ix_user_session_user_id", user_session.c.user_id)

#: every login attempt (issue 18): progressive delay and lockout per account and per address
login_attempt = Table(
    "login_attempt",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Column("ok", Boolean, nullable=False),
)
Index("ix_login_attempt_username", login_attempt.c.username, login_attempt.c.at)
Index("ix_login_attempt_address", login_attempt.c.address, login_attempt.c.at)

candidate = Table(
    "candidate",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", String(20), nullable=False),  # web, excel, facts, api
    Column("statistic", String(100)),
    Column("indicator", String(150)),
    Column("region", String(50)),
    Column("period", String(30)),
    Column("kind", String(20), nullable=False),
    Column("value", Float),
    Column("unit", String(50)),
    Column("text", Text),
    Column("qualifier", String(20), nullable=False, default="exact"),
    Column("scope", String(50)),
    Column("explanation", Text),
    Column("sentence", Text),
    Column("state", String(20), nullable=False),  # pending, accepted, rejected
    Column("submitted_by", String(100), nullable=False),
    Column("submitted_at", String(40), nullable=False),
    Column("reviewed_by", String(100)),
    Column("reviewed_at", String(40)),
    Column("review_comment", Text),
    Column("observation_id", Integer),
    Column("conflict", Text),
    Column("version", Integer, nullable=False, default=1),
    Column("batch", String(100)),
    *_source_columns(),
    Column("rank_of", String(20)),  # ranks: level, growth, share (0002)
    Column("status", String(20)),  # data status of the value: preliminary, final, estimated …
    Column("corrected_value", Float),  # set when a reviewer corrects; value keeps the original
    Column("corrected_unit", String(50)),
)
Index("ix_candidate_state", candidate.c.state)
Index("ix_candidate_observation_id", candidate.c.observation_id)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("entity", String(50), nullable=False),
    Column("entity_id", String(150), nullable=False),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Column("comment", Text),
)

# --- key tasks and major projects (issue 16, migration 0004_i16) -------------------------------

plan_task = Table(
    "plan_task",
    metadata,
    Column("id", String(150), primary_key=True),
    Column("plan", String(100), ForeignKey("plan.id"), nullable=False),
    Column("key", String(50), nullable=False),
    Column("kind", String(20), nullable=False),  # action, task, subtask, box
    Column("number", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("section", Text, nullable=False),
    Column("parent", String(150)),
    Column("box", Text),
    Column("time_nodes", Text, nullable=False, default="[]"),  # JSON list
    Column("numbers", Text, nullable=False, default="[]"),  # JSON [[text, value, unit]]
    Column("statistics", Text, nullable=False, default="[]"),  # JSON list of statistic ids
    Column("position", Integer, nullable=False),
    Column("end_line", Integer),
    *_source_columns(),
    UniqueConstraint("plan", "key", name="uq_plan_task_plan_key"),
)
Index("ix_plan_task_plan", plan_task.c.plan)

task_unit = Table(
    "task_unit",
    metadata,
    Column("task", String(150), ForeignKey("plan_task.id"), primary_key=True),
    Column("department", String(100), ForeignKey("department.id"), primary_key=True),
    Column("role", String(10), nullable=False),  # lead, co
    Column("assigned_by", String(100), nullable=False),
    Column("assigned_at", String(40), nullable=False),
)

project = Table(
    "project",
    metadata,
    Column("id", String(150), primary_key=True),
    Column("plan", String(100), ForeignKey("plan.id")),
    Column("name", Text, nullable=False),
    Column("owner", String(100), ForeignKey("department.id")),
    Column("region", String(50)),
    Column("total_investment", Float),
    Column("unit", String(20), nullable=False, default="亿元"),
    Column("annual_plan", Text, nullable=False, default="[]"),  # JSON [[year, value]]
    Column("start_year", Integer),
    Column("finish_year", Integer),
    Column("milestones", Text, nullable=False, default="[]"),  # JSON [[name, year]]
    Column("status", String(30)),
    Column("note", Text),
    *_source_columns(),
    # read from a plan document's project table (0010_i16): as printed
    Column("owner_text", Text),
    Column("location", Text),
    Column("content", Text),
    Column("category", Text),
)
Index("ix_project_plan", project.c.plan)

progress = Table(
    "progress",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(10), nullable=False),  # task, project
    Column("target", String(150), nullable=False),
    Column("period", String(30), nullable=False),
    Column("department", String(100), ForeignKey("department.id")),
    Column("text", Text, nullable=False),
    Column("investment", Float),  # 亿元 completed in the period (projects)
    Column("milestones", Text, nullable=False, default="[]"),  # JSON names reached
    Column("evidence_url", Text),
    Column("evidence_document", Text),
    Column("evidence_facts", Text, nullable=False, default="[]"),  # JSON observation ids
    Column("self_status", String(20), nullable=False),
    Column("state", String(20), nullable=False),  # pending, confirmed
    Column("status", String(20)),  # as confirmed (or changed) by the reviewer
    Column("submitted_by", String(100), nullable=False),
    Column("submitted_at", String(40), nullable=False),
    Column("reviewed_by", String(100)),
    Column("reviewed_at", String(40)),
    Column("review_comment", Text),
)
Index("ix_progress_target", progress.c.target)

# --- reports and workbooks generated from the web (issue 11, migration 0009_i11) ---------------

generated_file = Table(
    "generated_file",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan", String(100), nullable=False),
    Column("kind", String(20), nullable=False),  # annual, midterm, final, workbook
    Column("fmt", String(10), nullable=False),  # docx, pdf, html, xlsx
    Column("as_of", String(10), nullable=False),
    Column("state", String(20), nullable=False),  # queued, running, done, failed
    Column("progress", Integer, nullable=False, default=0),  # 0-100
    Column("step", Text),  # what is being done now (Chinese)
    Column("message", Text),  # why it failed (Chinese)
    Column("filename", Text),  # server-chosen download name
    Column("size", Integer),
    Column("content", Text),  # base64 of the file (backups are JSON lines)
    Column("created_by", String(100), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40)),
)
Index("ix_generated_file_plan", generated_file.c.plan)

evidence_file = Table(  # a document uploaded as evidence with a progress report (0010_i16)
    "evidence_file",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("progress", Integer, ForeignKey("progress.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", Text, nullable=False),  # base64, so that dumps stay JSON text
    Column("uploaded_by", String(100), nullable=False),
    Column("uploaded_at", String(40), nullable=False),
)
Index("ix_evidence_file_progress", evidence_file.c.progress)
