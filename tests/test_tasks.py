"""Key tasks read from plan documents (issue 16): seed 004's section 四 (8 actions, 32 tasks)
and 专栏2 (5 tasks); seed 003's section 六 (3 actions, 8 tasks). The expected names and lines
below were copied by hand from the seed files, not produced by the parser."""

from __future__ import annotations

import json

from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.parsers import parse_plan
from planwatch.parsers.tasks import cn_number
from tests.conftest import seed

ACTIONS_004 = [  # 四、主要任务 （一）…（八）, seed 004 lines 548–664
    "实施企业梯队“培大育强”行动，促进民营经济创新发展",
    "实施科技创新“培原造峰”行动，打造G60科创走廊金南翼",  # printed over lines 566–567
    "实施数字化“改革赋能”行动，推进产业数字化全面普及",
    "实施产业集群“链式聚合”行动，提升产业链现代化水平",
    "实施质量提升“金品金华”行动，构筑产品竞争新优势",
    "实施制造业“绿色安全”行动，加快推动低碳化发展",
    "实施产业空间“提档升级”行动，优化区域生产力布局",
    "实施对外开放“枢纽节点”行动，更高水平融入新发展格局",
]
TASKS_004 = [
    ["大力扶持一批冠军型龙头企业", "支持中小微企业专精特新发展", "引导大中小企业融合贯通发展",
     "提升民营企业管理现代化水平"],
    ["高水平打造浙中科创大走廊", "大力度引培创新人才队伍", "全方位提升企业创新能力", "高标准建设创新生态体系"],
    ["加强产业大脑建设推广", "打造一批“新智造”工厂群", "推动工业互联网创新发展", "推动制造业服务业融合发展",
     "超前部署一批数字新基建"],
    ["加快重大项目招引建设", "推动标志性产业链强链补链", "培育一批先进制造业集群", "实施传统制造业改造提升2.0版"],
    ["大力发展品牌经济", "全面开展品质制造", "提升标准供给水平", "深化工贸联动拓市场"],
    ["加快产业低碳化转型", "推行绿色制造模式", "提升安全生产水平"],
    ["打造若干高能级产业集聚平台", "整合提升一批高质量骨干平台", "推动特色园区专精特新化发展"],
    ["加快市域协同发展和能级提升", "大力推进自贸区金义片区建设", "实施产业链供应链山海协作",
     "推进长三角区域一体化协作", "全面深化全球产业精准合作"],
]
BOX2_004 = ["强化重大项目招引", "加快技改创新步伐", "加快主导产业培育", "提升平台亩均效益", "促进要素资源集聚"]
ACTION_LINES_004 = [548, 566, 584, 605, 621, 639, 650, 664]


def test_cn_numbers() -> None:
    assert [cn_number(x) for x in ("一", "八", "十", "十二", "二十", "二十三")] == [1, 8, 10, 12, 20, 23]


