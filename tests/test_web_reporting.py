"""Data reporting and review through the web app (TestClient), on SQLite and PostgreSQL: a
reporter submits with source and explanation, a reviewer decides, nothing is overwritten, and a
reporter cannot reach another county's data. Submitted values are test inputs, not statistics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.api.data import load_embedded
from tests.web_support import PASSWORDS, add_users, client_as, csrf_of, form_token

OUTPUT = "jinhua-industry-14/02"  # 规上工业总产值: base 4453 (2020), target 8000 (2025); 义乌 667.6 → 1500


@pytest.fixture
def app_store(db_url: str) -> Iterator[Store]:
    store = Store(db_url)
    load_embedded(store)
    add_users(store)
    PASSWORDS["jinhua"] = "reporter-pass-3"
    api_users.add_user(store, "jinhua", PASSWORDS["jinhua"], role="reporter", region="330700")
    yield store
    store.dispose()



def _entry(c: TestClient, region: str, period: str, value: str, **extra: str):
    page = c.get(f"/report/entry?indicator={OUTPUT}&region={region}&period={period}")
    assert page.status_code == 200
    data = {"csrf_token": form_token(page.text), "indicator": OUTPUT, "region": region,
            "period": period, "value": value, **extra}
    return c.post("/report/entry", data=data, follow_redirects=False)


def test_reporter_sees_only_its_county(app_store: Store):
    c = client_as(app_store, "yiwu")
    tasks = c.get("/report.json").json()["tasks"]
    assert tasks and {t["region"] for t in tasks} == {"330782"}
    assert c.get(f"/report/entry?indicator={OUTPUT}&region=330783&period=2022").status_code == 403
    assert c.get("/report.json?scope=330783").status_code == 403
    token = csrf_of(c)
    r = c.post("/api/submissions", headers={"X-CSRF-Token": token},
               json={"indicator": OUTPUT, "region": "330783", "period": "2022", "value": "900",
                     "source_title": "某公报"})
    assert r.status_code == 403
    assert api_review_pending(app_store) == []
    assert c.get("/review").status_code == 403


def api_review_pending(store: Store) -> list[object]:
    from planwatch.api import review

    return list(review.pending(store))


def test_bad_values_change_nothing(app_store: Store):
    c = client_as(app_store, "yiwu")
    r = _entry(c, "330782", "2022", "一千", source_title="公报")
    assert r.status_code == 400 and "无法识别" in r.text
    r = _entry(c, "330782", "2022", "1200", source_title="")
    assert r.status_code == 400 and "数据来源" in r.text
    r = c.get(f"/report/entry?indicator={OUTPUT}&region=330782&period=2031")
    assert r.status_code == 400 and "2031年不在可报送的年份（2021—2025年" in r.text
    token = csrf_of(c)
    r = c.post("/api/submissions", headers={"X-CSRF-Token": token},
               json={"indicator": OUTPUT, "region": "330782", "period": "20x2", "value": "1"})
    assert r.status_code == 400 and "四位年份" in r.json()["error"]["message"]
    assert api_review_pending(app_store) == []


def test_a_value_behind_schedule_needs_an_explanation(app_store: Store):
    c = client_as(app_store, "yiwu")
    # 义乌 2022 = 700: p = ln(700/667.6)/ln(1500/667.6) = 0.0474/0.8095 = 0.059 < e = 0.4 → behind
    r = _entry(c, "330782", "2022", "700", source_title="义乌市统计公报")
    assert r.status_code == 400 and "请填写说明" in r.text and "未达进度要求" in r.text
    assert api_review_pending(app_store) == []
    r = _entry(c, "330782", "2022", "700", source_title="义乌市统计公报", explanation="测试：说明原因")
    assert r.status_code == 303
    pending = api_review_pending(app_store)
    assert len(pending) == 1 and pending[0].explanation == "测试：说明原因"


def test_reviewer_accepts_and_the_indicator_updates(app_store: Store):
    rep = client_as(app_store, "jinhua")
    before = rep.get(f"/indicators/{OUTPUT}.json").json()
    assert before["assessment"]["status"] == "not_assessable"
    # 金华 2022 = 5000 (test input): p = ln(5000/4453)/ln(8000/4453) = 0.1159/0.5859 = 0.198 < 0.4
    r = _entry(rep, "330700", "2022", "5000", source_title="测试来源", explanation="测试说明")
    assert r.status_code == 303
    rev = client_as(app_store, "reviewer1")
    queue = rev.get("/review.json").json()
    item = next(i for i in queue["items"] if i["region"] == "330700")
    assert item["value"] == 5000 and item["explanation"] == "测试说明"
    token = form_token(rev.get("/review").text)
    r = rev.post(f"/review/{item['id']}", data={"csrf_token": token, "action": "accept",
                                                "version": item["version"], "comment": "核对无误"},
                 follow_redirects=False)
    assert r.status_code == 303
    after = rev.get(f"/indicators/{OUTPUT}.json").json()
    assert after["assessment"]["status"] == "behind"
    assert after["assessment"]["latest_value"] == 5000
    assert [p["value"] for p in after["series"]] == [4453, 5000]
    obs = next(o for o in after["observations"] if o["period"] == "2022")
    assert obs["recorded_by"] == "reviewer1"
    # a second decision on the same version is refused and changes nothing
    r = rev.post(f"/review/{item['id']}", data={"csrf_token": token, "action": "reject",
                                                "version": item["version"], "comment": "晚了"})
    assert r.status_code == 409
    audit = client_as(app_store, "admin1").get("/audit.json?entity=candidate").json()
    assert audit["total"] >= 1


def test_reject_needs_a_comment(app_store: Store):
    rep = client_as(app_store, "yiwu")
    assert _entry(rep, "330782", "2023", "1661", source_title="中国网浙江").status_code == 303
    rev = client_as(app_store, "reviewer1")
    item = rev.get("/review.json").json()["items"][0]
    token = csrf_of(rev)
    r = rev.post(f"/api/review/{item['id']}", headers={"X-CSRF-Token": token},
                 json={"action": "reject", "version": item["version"], "comment": ""})
    assert r.status_code == 400 and "审核意见" in r.json()["error"]["message"]
    r = rev.post(f"/api/review/{item['id']}", headers={"X-CSRF-Token": token},
                 json={"action": "reject", "version": item["version"], "comment": "来源待核实"})
    assert r.status_code == 200 and r.json()["state"] == "rejected"


def test_reporting_status_for_the_planning_office(app_store: Store):
    rev = client_as(app_store, "reviewer1")
    data = rev.get("/report/status.json?year=2023").json()
    rows = {r["name"]: r for r in data["reporters"]}
    # 义乌 2023: 规上工业总产值 1661 is in the embedded data; 企业数 and 亩均税收 are not
    assert rows["义乌市"]["total"] == 3 and rows["义乌市"]["reported"] == 1
    assert rows["义乌市"]["overdue"] == 2 and "逾期未报" in rows["义乌市"]["reminder"]
    assert client_as(app_store, "yiwu").get("/report/status").status_code == 403


def test_excel_upload_with_wrong_columns_changes_nothing(app_store: Store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["地区", "数值"])
    wb.active.append(["义乌市", 1661])
    path = tmp_path / "wrong.xlsx"
    wb.save(path)
    c = client_as(app_store, "yiwu")
    token = form_token(c.get("/report").text)
    with path.open("rb") as fh:
        r = c.post("/report/upload", data={"csrf_token": token},
                   files={"file": ("wrong.xlsx", fh, "application/octet-stream")})
    assert r.status_code == 400 and "不是 planwatch" in r.text and "未提交任何数据" in r.text
    assert api_review_pending(app_store) == []


def test_an_upload_over_the_limit_is_refused_in_chinese(app_store: Store):
    c = client_as(app_store, "yiwu")
    token = form_token(c.get("/report").text)
    big = b"0" * (21 * 1024 * 1024)  # over the 20 MB default (a 50 MB file is refused the same way)
    r = c.post("/report/upload", data={"csrf_token": token},
               files={"file": ("big.xlsx", big, "application/octet-stream")})
    assert r.status_code == 413 and "上传内容过大" in r.text
    assert api_review_pending(app_store) == []


def test_plan_import_in_the_browser_reviews_corrects_and_confirms(db_url: str):
    from planwatch import model as m
    from tests.conftest import seed
    from tests.web_support import sample_dataset

    store = Store(db_url)
    store.load_dataset(m.Dataset("regions", regions=sample_dataset().regions))
    add_users(store)
    c = client_as(store, "reviewer1")
    token = form_token(c.get("/import").text)
    text = seed("004").read_bytes()
    r = c.post("/import", data={"csrf_token": token},
               files={"file": ("004.txt", text, "text/plain")})
    assert r.status_code == 200 and "规上工业总产值" in r.text and "第178行" in r.text
    assert store.plans() == []  # nothing written before confirming
    payload = r.text.split('name="payload" value="')[1].split('"')[0]
    form = {"csrf_token": token, "file": "004.txt", "payload": payload, "r2_target_value": "八千"}
    r = c.post("/import/confirm", data=form)
    assert r.status_code == 400 and "无法识别" in r.text and store.plans() == []
    form["r2_target_value"] = "8000"
    form["r2_name"] = "规上工业总产值（核对）"
    r = c.post("/import/confirm", data=form)
    assert r.status_code == 200 and "已导入规划" in r.text
    [plan] = store.plans()
    ind = next(i for i in store.indicators(plan.id) if i.seq == 2)
    assert ind.name == "规上工业总产值（核对）" and ind.target_value == 8000
    assert client_as(store, "yiwu").get("/import").status_code == 403
    store.dispose()


def test_a_filled_excel_template_is_queued_for_review(app_store: Store, tmp_path):
    from openpyxl import load_workbook

    c = client_as(app_store, "yiwu")
    r = c.get("/report/template?year=2024")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    path = tmp_path / "yiwu-2024.xlsx"
    path.write_bytes(r.content)
    wb = load_workbook(str(path))
    ws = wb["填报表"]
    assert ws["C4"].value == "规上工业总产值"
    ws["J4"], ws["L4"] = 1800, "测试来源"  # a test input
    wb.save(str(path))
    token = form_token(c.get("/report").text)
    with path.open("rb") as fh:
        r = c.post("/report/upload", data={"csrf_token": token},
                   files={"file": ("yiwu-2024.xlsx", fh, "application/octet-stream")},
                   follow_redirects=False)
    assert r.status_code == 303, r.text
    [queued] = api_review_pending(app_store)
    assert (queued.region, queued.period, queued.value, queued.origin) == ("330782", "2024", 1800, "excel")
    # the same file from another county's reporter is refused as a whole
    other = client_as(app_store, "dongyang")
    token = form_token(other.get("/report").text)
    with path.open("rb") as fh:
        r = other.post("/report/upload", data={"csrf_token": token},
                       files={"file": ("yiwu-2024.xlsx", fh, "application/octet-stream")})
    assert r.status_code == 400 and "不是本单位的填报表" in r.text
    assert len(api_review_pending(app_store)) == 1


def test_a_reporter_is_offered_only_the_years_of_its_own_plans(app_store: Store):
    """The national 13th-FYP outline (2016–2020) is embedded too; a county reporter of the
    Jinhua 2021–2025 plans is not offered templates or tasks for 2016–2020."""
    page = client_as(app_store, "yiwu").get("/report.json").json()
    assert page["years"] and min(page["years"]) == 2021
    assert page["tasks"] and all(int(t["period"]) >= 2021 for t in page["tasks"])
    html = client_as(app_store, "yiwu").get("/report").text
    assert "下载 2021 年填报表" in html and "下载 2020 年填报表" not in html
