"""Web findings of issue 18: no request data in file paths (M-4), sessions that end (M-1),
login protection and its audit (M-2/M-3). Accounts are the fictional test accounts of
tests/web_support.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store, load_embedded
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
