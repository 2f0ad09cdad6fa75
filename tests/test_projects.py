"""Major projects (issue 16): a project list from the Excel template, checked row by row, and
evaluated by investment and milestones. The workbook built here is FICTIONAL (虚构): names,
amounts and years are made up for the test; the expected numbers were worked out by hand
(docs/evaluation.md, 重大工程项目)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from planwatch import api
from planwatch import model as m
from planwatch.api import tasks as api_tasks
from planwatch.cli import cli
from planwatch.errors import LoadError
from planwatch.store import Store

HEAD = ["项目编号", "项目名称", "责任单位", "所在地区", "总投资（亿元）", "开工年份", "完工年份",
        "2021年计划投资（亿元）", "2022年计划投资（亿元）", "2023年计划投资（亿元）", "2024年计划投资（亿元）",
        "里程碑", "状态", "备注"]
GOOD = [
    ["XG-01", "虚构智能制造产业园项目", "虚构发展集团", "婺城区", 10, 2021, 2024, 2, 3, 3, 2,
     "开工:2021；主体完工:2023；投产:2024", "在建", "虚构"],
    ["XG-02", "虚构物流枢纽项目", "金华市经济和信息化局", "", 5, 2022, 2023, None, 2, 3, None,
     "开工:2022；投产:2023", "在建", "虚构"],
    ["XG-03", "虚构新材料项目", "虚构发展集团", "", 4, 2024, 2025, None, None, None, 2,
     "开工:2024；投产:2025", "前期", "虚构"],
    ["XG-04", "虚构技改项目", "虚构发展集团", "", 1, 2021, 2021, 1, None, None, None,
     "开工:2021；投产:2021", "已投产", "虚构"],
]
UNITS = (m.Department("xugou-group", "虚构发展集团", aliases=("虚构集团",)),
         m.Department("jh-jxj", "金华市经济和信息化局", aliases=("市经信局",)))


def workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目清单"
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def units_store(sqlite_url: str) -> Store:
    s = Store(sqlite_url)
    api.data.load_embedded(s)
    s.load_dataset(m.Dataset(name="单位（测试）", departments=UNITS))
    return s


def test_project_list_imported_and_evaluated(units_store: Store, tmp_path: Path) -> None:
    res = api_tasks.import_projects(units_store, workbook(tmp_path / "项目清单（虚构）.xlsx", GOOD),
                                    plan_id="jinhua-industry-14", actor="t")
    assert res["projects"] == 4 and res["added"] == 4
    p1 = units_store.project("XG-01")
    assert p1.owner == "xugou-group" and p1.annual_plan == ((2021, 2.0), (2022, 3.0), (2023, 3.0), (2024, 2.0))
    assert [(x.name, x.year) for x in p1.milestones] == [("开工", 2021), ("主体完工", 2023), ("投产", 2024)]
    assert p1.source.line == 2 and p1.source.table == "项目清单"
    rep = lambda target, period, inv, ms=(): api_tasks.report_progress(  # noqa: E731
        units_store, f"project:{target}", period=period, text="按计划推进（虚构）", status="序时推进",
        actor="unit", investment=inv, milestones=ms)
    ids = [rep("XG-01", "2021", 2.0, ("开工",)), rep("XG-01", "2022", 2.5), rep("XG-01", "2023-H1", 1.5),
           rep("XG-02", "2022", 1.0), rep("XG-04", "2021", 1.0, ("开工", "投产"))]
    pending = rep("XG-01", "2023-Q2", 9.0)  # not reviewed: not counted
    for i in ids:
        e = units_store.progress_entry(i)
        api_tasks.review_progress(units_store, i, e.self_status.value, comment=None, actor="reviewer")
    assert units_store.progress_entry(pending).state == "pending"
    table = api_tasks.project_table(units_store, "jinhua-industry-14", dt.date(2023, 6, 30))
    by = {a.project.id: a for a in table.items}
    # XG-01: planned to date 2 + 3 + 3×0.5 = 6.5; completed 2.0 + 2.5 + 1.5 = 6.0; 6.0/6.5 = 92.3% ≥ 90%
    a1 = by["XG-01"]
    assert a1.planned_to_date == pytest.approx(6.5) and a1.completed == pytest.approx(6.0)
    assert a1.ratio == pytest.approx(6.0 / 6.5) and a1.status is m.TaskStatus.ON_TRACK
    assert a1.milestones_due == ("开工",) and a1.milestones_missed == ()
    assert any("完成92.3%（不低于90%）" in r for r in a1.reasons)
    # XG-02: planned 2 + 3×0.5 = 3.5, completed 1.0 (28.6%), 开工 (2022) due and not reported
    a2 = by["XG-02"]
    assert a2.planned_to_date == pytest.approx(3.5) and a2.status is m.TaskStatus.LAGGING
    assert a2.milestones_missed == ("开工",)
    assert any("里程碑“开工”（计划2022年）未达成" in r for r in a2.reasons)
    assert any("完成28.6%（低于90%）" in r for r in a2.reasons)
    assert by["XG-03"].status is m.TaskStatus.NOT_STARTED and by["XG-03"].in_line
    assert by["XG-04"].status is m.TaskStatus.DONE
    assert table.sentence == "4项重大工程项目中3项进展符合预期，1项滞后。"
    run = CliRunner().invoke(cli, ["--db", units_store.url, "projects", "list", "--plan", "jinhua-industry-14",
                                   "--as-of", "2023-06-30", "--json"])
    assert run.exit_code == 0, run.output
    out = json.loads(run.output)
    assert out["sentence"] == table.sentence and out["tolerance"] == 0.9
    row = next(p for p in out["projects"] if p["id"] == "XG-01")
    assert row["rule"] == "project-investment-milestones" and row["owner_name"] == "虚构发展集团"
    assert row["source"] == "项目清单（虚构）.xlsx 项目清单第2行"
    text = CliRunner().invoke(cli, ["--db", units_store.url, "projects", "list", "--as-of", "2023-06-30"])
    assert "92.3%" in text.output and "滞后" in text.output


@pytest.mark.parametrize(("row", "field", "words"), [
    (["XG-09", "虚构项目甲", "不存在的局", "", 3, 2022, 2024], "责任单位", "不在单位名录中"),
    (["XG-09", "虚构项目乙", "虚构发展集团", "", 3, 2024, 2022], "完工年份", "完工年份2022早于开工年份2024"),
    (["XG-09", "虚构项目丙", "虚构发展集团", "", "约三亿", 2022, 2024], "总投资（亿元）", "“约三亿”不是数字"),
    (["XG-09", "虚构项目丁", "虚构发展集团", "", 3, 2022, 2024, "两亿"], "2021年计划投资（亿元）", "“两亿”不是数字"),
    (["XG-09", "虚构项目戊", "虚构发展集团", "", 3, 2022, 2024, None, None, None, None, "开工2022"], "里程碑",
     "无法识别"),
])
def test_bad_project_rows_change_nothing(units_store: Store, tmp_path: Path, row: list[object], field: str,
                                         words: str) -> None:
    path = workbook(tmp_path / "项目清单（虚构）.xlsx", [GOOD[0], row])
    before = units_store.projects()
    with pytest.raises(LoadError) as exc:
        api_tasks.import_projects(units_store, path, actor="t")
    msg = str(exc.value)
    assert f"第3行“{field}”" in msg and words in msg and "未导入任何项目" in msg
    assert units_store.projects() == before == []  # the good first row is not written either
    res = CliRunner().invoke(cli, ["--db", units_store.url, "projects", "import", str(path)])
    assert res.exit_code != 0


def test_task_division_table(units_store: Store, tmp_path: Path) -> None:
    """任务分工表: tasks assigned to units by name or alias; a row naming a unit that does not
    exist is refused with its row and field, and no row is applied."""
    from tests.test_tasks import seed

    api_tasks.import_tasks(units_store, "jinhua-industry-14", seed("004"), actor="t")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["任务编号", "牵头单位", "配合单位"])
    ws.append(["4-1-1", "市经信局", "虚构发展集团"])
    ws.append(["4-1-2", "不存在的局", ""])
    bad = tmp_path / "分工表（虚构）.xlsx"
    wb.save(bad)
    with pytest.raises(LoadError) as exc:
        api_tasks.assign_from_workbook(units_store, bad, plan_id="jinhua-industry-14", actor="t")
    assert "第3行“牵头单位”" in str(exc.value) and "不存在的局" in str(exc.value) and "未作任何修改" in str(exc.value)
    assert units_store.task_units("jinhua-industry-14") == []
    ws.delete_rows(3)
    good = tmp_path / "分工表2（虚构）.xlsx"
    wb.save(good)
    res = CliRunner().invoke(cli, ["--db", units_store.url, "tasks", "assign", "--file", str(good),
                                   "--plan", "jinhua-industry-14"])
    assert res.exit_code == 0, res.output
    units = [(u.task, u.department, u.role) for u in units_store.task_units("jinhua-industry-14")]
    assert units == [("jinhua-industry-14/t4-1-1", "jh-jxj", "lead"), ("jinhua-industry-14/t4-1-1", "xugou-group", "co")]
    res = CliRunner().invoke(cli, ["--db", units_store.url, "tasks", "list", "--plan", "jinhua-industry-14",
                                   "--unit", "市经信局", "--json"])
    assert [t["title"] for t in json.loads(res.output)["tasks"]] == ["大力扶持一批冠军型龙头企业"]


def test_task_rule_time_nodes_and_the_evaluators_judgement() -> None:
    """docs/evaluation.md 11.2: a confirmed 序时推进 stays while the time node is ahead and reads
    滞后 once its year has ended; 已完成 is never overridden; no confirmed report: 未评价."""
    from planwatch.evaluation.tasks import assess_task, count_sentence
    from planwatch.store import ProgressEntry

    def task(nodes: tuple[str, ...]) -> m.PlanTask:
        return m.PlanTask(id="p/t4-1-2", plan="p", key="4-1-2", kind="task", number="2．",
                          title="虚构任务", text="虚构", section="四、主要任务", time_nodes=nodes)

    def entry(status: m.TaskStatus, state: str = "confirmed", comment: str | None = None) -> ProgressEntry:
        return ProgressEntry(id=1, target_kind="task", target="p/t4-1-2", period="2023-H1", department=None,
                             text="已培育专精特新企业（虚构）", investment=None, milestones=(), evidence_url=None,
                             evidence_document=None, evidence_facts=(), self_status=m.TaskStatus.ON_TRACK,
                             state=state, status=status if state == "confirmed" else None, submitted_by="u",
                             submitted_at="2023-07-01", review_comment=comment)

    on = entry(m.TaskStatus.ON_TRACK)
    a = assess_task(task(("力争到2025年",)), [on], "2023-06-30")
    assert a.status is m.TaskStatus.ON_TRACK and a.overdue_nodes == ()
    assert a.reason == "审核确认单位自评：已培育专精特新企业（虚构）"
    b = assess_task(task(("到2022年",)), [on], "2023-06-30")
    assert b.status is m.TaskStatus.LAGGING and b.judged is m.TaskStatus.ON_TRACK
    assert "时间节点到2022年已到，尚未报告完成" in b.reason
    c = assess_task(task(("到2022年",)), [entry(m.TaskStatus.DONE, comment="已提前完成")], "2023-06-30")
    assert c.status is m.TaskStatus.DONE and c.reason == "已提前完成"
    d = assess_task(task(()), [entry(m.TaskStatus.ON_TRACK, state="pending")], "2023-06-30")
    assert d.status is None and d.label == "未评价"
    assert count_sentence("重点任务", [m.TaskStatus.DONE, m.TaskStatus.ON_TRACK, m.TaskStatus.ON_TRACK,
                                     m.TaskStatus.LAGGING, None]) == \
        "5项重点任务中，1项已完成，2项序时推进，1项滞后，1项尚无经审核的进展（未评价）。"


def test_facts_attached_as_evidence(units_store: Store) -> None:
    """A stored observation (a fact reviewed into the store) can be attached to a progress report;
    an id that names no observation is refused and nothing is written."""
    from tests.test_tasks import seed

    api_tasks.import_tasks(units_store, "jinhua-industry-14", seed("004"), actor="t")
    obs_id = 1  # the first observation of the embedded data
    pid = api_tasks.report_progress(units_store, "jinhua-industry-14/t4-1-2", period="2023-H1",
                                    text="（示例）见统计数据", status="序时推进", actor="u", evidence_facts=[obs_id])
    assert units_store.progress_entry(pid).evidence_facts == (obs_id,)
    with pytest.raises(LoadError) as exc:
        api_tasks.report_progress(units_store, "jinhua-industry-14/t4-1-2", period="2023-H1", text="（示例）",
                                  status="序时推进", actor="u", evidence_facts=[99999999])
    assert "观测值编号99999999不存在" in str(exc.value)
    assert len(units_store.progress_entries(targets=["jinhua-industry-14/t4-1-2"])) == 1
