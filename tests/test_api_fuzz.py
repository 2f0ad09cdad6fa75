"""Fuzzing the JSON API from its OpenAPI description (schemathesis, in-process ASGI): every
operation gets generated and malformed parameters and bodies, sent with a logged-in session and
a valid CSRF token so that requests reach the handlers. No request may end in a server error;
every refusal is the app's JSON error shape with a Chinese message.

Bounded: a fixed number of examples per operation, derandomized, so it runs in seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.api.users import LoginPolicy
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.web_support import add_users, csrf_of, login

EXAMPLES = 15


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    store = Store(scratch_db(tmp_path_factory.mktemp('apifuzz') / 'planwatch.db', request))
    load_embedded(store)
    add_users(store)
    # generated logins fail many times over: no waiting between them here (the delay and lockout
    # themselves are checked in tests/test_hardening_web.py)
    yield create_app(WebSettings(db=store.url, secret_key="fuzz", login_policy=LoginPolicy(max_delay=0)),
                     store=store)
    store.dispose()


def _session(app: Any, user: str) -> dict[str, str]:
    c = TestClient(app)
    login(c, user)
    token = csrf_of(c)
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    return {"Cookie": cookie, "X-CSRF-Token": token}


def _operations() -> list[str]:
    return ["GET /.json", "GET /plans/{plan_id}.json", "GET /indicators/{indicator_id}.json",
            "GET /counties.json", "GET /report.json", "POST /api/submissions",
            "POST /api/submissions/{candidate_id}/withdraw", "GET /messages.json", "GET /plans/{plan_id}/files.json",
            "GET /report/status.json", "GET /review.json", "POST /api/review/{candidate_id}",
            "GET /audit.json", "GET /account.json", "GET /users.json", "GET /units.json", "GET /api/session", "POST /api/login",
            "GET /plans/{plan_id}/tasks.json", "GET /plans/{plan_id}/projects.json", "GET /tasks/{task_id}.json",
            "GET /projects/{project_id}.json"]


def test_the_fuzzed_operations_are_the_whole_api(app: Any):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = sorted(f"{o.ok().method.upper()} {o.ok().path}" for o in schema.get_all_operations())
    assert found == sorted(_operations()), "update _operations() (and the security matrix)"


@pytest.mark.parametrize("operation", _operations())
def test_no_server_error_for_generated_requests(app: Any, operation: str,
                                                caplog: pytest.LogCaptureFixture):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    ops = {f"{o.ok().method.upper()} {o.ok().path}": o.ok() for o in schema.get_all_operations()}
    op = ops[operation]
    # reporters are the ones who submit; everything else as admin (reaches every handler)
    headers = _session(app, "yiwu" if operation == "POST /api/submissions" else "admin1")
    seen: list[int] = []

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        with caplog.at_level(logging.ERROR, logger="planwatch.web"):
            resp = case.call(headers=headers)
        seen.append(resp.status_code)
        assert resp.status_code < 500, (
            f"{case.method} {case.formatted_path} {case.query} {case.body!r} → "
            f"{resp.status_code}: {resp.text[:500]}")
        if resp.status_code >= 400:
            body = resp.json()
            assert set(body) == {"error"} and body["error"]["message"], resp.text
            assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), resp.text

    run()
    assert seen, "no request was generated"
    if operation != "POST /api/login":  # wrong passwords are 401 by design
        assert set(seen) - {401, 403}, "the session did not reach the handler"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "an error was logged"
