"""The synthetic scale fixtures (issue 15): clearly fictional, loaded through the normal load
path into both databases, and loading them again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from bench import scale
from planwatch.store import Store, schema

TINY = scale.Size(cities=1, counties=2, reporters=5, review=12, audit=60)


def test_every_name_says_it_is_fictional() -> None:
    fx = scale.build(TINY)
    ds = fx.dataset
    assert all("虚构" in r.name or "示例" in r.name for r in ds.regions)
    assert all("虚构" in p.title for p in ds.plans)
    assert all("虚构" in d.title or "合成" in d.title for d in ds.documents)
    assert all(s.name.startswith("示例统计") for s in ds.statistics)
    assert all(u["display_name"].startswith("示例") for u in fx.users)
    # one province, its city and two counties; an outline and three or four sector plans each
    assert [r.kind.value for r in ds.regions].count("province") == 1
    assert len(ds.regions) == 4
    assert 4 * 4 <= len(ds.plans) <= 4 * 5


def test_fixture_loads_through_the_load_path_and_reloads_unchanged(db_url: str) -> None:
    fx = scale.build(TINY)
    store = Store(db_url)
    try:
        counts = scale.load(store, fx, password_hash="x")
        assert counts["indicators"] == len(store.indicators())
        with store.reading() as conn:
            n_obs = conn.execute(sa.select(sa.func.count()).select_from(schema.observation)).scalar()
            n_audit = conn.execute(sa.select(sa.func.count()).select_from(schema.audit_log)).scalar()
            n_users = conn.execute(sa.select(sa.func.count()).select_from(schema.user)).scalar()
        assert n_obs == len(fx.dataset.observations) == counts["observations"]
        assert n_audit == TINY.audit and n_users == TINY.reporters
        # each year has a preliminary value and the final one: the final one is in force
        some = fx.dataset.indicators[0]
        region = fx.dataset.plans[0].region
        values = store.observations(some.statistic, region)
        assert values and all(o.status.value == "final" for o in values)
        again = store.load_dataset(fx.dataset)
        assert not again.changed
        assert again.unchanged["observation"] == n_obs
    finally:
        store.dispose()
