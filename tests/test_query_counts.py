"""Pages read the store in a fixed number of queries (issue 15): the same page over a plan of
five indicators and over the same plans with every indicator (about five times as many) runs
the same number of SQL statements, counted at the driver with a SQLAlchemy event hook. And the
batch evaluation gives exactly the results of judging indicator by indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bench import scale
from planwatch import api
from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.api.cache import clear
from planwatch.api.evaluate import IndicatorResult, bundle_for, evaluate_plans
from planwatch.evaluation.base import get_method
from planwatch.evaluation.vocabulary import relabel
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db

AS_OF = dt.date(2024, 6, 30)
SIZE = scale.Size(cities=1, counties=2, reporters=4, review=20, audit=50)


def _dataset(max_seq: int | None) -> Any:
    ds = scale.build(SIZE).dataset
    if max_seq is None:
        return ds
    inds = tuple(i for i in ds.indicators if i.seq <= max_seq)
    keep = {i.id for i in inds}
    return replace(ds, indicators=inds,
                   decompositions=tuple(d for d in ds.decompositions if d.indicator in keep))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory,
           request: pytest.FixtureRequest) -> Iterator[dict[str, Store]]:
    out = {}
    for label, max_seq in (("small", 5), ("large", None)):
        url = scratch_db(Path(tmp_path_factory.mktemp(label)) / "q.db", request)
        store = Store(url)
        store.load_dataset(_dataset(max_seq))
        api_users.add_user(store, "admin1", "admin-pass-1", role="admin", display_name="管理员")
        out[label] = store
    yield out
    for s in out.values():
        s.dispose()


def _count(store: Store, client: TestClient, path: str) -> int:
    seen: list[str] = []

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    clear()  # no cached evaluations: count the work of a cold page
    sa.event.listen(store.engine, "before_cursor_execute", hook)
    try:
        resp = client.get(path)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", hook)
    assert resp.status_code == 200, (path, resp.text[:300])
    return len(seen)


def _client(store: Store) -> TestClient:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k", as_of=AS_OF), store=store))
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/login", data={"username": "admin1", "password": "admin-pass-1",
                               "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    return c


PAGES = [
    "/", "/.json",
    "/plans/x-x-c001-outline", "/plans/x-x-c001-outline.json",
    "/plans/x-x-prov-sector2.json",
    "/indicators/x-x-c001-outline/03", "/indicators/x-x-c001-outline/03.json",
    "/review", "/review.json", "/audit", "/audit.json",
    "/counties?region=x-c001", "/counties.json?region=x-c001",
]


def test_query_count_of_each_page_does_not_grow_with_the_indicators(
        stores: dict[str, Store]) -> None:
    small, large = stores["small"], stores["large"]
    n_small, n_large = len(small.indicators()), len(large.indicators())
    assert n_large >= 4 * n_small
    cs, cl = _client(small), _client(large)
    counts = {p: (_count(small, cs, p), _count(large, cl, p)) for p in PAGES}
    grew = {p: c for p, c in counts.items() if c[1] > c[0]}
    assert not grew, f"queries grew with the indicators ({n_small} → {n_large}): {grew}"


def test_batch_evaluation_equals_indicator_by_indicator(stores: dict[str, Store]) -> None:
    store = stores["large"]
    batch = evaluate_plans(store, None, AS_OF)
    meth = get_method("china")
    plans = {p.id: p for p in store.plans()}
    assert len(batch) == len(plans)
    for pid, ev in batch.items():
        one = [IndicatorResult(i, meth.assess(bundle_for(store, i, plans[pid].region, AS_OF),
                                              meth.Config(), AS_OF))
               for i in store.indicators(pid)]
        assert [r.as_dict() for r in ev.results] == [r.as_dict() for r in one]
        assert ev.as_dict() == api.evaluate.evaluate_plan(store, pid, AS_OF).as_dict()


def test_batch_evaluation_equals_indicator_by_indicator_on_jinhua(sqlite_url: str) -> None:
    """The embedded Jinhua data (real plans, real values, every target form it has): all plans
    in one batch give what each indicator gives when judged on its own, for every method."""
    store = Store(sqlite_url)
    try:
        api.data.load_embedded(store)
        plans = {p.id: p for p in store.plans()}
        for method in ("china", "statcan"):
            meth = get_method(method)
            batch = evaluate_plans(store, None, AS_OF, method=method)
            assert set(batch) == set(plans)
            for pid, ev in batch.items():
                # the plan's vocabulary (the national outline: 提前实现/快于预期/…) relabels only
                one = [relabel(meth.assess(bundle_for(store, i, plans[pid].region, AS_OF),
                                           meth.Config(), AS_OF), plans[pid].vocabulary)
                       for i in store.indicators(pid)]
                assert [r.assessment for r in ev.results] == one
    finally:
        store.dispose()
