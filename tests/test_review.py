"""The review queue on SQLite and PostgreSQL: accept, correct, reject, two sources for one
observation, conflicts flagged (never overwritten), stale versions, and the audit log."""

from __future__ import annotations

import pytest

from planwatch import model as m
from planwatch.errors import ConfigError, ConflictError
from planwatch.store import CandidateInput, Store


def _seed_catalog(store: Store) -> None:
    store.load_dataset(m.Dataset(
        name="review-test",
        regions=(m.Region("330700", "金华市", m.RegionKind.CITY, adcode=330700),),
        statistics=(m.Statistic("gdp", "地区生产总值", "亿元"),),
    ))


def _gdp(value: float, doc: str, line: int, origin: str = "facts") -> CandidateInput:
    return CandidateInput(
        origin=origin, kind="level", value=value, unit="亿元", statistic="gdp", region="330700",
        period="2022", text=f"{value}亿元", sentence="2022年，全市地区生产总值……",
        source=m.SourceRef(document=doc, line=line),
    )


def test_accept_makes_an_observation_with_provenance(store: Store) -> None:
    _seed_catalog(store)
    (c,) = store.submit_candidates([_gdp(5562.47, "seed-002", 23)], submitter="提交人甲")
    assert c.state.value == "pending" and c.version == 1 and c.conflict is None
    assert [x.id for x in store.pending_candidates()] == [c.id]
    done = store.accept_candidate(c.id, version=1, reviewer="审核人乙")
    assert done.state.value == "accepted" and done.reviewed_by == "审核人乙"
    (obs,) = store.observations("gdp", "330700")
    assert (obs.value, obs.unit, obs.period.code, obs.source.document, obs.source.line) == (
        5562.47, "亿元", "2022", "seed-002", 23)
    assert obs.recorded_by == "审核人乙" and "审核人乙" in (obs.source.note or "")
    assert done.observation_id == obs.id
    assert store.pending_candidates() == []
    actions = [e.action for e in store.audit_entries(entity="candidate",
                                                     entity_id=str(c.id))[0]]
    assert sorted(actions) == ["accept", "submit"]


def test_same_fact_from_two_documents_is_one_observation_with_two_sources(store: Store) -> None:
    _seed_catalog(store)
    a, b = store.submit_candidates(
        [_gdp(5562.47, "seed-002", 23), _gdp(5562.47, "bulletin-2022", 4)], submitter="甲")
    assert a.conflict is None and b.conflict is None
    store.accept_candidate(a.id, version=1, reviewer="乙")
    assert store.same_observation(b.id) == store.candidate(a.id).observation_id
    second = store.accept_candidate(b.id, version=1, reviewer="乙")
    assert len(store.observations("gdp", "330700", all_revisions=True)) == 1
    assert second.observation_id == store.candidate(a.id).observation_id
    assert "另一来源" in (second.review_comment or "")
    sources = store.observation_sources(second.observation_id or 0)
    assert [(s.document, s.line) for s, _ in sources] == [("seed-002", 23), ("bulletin-2022", 4)]
    assert sources[1][1] == b.id


def test_different_value_is_flagged_not_overwritten(store: Store) -> None:
    _seed_catalog(store)
    (a,) = store.submit_candidates([_gdp(5562.47, "seed-002", 23)], submitter="甲")
    store.accept_candidate(a.id, version=1, reviewer="乙")
    (b,) = store.submit_candidates([_gdp(5500.0, "web-form", None, origin="web")],  # type: ignore[arg-type]
                                   submitter="填报员")
    assert b.conflict and "5,562.47亿元" in b.conflict and "seed-002 第23行" in b.conflict
    with pytest.raises(ConflictError, match="未接受"):
        store.accept_candidate(b.id, version=1, reviewer="乙")
    assert store.candidate(b.id).state.value == "pending"
    (obs,) = store.observations("gdp", "330700", all_revisions=True)
    assert obs.value == 5562.47
    # a reviewer who knows it is a revised statistic records it as a new revision
    rev = store.accept_candidate(b.id, version=1, reviewer="乙", as_revision=True,
                                 comment="第五次经济普查修订")
    values = sorted(o.value for o in store.observations("gdp", "330700", all_revisions=True))
    assert values == [5500.0, 5562.47] and "修订" in (rev.review_comment or "")


