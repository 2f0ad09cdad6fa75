"""Project tables printed inside plan documents (issue 16): seed 003's 附件3 read from the
published text export, and two real tables (附件3 and a county government's 2016 重点建设项目计划表)
printed again as Word, web page and PDF tables; the browser import preview lists the projects with
their source and the import stores them. The gold rows are typed by hand in bench/corpus/projects.py
(never produced by the parser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus.projects import GOLD, JINDONG_2016_GOLD, TABLES, score_projects
from planwatch.parsers import parse_plan
from tests.conftest import seed


def test_seed003_annex3_read_from_the_text_export() -> None:
    projects = parse_plan(seed("003")).projects
    assert len(projects) == 57  # 56 numbered rows, row 15 printing two projects
    s = score_projects(projects, "seed003")
    assert (s.rows_found, s.fields_right, s.wrong) == (len(GOLD), len(GOLD) * 4, [])
    first = projects[0]
    assert first.table == "“十四五”前期重点实施工业投资项目"
    assert first.source.line == 2971 and first.owner == "浙江曙光信息技术有限公司"
    assert first.total_investment == 50.0 and first.finish_year == 2023 and first.years_text == "2023.12"
    assert [p.seq for p in projects[14:16]] == ["15", "15"]
    last = projects[-1]  # row 56, after the header printed again at a page break
    assert (last.seq, last.name, last.total_investment) == ("56", "浙江禾禾年产5亿套全降解新型材料西餐具项目", 1.0)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_real_tables_in_every_layout(table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, (_, build) in table.layouts.items():
        if name == "pdf":
            continue  # LibreOffice: measured by the bench (read-project-tables)
        sub = tmp_path / name
        sub.mkdir()
        s = score_projects(parse_plan(build(sub)).projects, f"{table.key}/{name}", table)
        assert s.rows_found == s.rows and s.fields_right == s.fields, s.wrong


def test_web_table_groups_and_units(tmp_path: Path) -> None:
    """The 2016 page: 合计 and 分类 rows are not projects; the rows under 工业(2个) get the category
    工业; the years 2012-2017 give start and finish."""
    table = next(t for t in TABLES if t.key == "jindong-2016")
    projects = parse_plan(table.layouts["html"][1](tmp_path)).projects
    assert [p.name for p in projects] == [g.name for g in JINDONG_2016_GOLD]
    assert [p.category for p in projects] == ["工业", "工业", "服务业"]
    assert (projects[0].start_year, projects[0].finish_year, projects[0].location) == (2012, 2017, "江东镇")
    assert projects[0].content and projects[0].content.startswith("总用地2000亩")


def test_browser_import_previews_and_stores_the_projects(sqlite_url: str) -> None:
    from fastapi.testclient import TestClient

    from planwatch import model as m
    from planwatch.store import Store
    from planwatch.web import WebSettings, create_app
    from tests.web_support import add_users, form_token, login, sample_dataset

    store = Store(sqlite_url)
    store.load_dataset(m.Dataset("regions", regions=sample_dataset().regions))
    add_users(store)
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="projects"), store=store))
    login(c, "reviewer1")
    token = form_token(c.get("/import").text)
    r = c.post("/import", data={"csrf_token": token},
               files={"file": ("003.txt", seed("003").read_bytes(), "text/plain")})
    assert r.status_code == 200, r.text[:500]
    assert "重大项目（57）" in r.text
    assert "003.txt，“十四五”前期重点实施工业投资项目，第2971行" in r.text
    assert "浙江曙光信息技术有限公司" in r.text
    payload = r.text.split('name="payload" value="')[1].split('"')[0]
    r = c.post("/import/confirm", data={"csrf_token": token, "file": "003.txt", "payload": payload})
    assert r.status_code == 200 and "已导入规划" in r.text
    [plan] = store.plans()
    page = c.get(f"/plans/{plan.id}/projects.json?as_of=2023-06-30").json()
    assert len(page["items"]) == 57
    first = page["items"][0]
    assert first["name"] == "服务器产线项目龙芯云项目超算中心项目"
    assert first["owner"] == "浙江曙光信息技术有限公司" and first["total_investment"] == 50.0
    assert first["years"] == "?—2023" and first["milestones"] == "完工（2023）"
    assert first["source"].endswith("“十四五”前期重点实施工业投资项目 第2971行")
    one = c.get(first["href"] + ".json").json()
    assert one["owner"] == "浙江曙光信息技术有限公司" and one["owner_in_directory"] is False
    assert one["label"] == "未评价"  # nothing reported yet


def test_project_list_uploaded_in_the_browser_names_row_and_field(sqlite_url: str, tmp_path: Path) -> None:
    """Acceptance (bad input): an admin uploads the fictional project list with a unit that does
    not exist, a finish year before the start year and an investment that is not a number: one
    Chinese message per row and field, nothing imported; the corrected list imports."""
    from fastapi.testclient import TestClient

    from planwatch import api
    from planwatch import model as m
    from planwatch.store import Store
    from planwatch.web import WebSettings, create_app
    from tests.test_projects import GOOD, UNITS, workbook
    from tests.web_support import add_users, form_token, login

    store = Store(sqlite_url)
    api.data.load_embedded(store)
    store.load_dataset(m.Dataset(name="单位（测试）", departments=UNITS))
    add_users(store)
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="projects"), store=store))
    login(c, "admin1")
    page = c.get("/plans/jinhua-industry-14/projects")
    token = form_token(page.text)
    tpl = c.get("/plans/jinhua-industry-14/projects/template")
    assert tpl.status_code == 200 and tpl.content[:2] == b"PK"
    bad = workbook(tmp_path / "项目清单（虚构）.xlsx", [
        GOOD[0],
        ["XG-07", "虚构项目甲", "不存在的局", "", 3, 2022, 2024],
        ["XG-08", "虚构项目乙", "虚构发展集团", "", 3, 2024, 2022],
        ["XG-09", "虚构项目丙", "虚构发展集团", "", "约三亿", 2022, 2024]])
    r = c.post("/plans/jinhua-industry-14/projects/upload", data={"csrf_token": token},
               files={"file": (bad.name, bad.read_bytes(), "application/octet-stream")})
    assert r.status_code == 400
    assert "有3处错误，未导入任何项目" in r.text
    assert "第3行“责任单位”：单位“不存在的局”不在单位名录中" in r.text
    assert "第4行“完工年份”：完工年份2022早于开工年份2024" in r.text
    assert "第5行“总投资（亿元）”：“约三亿”不是数字" in r.text
    assert store.projects() == []
    good = workbook(tmp_path / "项目清单2（虚构）.xlsx", GOOD)
    r = c.post("/plans/jinhua-industry-14/projects/upload", data={"csrf_token": token},
               files={"file": (good.name, good.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200 and "已导入项目清单：4个项目（新增4个" in r.text
    assert len(store.projects("jinhua-industry-14")) == 4
