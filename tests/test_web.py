"""The web app in-process (FastAPI TestClient): pages and their JSON twins, sessions, CSRF,
roles, errors in Chinese, escaping."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.web import WebSettings, create_app
from planwatch.web.permissions import PERMISSIONS, Action
from planwatch.web.routes import route_actions
from tests.conftest import new_pg_database, scratch_db
from tests.web_support import add_users, form_token, login, sample_dataset

AS_OF = dt.date(2023, 6, 30)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sample_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Store]:
    """One database per kind for this module: these tests read, log in and out, and never
    change data."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'planwatch.db'}"
    else:
        url = new_pg_database(request.getfixturevalue("pg_server"))
    store = Store(url)
    store.load_dataset(sample_dataset())
    add_users(store)
    yield store
    store.dispose()


def _client(store: Store, *, public: bool = False) -> TestClient:
    settings = WebSettings(db=store.url, secret_key="test-secret", public=public, as_of=AS_OF)
    return TestClient(create_app(settings, store=store))


def test_anonymous_is_sent_to_login_and_json_gets_401(sample_store: Store):
    c = _client(sample_store)
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = c.get("/.json")
    assert r.status_code == 401
    assert r.json()["error"]["message"] == "请先登录。"


def test_login_sets_a_protected_cookie_and_wrong_password_is_refused(sample_store: Store):
    c = _client(sample_store)
    page = c.get("/login").text
    r = c.post("/login", data={"username": "viewer1", "password": "wrong-password",
                               "csrf_token": form_token(page)})
    assert r.status_code == 400 and "用户名或密码不正确" in r.text
    login(c, "viewer1")
    cookie = c.cookies.jar
    assert any(ck.name == "planwatch_session" for ck in cookie)
    me = c.get("/api/session").json()
    assert me["authenticated"] and me["role"] == "viewer"
    raw = c.get("/api/session").headers.get("set-cookie", "")
    assert raw == "" or "HttpOnly" in raw


def test_login_cookie_flags(sample_store: Store):
    c = _client(sample_store)
    token = form_token(c.get("/login").text)
    r = c.post("/login", data={"username": "admin1", "password": "admin-pass-1",
                               "csrf_token": token}, follow_redirects=False)
    header = r.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header
    https = TestClient(create_app(WebSettings(secret_key="k", as_of=AS_OF), store=sample_store),
                       base_url="https://testserver")
    assert "Secure" in https.get("/login").headers["set-cookie"]


