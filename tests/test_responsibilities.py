"""Units and responsibilities (责任分解): importing a table, the tasks it gives department
reporters, deadlines and grace windows, audit, and bad input that changes nothing.

All units, people and addresses here are FICTIONAL (虚构) test fixtures: the Jinhua source
documents name no responsible departments, so the embedded data carries none."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from planwatch.api import Store, submissions
from planwatch.api import responsibilities as duty
from planwatch.api import users as api_users
from planwatch.api.data import load_embedded
from planwatch.cli import cli
from planwatch.errors import ConfigError
from planwatch.web import WebSettings, create_app
from tests.web_support import PASSWORDS, login

UNITS_CSV = """单位编号,单位名称,所属区域,联系人,联系电话,电子邮箱
demo-jxj,示例市经济和信息化局（虚构）,金华市,张示例,0579-00000001,zhang@example.org
demo-tjj,示例市统计局（虚构）,金华市,李示例,0579-00000002,li@example.org
demo-yw-jxj,示例义乌经信局（虚构）,义乌市,王示例,,wang@example.org
"""

DUTY_CSV = """指标编号,区域,牵头单位,配合单位,报送频次,报送期限（天）,宽限期（天）,来源
jinhua-industry-14/02,,示例市经济和信息化局（虚构）,demo-tjj,年度,60,15,示例责任分解方案（虚构）
jinhua-industry-14/03,,demo-jxj,,年度,,,示例责任分解方案（虚构）
jinhua-industry-14/02,义乌市,demo-yw-jxj,,年度,90,0,示例责任分解方案（虚构）
"""


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    load_embedded(s)
    yield s
    s.dispose()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _import(store: Store, tmp_path: Path) -> duty.ImportOutcome:
    duty.import_units(store, _write(tmp_path, "单位.csv", UNITS_CSV), actor="admin1")
    return duty.import_responsibilities(store, _write(tmp_path, "责任分解.csv", DUTY_CSV),
                                        actor="admin1")


def test_embedded_data_assigns_no_department(store: Store):
    assert store.responsibilities() == []
    assert store.departments() == []


def test_a_duty_table_is_imported_and_audited(store: Store, tmp_path: Path):
    out = _import(store, tmp_path)
    assert out.responsibilities == {"inserted": 3, "updated": 0, "unchanged": 0}
    assert "新增 3 条" in out.message
    rows = {(r.indicator, r.region): r for r in store.responsibilities()}
    r02 = rows[("jinhua-industry-14/02", None)]
    assert (r02.lead, r02.co_units, r02.deadline_days, r02.grace_days) == ("demo-jxj", ("demo-tjj",), 60, 15)
    assert r02.source.title == "示例责任分解方案（虚构）"
    assert rows[("jinhua-industry-14/03", None)].deadline_days == 90  # default: 31 March
    assert rows[("jinhua-industry-14/02", "330782")].lead == "demo-yw-jxj"
    unit = store.department("demo-jxj")
    assert unit.contacts[0].email == "zhang@example.org"
    entries, _ = store.audit_entries(entity="responsibility")
    assert len(entries) == 3 and all(e.actor == "admin1" for e in entries)
    # the same table again changes nothing
    again = duty.import_responsibilities(store, tmp_path / "责任分解.csv", actor="admin1")
    assert again.responsibilities == {"inserted": 0, "updated": 0, "unchanged": 3}
    # a changed grace window is an update with before → after in the audit log
    _write(tmp_path, "改.csv", "指标编号,牵头单位,宽限期（天）\njinhua-industry-14/03,demo-jxj,30\n")
    duty.import_responsibilities(store, tmp_path / "改.csv", actor="admin1")
    upd = store.audit_entries(entity="responsibility", entity_id="jinhua-industry-14/03")[0][0]
    assert upd.action == "update" and upd.before["grace_days"] == 0 and upd.after["grace_days"] == 30


def test_department_reporter_sees_its_tasks_with_deadline_and_grace(store: Store, tmp_path: Path):
    _import(store, tmp_path)
    today = dt.date(2023, 3, 20)
    ts = submissions.tasks(store, "demo-jxj", today, years=[2022])
    assert {(t.row.indicator_id, t.row.region_id) for t in ts} == {
        ("jinhua-industry-14/02", "330700"), ("jinhua-industry-14/03", "330700")}
    t02 = next(t for t in ts if t.row.indicator_id.endswith("/02"))
    assert t02.due == dt.date(2023, 3, 1)  # 60 days after 31 December 2022
    # no 2022 city value of 规上工业总产值 in the embedded data; 20 March is after the 15-day grace
    assert t02.state == "overdue"
    county = submissions.tasks(store, "demo-yw-jxj", today, years=[2022])
    assert [(t.row.indicator_id, t.row.region_id) for t in county] == [("jinhua-industry-14/02", "330782")]
    # the co-unit leads nothing and has no tasks
    assert submissions.tasks(store, "demo-tjj", today, years=[2022]) == []


def test_grace_window_delays_overdue(store: Store, tmp_path: Path):
    _import(store, tmp_path)

    def state(day: dt.date) -> str:
        return next(t.state for t in submissions.tasks(store, "demo-jxj", day, years=[2022])
                    if t.row.indicator_id.endswith("/02"))

    assert state(dt.date(2023, 2, 28)) == "due"
    assert state(dt.date(2023, 3, 10)) == "due"  # past the deadline (1 March), inside the grace
    assert state(dt.date(2023, 3, 17)) == "overdue"  # grace ended 16 March
    # without a responsibility the deadline stays 31 March
    t = submissions.tasks(store, "330700", dt.date(2023, 3, 20), years=[2022])
    assert next(x for x in t if x.row.indicator_id.endswith("/06")).due == dt.date(2023, 3, 31)


@pytest.mark.parametrize(("text", "needle"), [
    ("指标编号,牵头单位\njinhua-industry-14/99,demo-jxj\n", "第2行“指标编号”“jinhua-industry-14/99”不是已知指标"),
    ("指标编号,牵头单位\njinhua-industry-14/02,示例不存在局\n", "第2行“牵头单位”“示例不存在局”不是已登记的单位"),
    ("指标编号,牵头单位,配合单位\njinhua-industry-14/02,demo-jxj,示例不存在办\n", "第2行“配合单位”“示例不存在办”"),
    ("指标编号,区域,牵头单位\njinhua-industry-14/03,义乌市,demo-jxj\n", "第2行“区域”“义乌市”"),
    ("指标编号,牵头单位,报送频次\njinhua-industry-14/02,demo-jxj,每周\n", "第2行“报送频次”“每周”无效"),
    ("指标编号,牵头单位,宽限期（天）\njinhua-industry-14/02,demo-jxj,半个月\n", "第2行“宽限期（天）”“半个月”无效"),
    ("名称,数值\n甲,1\n", "找不到表头"),
    ("指标编号,区域\njinhua-industry-14/02,\n", "缺少列：牵头单位"),
])
def test_bad_duty_rows_name_file_row_and_field_and_change_nothing(store: Store, tmp_path: Path,
                                                                   text: str, needle: str):
    duty.import_units(store, _write(tmp_path, "单位.csv", UNITS_CSV), actor="admin1")
    good = "jinhua-industry-14/03,demo-jxj\n"  # a good row beside the bad one is not written either
    body = text if "找不到" in needle or "缺少" in needle else text + good
    path = _write(tmp_path, "坏表.csv", body)
    with pytest.raises(ConfigError) as exc:
        duty.import_responsibilities(store, path, actor="admin1")
    assert "坏表.csv" in str(exc.value) and needle in str(exc.value) and "未做任何修改" in str(exc.value)
    assert store.responsibilities() == []


def test_a_malformed_file_is_refused(store: Store, tmp_path: Path):
    p = tmp_path / "坏.xlsx"
    p.write_bytes(b"not a workbook at all")
    with pytest.raises(ConfigError, match="不是有效的 Excel 工作簿"):
        duty.import_responsibilities(store, p, actor="admin1")
    with pytest.raises(ConfigError, match="格式不受支持"):
        duty.import_responsibilities(store, _write(tmp_path, "x.txt", "a"), actor="admin1")


def test_xlsx_with_a_units_sheet_registers_units_in_the_same_transaction(store: Store, tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "责任分解"
    ws.append(["指标编号", "区域", "牵头单位", "配合单位", "报送频次", "报送期限（天）", "宽限期（天）", "来源"])
    ws.append(["jinhua-industry-14/02", "", "示例经信局（虚构）", "", "年度", 90, 10, "示例方案（虚构）"])
    units = wb.create_sheet("单位")
    units.append(["单位编号", "单位名称", "所属区域", "联系人", "联系电话", "电子邮箱"])
    units.append(["demo-a", "示例经信局（虚构）", "金华市", "赵示例", "", "zhao@example.org"])
    path = tmp_path / "分解方案.xlsx"
    wb.save(path)
    out = duty.import_responsibilities(store, path, actor="admin1")
    assert out.units["inserted"] == 1 and out.responsibilities["inserted"] == 1
    assert store.responsibilities()[0].lead == "demo-a"
    # a bad unit row stops the whole import: nothing is written
    units.append(["demo-b", "示例乙（虚构）", "", "", "", "not-an-email"])
    ws.append(["jinhua-industry-14/03", "", "demo-b"])
    wb.save(path)
    with pytest.raises(ConfigError, match="“单位”工作表第3行“电子邮箱”"):
        duty.import_responsibilities(store, path, actor="admin1")
    assert len(store.responsibilities()) == 1 and len(store.departments()) == 1


def test_cli_imports_and_lists(store: Store, tmp_path: Path):
    runner = CliRunner()
    db = ["--db", store.url]
    r = runner.invoke(cli, [*db, "unit", "import", str(_write(tmp_path, "单位.csv", UNITS_CSV))])
    assert r.exit_code == 0, r.output
    assert "单位新增 3 个" in r.output
    r = runner.invoke(cli, [*db, "duty", "import", str(_write(tmp_path, "责任分解.csv", DUTY_CSV))])
    assert r.exit_code == 0 and "责任分解新增 3 条" in r.output
    r = runner.invoke(cli, [*db, "duty", "list", "--unit", "demo-jxj", "--json"])
    listed = json.loads(r.output)
    assert {x["indicator"] for x in listed} == {"jinhua-industry-14/02", "jinhua-industry-14/03"}
    bad = _write(tmp_path, "坏.csv", "指标编号,牵头单位\nnope,demo-jxj\n")
    r = runner.invoke(cli, [*db, "duty", "import", str(bad)])
    assert r.exit_code != 0


def test_department_reporter_in_the_web_and_admin_editing(store: Store, tmp_path: Path):
    _import(store, tmp_path)
    api_users.add_user(store, "admin1", PASSWORDS["admin1"], role="admin")
    PASSWORDS["demojxj"] = "reporter-pass-9"
    api_users.add_user(store, "demojxj", PASSWORDS["demojxj"], role="reporter", department="demo-jxj")
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "demojxj")
    tasks = c.get("/report.json").json()["tasks"]
    assert {t["indicator"] for t in tasks} >= {"jinhua-industry-14/02", "jinhua-industry-14/03"}
    assert c.get("/units").status_code == 403
    a = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(a, "admin1")
    page = a.get("/units")
    assert page.status_code == 200 and "示例市经济和信息化局（虚构）" in page.text
    from tests.web_support import form_token
    token = form_token(page.text)
    r = a.post("/units/duty", data={"csrf_token": token, "indicator": "jinhua-industry-14/03",
                                    "region": "", "lead": "demo-tjj", "co_units": "",
                                    "frequency": "annual", "deadline_days": "80",
                                    "grace_days": "5", "source": "示例调整通知（虚构）"},
               follow_redirects=False)
    assert r.status_code == 303
    r03 = store.responsibilities(indicator="jinhua-industry-14/03")[0]
    assert (r03.lead, r03.deadline_days, r03.grace_days) == ("demo-tjj", 80, 5)
    r = a.post("/units/duty", data={"csrf_token": token, "indicator": "jinhua-industry-14/03",
                                    "lead": "示例不存在局", "frequency": "annual"})
    assert r.status_code == 400 and "不是已登记的单位" in r.text
    r = a.post("/units", data={"csrf_token": token, "unit_id": "demo-new", "name": "示例新单位（虚构）",
                               "region": "金华市", "contact": "钱示例", "phone": "",
                               "email": "qian@example.org"}, follow_redirects=False)
    assert r.status_code == 303
    assert store.department("demo-new").contacts[0].email == "qian@example.org"
