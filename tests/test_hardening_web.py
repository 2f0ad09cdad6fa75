"""Web findings of issue 18: no request data in file paths (M-4), sessions that end (M-1),
login protection and its audit (M-2/M-3). Accounts are the fictional test accounts of
tests/web_support.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.web_support import add_users, login

SECRET = "s" * 40


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(scratch_db(tmp_path_factory.mktemp("hard-web") / "planwatch.db", request))
    load_embedded(s)
    add_users(s)
    yield s
    s.dispose()


def _client(store: Store, user: str | None = None) -> TestClient:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET), store=store))
    if user:
        login(c, user)
    return c


def test_template_download_never_writes_where_the_request_says(store: Store):
    # M-4: an admin's GET with a crafted scope wrote *.xlsx files outside the temp folder
    target = Path("/tmp/planwatch-m4-escape")
    if target.exists():
        for p in target.rglob("*"):
            p.unlink() if p.is_file() else None
    c = _client(store, "admin1")
    scope = "../../../../../../../../tmp/planwatch-m4-escape/x"
    r = c.get("/report/template", params={"year": 2023, "scope": scope})
    assert r.status_code < 500
    assert not any(target.rglob("*.xlsx")) if target.exists() else True
    if r.status_code == 200:
        disposition = r.headers["content-disposition"]
        assert "/" not in disposition.split("filename", 1)[1].replace("''", "")


def _authenticated(c: TestClient) -> bool:
    return bool(c.get("/api/session").json()["authenticated"])


def _copy(c: TestClient, store: Store) -> TestClient:
    """A second browser holding the same session cookie (as an attacker who kept it would)."""
    other = _client(store)
    other.cookies.update(dict(c.cookies))
    return other


def test_logout_ends_the_session_on_the_server(store: Store):
    c = _client(store, "viewer1")
    kept = _copy(c, store)
    assert _authenticated(kept)
    token = c.get("/api/session").json()["csrf_token"]
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert not _authenticated(kept)  # the old cookie no longer works (it did for 12 h)


def test_password_change_and_disable_end_existing_sessions(store: Store):
    from planwatch.api import users as api_users

    api_users.add_user(store, "zhangsan", "Zhang-pass-2026", role="viewer")
    c = _client(store)
    token = c.get("/api/session").json()["csrf_token"]
    c.post("/login", data={"username": "zhangsan", "password": "Zhang-pass-2026", "csrf_token": token})
    assert _authenticated(c)
    api_users.change_password(store, "zhangsan", "Zhang-new-2027", actor="admin1")
    assert not _authenticated(c)
    token = c.get("/api/session").json()["csrf_token"]
    c.post("/login", data={"username": "zhangsan", "password": "Zhang-new-2027", "csrf_token": token})
    assert _authenticated(c)
    api_users.set_active(store, "zhangsan", False, actor="admin1")
    assert not _authenticated(c)
    api_users.set_active(store, "zhangsan", True, actor="admin1")
    assert not _authenticated(c)  # enabling again does not revive the old session


def test_idle_session_ends(store: Store):
    import time

    c = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET, session_idle_minutes=0.005),
                              store=store))
    login(c, "viewer1")
    time.sleep(0.5)  # longer than the configured 0.3 s idle limit (not a speed measurement)
    assert not _authenticated(c)


def test_eleventh_wrong_password_is_refused_without_checking_and_audited(store: Store):
    import sqlalchemy as sa

    from planwatch.api import users as api_users
    from planwatch.api.users import LoginPolicy
    from tests.web_support import PASSWORDS

    # the default thresholds (10 per account, 30 per address in 15 minutes); no waiting in the test
    c = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET,
                                          login_policy=LoginPolicy(max_delay=0)), store=store))
    token = c.get("/api/session").json()["csrf_token"]
    for _ in range(10):
        r = c.post("/login", data={"username": "reviewer1", "password": "wrong-Pass-1", "csrf_token": token})
        assert r.status_code == 400 and "用户名或密码不正确" in r.text
    # the 11th attempt, even with the RIGHT password, is refused: the password is not checked
    r = c.post("/login", data={"username": "reviewer1", "password": PASSWORDS["reviewer1"],
                               "csrf_token": token})
    assert r.status_code == 429 and "锁定" in r.text and not _authenticated(c)
    with store.reading() as conn:
        actions = conn.execute(sa.text(
            "select action from audit_log where entity = 'login' and entity_id = 'reviewer1' "
            "order by id")).scalars().all()
        dump = " ".join(str(x) for x in conn.execute(sa.text("select * from audit_log")).all())
    assert actions.count("login-failed") == 10 and "lockout" in actions and actions[-1] == "login-locked"
    assert "wrong-Pass-1" not in dump and "$argon2" not in dump  # no password or hash in the log
    api_users.unlock(store, "reviewer1", actor="admin1")
    login(c, "reviewer1")
    assert _authenticated(c)


@pytest.mark.parametrize("name", ["Admin1", "ADMIN1", "cli", "System", "r00t", "admin_1"])
def test_reserved_and_look_alike_user_names_are_refused(store: Store, name: str):
    from planwatch.api import users as api_users
    from planwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="用户名"):
        api_users.add_user(store, name, "Good-pass-2026x", role="viewer")


@pytest.mark.parametrize("password", ["12345678", " " * 12, "wangwu2026AA", "abcdefghijkl", "P@ssw0rd123"])
def test_weak_passwords_are_refused(store: Store, password: str):
    from planwatch.api import users as api_users
    from planwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="密码"):
        api_users.add_user(store, "wangwu2026", password, role="viewer")


def test_an_address_guessing_many_accounts_is_locked_out_and_an_admin_unlocks_it(
        request: pytest.FixtureRequest, tmp_path: Path):
    """Per address: the app's view of the client (a trusted proxy's X-Forwarded-For believed), so
    one guessing address is locked while another client logs in normally."""
    import sqlalchemy as sa

    from planwatch.api import users as api_users
    from planwatch.api.users import LoginPolicy
    from tests.web_support import PASSWORDS

    s = Store(scratch_db(tmp_path / "addr.db", request))
    try:
        load_embedded(s)
        add_users(s)
        settings = WebSettings.from_env({"PLANWATCH_LOGIN_ADDRESS_FAILURES": "5", "PLANWATCH_LOGIN_MAX_DELAY": "0",
                                         "PLANWATCH_TRUSTED_PROXIES": "testclient"},
                                        db=s.url, secret_key=SECRET)
        assert settings.login_policy == LoginPolicy(address_failures=5, max_delay=0)
        c = TestClient(create_app(settings, store=s))
        token = c.get("/api/session").json()["csrf_token"]
        guesser = {"X-Forwarded-For": "203.0.113.7"}  # documentation address (RFC 5737)
        for name in ("admin1", "viewer1", "yiwu", "dongyang", "nobody1"):
            r = c.post("/login", headers=guesser, data={"username": name, "password": "Guess-word-1",
                                                        "csrf_token": token})
            assert r.status_code == 400
        # the right password of a fifth account from that address: refused without checking it
        r = c.post("/login", headers=guesser, data={"username": "reviewer1", "password": PASSWORDS["reviewer1"],
                                                    "csrf_token": token})
        assert r.status_code == 429 and "锁定" in r.text
        # another address is not affected
        r = c.post("/login", headers={"X-Forwarded-For": "198.51.100.9"}, follow_redirects=False,
                   data={"username": "reviewer1", "password": PASSWORDS["reviewer1"], "csrf_token": token})
        assert r.status_code == 303
        api_users.unlock(s, actor="admin1", address="203.0.113.7")
        c.cookies.clear()
        token = c.get("/api/session").json()["csrf_token"]
        r = c.post("/login", headers=guesser, follow_redirects=False,
                   data={"username": "reviewer1", "password": PASSWORDS["reviewer1"], "csrf_token": token})
        assert r.status_code == 303
        with s.reading() as conn:
            actions = conn.execute(sa.text("select action from audit_log where entity = 'login' "
                                           "order by id")).scalars().all()
        assert "lockout" in actions and "login-locked" in actions and "unlock-address" in actions
    finally:
        s.dispose()


def test_login_settings_are_checked():
    from planwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="PLANWATCH_LOGIN_ACCOUNT_FAILURES 应为整数"):
        WebSettings.from_env({"PLANWATCH_LOGIN_ACCOUNT_FAILURES": "ten"})
    with pytest.raises(ConfigError, match="不能为负数"):
        WebSettings.from_env({"PLANWATCH_LOGIN_MAX_DELAY": "-1"})


def test_a_user_changes_the_password_in_the_browser_and_other_sessions_end(store: Store):
    from planwatch.api import users as api_users
    from tests.web_support import form_token

    api_users.add_user(store, "liuyang", "Liu-pass-2026", role="viewer")
    c = _client(store)
    token = c.get("/api/session").json()["csrf_token"]
    c.post("/login", data={"username": "liuyang", "password": "Liu-pass-2026", "csrf_token": token})
    other = _copy(c, store)  # the same account logged in elsewhere
    page = c.get("/account").text
    assert "修改密码" in page
    bad = c.post("/account/password", data={"old_password": "wrong-Pass-1", "new_password": "Liu-new-2027x",
                                             "new_password_again": "Liu-new-2027x", "csrf_token": form_token(page)})
    assert bad.status_code == 400 and "原密码不正确" in bad.text
    weak = c.post("/account/password", data={"old_password": "Liu-pass-2026", "new_password": "12345678",
                                              "new_password_again": "12345678", "csrf_token": form_token(page)})
    assert weak.status_code == 400 and "密码" in weak.text
    assert api_users.authenticate(store, "liuyang", "Liu-pass-2026") is not None  # nothing changed
    ok = c.post("/account/password", data={"old_password": "Liu-pass-2026", "new_password": "Liu-new-2027x",
                                            "new_password_again": "Liu-new-2027x", "csrf_token": form_token(page)})
    assert ok.status_code == 200 and "密码已修改" in ok.text
    assert _authenticated(c)  # this browser stays logged in with a new session
    assert not _authenticated(other)  # the other session ended at once
    assert api_users.authenticate(store, "liuyang", "Liu-new-2027x") is not None


def test_disable_ends_a_browser_session_at_once_and_enable_does_not_revive_it(store: Store):
    from click.testing import CliRunner

    from planwatch.api import users as api_users
    from planwatch.cli import cli

    api_users.add_user(store, "zhoujie", "Zhou-pass-2026", role="viewer")
    c = _client(store)
    token = c.get("/api/session").json()["csrf_token"]
    c.post("/login", data={"username": "zhoujie", "password": "Zhou-pass-2026", "csrf_token": token})
    assert _authenticated(c)
    assert CliRunner().invoke(cli, ["--db", store.url, "user", "disable", "zhoujie"]).exit_code == 0
    assert not _authenticated(c)
    assert CliRunner().invoke(cli, ["--db", store.url, "user", "enable", "zhoujie"]).exit_code == 0
    assert not _authenticated(c)
