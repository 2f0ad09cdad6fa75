"""Load test on loopback: many reporters submitting and many readers reading at once, against
PostgreSQL and several gunicorn/uvicorn worker processes (issue 8).

    .venv/bin/python bench/load_test.py                 # full: 50 reporters, 200 readers, 60 s
    .venv/bin/python bench/load_test.py --short         # CI: 10 reporters, 40 readers, 12 s
    .venv/bin/python bench/load_test.py --think 5       # users pause ~5 s between requests
    .venv/bin/python bench/load_test.py --db postgresql://user@host/db   # an existing database

Without ``--db`` a scratch PostgreSQL cluster is started on 127.0.0.1 (as in tests/conftest.py)
and removed afterwards. The app runs under gunicorn with uvicorn workers on 127.0.0.1 only.
The test is bounded in time (``--seconds``) and in count (``--max-submissions`` per reporter).

Reporters log in as county reporters (several sessions per account), read their task list and
submit values through ``POST /api/submissions`` (each with a unique marker in its explanation).
Readers (one viewer session shared) fetch the overview, plan, indicator and county pages as JSON.
At the end it prints throughput and latency percentiles (p50/p95/p99) for reads and submissions
and checks in the database that every accepted submission is stored exactly once and that no
refused one was stored. Exit code 1 when that check fails. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
COUNTIES = ("330702", "330703", "330723", "330726", "330727", "330781", "330782", "330783",
            "330784")
PASSWORD = "load-test-pass-1"
READ_PATHS = ("/.json", "/plans/jinhua-industry-14.json", "/plans/jindong-industry-14.json",
              "/indicators/jinhua-industry-14/02.json", "/indicators/jinhua-industry-14/05.json",
              "/counties.json")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def scratch_postgres() -> Iterator[str]:
    base = Path(tempfile.mkdtemp(prefix="planwatch-load-pg-"))
    port = _free_port()
    as_pg: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A",
                    "trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w",
                    "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                    "-c max_connections=300 -c shared_buffers=128MB", "start"],
                   check=True, capture_output=True)
    try:
        server = f"postgresql://postgres@127.0.0.1:{port}"
        eng = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
                               isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE "planwatch_load"'))
        eng.dispose()
        yield f"{server}/planwatch_load"
    finally:
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def prepare(db: str) -> None:
    """Migrate, load the embedded Jinhua data, create the accounts (idempotent)."""
    from planwatch.api import Store
    from planwatch.api import users as api_users
    from planwatch.api.data import load_embedded

    store = Store(db)
    load_embedded(store)
    have = {u.username for u in store.users()}
    for county in COUNTIES:
        if f"load-{county}" not in have:
            api_users.add_user(store, f"load-{county}", PASSWORD, role="reporter", region=county)
    if "load-viewer" not in have:
        api_users.add_user(store, "load-viewer", PASSWORD, role="viewer")
    store.dispose()


@contextmanager
def app_server(db: str, workers: int) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PLANWATCH_DB": db, "PLANWATCH_SECRET_KEY": secrets.token_urlsafe(32),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "planwatch.web.asgi:app", "-k",
         "uvicorn.workers.UvicornWorker", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "60", "--keep-alive", "75"],
        env=env, cwd=ROOT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a busy CI machine may take long to import
        while True:
            try:
                if httpx.get(url + "/api/session", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        # make sure every worker has answered once (imports, database pool) before timing
        for _ in range(workers * 4):
            httpx.get(url + "/api/session", timeout=10)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class Tally:
    measure_from: float = 0.0  # monotonic time: requests started earlier are warm-up, not timed
    read: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    read_errors: int = 0
    accepted: list[tuple[str, int]] = field(default_factory=list)  # (marker, candidate id)
    refused: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # no answer (timeout): outcome unknown
    errors: dict[str, int] = field(default_factory=dict)


async def _get(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """A set-up GET, retried: a connection closed under load is not what is measured."""
    for attempt in range(5):
        try:
            return await client.get(path)
        except httpx.TransportError:
            if attempt == 4:
                raise
            await asyncio.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


async def _login(client: httpx.AsyncClient, username: str) -> str:
    token = (await _get(client, "/api/session")).json()["csrf_token"]
    resp = await client.post("/api/login", json={"username": username, "password": PASSWORD},
                             headers={"X-CSRF-Token": token})
    resp.raise_for_status()
    return str(resp.json()["csrf_token"])


async def _pause(think: float, rng: random.Random) -> None:
    """A user's pause between requests (exponential around ``think`` seconds); 0 = none."""
    if think > 0:
        await asyncio.sleep(rng.expovariate(1 / think))


