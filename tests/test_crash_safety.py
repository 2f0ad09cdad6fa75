"""An import killed at a random moment leaves the database as it was: all or nothing.

A child process loads a large dataset (tens of thousands of observations in one transaction);
the test kills it with SIGKILL at random points, repeatedly, and checks after each kill that the
database holds either none of the new rows or all of them — never a part.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from planwatch.store import Store

CHILD = r'''
import sys
from planwatch import model as m
from planwatch.store import Store

url, n = sys.argv[1], int(sys.argv[2])
src = m.SourceRef(document="bulk", line=1)
region = m.Region("330700", "金华市", m.RegionKind.CITY, 330700)
stats = tuple(m.Statistic(f"bulk-{k}", f"批量测试统计{k}", "亿元") for k in range(n // 25 + 1))  # every observation names a stored statistic (foreign key)
obs = tuple(
    m.Observation(f"bulk-{i // 25}", "330700", m.Period(f"{2000 + i % 25}"), m.ObservationKind.LEVEL,
                  float(i), "亿元", m.SourceRef(document="bulk", line=i))
    for i in range(n)
)
store = Store(url)
if len(sys.argv) > 3:  # pause just before COMMIT, with every row written, so a kill lands there
    import time
    import sqlalchemy as sa

    @sa.event.listens_for(store.engine, "commit")
    def _hold(conn):
        print("commit", flush=True)
        time.sleep(30)

print("ready", flush=True)
store.load_dataset(m.Dataset("bulk", regions=(region,), statistics=stats, observations=obs))
print("done", flush=True)
'''

N = 5_000


def _counts(url: str) -> tuple[int, int]:
    s = Store(url)
    with s.reading() as conn:
        obs = conn.execute(sa.text("select count(*) from observation")).scalar_one()
        loads = conn.execute(sa.text("select count(*) from load")).scalar_one()
    s.dispose()
    return obs, loads


def _kill_at_commit(url: str) -> None:
    """Kill the child when the whole import is written but not yet committed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(N), "hold"],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    assert child.stdout.readline().strip() == "commit"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def _run_and_kill(url: str, delay: float | None) -> tuple[bool, float]:
    """Start the loading child; kill it ``delay`` seconds after it is ready.

    Returns whether it finished and the seconds from ready to exit."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(N)], stdout=subprocess.PIPE,
                             text=True, env=env)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    ready = time.monotonic()
    if delay is None:
        child.wait(timeout=120)
        return child.returncode == 0, time.monotonic() - ready
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return child.returncode == 0, time.monotonic() - ready


@pytest.mark.slow
def test_killed_imports_never_leave_partial_data(db_url: str):
    Store(db_url).dispose()  # migrate first, so kills land inside the load
    finished, full = _run_and_kill(db_url, None)  # one complete load, to learn how long it takes
    assert finished
    assert _counts(db_url) == (N, 1)
    # wipe, then kill: at the last moment before COMMIT, and at random points of the load
    rng = random.Random(20231)
    for n in range(4):
        eng = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
        with eng.begin() as conn:
            conn.execute(sa.text("delete from observation"))
            conn.execute(sa.text("delete from load"))
        eng.dispose()
        if n % 2 == 0:
            _kill_at_commit(db_url)
            assert _counts(db_url) == (0, 0), "an import killed before COMMIT left rows behind"
        else:
            _run_and_kill(db_url, rng.uniform(0.0, full))
            # a kill after the commit (during shutdown) legitimately leaves the whole import
            obs, loads = _counts(db_url)
            assert (obs, loads) in {(0, 0), (N, 1)}, f"partial import: {obs} observations, {loads} loads"