def test_two_pending_candidates_with_different_values_flag_each_other(store: Store) -> None:
    _seed_catalog(store)
    a, b = store.submit_candidates(
        [_gdp(5562.47, "seed-002", 23), _gdp(5562.0, "excel-2023", 7, origin="excel")],
        submitter="甲")
    assert b.conflict and f"待审候选#{a.id}" in b.conflict
    assert f"#{b.id}" in (store.candidate(a.id).conflict or "")


def test_correct_keeps_the_original(store: Store) -> None:
    _seed_catalog(store)
    (c,) = store.submit_candidates([_gdp(5562.74, "seed-002", 23)], submitter="甲")
    done = store.correct_candidate(c.id, version=1, reviewer="乙", value=5562.47,
                                   comment="原文为5562.47，录入时数字颠倒")
    assert (done.state.value, done.value, done.corrected_value) == ("corrected", 5562.74, 5562.47)
    (obs,) = store.observations("gdp", "330700")
    assert obs.value == 5562.47
    entries, _ = store.audit_entries(entity="candidate", entity_id=str(c.id))
    assert any(e.action == "correct" for e in entries)


def test_reject_needs_a_reason(store: Store) -> None:
    _seed_catalog(store)
    (c,) = store.submit_candidates([_gdp(1.0, "news", 3, origin="api")], submitter="甲")
    with pytest.raises(ConfigError, match="理由"):
        store.reject_candidate(c.id, version=1, reviewer="乙", comment=" ")
    done = store.reject_candidate(c.id, version=1, reviewer="乙", comment="单位错误，非全市口径")
    assert done.state.value == "rejected" and done.review_comment == "单位错误，非全市口径"
    assert store.observations("gdp") == []


def test_stale_version_raises_conflict_in_chinese(store: Store) -> None:
    _seed_catalog(store)
    (c,) = store.submit_candidates([_gdp(5562.47, "seed-002", 23)], submitter="甲")
    store.accept_candidate(c.id, version=1, reviewer="乙")
    with pytest.raises(ConflictError, match="已由乙于.*已接受"):
        store.reject_candidate(c.id, version=1, reviewer="丙", comment="重复")
    (d,) = store.submit_candidates([_gdp(100.0, "x", 1)], submitter="甲")
    store._mark_conflict(d.id, "测试")  # flagging does not change the version
    with pytest.raises(ConflictError, match="版本"):
        store.accept_candidate(d.id, version=7, reviewer="乙")


def test_unlinked_fact_cannot_be_accepted_until_corrected(store: Store) -> None:
    _seed_catalog(store)
    fact = CandidateInput(origin="facts", kind="cumulative", value=1483, unit="家",
                          region="330700", period="2021..2025", text="1483家",
                          source=m.SourceRef(document="seed-000", line=49))
    (c,) = store.submit_candidates([fact], submitter="甲")
    with pytest.raises(ConfigError, match="缺少统计指标"):
        store.accept_candidate(c.id, version=1, reviewer="乙")
    assert store.candidate(c.id).version == 1  # nothing was written
    store.load_dataset(m.Dataset(name="more", statistics=(m.Statistic("hte", "高新技术企业", "家"),)))
    done = store.correct_candidate(c.id, version=1, reviewer="乙", value=1483, statistic="hte")
    assert done.statistic == "hte" and store.observations("hte")[0].kind.value == "cumulative"


def test_unknown_origin_is_refused(store: Store) -> None:
    with pytest.raises(ConfigError, match="来源"):
        store.submit_candidates([_gdp(1.0, "x", 1, origin="fax")], submitter="甲")
    assert store.candidates(None) == []


def test_ids_and_versions_beyond_the_database_range_are_refused_cleanly(store: Store) -> None:
    # found by fuzzing the JSON API on PostgreSQL: a 2**40 id crashed with an integer overflow
    from planwatch.errors import NotFound

    with pytest.raises(NotFound, match="不存在"):
        store.accept_candidate(2**40, version=1, reviewer="乙")
    with pytest.raises(NotFound, match="不存在"):
        store.candidate(-1)
    _seed_catalog(store)
    (c,) = store.submit_candidates([_gdp(5562.47, "seed-002", 23)], submitter="甲")
    with pytest.raises(ConfigError, match="版本号"):
        store.accept_candidate(c.id, version=2**40, reviewer="乙")
    assert store.candidate(c.id).state.value == "pending"
