"""Store findings of issue 18 (H-2): observations may only name statistics and regions that exist
(foreign keys, on SQLite and PostgreSQL), and the migration that adds the keys checks the rows
already there, refusing in Chinese and changing nothing. Data are fictional (示例)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from alembic import command

from planwatch import model as m
from planwatch.errors import StoreError
from planwatch.store import Store
from planwatch.store.core import MIGRATIONS, _alembic_config


def _observation(statistic: str, region: str) -> dict[str, object]:
    return {"statistic": statistic, "region": region, "period": "2022", "period_end": "2022-12-31",
            "kind": "level", "scope": "", "rank_of": "", "value": 1.0, "unit": "亿元", "qualifier": "exact",
            "status": "final", "revision": 1, "recorded_at": "2026-01-01T00:00:00", "recorded_by": "示例",
            "src_document": "示例"}


def _insert_observation(engine: sa.Engine, statistic: str, region: str) -> None:
    cols = {c["name"] for c in sa.inspect(engine).get_columns("observation")}
    row = {k: v for k, v in _observation(statistic, region).items() if k in cols}
    with engine.begin() as conn:
        conn.execute(sa.table("observation", *(sa.column(k) for k in row)).insert().values(**row))


def test_no_observation_can_name_a_statistic_or_region_that_does_not_exist(store: Store):
    store.load_dataset(m.Dataset("示例", regions=(m.Region("r1", "示例县（虚构）", m.RegionKind.COUNTY, None),),
                                 statistics=(m.Statistic("s1", "示例指标", "亿元"),)))
    _insert_observation(store.engine, "s1", "r1")  # both exist: stored
    for statistic, region in (("no-such-statistic", "r1"), ("s1", "no-such-region")):
        with pytest.raises(sa.exc.IntegrityError):
            _insert_observation(store.engine, statistic, region)
    with store.reading() as conn:
        assert conn.execute(sa.text("select count(*) from observation")).scalar_one() == 1


def _before_foreign_keys() -> str:
    """The revision the foreign-key migration follows (read from its file: the chain grows)."""
    (path,) = MIGRATIONS.glob("versions/*_i18_hardening.py")
    found = re.search(r"^down_revision = '([^']+)'", path.read_text(encoding="utf-8"), re.M)
    assert found
    return found[1]


def test_the_foreign_key_migration_refuses_existing_orphans_in_chinese(db_url: str):
    engine = Store(db_url, migrate=False).engine
    cfg = _alembic_config()
    before = _before_foreign_keys()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, before)
    with engine.begin() as conn:
        conn.execute(sa.text("insert into region (id, name, kind, aliases) values ('r1', '示例县', 'county', '[]')"))
    _insert_observation(engine, "ghost-statistic", "r1")  # no FK yet: an orphan as old data had
    with pytest.raises(StoreError) as err:
        Store(db_url)
    message = str(err.value)
    assert "观测值引用了不存在的统计指标" in message and "ghost-statistic" in message
    assert "数据库未做任何修改" in message
    check = Store(db_url, migrate=False)
    assert check.revision() == before  # nothing changed: still at the old revision
    assert not sa.inspect(check.engine).has_table("user_session")
    # after the user removes the orphan, the upgrade goes through
    with check.engine.begin() as conn:
        conn.execute(sa.text("delete from observation"))
    assert Store(db_url).revision() == Store.head_revision()