async def reporter(base: str, n: int, run: str, stop: float, cap: int, tally: Tally,
                   think: float = 0.0) -> None:
    rng = random.Random(n)
    county = COUNTIES[n % len(COUNTIES)]
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        token = await _login(client, f"load-{county}")
        tasks = (await _get(client, "/report.json")).json().get("tasks", [])
        if not tasks:
            tally.errors["no tasks"] = tally.errors.get("no tasks", 0) + 1
            return
        i = 0
        while time.monotonic() < stop and i < cap:
            await _pause(think, rng)
            t = tasks[(n + i) % len(tasks)]
            marker = f"load:{run}:{n}:{i}"
            body = {"indicator": t["indicator"], "region": t["region"], "period": t["period"],
                    "value": f"{100 + (n * 7 + i) % 900}.5", "source_title": "负载测试（非真实数据）",
                    "explanation": marker}
            i += 1
            started, start = time.monotonic(), time.perf_counter()
            try:
                resp = await client.post("/api/submissions", json=body,
                                         headers={"X-CSRF-Token": token})
            except httpx.HTTPError as exc:
                tally.unknown.append(marker)
                key = type(exc).__name__
                tally.errors[key] = tally.errors.get(key, 0) + 1
                continue
            if started >= tally.measure_from:
                tally.submit.append(time.perf_counter() - start)
            if resp.status_code == 200:
                tally.accepted.append((marker, int(resp.json()["candidate_id"])))
            else:
                tally.refused.append(marker)
                key = f"submit {resp.status_code}"
                tally.errors[key] = tally.errors.get(key, 0) + 1


async def reader(base: str, n: int, cookies: httpx.Cookies, stop: float, tally: Tally,
                 think: float = 0.0) -> None:
    rng = random.Random(1000 + n)
    async with httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies) as client:
        i = n
        while time.monotonic() < stop:
            await _pause(think, rng)
            if time.monotonic() >= stop:
                break
            path = READ_PATHS[i % len(READ_PATHS)]
            i += 1
            started, start = time.monotonic(), time.perf_counter()
            try:
                resp = await client.get(path)
            except httpx.HTTPError as exc:
                tally.read_errors += 1
                key = type(exc).__name__
                tally.errors[key] = tally.errors.get(key, 0) + 1
                continue
            if started >= tally.measure_from:
                tally.read.append(time.perf_counter() - start)
            if resp.status_code != 200:
                tally.read_errors += 1
                key = f"read {resp.status_code}"
                tally.errors[key] = tally.errors.get(key, 0) + 1


async def drive(base: str, reporters: int, readers: int, seconds: float, cap: int,
                run: str, think: float = 0.0, warmup: float = 0.0) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=reporters + readers + 10)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as viewer:
        await _login(viewer, "load-viewer")
        cookies = viewer.cookies
    start = time.monotonic()
    tally.measure_from = start + warmup
    stop = start + warmup + seconds
    jobs = [reporter(base, n, run, stop, cap, tally, think) for n in range(reporters)]
    jobs += [reader(base, n, cookies, stop, tally, think) for n in range(readers)]
    await asyncio.gather(*jobs)
    return tally, min(time.monotonic(), stop) - tally.measure_from  # the timed window


def exactly_once(db: str, run: str, tally: Tally) -> dict[str, Any]:
    url = db.replace("postgresql://", "postgresql+psycopg://", 1)
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(sa.text(
            "select explanation, id from candidate where explanation like :p"),
            {"p": f"load:{run}:%"}).all()
    eng.dispose()
    stored: dict[str, list[int]] = {}
    for marker, cid in rows:
        stored.setdefault(marker, []).append(int(cid))
    accepted = dict(tally.accepted)
    lost = sorted(m for m in accepted if m not in stored)
    duplicated = sorted(m for m, ids in stored.items() if len(ids) > 1)
    wrong_id = sorted(m for m, cid in accepted.items() if m in stored and stored[m] != [cid])
    stored_refused = sorted(m for m in tally.refused if m in stored)
    return {"accepted": len(accepted), "stored": len(rows), "lost": lost,
            "duplicated": duplicated, "wrong_id": wrong_id, "refused_but_stored": stored_refused,
            "unknown_outcome": len(tally.unknown),
            "ok": not (lost or duplicated or wrong_id or stored_refused)}


