"""Plan import safeguards: re-importing the document of a plan already stored (the embedded 金东
and 金华 plans, from their own seed documents) never creates a second plan — it is taken as that
plan, the changes are listed first, and the update is a revision with every change audited; a
different id for the same document is refused. Uses the real seed documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import plans as api_plans
from planwatch.api.data import load_embedded
from planwatch.errors import ConfigError
from planwatch.web import WebSettings, create_app
from tests.conftest import SEEDS
from tests.web_support import add_users, form_token, login

JINDONG = SEEDS / "003_4277dbc6235dc5cb.txt"
JINHUA = SEEDS / "004_1e118b2124fdc662.txt"
pytestmark = pytest.mark.skipif(not JINDONG.exists(), reason="seed documents not available")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    load_embedded(s)
    yield s
    s.dispose()


def test_reimporting_a_plans_own_document_updates_it_and_never_copies(store: Store) -> None:
    before = sorted(p.id for p in store.plans())
    imp = api_plans.prepare_import(store, JINHUA)
    assert imp.plan_id == "jinhua-industry-14"
    assert imp.matched and "地区、名称和规划期相同" in imp.matched
    assert any("目标原文" in x and "力争3.5以上" in x for x in imp.proposed)
    api_plans.import_plan(store, imp, actor="t")
    assert sorted(p.id for p in store.plans()) == before
    again = api_plans.prepare_import(store, JINHUA)  # now identical: nothing to change
    assert again.matched and again.proposed == []
    with pytest.raises(ConfigError, match="不能另建编号为“copy-of-jinhua”的第二份规划"):
        api_plans.prepare_import(store, JINHUA, plan_id="copy-of-jinhua")
    assert sorted(p.id for p in store.plans()) == before


def test_the_web_import_proposes_a_revision_of_the_stored_plan(store: Store) -> None:
    add_users(store)
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "reviewer1")
    form = c.get("/import")
    with JINDONG.open("rb") as fh:
        r = c.post("/import", data={"csrf_token": form_token(form.text)},
                   files={"file": ("金东规划.txt", fh, "text/plain")})
    assert r.status_code == 200, r.text
    assert "与已有规划" in r.text and "不会新建第二份规划" in r.text and "jindong-industry-14" in r.text
    assert "将改变" in r.text
    before = len(store.plans())
    payload = r.text.split('name="payload" value="', 1)[1].split('"', 1)[0]
    done = c.post("/import/confirm", data={"csrf_token": form_token(r.text), "file": "金东规划.txt",
                                           "payload": payload})
    assert done.status_code == 200, done.text
    assert "已按修订更新规划“jindong-industry-14”（未新建规划）" in done.text
    assert len(store.plans()) == before
