"""The store on SQLite and PostgreSQL: migrations, one-transaction loads, revisions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from planwatch import model as m
from planwatch.issues import Location, issue
from planwatch.store import Store, current
from planwatch.store.schema import metadata

SRC = m.SourceRef(document="doc-a", line=3)


def _dataset(value: float = 4453.0, obs: tuple[m.Observation, ...] = ()) -> m.Dataset:
    region = m.Region("330700", "金华市", m.RegionKind.CITY, 330700)
    stat = m.Statistic("gs-output", "规上工业总产值", "亿元", additive=True)
    plan = m.Plan("p1", "测试规划", "330700", "某局", m.PlanLevel.CITY, m.PlanKind.SECTOR,
                  2021, 2025, 2020, m.PlanStatus.DRAFT)
    ind = m.Indicator(
        id="p1/01", plan="p1", seq=1, name="规上工业总产值", statistic="gs-output", unit="亿元",
        nature=m.Nature.EXPECTED, direction=m.Direction.HIGHER_BETTER, direction_basis="declared",
        target_form=m.TargetForm.LEVEL, rule=m.ProgressRule.COMPOUND, rule_basis="金额类",
        qualifier=m.Qualifier.EXACT, base_value=value, base_year=2020, target_value=8000,
        target_year=2025, source=SRC,
    )
    return m.Dataset("test", regions=(region,), statistics=(stat,), plans=(plan,),
                     indicators=(ind,), observations=obs)


def _obs(value: float, *, status=m.DataStatus.FINAL, line=10, date=None) -> m.Observation:
    return m.Observation("gs-output", "330700", m.Period("2022"), m.ObservationKind.LEVEL, value,
                         "亿元", m.SourceRef(document="doc-b", line=line, date=date), status=status)


def test_migrated_schema_matches_table_definitions(store: Store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert store.revision() == Store.head_revision()


def test_loading_twice_changes_nothing(store: Store):
    ds = _dataset(obs=(_obs(5000.0),))
    first = store.load_dataset(ds)
    assert first.inserted["indicator"] == 1 and first.inserted["observation"] == 1
    second = store.load_dataset(ds)
    assert not second.changed
    assert second.unchanged["indicator"] == 1 and second.unchanged["observation"] == 1
    assert len(store.observations("gs-output", "330700", all_revisions=True)) == 1


def test_a_changed_record_is_updated_and_audited(store: Store):
    store.load_dataset(_dataset(4453.0))
    report = store.load_dataset(_dataset(4500.0))
    assert report.updated["indicator"] == 1
    assert store.indicator("p1/01").base_value == 4500.0
    with store.reading() as conn:
        rows = conn.execute(sa.text("select action, entity, entity_id, before, after from audit_log")).all()
    assert [(r.action, r.entity, r.entity_id) for r in rows] == [("update", "indicator", "p1/01")]
    assert "4453" in rows[0].before and "4500" in rows[0].after


def test_revisions_are_kept_and_the_final_figure_is_in_force(store: Store):
    prelim = _obs(5562.47, status=m.DataStatus.PRELIMINARY, line=5)
    final = _obs(5592.02, status=m.DataStatus.FINAL, line=9)
    store.load_dataset(_dataset(obs=(prelim, final)))
    every = store.observations("gs-output", "330700", all_revisions=True)
    assert sorted(o.value for o in every) == [5562.47, 5592.02]
    assert sorted(o.revision for o in every) == [1, 2]
    [in_force] = store.observations("gs-output", "330700")
    assert in_force.value == 5592.02 and in_force.status is m.DataStatus.FINAL


def test_as_of_filters_by_period_end(store: Store):
    h1 = m.Observation("gs-output", "330700", m.Period("2023-H1"), m.ObservationKind.LEVEL, 2700.0,
                       "亿元", SRC)
    store.load_dataset(_dataset(obs=(_obs(5000.0), h1)))
    assert [o.period.code for o in store.observations("gs-output", "330700", as_of="2023-06-30")] == ["2022", "2023-H1"]
    assert [o.period.code for o in store.observations("gs-output", "330700", as_of="2023-06-29")] == ["2022"]


def test_a_failed_load_writes_nothing(store: Store):
    store.load_dataset(_dataset())
    orphan = m.Indicator(**{**_dataset().indicators[0].__dict__, "id": "x/01", "plan": "missing"})
    broken = m.Dataset("test", observations=(_obs(1.0),), indicators=(orphan,))
    with pytest.raises(sa.exc.IntegrityError):
        store.load_dataset(broken)  # the indicator's plan does not exist: the whole load fails
    assert store.observations("gs-output", "330700", all_revisions=True) == []
    assert [i.id for i in store.indicators()] == ["p1/01"]


def test_findings_are_stored_with_their_location(store: Store):
    f = issue("decomposition-gap", "县级目标合计6600家，低于全市目标7000家",
              Location(file="plans/p1.yaml", line=12, record="p1/01"))
    store.load_dataset(_dataset(), findings=[f])
    [got] = store.findings("test")
    assert got.code == "decomposition-gap" and got.location.line == 12 and "6600" in got.message


def test_current_prefers_status_then_date_then_revision():
    a = _obs(1.0, status=m.DataStatus.FINAL, date="2023-01")
    b = _obs(2.0, status=m.DataStatus.FINAL, date="2024-01")
    c = _obs(3.0, status=m.DataStatus.PRELIMINARY, date="2025-01")
    assert [o.value for o in current([a, b, c])] == [2.0]
