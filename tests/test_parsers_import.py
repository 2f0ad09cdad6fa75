"""Importing a plan document into the store: one transaction, idempotent, revisions recorded,
and nothing written when the document has errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.api.data import load_embedded
from planwatch.api.plans import import_plan, prepare_import
from planwatch.cli import cli
from planwatch.errors import LoadError
from planwatch.store import Store
from tests.conftest import seed


def test_import_seed_004_into_an_empty_store(store):
    imp = import_plan(store, seed("004"))
    plan = store.plan(imp.plan_id)
    assert plan.title == "金华市工业高质量发展“十四五”规划"
    assert (plan.period_start, plan.period_end, plan.base_year, plan.status.value) == (2021, 2025, 2020, "draft")
    inds = store.indicators(plan.id)
    assert len(inds) == 20
    second = inds[1]
    assert (second.name, second.base_value, second.target_value, second.unit) == ("规上工业总产值", 4453, 8000, "亿元")
    assert second.source.line == 178 and second.source.table == "表1"
    assert len(store.decompositions()) == 55
    assert len(store.narrative_targets(plan.id)) == 34
    codes = {f.code for f in store.findings(f"plan:{plan.id}")}
    assert "decomposition-gap" in codes  # county 2025 企业数 targets add to 6600, not 7000


def test_importing_the_same_document_twice_changes_nothing(store):
    import_plan(store, seed("004"))
    again = import_plan(store, seed("004"))
    assert again.report is not None and not again.report.changed
    assert again.changes == []


def test_a_revised_document_records_what_changed(store, tmp_path):
    import_plan(store, seed("004"))
    text = seed("004").read_text(encoding="utf-8").splitlines()
    assert text[179] == "\t8000" and text[738] == "\t400"  # lines 180 and 739 as printed
    text[179] = "\t8500"
    text[738] = "\t450"
    revised = tmp_path / seed("004").name
    revised.write_text("\n".join(text) + "\n", encoding="utf-8")
    imp = import_plan(store, revised)
    by_id = {(c["entity"], c["id"]): c for c in imp.changes}
    ind = by_id[("indicator", f"{imp.plan_id}/02")]
    assert ind["before"]["target_value"] == 8000 and ind["after"]["target_value"] == 8500
    dec = [c for c in imp.changes if c["entity"] == "decomposition"]
    assert [(c["before"], c["after"]) for c in dec] == [({"value": 400.0}, {"value": 450.0})]
    assert store.indicator(f"{imp.plan_id}/02").target_value == 8500
    entries, _ = store.audit_entries(entity="indicator", entity_id=f"{imp.plan_id}/02")
    assert entries and entries[0].after["target_value"] == 8500


def test_document_with_errors_writes_nothing(store, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("表1 主要指标\n指标名称 2020年基数 2025年目标 年均增长（%） 属性\n"
                    "规上工业总产值（亿元） 100 200 14.9 预期性\n"
                    "规上工业企业数（家） 300 预期性\n", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        import_plan(store, path)
    assert "bad.txt" in str(err.value) and "第4行" in str(err.value)
    assert store.plans() == []


def test_rows_map_to_existing_statistics(sqlite_url):
    store = Store(sqlite_url)
    try:
        load_embedded(store)
        imp = prepare_import(store, seed("003"))
        stats = {i.name: i.statistic for i in imp.conversion.dataset.indicators}
        assert stats["规上工业总产值"] == "gs-output"
        assert stats["规上工业亩均税收"] == "gs-tax-per-mu"
        assert stats["年产值超10亿元工业企业数量"] == "firms-rev-1bn"  # not the 20/50亿元 one
        assert stats["年产值超50亿元工业企业数量"] == "firms-rev-5bn"
        # the document is the embedded 金东 plan's own: taken as that plan (issue 11 item 8),
        # its statistic links kept, nothing new created
        assert imp.plan_id == "jindong-industry-14" and imp.matched
        assert imp.conversion.new_statistics == []
        kept = {i.name: i.statistic for i in store.indicators("jindong-industry-14")}
        assert stats["先进装备制造业增加值在规模以上工业中的比重"] == kept["先进装备制造业增加值在规模以上工业中的比重"]
        regions = {d.region for d in imp.conversion.dataset.decompositions}
        assert regions == set()
        assert imp.conversion.dataset.plans[0].region == "330703"  # 金东区
    finally:
        store.dispose()


def test_county_names_in_the_annex_map_to_regions(sqlite_url):
    store = Store(sqlite_url)
    try:
        load_embedded(store)
        imp = prepare_import(store, seed("004"))
        regions = {d.region for d in imp.conversion.dataset.decompositions}
        assert regions == {"330700", "330702", "jinhua-kfq", "330703", "330781", "330782", "330783",
                           "330784", "330723", "330726", "330727"}
        assert imp.conversion.new_regions == []
    finally:
        store.dispose()


def test_cli_import_asks_before_writing(sqlite_url):
    runner = CliRunner()
    res = runner.invoke(cli, ["--db", sqlite_url, "plan", "import", str(seed("004"))], input="n\n")
    assert res.exit_code != 0
    assert "确认将以上内容导入" in res.output
    store = Store(sqlite_url)
    try:
        assert store.plans() == []
    finally:
        store.dispose()
    res = runner.invoke(cli, ["--db", sqlite_url, "plan", "import", str(seed("004"))], input="y\n")
    assert res.exit_code == 0, res.output
    assert "已导入规划" in res.output
    res = runner.invoke(cli, ["--db", sqlite_url, "plan", "import", str(seed("004")), "--yes"])
    assert "没有变化" in res.output


def test_cli_import_refuses_a_document_with_errors(sqlite_url, tmp_path: Path):
    path = tmp_path / "损坏.docx"
    path.write_bytes(b"PK\x03\x04 broken")
    res = CliRunner().invoke(cli, ["--db", sqlite_url, "plan", "import", str(path), "--yes"])
    assert res.exit_code != 0


def test_an_annex_column_without_its_indicator_is_left_out_with_a_warning(store, tmp_path):
    text = ("某县工业发展“十四五”规划\n\n表1：主要指标\n\n\t指标名称\n\t2020年\n\t2025年\n\t指标属性\n\n"
            "\t规上工业总产值（亿元）\n\t100\n\t200\n\t预期性\n\n"
            "附件1：任务分解\n\n\t地区\n\t2025年规上工业总产值（亿元）\n\t2025年专利授权量（件）\n\n"
            "\t甲镇\n\t120\n\t30\n\n\t乙镇\n\t80\n\t\n")
    path = tmp_path / "annex.txt"
    path.write_text(text, encoding="utf-8")
    imp = import_plan(store, path)
    decs = store.decompositions(f"{imp.plan_id}/01")
    assert sorted(d.value for d in decs) == [80.0, 120.0]
    [w] = [f for f in imp.conversion.findings if f.code == "decomposition-unmatched"]
    assert "专利授权量" in w.message and w.location.table == "附件1"
