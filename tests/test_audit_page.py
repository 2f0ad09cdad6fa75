"""The audit log people can read: Chinese action and object names, Beijing time, who, the object
with a link, field-by-field before → after, filters (user, object, action, date), paging and a
CSV export Excel opens in Chinese. The submitted value is a test input (虚构)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from planwatch.api import Store
from planwatch.api import review as api_review
from tests.web_support import client_as, form_token

OUTPUT = "jinhua-industry-14/02"




def test_the_audit_log_reads_in_chinese_with_filters_paging_and_csv(app_store: Store) -> None:
    rep = client_as(app_store, "yiwu")
    page = rep.get(f"/report/entry?indicator={OUTPUT}&region=330782&period=2022")
    assert rep.post("/report/entry", data={
        "csrf_token": form_token(page.text), "indicator": OUTPUT, "region": "330782", "period": "2022",
        "value": "700", "source_title": "测试来源（虚构）", "explanation": "测试（虚构）"},
        follow_redirects=False).status_code == 303
    cand = api_review.pending(app_store)[0]
    api_review.reject(app_store, cand.id, version=cand.version, reviewer="reviewer1",
                      comment="测试：请核对（虚构）")
    admin = client_as(app_store, "admin1")
    html = admin.get("/audit?entity=candidate").text
    assert "报送数值" in html and "退回" in html and "报送或抽取的数值" in html
    assert "义乌市填报员" in html and "评估处" in html  # display names beside the accounts
    assert "待审核 → 已退回" in html  # the state change, field by field, in Chinese
    assert "测试：请核对（虚构）" in html
    data = admin.get("/audit.json?entity=candidate&action=reject").json()
    assert data["total"] == 1
    row = data["items"][0]
    assert row["action_label"] == "退回" and row["actor"] == "reviewer1"
    assert row["href"] == "/review?state=decided"
    state = next(c for c in row["changes"] if c["field"] == "state")
    assert (state["label"], state["before"], state["after"]) == ("状态", "待审核", "已退回")
    # Beijing time: the stored UTC instant + 8 hours
    entries, _ = app_store.audit_entries(entity="candidate", action="reject")
    utc = dt.datetime.fromisoformat(entries[0].at)
    assert row["at"] == (utc + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
    # filters by user and by date
    assert admin.get("/audit.json?actor=yiwu").json()["total"] >= 1
    today = (utc + dt.timedelta(hours=8)).date()
    assert admin.get(f"/audit.json?since={today}&until={today}&action=reject").json()["total"] == 1
    assert admin.get(f"/audit.json?until={today - dt.timedelta(days=1)}&action=reject").json()["total"] == 0
    bad = admin.get("/audit?since=2026-13-01")
    assert bad.status_code == 400 and "起始日期“2026-13-01”无效" in bad.text
    # paging over the whole log (loading the data wrote many entries)
    full = admin.get("/audit.json").json()
    assert full["pages"] == -(-full["total"] // 50)
    if full["pages"] > 1:
        second = admin.get("/audit.json?page=2").json()["items"]
        assert second and second[0]["id"] < full["items"][-1]["id"]
    # CSV with BOM, Chinese headers and rows
    r = admin.get("/audit.csv?entity=candidate")
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["编号", "时间（北京时间）", "操作人", "操作人姓名", "操作"]
    assert {"报送数值", "退回"} <= {x[4] for x in rows[1:]}
    assert client_as(app_store, "reviewer1").get("/audit.csv").status_code == 403
