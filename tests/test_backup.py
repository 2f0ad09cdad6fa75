"""Backup on one server, restore on a new one (of either kind): nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.errors import StoreError
from planwatch.store import Store
from tests.conftest import new_pg_database
from tests.test_store import _dataset, _obs


def _fill(s: Store) -> None:
    from planwatch import model as m

    s.load_dataset(_dataset(obs=(_obs(5562.47, status=m.DataStatus.PRELIMINARY, line=5),
                                 _obs(5592.02, line=9))))
    s.load_dataset(_dataset(4500.0))  # an update with an audit entry


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_round_trip_restores_every_row(store: Store, target: str, tmp_path: Path, request):
    _fill(store)
    backup = tmp_path / "backup.jsonl.gz"
    counts = store.dump(backup)
    assert counts["observation"] == 2 and counts["audit_log"] == 1
    url = (f"sqlite:///{tmp_path / 'new.db'}" if target == "sqlite"
           else new_pg_database(request.getfixturevalue("pg_server")))
    fresh = Store(url)
    fresh.restore(backup)
    assert fresh.table_rows() == store.table_rows()
    # the restored database keeps working: new rows get new ids
    from planwatch import model as m
    fresh.load_dataset(_dataset(obs=(_obs(5600.0, status=m.DataStatus.REVISED, line=20),)))
    assert [o.value for o in fresh.observations("gs-output", "330700")] == [5600.0]
    fresh.dispose()


def test_restore_refuses_a_database_with_data(store: Store, tmp_path: Path):
    _fill(store)
    backup = tmp_path / "b.jsonl"
    store.dump(backup)
    before = store.table_rows()
    with pytest.raises(StoreError, match="不是空库"):
        store.restore(backup)
    assert store.table_rows() == before


def test_restore_names_a_damaged_line(sqlite_url: str, tmp_path: Path):
    s = Store(sqlite_url)
    bad = tmp_path / "bad.jsonl"
    header = '{"planwatch_backup": 1, "revision": "' + str(s.revision()) + '", "tables": []}'
    bad.write_text(header + '\n{"t": "region", "r": {\n', encoding="utf-8")
    with pytest.raises(StoreError, match="第2行损坏"):
        s.restore(bad)
    assert all(rows == [] for rows in s.table_rows().values())


def test_cli_dump_and_restore(tmp_path: Path):
    src, dst = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    _fill(Store(src))
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", src, "db", "dump", str(tmp_path / "x.jsonl")])
    assert out.exit_code == 0, out.output
    assert "已备份" in out.output
    out = runner.invoke(cli, ["--db", dst, "db", "restore", str(tmp_path / "x.jsonl")])
    assert out.exit_code == 0, out.output
    assert Store(dst).table_rows() == Store(src).table_rows()


def test_restore_of_a_truncated_dump_changes_nothing_and_says_why(store: Store, tmp_path: Path):
    # M-6 (issue 18): a dump cut in half at a line boundary was restored (564 of 1,130 rows)
    _fill(store)
    backup = tmp_path / "b.jsonl"
    store.dump(backup)
    lines = backup.read_text(encoding="utf-8").splitlines(keepends=True)
    half = tmp_path / "half.jsonl"
    half.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    with pytest.raises(StoreError, match="没有校验清单.*未写入任何数据"):
        fresh.restore(half)
    assert all(rows == [] for rows in fresh.table_rows().values())
    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")  # one row removed
    with pytest.raises(StoreError, match="校验和与清单不符"):
        fresh.restore(edited)
    assert all(rows == [] for rows in fresh.table_rows().values())
    fresh.dispose()


def test_cli_dump_refuses_a_database_that_does_not_exist(tmp_path: Path):
    missing = tmp_path / "typo.db"
    out = CliRunner().invoke(cli, ["--db", f"sqlite:///{missing}", "db", "dump", str(tmp_path / "x.jsonl")])
    assert out.exit_code != 0
    assert "不存在" in str(out.exception) + out.output
    assert not missing.exists() and not (tmp_path / "x.jsonl").exists()


def test_backup_file_is_private(store: Store, tmp_path: Path):
    backup = tmp_path / "b.jsonl"
    store.dump(backup)
    assert backup.stat().st_mode & 0o777 == 0o600
