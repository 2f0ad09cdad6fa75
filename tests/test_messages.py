"""Withdrawing a pending value and the in-app messages (消息): a reporter withdraws a value still
waiting for review, sees the rejection with the reviewer's comment and the year's tasks and
deadlines; a reviewer sees the queue and the withdrawal. Values are test inputs (虚构)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import review as api_review
from tests.web_support import client_as, csrf_of, form_token

OUTPUT = "jinhua-industry-14/02"




def _submit(c: TestClient, value: str) -> None:
    page = c.get(f"/report/entry?indicator={OUTPUT}&region=330782&period=2022")
    r = c.post("/report/entry", data={
        "csrf_token": form_token(page.text), "indicator": OUTPUT, "region": "330782",
        "period": "2022", "value": value, "source_title": "测试来源（虚构）",
        "explanation": "测试（虚构）"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _row(html: str) -> str:
    start = html.index(f'data-indicator="{OUTPUT}" data-region="330782" data-period="2022"')
    return html[start:html.index("</tr>", start)]


def test_reporter_withdraws_a_pending_value(app_store: Store) -> None:
    c = client_as(app_store, "yiwu")
    _submit(c, "700")
    row = _row(c.get("/report").text)
    assert "待审核" in row and "撤回" in row
    r = c.post("/report/withdraw", data={"csrf_token": form_token(c.get("/report").text),
                                         "indicator": OUTPUT, "region": "330782", "period": "2022"},
               follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "已撤回待审核记录" in page
    row = _row(page)
    assert "已撤回" in row and "填报" in row  # open again
    assert api_review.pending(app_store) == []
    # the reviewer is told; the audit log has the withdrawal
    rv = client_as(app_store, "reviewer1")
    msgs = rv.get("/messages.json").json()["items"]
    assert any(x["kind"] == "withdrawn" and "yiwu" in x["text"] for x in msgs)
    entries, _ = app_store.audit_entries(entity="candidate")
    assert entries[0].action == "withdraw" and entries[0].actor == "yiwu"
    # withdrawing again, or someone else's value: refused, nothing changed
    cid = entries[0].entity_id
    r = c.post(f"/api/submissions/{cid}/withdraw", headers={"X-CSRF-Token": csrf_of(c)},
               json={"version": 2})
    assert r.status_code == 409 and "撤回" in r.json()["error"]["message"]
    _submit(c, "701")
    mine = api_review.pending(app_store)[0]
    other = client_as(app_store, "dongyang")
    r = other.post(f"/api/submissions/{mine.id}/withdraw", headers={"X-CSRF-Token": csrf_of(other)},
                   json={"version": mine.version})
    assert r.status_code == 403 and "报送人本人" in r.json()["error"]["message"]
    assert api_review.pending(app_store)[0].id == mine.id


def test_messages_show_a_rejection_with_its_comment_and_the_tasks(app_store: Store) -> None:
    c = client_as(app_store, "yiwu")
    _submit(c, "700")
    cand = api_review.pending(app_store)[0]
    rv = client_as(app_store, "reviewer1")
    assert any(x["kind"] == "pending" for x in rv.get("/messages.json").json()["items"])
    api_review.reject(app_store, cand.id, version=cand.version, reviewer="reviewer1",
                      comment="测试：口径不符，请核对（虚构）")
    page = c.get("/messages")
    assert page.status_code == 200
    assert "已退回" in page.text and "测试：口径不符，请核对（虚构）" in page.text
    items = c.get("/messages.json").json()["items"]
    assert items[0]["kind"] == "rejected"
    assert "/report/entry?indicator=" in items[0]["href"]
    assert any(x["kind"] in ("new-task", "overdue") for x in items)
    assert "消息" in page.text  # in the menu
    # a viewer has no messages
    assert client_as(app_store, "viewer1").get("/messages.json").status_code == 403
