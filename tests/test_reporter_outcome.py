"""The reporter sees the outcome: a rejection's comment reaches the reporter, who corrects and
resubmits; the reviewer accepts; the task shows 已采用 with the history. Values are test inputs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import review as api_review
from tests.web_support import client_as, form_token

OUTPUT = "jinhua-industry-14/02"




def _task(c: TestClient) -> dict[str, object]:
    tasks = c.get("/report.json").json()["tasks"]
    return next(t for t in tasks if t["indicator"] == OUTPUT and t["period"] == "2022")


def _submit(c: TestClient, value: str) -> None:
    page = c.get(f"/report/entry?indicator={OUTPUT}&region=330782&period=2022")
    r = c.post("/report/entry", data={
        "csrf_token": form_token(page.text), "indicator": OUTPUT, "region": "330782",
        "period": "2022", "value": value, "source_title": "测试来源（虚构）",
        "explanation": "测试说明（虚构）"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_rejection_reaches_the_reporter_who_corrects_and_resubmits(app_store: Store):
    rep, rev = client_as(app_store, "yiwu"), client_as(app_store, "reviewer1")
    _submit(rep, "1200")
    assert _task(rep)["outcome"] == "pending" and _task(rep)["outcome_label"] == "待审核"
    [cand] = api_review.pending(app_store)
    # the reviewer sees base and target of 义乌's decomposed target beside the value
    [item] = rev.get("/review.json").json()["items"]
    assert (item["base_value"], item["target_value"]) == (667.6, 1500)
    assert "基期" in rev.get("/review").text
    token = form_token(rev.get("/review").text)
    r = rev.post(f"/review/{cand.id}", data={"csrf_token": token, "action": "reject",
                                              "version": str(cand.version), "comment": ""},
                 follow_redirects=False)
    assert r.status_code in (400, 422)  # a rejection needs a comment
    r = rev.post(f"/review/{cand.id}", data={"csrf_token": token, "action": "reject",
                                              "version": str(cand.version),
                                              "comment": "口径应为规上工业，请核对（测试）"},
                 follow_redirects=False)
    assert r.status_code == 303, r.text
    t = _task(rep)
    assert t["outcome"] == "rejected" and t["outcome_label"] == "已退回"
    assert t["review_comment"] == "口径应为规上工业，请核对（测试）"
    page = rep.get("/report?year=2022").text
    assert "口径应为规上工业，请核对（测试）" in page and "更正后重新报送" in page
    _submit(rep, "1150")
    t = _task(rep)
    assert t["outcome"] == "pending" and len(t["history"]) == 2
    [again] = api_review.pending(app_store)
    token = form_token(rev.get("/review").text)
    r = rev.post(f"/review/{again.id}", data={"csrf_token": token, "action": "accept",
                                               "version": str(again.version), "comment": ""},
                 follow_redirects=False)
    assert r.status_code == 303, r.text
    t = _task(rep)
    assert t["outcome"] == "accepted" and t["outcome_label"] == "已采用" and t["state"] == "reported"
    assert "已退回" in t["history"][0] and "已采用" in t["history"][1]
