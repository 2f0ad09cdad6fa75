"""Rankings and composite scores: the pure rules (ties, missing values, normalisation,
explanations) and the store-backed rankings on the embedded Jinhua data."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from click.testing import CliRunner

from planwatch import api
from planwatch.api import ranking as R
from planwatch.cli import cli
from planwatch.evaluation.ranking import Item, composite, normalise, rank
from planwatch.store import Store
from tests.conftest import scratch_db


def test_competition_ties_share_a_rank_and_skip() -> None:
    out = rank({"a": 10.0, "b": 8.0, "c": 8.0, "d": 5.0})
    assert [(r.unit, r.rank, r.tied) for r in out] == [
        ("a", 1, False), ("b", 2, True), ("c", 2, True), ("d", 4, False)]


def test_dense_ties() -> None:
    out = rank({"a": 10.0, "b": 8.0, "c": 8.0, "d": 5.0}, ties="dense")
    assert [r.rank for r in out] == [1, 2, 2, 3]


def test_missing_values_are_listed_not_ranked_last() -> None:
    out = rank({"a": 1.0, "b": None, "c": 3.0, "d": float("nan")}, direction=-1,
               missing_reasons={"b": "缺少2024年数据"})
    assert [(r.unit, r.rank) for r in out] == [("a", 1), ("c", 2), ("b", None), ("d", None)]
    assert out[2].missing_reason == "缺少2024年数据" and out[3].missing_reason == "缺少数据"


def test_minmax_reverses_lower_is_better() -> None:
    assert normalise({"a": 2.0, "b": 4.0, "c": 3.0}, -1, "minmax") == {"a": 100.0, "b": 0.0, "c": 50.0}


def test_rank_percentile_and_zscore() -> None:
    assert normalise({"a": 1.0, "b": 2.0, "c": 3.0}, 1, "rank") == {"a": 0.0, "b": 50.0, "c": 100.0}
    z = normalise({"a": 1.0, "b": 3.0}, 1, "zscore")
    assert z == {"a": -1.0, "b": 1.0}


def test_composite_explains_every_part() -> None:
    values = {"x": {"gdp": 10.0, "pm25": 30.0}, "y": {"gdp": 20.0, "pm25": 40.0},
              "z": {"gdp": 15.0, "pm25": None}}
    items = [Item("gdp", "地区生产总值", 1, 2.0), Item("pm25", "PM2.5浓度", -1, 1.0)]
    scores = {s.unit: s for s in composite(values, items)}
    # x: gdp 0 (min), pm25 100 (best) → (2·0 + 1·100)/3; y: (2·100 + 1·0)/3; z: gdp 50 only
    assert scores["x"].score == pytest.approx(100 / 3)
    assert scores["y"].score == pytest.approx(200 / 3)
    assert scores["z"].score == pytest.approx(50.0)
    assert [s.rank for s in sorted(scores.values(), key=lambda s: s.unit)] == [3, 1, 2]
    text = scores["z"].explanation("丙县")
    assert "丙县：综合得分50" in text and "缺少数据未计入：PM2.5浓度" in text
    assert "地区生产总值 15 → 标准化50 × 权重2" in text


def test_composite_missing_as_zero_and_excluded_items() -> None:
    values = {"x": {"a": 1.0, "b": None}, "y": {"a": 3.0, "b": 5.0}}
    items = [Item("a", "A"), Item("b", "B")]
    zero = {s.unit: s.score for s in composite(values, items, missing="zero")}
    assert zero == {"x": 0.0, "y": 100.0}
    only_b = {s.unit: s.score for s in composite(values, items, exclude=["a"])}
    assert only_b["x"] is None and only_b["y"] == 100.0


@pytest.fixture(scope="module")
def jinhua(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    url = scratch_db(tmp_path_factory.mktemp('rank') / 'planwatch.db', request)
    store = Store(url)
    api.data.load_embedded(store)
    yield store, url
    store.dispose()


def test_rank_counties_on_urbanization_2024(jinhua) -> None:
    store, _ = jinhua
    # 2024年金华市人口主要数据公报: 义乌 83.1, 婺城 81, 东阳 70.8 …, 磐安 55.9
    r = R.rank_regions(store, "urbanization", "2024")
    ranked = [(x.name, x.rank, x.value) for x in r.rows if x.rank is not None]
    assert ranked[:3] == [("义乌市", 1, 83.1), ("婺城区", 2, 81.0), ("东阳市", 3, 70.8)]
    assert ranked[-1] == ("磐安县", 9, 55.9)
    assert all(x.source and x.period == "2024" for x in r.rows if x.rank is not None)


def test_rank_lists_counties_without_data_as_missing(jinhua) -> None:
    store, _ = jinhua
    r = R.rank_regions(store, "income", "2024")
    missing = {x.name: x.missing_reason for x in r.rows if x.rank is None}
    assert missing and all(reason == "缺少2024年数据" for reason in missing.values())
    ranked = [x for x in r.rows if x.rank is not None]
    assert len(ranked) + len(missing) == 9
    assert r.as_dict()["missing"] and "并列" in r.tie_rule


def test_rank_counties_by_decomposed_target_progress(jinhua) -> None:
    store, _ = jinhua
    r = R.rank_decomposed(store, "jinhua-industry-14/02", dt.date(2024, 12, 31))
    ranked = {x.name: x for x in r.rows if x.rank is not None}
    # 004 附件1: 义乌 667.6 → 1500, 2023 value 1661; 浦江 174.9 → 350, 2021 value 248.25
    yiwu = math.log(1661 / 667.6) / math.log(1500 / 667.6)
    pujiang = math.log(248.25 / 174.9) / math.log(350 / 174.9)
    assert ranked["义乌市"].value == pytest.approx(yiwu, rel=1e-9) and ranked["义乌市"].rank == 1
    assert ranked["浦江县"].value == pytest.approx(pujiang, rel=1e-9) and ranked["浦江县"].rank == 2
    missing = [x for x in r.rows if x.rank is None]
    assert missing and all("缺少县级数据" in (x.missing_reason or "") for x in missing)
    assert r.notes and "缺少县级数据，未参与排名" in r.notes[0]
    assert "附件1" in ranked["义乌市"].detail["decomposition_source"]


def test_cli_rank_and_score(jinhua) -> None:
    _, url = jinhua
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", url, "rank", "regions", "--statistic", "urbanization",
                              "--period", "2024", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["ranked"][0]["name"] == "义乌市"
    text = runner.invoke(cli, ["--db", url, "rank", "counties", "--indicator", "jinhua-industry-14/02",
                               "--as-of", "2024-12-31"], env={"COLUMNS": "250"}).stdout
    assert "义乌市" in text and "缺少数据、未参与排名" in text
    score = runner.invoke(cli, ["--db", url, "rank", "score", "--item", "income=2", "--item",
                                "urbanization", "--period", "2024", "--json"])
    data = json.loads(score.stdout)
    first = data["scores"][0]
    assert first["name"] == "义乌市" and first["score"] == pytest.approx(100.0)
    assert "标准化100 × 权重2" in first["explanation"]
    lanxi = next(s for s in data["scores"] if s["name"] == "兰溪市")
    assert lanxi["missing"] == ["全体居民人均可支配收入"]