def pct(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"count": 0}
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return {"count": len(values), "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "max_ms": round(max(values) * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--short", action="store_true", help="CI form: 10 reporters, 40 readers, 12 s")
    ap.add_argument("--db", help="PostgreSQL URL of an existing database (default: scratch cluster)")
    ap.add_argument("--reporters", type=int)
    ap.add_argument("--readers", type=int)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--max-submissions", type=int, default=200, help="per reporter")
    ap.add_argument("--warmup", type=float, default=None,
                    help="seconds of load before timing starts (logins, first evaluations)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean pause of each user between requests, seconds (0: back to back, "
                    "the server's saturation point)")
    args = ap.parse_args(argv)
    reporters = args.reporters or (10 if args.short else 50)
    readers = args.readers or (40 if args.short else 200)
    seconds = args.seconds or (12.0 if args.short else 60.0)
    args.warmup = args.warmup if args.warmup is not None else (4.0 if args.short else 10.0)
    run = uuid.uuid4().hex[:8]

    with (scratch_postgres() if not args.db else _given(args.db)) as db:
        prepare(db)
        with app_server(db, args.workers) as base:
            tally, elapsed = asyncio.run(drive(base, reporters, readers, seconds,
                                               args.max_submissions, run, args.think,
                                               args.warmup))
        check = exactly_once(db, run, tally)
    result = {
        "form": "short" if args.short else "full", "reporters": reporters, "readers": readers,
        "workers": args.workers, "seconds": round(elapsed, 1), "cpus": os.cpu_count(),
        "think_seconds": args.think,
        "reads": {**pct(tally.read), "per_second": round(len(tally.read) / elapsed, 1),
                  "errors": tally.read_errors},
        "submissions": {**pct(tally.submit), "per_second": round(len(tally.submit) / elapsed, 1),
                        "accepted": len(tally.accepted), "refused": len(tally.refused)},
        "errors": tally.errors,
        "exactly_once": {k: (v if not isinstance(v, list) else v[:10]) for k, v in check.items()},
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"load_test_{result['form']}_think{args.think:g}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    _print(result)
    return 0 if check["ok"] and tally.accepted and not tally.read_errors else 1


@contextmanager
def _given(db: str) -> Iterator[str]:
    yield db


def _print(r: dict[str, Any]) -> None:
    rd, sb, eo = r["reads"], r["submissions"], r["exactly_once"]
    lines = [
        f"负载测试（{r['form']}）：{r['reporters']} 个填报用户、{r['readers']} 个读者，"
        f"{r['workers']} 个工作进程，{r['seconds']} 秒，{r['cpus']} 核，"
        f"每人两次请求间平均停顿 {r['think_seconds']:g} 秒",
        f"读取：{rd.get('count', 0)} 次，{rd['per_second']} 次/秒，p50 {rd.get('p50_ms')} ms，"
        f"p95 {rd.get('p95_ms')} ms，p99 {rd.get('p99_ms')} ms，错误 {rd['errors']}",
        f"报送：{sb.get('count', 0)} 次，{sb['per_second']} 次/秒，p50 {sb.get('p50_ms')} ms，"
        f"p95 {sb.get('p95_ms')} ms，p99 {sb.get('p99_ms')} ms，成功 {sb['accepted']}，"
        f"被拒 {sb['refused']}",
        f"逐条核对：成功报送 {eo['accepted']} 条，库中 {eo['stored']} 条；丢失 {len(eo['lost'])}，"
        f"重复 {len(eo['duplicated'])}，编号不符 {len(eo['wrong_id'])}，被拒却入库 "
        f"{len(eo['refused_but_stored'])}，结果未知 {eo['unknown_outcome']} → "
        + ("通过" if eo["ok"] else "未通过"),
    ]
    if r["errors"]:
        lines.append(f"错误类型：{r['errors']}")
    print("\n".join(lines))  # noqa: T201 - a command-line report


if __name__ == "__main__":
    sys.exit(main())
