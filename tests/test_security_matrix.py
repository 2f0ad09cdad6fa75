"""The role × action matrix, checked against every route the app registers.

``MATRIX`` below is written by hand from issue 6/8 (who may do what), independently of
``planwatch.web.permissions``. Every (method, path) in ``app.routes`` must have an entry (a new
route without one fails :func:`test_every_route_has_a_matrix_entry`), and each entry is exercised
for real: each role sends the request (with a valid CSRF token) and must be let through or
refused exactly as declared. "Reporter B" is the reporter of another county acting on county A's
data: refused on every route that names A's data.

Roles: anonymous (no session), viewer, reporter_a (义乌, county A), reporter_b (东阳, county B,
acting on A's data), reviewer, admin; plus anonymous visitors with the public view switched on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.store import CandidateInput
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.web_support import PASSWORDS, add_users, csrf_of, login

ANON, VIEWER, REP_A, REP_B, REVIEWER, ADMIN = (
    "anonymous", "viewer", "reporter_a", "reporter_b", "reviewer", "admin")
ROLES = (ANON, VIEWER, REP_A, REP_B, REVIEWER, ADMIN)
LOGINS = {VIEWER: "viewer1", REP_A: "yiwu", REP_B: "dongyang", REVIEWER: "reviewer1",
          ADMIN: "admin1"}

EVERYONE = frozenset(ROLES)
STAFF = frozenset({VIEWER, REP_A, REP_B, REVIEWER, ADMIN})
REPORTERS = frozenset({REP_A, REP_B, ADMIN})  # own data (routes not naming a county)
A_DATA = frozenset({REP_A, ADMIN})  # routes naming county A's data
REVIEWERS = frozenset({REVIEWER, ADMIN})
ADMINS = frozenset({ADMIN})

OUTPUT = "jinhua-industry-14/02"  # 规上工业总产值; 义乌 (330782) reports it
A = "330782"
TASK = "jinhua-industry-14/t4-1-1"  # a task read into the matrix's store (issue 16)
PROJECT = "jinhua-industry-14/p001"  # a project of the matrix's store (fictional, issue 16)


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    url: str  # a concrete request; {cid} is a pending candidate's id
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    files: bool = False
    public: bool = False  # readable by anonymous visitors when the public view is on
    extra: dict[str, str] = field(default_factory=dict)
    #: the request ends the session it is sent with (logout, issue 18): each role sends it from a
    #: session of its own, so that the shared sessions of the other cases stay alive
    ends_session: bool = False


def _page(path: str, allowed: frozenset[str], url: str | None = None,
          public: bool = False) -> dict[tuple[str, str], Rule]:
    """A page and its .json twin."""
    url = url or path
    base, _, query = url.partition("?")
    q = f"?{query}" if query else ""
    return {("GET", path): Rule(allowed, url, public=public),
            ("GET", f"{path}.json"): Rule(allowed, f"{base}.json{q}", public=public)}


ENTRY = {"indicator": OUTPUT, "region": A, "period": "2022", "value": "700",
         "source_title": "义乌市统计公报", "explanation": "安全矩阵测试"}

MATRIX: dict[tuple[str, str], Rule] = {
    **_page("/", STAFF, public=True),
    **_page("/plans/{plan_id}", STAFF, "/plans/jinhua-industry-14", public=True),
    **_page("/indicators/{indicator_id:path}", STAFF, f"/indicators/{OUTPUT}", public=True),
    **_page("/plans/{plan_id}/tasks", STAFF, "/plans/jinhua-industry-14/tasks", public=True),
    **_page("/plans/{plan_id}/projects", STAFF, "/plans/jinhua-industry-14/projects", public=True),
    ("GET", "/plans/{plan_id}/projects/template"): Rule(ADMINS, "/plans/jinhua-industry-14/projects/template"),
    ("POST", "/plans/{plan_id}/projects/upload"): Rule(ADMINS, "/plans/jinhua-industry-14/projects/upload",
                                                        files=True),
    **_page("/tasks/{task_id:path}", STAFF, f"/tasks/{TASK}", public=True),
    **_page("/projects/{project_id:path}", STAFF, f"/projects/{PROJECT}", public=True),
    ("GET", "/evidence/{file_id}"): Rule(STAFF, "/evidence/1"),  # never the public view
    ("POST", "/tasks/assign"): Rule(ADMINS, "/tasks/assign", form={"task": TASK, "lead": "matrix-unit"}),
    # a reporter reports only on a task of their own unit: reporter_a's unit has none here
    ("POST", "/tasks/report"): Rule(frozenset({ADMIN}), "/tasks/report", form={
        "target": TASK, "period": "2023-H1", "text": "矩阵测试", "status": "序时推进"}),
    ("POST", "/tasks/review/{progress_id}"): Rule(
        REVIEWERS, "/tasks/review/{pid}", form={"status": "序时推进", "comment": ""}),
    **_page("/counties", STAFF, public=True),
    **_page("/report", REPORTERS),
    ("GET", "/report/entry"): Rule(
        A_DATA, f"/report/entry?indicator={OUTPUT}&region={A}&period=2022"),
    ("POST", "/report/entry"): Rule(A_DATA, "/report/entry", form=ENTRY),
    ("GET", "/report/template"): Rule(A_DATA, f"/report/template?year=2023&scope={A}"),
    ("POST", "/report/upload"): Rule(A_DATA, "/report/upload", files=True),
    ("POST", "/api/submissions"): Rule(A_DATA, "/api/submissions", json=ENTRY),
    **_page("/report/status", REVIEWERS),
    **_page("/review", REVIEWERS),
    ("POST", "/report/status/remind"): Rule(REVIEWERS, "/report/status/remind", form={"scope": A}),
    **_page("/plans/{plan_id}/files", STAFF, "/plans/jinhua-industry-14/files"),
    ("POST", "/plans/{plan_id}/generate"): Rule(REVIEWERS, "/plans/jinhua-industry-14/generate",
                                                form={"kind": "workbook", "as_of": "2023-12-31"}),
    ("GET", "/files/{file_id}"): Rule(STAFF, "/files/1"),
    **_page("/messages", frozenset({REP_A, REP_B, REVIEWER, ADMIN})),
    ("POST", "/report/withdraw"): Rule(A_DATA, "/report/withdraw", form={
        "indicator": OUTPUT, "region": A, "period": "2022"}),
    ("POST", "/api/submissions/{candidate_id}/withdraw"): Rule(
        A_DATA, "/api/submissions/{cid}/withdraw", json={"version": 1}),
    ("POST", "/review/{candidate_id}"): Rule(
        REVIEWERS, "/review/{cid}", form={"action": "reject", "version": "1", "comment": "矩阵"}),
    ("POST", "/api/review/{candidate_id}"): Rule(
        REVIEWERS, "/api/review/{cid}", json={"action": "reject", "version": 1, "comment": "矩阵"}),
    ("GET", "/import"): Rule(REVIEWERS, "/import"),
    ("POST", "/import"): Rule(REVIEWERS, "/import", files=True),
    ("POST", "/import/confirm"): Rule(REVIEWERS, "/import/confirm",
                                      form={"file": "plan.txt", "payload": ""}),
    **_page("/audit", ADMINS),
    ("GET", "/audit.csv"): Rule(ADMINS, "/audit.csv?action=submit"),
    **_page("/users", ADMINS),
    **_page("/units", ADMINS),
    ("POST", "/units"): Rule(ADMINS, "/units", form={
        "unit_id": "matrix-unit", "name": "矩阵示例单位（虚构）", "region": "", "contact": "",
        "phone": "", "email": ""}),
    ("POST", "/units/duty"): Rule(ADMINS, "/units/duty", form={
        "indicator": OUTPUT, "region": "", "lead": "matrix-unit", "frequency": "annual"}),
    ("POST", "/units/import"): Rule(ADMINS, "/units/import", files=True),
    ("POST", "/units/annual"): Rule(ADMINS, "/units/annual", files=True),
    ("GET", "/units/annual-template"): Rule(ADMINS, "/units/annual-template?plan=jinhua-industry-14&year=2023"),
    ("POST", "/users"): Rule(ADMINS, "/users", form={
        "username": "matrix-made", "display_name": "矩阵", "role": "viewer", "scope": "",
        "password": "matrix-pass-1"}),
    ("GET", "/login"): Rule(EVERYONE, "/login", public=True),
    ("POST", "/login"): Rule(EVERYONE, "/login", public=True,
                             form={"username": "viewer1", "password": PASSWORDS["viewer1"]}),
    ("POST", "/logout"): Rule(STAFF, "/logout", form={}, ends_session=True),
    **_page("/account", STAFF),
    # a wrong old password: answered (400) for every account, changes nothing
    ("POST", "/account/password"): Rule(STAFF, "/account/password", form={
        "old_password": "not-the-password-1", "new_password": "Matrix-new-2027", "new_password_again": "Matrix-new-2027"}),
    ("GET", "/api/session"): Rule(EVERYONE, "/api/session", public=True),
    ("POST", "/api/login"): Rule(EVERYONE, "/api/login", public=True,
                                 json={"username": "viewer1", "password": PASSWORDS["viewer1"]}),
    ("GET", "/openapi.json"): Rule(EVERYONE, "/openapi.json", public=True),
    ("GET", "/static"): Rule(EVERYONE, "/static/app.css", public=True),
}


def registered(app: Any) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, Mount):
            out.add(("GET", route.path))
        elif isinstance(route, (APIRoute, Route)):
            out.update((m, route.path) for m in (route.methods or ()) if m != "HEAD")
    return out


def _tasks_world(store: Store) -> None:
    """One plan task (text as in seed 004 line 550), one unit, one pending progress report (id 1)."""
    from planwatch import model as m
    from planwatch.store import ProgressInput

    store.load_dataset(m.Dataset(name="矩阵单位", departments=(m.Department("matrix-unit", "矩阵测试单位"),)))
    store.save_tasks("jinhua-industry-14", [m.PlanTask(
        id=TASK, plan="jinhua-industry-14", key="4-1-1", kind="task", number="1．",
        title="大力扶持一批冠军型龙头企业", text="1．大力扶持一批冠军型龙头企业", section="四、主要任务",
        position=1, source=m.SourceRef(document="seed-004", line=550))], actor="matrix")
    store.add_progress(ProgressInput(target_kind="task", target=TASK, period="2023-H1", text="矩阵测试",
                                     self_status=m.TaskStatus.ON_TRACK,
                                     evidence_upload=("矩阵佐证（虚构）.txt", "text/plain", "虚构".encode())),
                       actor="matrix")
    store.save_projects([m.Project(id=PROJECT, name="矩阵测试项目（虚构）", plan="jinhua-industry-14",
                                   owner="matrix-unit", total_investment=1.0)], actor="matrix")


@pytest.fixture(scope="module")
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    store = Store(scratch_db(tmp_path_factory.mktemp('matrix') / 'planwatch.db', request))
    load_embedded(store)
    add_users(store)
    _tasks_world(store)
    cand = store.submit_candidate(CandidateInput(
        origin="web", kind="level", value=700.0, unit="亿元", statistic="gs-output", region=A,
        period="2021", explanation="矩阵测试"), submitter="yiwu")
    yield store, cand.id
    store.dispose()


def _fresh(store: Store, role: str) -> tuple[TestClient, dict[str, str], str]:
    """A new browser of this role, logged in with a session of its own."""
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="matrix"), store=store))
    if role in LOGINS:
        login(c, LOGINS[role])
    token = csrf_of(c)  # also gives an anonymous visitor its session cookie
    return c, dict(c.cookies), token


@pytest.fixture(scope="module")
def clients(world: tuple[Store, int]) -> dict[str, tuple[TestClient, dict[str, str], str]]:
    store, _ = world
    return {role: _fresh(store, role) for role in ROLES}


def _template_bytes(store: Store) -> bytes:
    import tempfile
    from pathlib import Path

    from planwatch.api.excel import write_reporting_template

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.xlsx"
        write_reporting_template(store, A, path, year=2023)
        return path.read_bytes()


def _send(c: TestClient, cookies: dict[str, str], token: str | None, method: str, rule: Rule,
          cid: int, upload: bytes) -> Any:
    c.cookies.clear()
    for k, v in cookies.items():
        c.cookies.set(k, v)
    url = rule.url.replace("{cid}", str(cid)).replace("{pid}", "1")
    if method == "GET":
        return c.get(url, follow_redirects=False)
    headers = {"X-CSRF-Token": token} if token and rule.json is not None else {}
    if rule.json is not None:
        return c.post(url, json=rule.json, headers=headers, follow_redirects=False)
    data = dict(rule.form or {})
    if token:
        data["csrf_token"] = token
    files = {"file": ("填报表.xlsx", upload, "application/octet-stream")} if rule.files else None
    return c.post(url, data=data, files=files, follow_redirects=False)


def _refused(resp: Any) -> bool:
    if resp.status_code in (401, 403):
        return True
    # HTML pages send a visitor without a session to the login page, naming where it was going
    return resp.status_code in (302, 303) and resp.headers.get("location", "").startswith(
        "/login?next=")


def test_every_route_has_a_matrix_entry(world: tuple[Store, int]):
    store, _ = world
    app = create_app(WebSettings(db=store.url, secret_key="matrix"), store=store)
    routes = registered(app)
    missing = sorted(routes - set(MATRIX))
    assert not missing, (
        f"routes without an entry in tests/test_security_matrix.py MATRIX: {missing}. "
        "Add each with the roles allowed and a sample request.")
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"MATRIX entries for routes the app no longer registers: {stale}"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_enforces_its_matrix_entry(key: tuple[str, str], world: tuple[Store, int],
                                          clients: dict[str, Any]):
    store, cid = world
    rule = MATRIX[key]
    upload = _template_bytes(store) if rule.files else b""
    for role in ROLES:
        c, cookies, token = _fresh(store, role) if rule.ends_session else clients[role]
        resp = _send(c, cookies, token, key[0], rule, cid, upload)
        assert resp.status_code < 500, f"{role}: {resp.status_code} {resp.text[:300]}"
        if role in rule.allowed:
            assert not _refused(resp), f"{role} should be allowed: {resp.status_code} {resp.text[:300]}"
        elif role == REP_B and key[1] == "/report/upload":
            # another county's workbook: read, then refused as not this reporter's
            assert resp.status_code == 400 and "本单位" in resp.text
        else:
            assert _refused(resp), f"{role} should be refused: {resp.status_code} {resp.text[:300]}"


def test_public_view_reads_but_changes_nothing(world: tuple[Store, int]):
    store, cid = world
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="matrix", public=True),
                              store=store))
    token = csrf_of(c)
    cookies = dict(c.cookies)
    for key, rule in sorted(MATRIX.items()):
        resp = _send(c, cookies, token, key[0], rule, cid, b"")
        assert resp.status_code < 500
        if rule.public:
            assert not _refused(resp), f"public {key}: {resp.status_code}"
        else:
            assert _refused(resp), f"public visitor reached {key}: {resp.status_code}"


def _counts(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        return {t: int(conn.execute(sa.text(f"select count(*) from {t}")).scalar_one())
                for t in ("candidate", "observation", "app_user", "audit_log")}


@pytest.mark.parametrize("key", sorted(k for k in MATRIX if k[0] != "GET"),
                         ids=lambda k: f"{k[0]} {k[1]}")
def test_every_form_and_write_refuses_a_missing_csrf_token(key: tuple[str, str],
                                                           world: tuple[Store, int],
                                                           clients: dict[str, Any]):
    store, cid = world
    rule = MATRIX[key]
    role = ADMIN if ADMIN in rule.allowed else sorted(rule.allowed)[0]
    c, cookies, _ = clients[role]
    before = _counts(store)
    upload = _template_bytes(store) if rule.files else b""
    resp = _send(c, cookies, None, key[0], rule, cid, upload)
    assert resp.status_code == 403, f"{key} without CSRF token: {resp.status_code}"
    assert "CSRF" in resp.text and "未做任何修改" in resp.text
    assert _counts(store) == before
    wrong = _send(c, cookies, "0" * 64, key[0], rule, cid, upload)
    assert wrong.status_code == 403 and _counts(store) == before


def test_passwords_are_stored_as_argon2id(world: tuple[Store, int]):
    store, _ = world
    for username, password in PASSWORDS.items():
        user = store.user(username)
        if user is None:
            continue
        h = user.password_hash
        assert h.startswith("$argon2id$v=19$"), h[:20]
        params = dict(p.split("=") for p in h.split("$")[3].split(","))
        assert int(params["m"]) >= 19456 and int(params["t"]) >= 2
        assert password not in h


def test_session_cookie_flags(world: tuple[Store, int]):
    store, _ = world
    app = create_app(WebSettings(db=store.url, secret_key="matrix"), store=store)
    plain = TestClient(app)
    cookie = plain.get("/api/session").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    tls = TestClient(app, base_url="https://planwatch.example")
    cookie = tls.get("/api/session").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_secure_cookie_behind_a_trusted_proxy_only(world: tuple[Store, int]):
    """nginx terminates HTTPS and sends X-Forwarded-Proto: https; the app believes it only from
    PLANWATCH_TRUSTED_PROXIES (TestClient's peer address is the literal "testclient")."""
    store, _ = world
    fwd = {"X-Forwarded-Proto": "https"}
    untrusted = TestClient(create_app(WebSettings(db=store.url, secret_key="m"), store=store))
    assert "secure" not in untrusted.get("/api/session", headers=fwd).headers["set-cookie"].lower()
    settings = WebSettings.from_env({"PLANWATCH_TRUSTED_PROXIES": "10.0.0.0/8, testclient"},
                                    db=store.url, secret_key="m")
    trusted = TestClient(create_app(settings, store=store))
    cookie = trusted.get("/api/session", headers=fwd).headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie
