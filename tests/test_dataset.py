"""The data-file loader: malformed folders fail naming file, line and field and write nothing;
the embedded Jinhua dataset loads, loads again without change, and matches seed 004 表1."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from planwatch import model as m
from planwatch.api.data import load_folder
from planwatch.dataset import EMBEDDED, read_dataset
from planwatch.errors import LoadError
from planwatch.store import Store

MINI = {
    "dataset.yaml": "name: mini\ntitle: 测试\n",
    "regions.yaml": """\
        - id: "330700"
          name: 金华市
          kind: city
          adcode: 330700
          aliases: [金华]
        - id: "330703"
          name: 金东区
          kind: district
          adcode: 330703
          parent: "330700"
        """,
    "documents.yaml": """\
        - id: seed-004
          title: 金华市工业高质量发展“十四五”规划（征求意见稿）
          kind: plan
          file: 004_1e118b2124fdc662.txt
        """,
    "statistics.yaml": """\
        - id: gs-output
          name: 规上工业总产值
          unit: 亿元
          additive: true
        - id: gs-firms
          name: 规上工业企业数
          unit: 家
          additive: true
        """,
    "plans/mini-plan.yaml": """\
        id: mini-plan
        title: 测试规划
        region: "330700"
        issuer: 金华市经济和信息化局
        level: city
        kind: sector
        period: [2021, 2025]
        base_year: 2020
        status: draft
        document: seed-004
        indicators:
          - seq: 2
            name: 规上工业总产值
            statistic: gs-output
            unit: 亿元
            nature: expected
            base: {text: "4453"}
            target: {text: "8000"}
            source: {line: 178, table: 表1}
          - seq: 6
            name: 规上工业企业数
            statistic: gs-firms
            unit: 家
            nature: expected
            base: {text: "4556"}
            target: {text: "7000以上"}
            source: {line: 208, table: 表1}
        """,
    "observations/obs.csv": """\
        region,statistic,period,kind,value,unit,document,line
        金华,gs-output,2020,level,4453,亿元,seed-004,178
        330703,gs-firms,2020,count,391,家,seed-004,753
        """,
}


def write_folder(root: Path, replace: dict[str, tuple[str, str]] | None = None) -> Path:
    """Write the mini dataset; ``replace`` maps a file to (old, new) text to corrupt it."""
    for name, text in MINI.items():
        body = textwrap.dedent(text)
        if replace and name in replace:
            old, new = replace[name]
            assert old in body, (name, old)
            body = body.replace(old, new)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def test_mini_folder_reads_clean(tmp_path: Path) -> None:
    result = read_dataset(write_folder(tmp_path))
    assert result.errors == []
    ds = result.dataset
    assert [i.id for i in ds.indicators] == ["mini-plan/02", "mini-plan/06"]
    firms = ds.indicators[1]
    assert (firms.target_value, firms.qualifier) == (7000.0, m.Qualifier.AT_LEAST)
    assert firms.rule_basis  # inferred, with the reason
    assert {o.region for o in ds.observations} == {"330700", "330703"}  # alias 金华 resolved


BROKEN = [
    # (what, file, (old, new), code, line, field)
    ("bad number", "plans/mini-plan.yaml", ('base: {text: "4453"}', "base: {value: 44五3}"),
     "bad-number", 17, "value"),
    ("unknown unit", "plans/mini-plan.yaml", ("unit: 亿元", "unit: 亿圆"), "unknown-unit", 15, "unit"),
    ("missing field", "plans/mini-plan.yaml", ("    nature: expected\n    base: {text: \"4556\"}",
                                               "    base: {text: \"4556\"}"),
     "missing-field", 20, "nature"),
    ("duplicate indicator", "plans/mini-plan.yaml", ("  - seq: 6", "  - seq: 2"),
     "duplicate-record", 20, "seq"),
    ("unknown region", "observations/obs.csv", ("330703,gs-firms", "330799,gs-firms"),
     "unknown-reference", 3, "region"),
    ("bad period", "observations/obs.csv", ("金华,gs-output,2020", "金华,gs-output,2020年"),
     "bad-period", 2, "period"),
    ("unknown unit in statistics", "statistics.yaml", ("unit: 家", "unit: 户家"), "unknown-unit", 7,
     "unit"),
    ("bad number in csv", "observations/obs.csv", ("level,4453,", "level,4453亿,"),
     "bad-number", 2, "value"),
]


@pytest.mark.parametrize(("what", "file", "change", "code", "line", "field"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_malformed_folder_names_file_line_field(tmp_path, what, file, change, code, line, field):
    result = read_dataset(write_folder(tmp_path, {file: change}))
    hits = [e for e in result.errors if e.code == code]
    assert hits, f"{what}: expected {code}, got {[str(e) for e in result.errors]}"
    loc = hits[0].location
    assert (loc.file, loc.line, loc.field) == (file, line, field)
    text = str(hits[0])
    assert file in text and f"第{line}行" in text and field in text


def _snapshot(store: Store) -> tuple[object, ...]:
    return (
        [p.id for p in store.plans()],
        [(i.id, i.base_value, i.target_value) for i in store.indicators()],
        [(o.statistic, o.region, o.period.code, o.value) for o in store.observations(all_revisions=True)],
        [str(f) for f in store.findings()],
        [r.id for r in store.regions()],
    )


@pytest.mark.parametrize("broken", BROKEN[:6], ids=[b[0] for b in BROKEN[:6]])
def test_failed_load_leaves_database_as_it_was(store: Store, tmp_path: Path, broken) -> None:
    load_folder(store, write_folder(tmp_path / "good"))
    before = _snapshot(store)
    _what, file, change, code, _line, _field = broken
    bad = write_folder(tmp_path / "bad", {file: change})
    shutil.copy(tmp_path / "good" / "dataset.yaml", bad / "dataset.yaml")
    with pytest.raises(LoadError) as exc:
        load_folder(store, bad)
    assert code in str(exc.value) and file in str(exc.value)
    assert _snapshot(store) == before


def test_embedded_loads_and_second_load_changes_nothing(store: Store) -> None:
    first = load_folder(store, EMBEDDED)
    assert sum(first.inserted.values()) > 500
    before = _snapshot(store)
    second = load_folder(store, EMBEDDED)
    assert not second.changed
    assert sum(second.inserted.values()) == 0 and sum(second.updated.values()) == 0
    assert _snapshot(store) == before
    assert {p.id for p in store.plans()} == {"jinhua-industry-14", "jindong-industry-14"}


# -- seed 004 表1, read by hand (lines 158-322) ---------------------------------------------------
E, B = m.Nature.EXPECTED, m.Nature.BINDING
Q = m.Qualifier
TABLE_1 = [
    # seq, name, unit, base, base year, target, qualifier, nature, stretch
    (1, "工业增加值占GDP比重", "%", 33.1, 2020, 35, Q.ABOUT, E, None),
    (2, "规上工业总产值", "亿元", 4453, 2020, 8000, Q.EXACT, E, None),
    (3, "规上工业增加值", "亿元", 920.6, 2020, 1760, Q.EXACT, E, None),
    (4, "规上工业营业收入利润率增速", "%", None, None, 8, Q.EXACT, E, None),
    (5, "规上工业全员劳动生产率", "万元/人", 16.0, 2020, 26.8, Q.EXACT, E, None),
    (6, "规上工业企业数", "家", 4556, 2020, 7000, Q.AT_LEAST, E, None),
    (7, "高新技术产业增加值占规上工业比重", "%", 52.8, 2020, 60, Q.AT_LEAST, E, None),
    (8, "数字经济核心产业增加值占GDP比重", "%", 6.3, 2020, 8, Q.AT_LEAST, E, None),
    (9, "规上工业研发经费支出占营业收入比重", "%", 2.69, 2020, 3.0, Q.AT_LEAST, E, 3.5),
    (10, "每万人高价值发明专利数", "件", 3.5, 2020, 5.5, Q.EXACT, E, None),
    (11, "规上工业新产品产值率", "%", 39.3, 2020, 45, Q.EXACT, E, None),
    (12, "两化融合发展指数", "", 91.83, 2019, 110, Q.AT_LEAST, E, None),
    (13, "单位工业增加值二氧化碳排放降幅", "%", None, None, None, Q.PROVINCE_TASK, B, None),
    (14, "单位工业增加值用水量", "立方米/万元", None, None, None, Q.PROVINCE_TASK, B, None),
    (15, "工业固体废物利用处置率", "%", None, None, None, Q.PROVINCE_TASK, B, None),
    (16, "规上工业亩均增加值", "万元/亩", 76.3, 2020, 150, Q.EXACT, E, None),
    (17, "规上工业亩均税收", "万元/亩", 12.5, 2020, 30, Q.EXACT, E, None),
    (18, "千亿级工业大县数量", "个", None, None, 5, Q.EXACT, E, None),
    (19, "武义、磐安新增规上工业企业数量", "家", None, None, 500, Q.EXACT, E, None),
    (20, "武义、磐安规上工业增加值占全市比重", "%", 12.8, 2020, 13.3, Q.EXACT, E, None),
]


@pytest.fixture(scope="module")
def embedded():
    result = read_dataset(EMBEDDED)
    assert result.errors == [], [str(e) for e in result.errors]
    return result


def test_table_1_of_seed_004(embedded) -> None:
    got = [i for i in embedded.dataset.indicators if i.plan == "jinhua-industry-14"]
    assert len(got) == 20
    for ind, row in zip(got, TABLE_1, strict=True):
        seq, name, unit, base, base_year, target, qualifier, nature, stretch = row
        assert ind.id == f"jinhua-industry-14/{seq:02d}"
        assert (ind.seq, ind.name, ind.unit, ind.base_value, ind.base_year) == (
            seq, name, unit, base, base_year)
        assert (ind.target_value, ind.qualifier, ind.nature, ind.stretch_value) == (
            target, qualifier, nature, stretch)
        assert ind.target_year == 2025 and ind.source.document == "seed-004"
    by_seq = {i.seq: i for i in got}
    assert by_seq[12].base_text == "91.83（2019）"
    assert by_seq[14].direction is m.Direction.LOWER_BETTER
    assert "用水量" in by_seq[14].direction_basis
    assert by_seq[2].rule is m.ProgressRule.COMPOUND and "p_log" in by_seq[2].rule_basis
    assert by_seq[1].rule is m.ProgressRule.LINEAR
    assert by_seq[13].rule is m.ProgressRule.PROVINCE_TASK


def test_annex_1_decomposition_keeps_empty_cells_missing(embedded) -> None:
    decs = [d for d in embedded.dataset.decompositions if d.indicator == "jinhua-industry-14/17"]
    assert {(d.region, d.year) for d in decs if d.role == "target"} == {("330700", 2025)}
    base_regions = {d.region for d in decs if d.role == "base"}
    assert "jinhua-kfq" not in base_regions and "330702" in base_regions  # 开发区 cell empty
    kfq = {(d.indicator[-2:], d.year): d.value for d in embedded.dataset.decompositions
           if d.region == "jinhua-kfq"}
    assert kfq == {("02", 2020): 523.0, ("06", 2020): 276.0, ("02", 2025): 1000.0,
                   ("06", 2025): 400.0}


def test_findings_of_embedded_data(embedded) -> None:
    by = {}
    for f in embedded.findings:
        by.setdefault((f.code, f.location.record), []).append(f)
    gap = by[("decomposition-gap", "jinhua-industry-14/06")][0]
    assert "6600" in gap.message and "7000" in gap.message
    assert gap.location.file == "004_1e118b2124fdc662.txt" and gap.location.table == "附件1"
    assert ("decomposition-gap", "jinhua-industry-14/02") not in by  # 8000 adds up
    assert not [k for k in by if k[1] == "jinhua-industry-14/17"]  # 亩均税收 is never summed
    frac = by[("share-printed-as-fraction", "jindong-industry-14/08")][0]
    assert "0.45" in frac.message and "40.4" in frac.message and frac.location.line == 773
    assert ("declared-growth-mismatch", "jindong-industry-14/07") in by  # 8.89 vs 9.89
    assert ("declared-growth-convention", "jindong-industry-14/04") in by
    repeated = [f for f in embedded.findings if f.code == "repeated-value"]
    assert any("74.59" in f.message for f in repeated)
    conflicts = [f.message for f in embedded.findings if f.code == "observation-conflict"]
    assert any("8788.32" in c and "9658.01" in c for c in conflicts)


def test_every_observation_has_a_source(embedded) -> None:
    for o in embedded.dataset.observations:
        src = o.source
        assert (src.document and src.line) or src.url or src.title, o
