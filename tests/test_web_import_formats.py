"""The import preview for the formats plans are published in (issue 13): a web page saved as
GBK and an old .doc uploaded through /import show every indicator row of the real table
(bench/corpus/tables.py) with its target, before anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.corpus import layouts
from bench.corpus.tables import NATIONAL14
from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.web_support import PASSWORDS, form_token, login


@pytest.fixture(scope="module")
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    s = Store(scratch_db(tmp_path_factory.mktemp("import-formats") / "planwatch.db", request))
    api_users.add_user(s, "reviewer1", PASSWORDS["reviewer1"], role="reviewer", display_name="评估处")
    c = TestClient(create_app(WebSettings(db=s.url, secret_key="y" * 40), store=s))
    login(c, "reviewer1")
    yield c
    s.dispose()


@pytest.mark.parametrize("build", ["html-gbk", "doc"])
def test_the_preview_shows_every_row_of_a_published_format(client: TestClient, tmp_path: Path,
                                                         build: str) -> None:
    path = (layouts.html_file(NATIONAL14, tmp_path, encoding="gbk", name="gbk") if build == "html-gbk"
            else layouts.doc_file(NATIONAL14, tmp_path))
    token = form_token(client.get("/import").text)
    r = client.post("/import", data={"csrf_token": token},
                    files={"file": (f"十四五纲要专栏1{path.suffix}", path.read_bytes(),
                                    "application/octet-stream")})
    assert r.status_code == 200, r.text[:2000]
    page = r.text
    for g in NATIONAL14.gold:
        assert g.name in page
    assert "〔18〕" in page  # the target as printed, read from the 年均/累计 column
    assert "十四五纲要专栏1" in page
