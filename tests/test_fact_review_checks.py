"""Plausibility checks on the fact-review path: a value extracted from a document is checked when
the reviewer decides — on the web review page, through the JSON API and in bulk acceptance. A
hard error blocks, a warning needs the reviewer's comment. The values are test inputs (虚构), not
statistics; the source document named is fictional."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from planwatch import model as m
from planwatch.api import Store
from planwatch.api import facts as api_facts
from planwatch.api import review as api_review
from planwatch.errors import ConfigError
from planwatch.web import WebSettings, create_app
from tests.web_support import csrf_of, form_token, login

OUTPUT = "jinhua-industry-14/02"  # 规上工业总产值; 义乌 base 667.6 → target 1500 (亿元)



def _fact(store: Store, value: float, line: int) -> api_review.Candidate:
    stat = store.indicator(OUTPUT).statistic
    item = api_review.CandidateInput(
        origin="facts", kind="level", value=value, unit="亿元", statistic=stat, region="330782",
        period="2022", text=f"{value:g}亿元", source=m.SourceRef(document="虚构公报（测试）", line=line))
    return api_review.submit(store, [item], submitter="测试", batch="facts:虚构")[0]


def test_a_tenfold_fact_needs_the_reviewers_comment(app_store: Store) -> None:
    c = _fact(app_store, 15000, 3)
    with pytest.raises(ConfigError) as exc:
        api_review.accept(app_store, c.id, version=c.version, reviewer="reviewer1")
    assert "疑似数量级错误" in str(exc.value) and "15000" in str(exc.value)
    assert "审核意见" in str(exc.value)
    assert api_review.candidates(app_store, "pending")[0].id == c.id  # nothing written
    done = api_review.accept(app_store, c.id, version=c.version, reviewer="reviewer1",
                             comment="测试：已与原文核对（虚构）")
    assert done.state.value == "accepted"


def test_bulk_acceptance_leaves_a_slip_for_a_person(app_store: Store) -> None:
    slip = _fact(app_store, 15000, 3)
    res = api_facts.accept_all_linked(app_store, reviewer="reviewer1", batch="facts:虚构")
    assert [c.id for c, _ in res.left] == [slip.id]
    assert "plausibility-magnitude" in res.left[0][1]


def test_web_review_shows_the_checks_of_a_fact_and_refuses_without_comment(app_store: Store) -> None:
    c = _fact(app_store, 15000, 3)
    client = TestClient(create_app(WebSettings(db=app_store.url, secret_key="k"), store=app_store))
    login(client, "reviewer1")
    page = client.get("/review?origin=facts")
    assert page.status_code == 200
    assert "plausibility-magnitude" in page.text and "疑似数量级错误" in page.text
    r = client.post(f"/review/{c.id}", data={"csrf_token": form_token(page.text), "action": "accept",
                                             "version": str(c.version)}, follow_redirects=False)
    assert r.status_code == 400 and "疑似数量级错误" in r.text
    r = client.post(f"/api/review/{c.id}", headers={"X-CSRF-Token": csrf_of(client)},
                    json={"action": "accept", "version": c.version})
    assert r.status_code == 400 and "审核意见" in r.text
    assert api_review.pending(app_store)[0].id == c.id
    # a correction to a plausible value needs no explanation of a slip
    r = client.post(f"/api/review/{c.id}", headers={"X-CSRF-Token": csrf_of(client)},
                    json={"action": "correct", "version": c.version, "value": "1500",
                          "comment": "测试：原文多写一位（虚构）"})
    assert r.status_code == 200, r.text