def test_seed004_tasks_listed_with_text_and_source(sqlite_url: str) -> None:
    run = CliRunner()
    assert run.invoke(cli, ["--db", sqlite_url, "init"]).exit_code == 0
    res = run.invoke(cli, ["--db", sqlite_url, "tasks", "import", "--plan", "jinhua-industry-14", str(seed("004"))])
    assert res.exit_code == 0, res.output
    assert "45条任务" in res.output
    res = run.invoke(cli, ["--db", sqlite_url, "tasks", "list", "--plan", "jinhua-industry-14", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    tasks = out["tasks"]
    actions = [t for t in tasks if t["kind"] == "action"]
    assert [a["title"] for a in actions] == ACTIONS_004
    assert [a["number"] for a in actions] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
    assert [a["source"]["line"] for a in actions] == ACTION_LINES_004
    assert all(a["source"]["document"] == "seed-004" and a["section"] == "四、主要任务" for a in actions)
    numbered = [t for t in tasks if t["kind"] == "task"]
    assert len(numbered) == 32
    for a, names in zip(actions, TASKS_004, strict=True):
        under = [t for t in numbered if t["parent"] == a["id"]]
        assert [t["title"] for t in under] == names
        assert [t["number"] for t in under] == [f"{i}．" for i in range(1, len(names) + 1)]
    first = numbered[0]
    assert first["source"]["line"] == 550 and first["source"]["label"] == "seed-004 第550行"
    assert first["text"].startswith("1．大力扶持一批冠军型龙头企业\n围绕产品集成度")
    assert "力争到2025年" in first["time_nodes"]
    # 五（1）: the sentence broken over lines 625–626 stays one text, with its number
    brand = next(t for t in numbered if t["title"] == "大力发展品牌经济")
    assert "新增“品字标”企业80家以上" in brand["text"]
    assert {"text": "80家以上", "value": 80.0, "unit": "家"} in brand["numbers"]
    box = [t for t in tasks if t["kind"] == "box"]
    assert [t["title"] for t in box] == BOX2_004
    assert [t["source"]["line"] for t in box] == [535, 537, 539, 541, 542]
    assert all(t["box"] == "专栏2：市区六大万亩工业平台“比拼赛马”重点任务" for t in box)
    assert "80%" in box[-1]["text"]
    assert out["counts"] == {"action": 8, "task": 32, "subtask": 0, "box": 5}
    assert out["sentence"].startswith("32项重点任务中，32项尚无经审核的进展")
    # the table view lists them too, in Chinese
    res = run.invoke(cli, ["--db", sqlite_url, "tasks", "list", "--plan", "jinhua-industry-14"])
    assert res.exit_code == 0 and "大力扶持一批冠军型龙头企业" in res.output and "seed-004 第550行" in res.output


def test_seed003_task_section_with_running_numbers() -> None:
    """金东区 plan: 六、主要任务 with three actions whose tasks are numbered 1–8 through the section,
    and sub-tasks printed as 一是…二是…"""
    tasks = parse_plan(seed("003")).tasks
    assert [t.title for t in tasks if t.kind == "action"] == ["筑巢引凤行动", "强躯繁枝行动", "提质增效行动"]
    assert [t.title for t in tasks if t.kind == "task"] == [
        "平台提升工程", "招商引资工程", "结构优化工程", "企业培育工程", "创新引领工程", "智能制造工程",
        "质量建设工程", "双循环发展工程"]
    sub = [t for t in tasks if t.kind == "subtask" and t.parent == "6-1-1"]
    assert [t.title for t in sub] == ["聚力打造高能级创新平台", "优化提升特色科创平台", "高水平推进“科创飞地”建设",
                                      "高标准推进“智慧金东”建设"]
    assert tasks[0].source.line == 1811


def test_import_without_task_section_is_refused(sqlite_url: str, tmp_path) -> None:
    doc = tmp_path / "无任务.txt"
    doc.write_text("金华市某规划（虚构）\n一、总体要求\n坚持稳中求进。\n", encoding="utf-8")
    run = CliRunner()
    assert run.invoke(cli, ["--db", sqlite_url, "init"]).exit_code == 0
    res = run.invoke(cli, ["--db", sqlite_url, "tasks", "import", "--plan", "jinhua-industry-14", str(doc)])
    assert res.exit_code != 0
    assert "没有找到任务章节" in str(res.exception) or "没有找到任务章节" in res.output


def test_plan_imported_in_the_browser_brings_its_tasks(sqlite_url: str) -> None:
    """The import preview lists the tasks read (number, title, line); confirming stores them and
    the task board (JSON twin) lists the 8 actions, 32 tasks and 专栏2's 5 tasks."""
    from fastapi.testclient import TestClient

    from planwatch import model as m
    from planwatch.store import Store
    from planwatch.web import WebSettings, create_app
    from tests.web_support import add_users, form_token, login, sample_dataset

    store = Store(sqlite_url)
    store.load_dataset(m.Dataset("regions", regions=sample_dataset().regions))
    add_users(store)
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="tasks"), store=store))
    login(c, "reviewer1")
    token = form_token(c.get("/import").text)
    r = c.post("/import", data={"csrf_token": token}, files={"file": ("004.txt", seed("004").read_bytes(), "text/plain")})
    assert r.status_code == 200
    assert "重点任务（45）" in r.text
    assert "（一）实施企业梯队“培大育强”行动，促进民营经济创新发展（行动，004.txt 第548行）" in r.text
    assert "1．大力扶持一批冠军型龙头企业（任务，004.txt 第550行）" in r.text
    payload = r.text.split('name="payload" value="')[1].split('"')[0]
    r = c.post("/import/confirm", data={"csrf_token": token, "file": "004.txt", "payload": payload})
    assert r.status_code == 200 and "已导入规划" in r.text
    [plan] = store.plans()
    board = c.get(f"/plans/{plan.id}/tasks.json").json()
    groups = board["groups"]
    assert [g["title"] for g in groups][:8] == [f"（{n}）{t}" for n, t in zip("一二三四五六七八", ACTIONS_004, strict=True)]
    assert [[i["title"] for i in g["items"]] for g in groups[:8]] == TASKS_004
    assert [i["title"] for i in groups[8]["items"]] == BOX2_004
    title = next(d.title for d in store.documents() if d.id == plan.document)
    assert groups[0]["items"][0]["source"] == f"{title} 第550行"  # the document's title, not its id