def test_post_without_csrf_token_changes_nothing(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    r = c.post("/logout", data={}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    assert c.get("/api/session").json()["authenticated"]


def test_logout_ends_the_session(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    token = form_token(c.get("/").text)
    r = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert not c.get("/api/session").json()["authenticated"]


def test_overview_and_plan_page_with_json_twins(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    html = c.get("/").text
    assert "测试工业规划" in html and "评估时点" in html
    data = c.get("/.json").json()
    assert data["as_of"] == "2023-06-30"
    assert [p["id"] for p in data["plans"]] == ["p1"]
    plan = c.get("/plans/p1.json?method=statcan").json()
    assert plan["total"] == 2
    assert [r["seq"] for r in plan["rows"]] == [2, 6]
    assert "规上工业总产值" in c.get("/plans/p1?method=statcan").text


def test_plan_filters(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    data = c.get("/plans/p1.json?method=statcan&nature=binding").json()
    assert [r["seq"] for r in data["rows"]] == [6]
    data = c.get("/plans/p1.json?method=statcan&category=质效提升").json()
    assert [r["seq"] for r in data["rows"]] == [2]
    data = c.get("/plans/p1.json?method=statcan&department=jxj").json()
    assert [r["seq"] for r in data["rows"]] == [2]


def test_indicator_page_schedule_path_is_compound(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    data = c.get("/indicators/p1/02.json?method=statcan").json()
    path = {p["t"]: p["value"] for p in data["path"]}
    # 4453 × (8000/4453)^(1/5) = 4453 × 1.124315… = 5006.58 (by hand with a calculator)
    assert path[2020.0] == pytest.approx(4453)
    assert path[2021.0] == pytest.approx(5006.58, abs=0.05)
    assert path[2025.0] == pytest.approx(8000)
    assert data["observations"][0]["value"] == 5800
    assert data["observations"][0]["source"]["url"] == "https://example.org/2022"
    html = c.get("/indicators/p1/02?method=statcan").text
    assert 'id="chart-main"' in html


def test_unknown_pages_and_bad_input_get_chinese_messages(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    r = c.get("/plans/nope")
    assert r.status_code == 404 and "规划“nope”不存在" in r.text
    r = c.get("/indicators/p1/99.json")
    assert r.status_code == 404 and "不存在" in r.json()["error"]["message"]
    r = c.get("/plans/p1.json?as_of=2023-13-45")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["error"]["message"]
    r = c.get("/no/such/page")
    assert r.status_code == 404 and "页面不存在" in r.text


def test_text_from_documents_is_escaped(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    for url in ("/plans/p1?method=statcan", "/indicators/p1/06?method=statcan"):
        html = c.get(url).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_public_view_reads_without_login_and_has_no_editing_controls(sample_store: Store):
    c = _client(sample_store, public=True)
    html = c.get("/plans/p1?method=statcan").text
    assert "测试工业规划" in html
    assert 'method="post"' not in html
    assert c.get("/report", follow_redirects=False).status_code in (303, 401, 404)


def test_every_route_declares_an_action_in_the_role_table(sample_store: Store):
    app = create_app(WebSettings(secret_key="k"), store=sample_store)
    actions = route_actions(app)
    assert actions, "no routes registered"
    valid = {a.value for a in Action}
    missing = sorted(f"{m} {p}" for (m, p), a in actions.items() if a not in valid)
    assert not missing, f"routes without a role-table action: {missing}"
    assert set(PERMISSIONS) == set(Action)


def test_openapi_describes_the_json_api(sample_store: Store):
    c = _client(sample_store)
    spec = c.get("/openapi.json").json()
    assert "/plans/{plan_id}.json" in spec["paths"]
    assert "/api/session" in spec["paths"]
    op = spec["paths"]["/plans/{plan_id}.json"]["get"]
    assert op["x-planwatch-action"] == "read"
    json.dumps(spec, ensure_ascii=False)
    # every page field carries the help written beside it (issue 17: the help reaches a reader)
    plan = spec["components"]["schemas"]["PlanPage"]
    assert "/plans/{plan_id}" in plan["description"] and "plan.html" in plan["description"]
    assert plan["properties"]["as_of"]["description"] == "评估时点"
    undescribed = [f"{name}.{field}" for name, comp in spec["components"]["schemas"].items()
                   if name.endswith("Page") for field, prop in comp.get("properties", {}).items()
                   if not prop.get("description")]
    assert not undescribed, undescribed


def test_county_view_ranks_decomposed_progress_and_lists_functional_areas(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    data = c.get("/counties.json?indicator=p1/02").json()
    assert data["mode"] == "decomposed"
    rows = {r["name"]: r for r in data["rows"]}
    # 义乌 2022: ln(1200/667.6)/ln(1500/667.6) = 0.586373/0.809537 = 0.72433 (by hand)
    assert rows["义乌市"]["progress"] == pytest.approx(0.72433, abs=1e-4)
    assert rows["义乌市"]["rank"] == 1 and rows["义乌市"]["status"] == "on_schedule"
    assert rows["东阳市"]["rank"] is None and rows["东阳市"]["latest_value"] is None
    assert [a["name"] for a in data["functional_areas"]] == ["金华开发区"]
    html = c.get("/counties?indicator=p1/02").text
    assert "示意图" in html and 'id="geo-regions"' in html and 'id="chart-main"' in html


def test_admin_pages_are_for_admins_only(sample_store: Store):
    c = _client(sample_store)
    login(c, "viewer1")
    assert c.get("/audit").status_code == 403
    assert c.get("/users.json").status_code == 403
    a = _client(sample_store)
    login(a, "admin1")
    audit = a.get("/audit.json?entity=user").json()
    assert audit["total"] >= 5
    assert all("password_hash" not in json.dumps(e) for e in audit["items"])
    users = {u["username"]: u for u in a.get("/users.json").json()["users"]}
    assert users["yiwu"]["scope"] == "330782" and users["yiwu"]["role"] == "reporter"


def test_admin_creates_an_account_and_bad_input_changes_nothing(db_url: str):
    store = Store(db_url)
    store.load_dataset(sample_dataset())
    add_users(store)
    a = _client(store)
    login(a, "admin1")
    token = form_token(a.get("/users").text)
    r = a.post("/users", data={"username": "new1", "role": "reporter", "scope": "",
                               "password": "long-enough-1", "csrf_token": token})
    assert r.status_code == 400 and "必须指定" in r.text
    assert store.user("new1") is None
    r = a.post("/users", data={"username": "new1", "role": "viewer", "scope": "",
                               "password": "long-enough-1", "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303 and store.user("new1") is not None
    store.dispose()


def test_docs_list_every_route():
    from pathlib import Path

    from planwatch.web.routes import ROUTES

    doc = (Path(__file__).resolve().parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    missing = [r.path for r in ROUTES
               if f"`{r.path.replace(':path', '')}" not in doc and r.path != "/"]
    assert not missing, f"docs/web.md does not describe {missing}"


def test_cli_user_add_and_serve_get(request: pytest.FixtureRequest, tmp_path):
    from click.testing import CliRunner

    from planwatch.cli import cli

    url = scratch_db(tmp_path / 'cli.db', request)
    store = Store(url)
    store.load_dataset(sample_dataset())
    store.dispose()
    runner = CliRunner()
    r = runner.invoke(cli, ["--db", url, "user", "add", "yw2", "--role", "reporter",
                            "--region", "330782", "--password-stdin"], input="long-password-1\n")
    assert r.exit_code == 0 and "已创建账号“yw2”" in r.output
    r = runner.invoke(cli, ["--db", url, "user", "add", "bad", "--role", "reporter",
                            "--password-stdin"], input="long-password-1\n")
    assert r.exit_code != 0
    store = Store(url)
    user = store.user("yw2")
    assert user is not None and user.scope_region == "330782"
    assert user.password_hash.startswith("$argon2id$")
    store.dispose()
    r = runner.invoke(cli, ["--db", url, "serve", "--public", "--get", "/plans/p1.json?method=statcan"])
    assert r.exit_code == 0 and '"id":"p1"' in r.output.replace(" ", "")
