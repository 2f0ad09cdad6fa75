"""Reports and workbooks from the web: an evaluator asks for a report or the evaluation workbook
on the plan's 报告与评估表 page, the page shows the progress (polled JSON), the file is
downloaded under a server-chosen name, earlier files stay listed with who made them and when;
viewers download but do not generate; bad requests change nothing."""

from __future__ import annotations

import io
import time
from typing import Any
from urllib.parse import quote

import openpyxl
from fastapi.testclient import TestClient

from planwatch.api import Store
from tests.web_support import client_as, form_token

PLAN = "jinhua-industry-14"




def finished(c: TestClient, file_id: int) -> dict[str, Any]:
    """Poll the page's JSON twin as the browser does until the file is done or failed (a wait
    with a generous bound, not a timing assertion)."""
    seen: set[str] = set()
    for _ in range(600):
        items = {i["id"]: i for i in c.get(f"/plans/{PLAN}/files.json").json()["items"]}
        item = items[file_id]
        seen.add(item["state"])
        if item["state"] in ("done", "failed"):
            item["seen"] = seen
            return item
        time.sleep(0.5)
    raise AssertionError("file not finished")


def _generate(c: TestClient, kind: str, fmt: str = "html") -> int:
    page = c.get(f"/plans/{PLAN}/files")
    r = c.post(f"/plans/{PLAN}/generate", data={"csrf_token": form_token(page.text), "kind": kind,
                                                "fmt": fmt, "as_of": "2023-12-31"},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("job=", 1)[1])


def test_a_report_and_the_workbook_are_generated_listed_and_downloaded(app_store: Store) -> None:
    c = client_as(app_store, "reviewer1")
    assert "报告与评估表" in c.get(f"/plans/{PLAN}").text  # linked from the plan page
    rid = _generate(c, "midterm", "html")
    item = finished(c, rid)
    assert item["state"] == "done", item
    assert item["created_by"] == "reviewer1" and item["progress"] == 100
    r = c.get(item["href"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "中期评估报告" in r.text and "规上工业总产值" in r.text
    assert quote("中期评估报告") in r.headers["content-disposition"]
    wid = _generate(c, "workbook")
    w = finished(c, wid)
    assert w["state"] == "done" and w["filename"].endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(c.get(w["href"]).content))
    assert wb.sheetnames
    # both listed, newest first, with who and when; a viewer downloads but cannot generate
    v = client_as(app_store, "viewer1")
    listed = v.get(f"/plans/{PLAN}/files").text
    assert listed.index(f"#{wid}") < listed.index(f"#{rid}") and "reviewer1" in listed
    assert 'action="/plans/jinhua-industry-14/generate"' not in listed
    assert v.get(f"/files/{rid}").status_code == 200
    r = v.post(f"/plans/{PLAN}/generate", data={"csrf_token": form_token(listed), "kind": "midterm"})
    assert r.status_code == 403
    entries, _ = app_store.audit_entries(entity="generated_file")
    assert {e.entity_id for e in entries} == {str(rid), str(wid)}
    assert all(e.action == "generate" and e.actor == "reviewer1" for e in entries)


def test_bad_requests_change_nothing(app_store: Store) -> None:
    c = client_as(app_store, "reviewer1")
    token = form_token(c.get(f"/plans/{PLAN}/files").text)
    r = c.post(f"/plans/{PLAN}/generate", data={"csrf_token": token, "kind": "weekly", "fmt": "html"})
    assert r.status_code == 400 and "报告类型“weekly”无效" in r.text
    r = c.post(f"/plans/{PLAN}/generate", data={"csrf_token": token, "kind": "annual", "fmt": "exe"})
    assert r.status_code == 400 and "格式“exe”无效" in r.text
    r = c.post("/plans/no-such-plan/generate", data={"csrf_token": token, "kind": "annual"})
    assert r.status_code == 404
    assert c.get(f"/plans/{PLAN}/files.json").json()["items"] == []
    assert c.get("/files/999").status_code == 404