def test_init_alone_gives_the_jinhua_plan_its_tasks(sqlite_url: str) -> None:
    """A fresh ``planwatch init`` (no seed file at hand) lists the 8 actions, 32 tasks and 专栏2's
    5 tasks of seed 004 from the embedded task data, each with its printed text, section, line and
    the document's title; no unit is assigned (the document names none)."""
    run = CliRunner()
    assert run.invoke(cli, ["--db", sqlite_url, "init"]).exit_code == 0
    res = run.invoke(cli, ["--db", sqlite_url, "tasks", "list", "--plan", "jinhua-industry-14", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["counts"] == {"action": 8, "task": 32, "subtask": 0, "box": 5}
    tasks = out["tasks"]
    actions = [t for t in tasks if t["kind"] == "action"]
    assert [a["title"] for a in actions] == ACTIONS_004
    assert [a["source"]["line"] for a in actions] == ACTION_LINES_004
    numbered = [t for t in tasks if t["kind"] == "task"]
    for a, names in zip(actions, TASKS_004, strict=True):
        assert [t["title"] for t in numbered if t["parent"] == a["id"]] == names
    assert [t["title"] for t in tasks if t["kind"] == "box"] == BOX2_004
    first = numbered[0]
    assert first["source"]["line"] == 550 and first["section"] == "四、主要任务"
    assert first["source"]["title"] == "金华市工业高质量发展“十四五”规划（征求意见稿）"
    assert first["text"].startswith("1．大力扶持一批冠军型龙头企业\n围绕产品集成度")
    assert all(t["lead"] is None and t["co"] == [] for t in tasks)
    # a second init changes nothing
    res = run.invoke(cli, ["--db", sqlite_url, "init"])
    assert res.exit_code == 0 and "新增0条，更新0条" in res.output


def test_task_data_file_with_an_error_changes_nothing(sqlite_url: str, tmp_path) -> None:
    """A task file naming a unit (assignments are not data) or missing a field is refused with
    file, line and field; the dataset is not written either."""
    import shutil

    from planwatch.dataset import EMBEDDED, EMBEDDED_NATIONAL
    from planwatch.errors import LoadError
    from planwatch.store import Store

    folder = tmp_path / "jinhua"
    shutil.copytree(EMBEDDED, folder)
    f = folder / "tasks" / "jinhua-industry-14.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("  units: 原文未列明", "  units: 市经信局", 1), encoding="utf-8")
    store = Store(sqlite_url)
    from planwatch.api.data import load_folder

    load_folder(store, EMBEDDED_NATIONAL)
    try:
        load_folder(store, folder)
    except LoadError as exc:
        msg = str(exc) + "".join(str(i) for i in exc.issues)
    else:
        raise AssertionError("accepted")
    assert "tasks/jinhua-industry-14.yaml" in msg and "units" in msg and "未写入任何数据" in msg
    assert not {"jinhua-industry-14", "jindong-industry-14"} & {p.id for p in store.plans()}
