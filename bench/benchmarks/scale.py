"""Issue 15: a whole province (and the whole country) on PostgreSQL — pages, evaluation,
reports, templates and memory, measured in one run against floors measured in the same run.

The data is the SYNTHETIC fixture of :mod:`bench.scale` (虚构省, 示例市; nothing real), loaded
through ``Store.load_dataset`` into a fresh database on a scratch PostgreSQL server
(:mod:`bench.pg`). Page times are server-side: each request goes through the whole ASGI app in
this process (Starlette's TestClient, no network); the floor is the framework's own trivial
page (``/api/session``) timed the same way. Evaluation of all plans from the store is compared
with the in-memory vectorised engine judging the very same series; one plan's ``evaluate`` runs
in a new process (cold: imports, connection, no cache).

``--quick`` uses a small province (2 cities, 6 counties) for the CI smoke run."""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench import pg
from bench import scale as fixture
from bench.registry import Context, Goal, Report, Timing, benchmark, timed

AS_OF = dt.date(2024, 6, 30)
PASSWORD = "x-bench-pass-1"
TOO_SLOW = 15.0  # a page whose first request takes longer is timed only once


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _subset(batch: Any, rows: list[int]) -> Any:
    from dataclasses import fields

    from planwatch.evaluation.batch import SeriesBatch

    idx = np.asarray(rows)
    return SeriesBatch(**{f.name: getattr(batch, f.name) if f.name == "years"
                          else getattr(batch, f.name)[idx] for f in fields(batch)})


def _pages(fx: fixture.Fixture) -> dict[str, str]:
    city, county = fx.cities[0], fx.counties[0]
    return {
        "总览": "/",
        "规划页（市纲要）": f"/plans/x-{city}-outline",
        "指标页": f"/indicators/x-{city}-outline/03",
        "区县图": "/counties",
        "报送状态": "/report/status",
        "审核队列": "/review",
        "审计检索（按操作人）": "/audit?actor=x-reporter-00007",
        "JSON 总览": "/.json",
        "JSON 规划页（县纲要）": f"/plans/x-{county}-outline.json",
    }


def _percentile(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q)) if xs else float("nan")


def _time_pages(client: Any, pages: dict[str, str], repeats: int) -> tuple[dict[str, Any], list[str]]:
    out: dict[str, Any] = {}
    notes = []
    for label, path in {"框架最简页（基线）": "/api/session", **pages}.items():
        t0 = time.perf_counter()
        resp = client.get(path)
        first = time.perf_counter() - t0
        times = []
        if resp.status_code != 200:
            notes.append(f"{label}（{path}）返回 {resp.status_code}")
        elif first <= TOO_SLOW:
            for _ in range(repeats):
                t0 = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - t0)
        else:
            notes.append(f"{label}首次请求 {first:.1f} 秒，超过 {TOO_SLOW:g} 秒，只测一次")
            times = [first]
        out[label] = {"path": path, "status": resp.status_code, "first_s": first,
                      "p50_s": _percentile(times, 50), "p95_s": _percentile(times, 95),
                      "n": len(times)}
    return out, notes


def _cold_evaluate(url: str, plan_id: str) -> float:
    env = {**os.environ, "PLANWATCH_DB": url}
    code = ("import sys; from planwatch.cli import main; "
            f"sys.argv=['planwatch','evaluate','--plan','{plan_id}','--as-of','{AS_OF}','--json'];"
            "main()")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def _evaluation(store: Any, fx: fixture.Fixture, url: str, quick: bool
                ) -> tuple[list[Timing], dict[str, Any]]:
    from planwatch.api.cache import clear
    from planwatch.api.evaluate import evaluate_plan, evaluate_plans
    from planwatch.evaluation.batch import evaluate as engine_evaluate

    rows = [i for pid in sorted(fx.rows_of_plan) for i in fx.rows_of_plan[pid]]
    sub = _subset(fx.synthetic.batch, rows)
    _, floor = timed("内存向量化引擎（同一批序列，基线）", lambda: engine_evaluate(sub, AS_OF),
                     repeats=3)
    clear()
    evs, t_all = timed("从库评估全部规划（evaluate_plans）", lambda: evaluate_plans(store, None, AS_OF))
    city_plan = f"x-{fx.cities[0]}-outline"
    _, t_one = timed("评估一个规划（市纲要，库内批量）", lambda: evaluate_plan(store, city_plan, AS_OF),
                     repeats=3)
    cold = Timing("评估一个规划（新进程，planwatch evaluate --json）",
                  float("nan") if quick else _cold_evaluate(url, city_plan),
                  note="冒烟运行不测" if quick else "")
    return [floor, t_all, t_one, cold], {"floor": floor, "all": t_all, "cold": cold,
                                         "plans": len(evs), "series": len(sub)}


def _documents(store: Any, fx: fixture.Fixture, folder: Path) -> tuple[list[Timing], int]:
    from planwatch.api.excel import export_evaluation, write_reporting_template
    from planwatch.api.reports import report_context, write_report

    city_plan = f"x-{fx.cities[0]}-outline"

    def report() -> Any:
        rc = report_context(store, city_plan, AS_OF, kind="midterm", synthetic=True)
        write_report(rc, folder / "city.docx", "docx")
        return rc

    _, t_report = timed("市中期评估报告（评估+起草+图表+Word）", report)
    _, t_book = timed("市评估结果工作簿（Excel）", lambda: export_evaluation(
        store, city_plan, AS_OF, folder / "city.xlsx"))
    spec, t_tpl = timed("县填报模板（Excel）", lambda: write_reporting_template(
        store, fx.counties[0], folder / "county.xlsx", year=2024))
    return [t_report, t_book, t_tpl], len(spec.rows)


def _web(store: Any, url: str, fx: fixture.Fixture, repeats: int) -> tuple[dict[str, Any], list[str]]:
    from fastapi.testclient import TestClient

    from planwatch.web import WebSettings, create_app

    client = TestClient(create_app(WebSettings(db=url, secret_key="bench", as_of=AS_OF),
                                   store=store))
    token = client.get("/api/session").json()["csrf_token"]
    client.post("/login", data={"username": "x-admin", "password": PASSWORD, "csrf_token": token,
                                "next": "/"}, follow_redirects=False)
    return _time_pages(client, _pages(fx), repeats)


def run_scale(ctx: Context, size: fixture.Size, *, country: bool = False) -> Report:
    why = pg.available()
    if why:
        return Report(skipped=why)
    from planwatch.api import users as api_users
    from planwatch.store import Store

    notes = ["虚构省（合成数据，bench/scale.py，固定种子），非真实地区与数据",
             "页面耗时为服务端处理时间：请求在本进程内经过完整的 ASGI 应用（TestClient，无网络）"]
    fx, t_build = timed("生成夹具（内存）", lambda: fixture.build(size, seed=ctx.seed))
    timings = [t_build]
    with pg.server() as server, tempfile.TemporaryDirectory(prefix="pw-bench-scale-") as tmp:
        url = pg.new_database(server)
        store = Store(url)
        try:
            pw_hash = api_users.hash_password(PASSWORD)
            counts, t_load = timed("载入 PostgreSQL（load_dataset + 批量账号/审核/审计）",
                                   lambda: fixture.load(store, fx, pw_hash))
            timings.append(t_load)
            with store.transaction() as conn:
                conn.exec_driver_sql("ANALYZE")
            api_users.add_user(store, "x-admin", PASSWORD, role="admin", display_name="示例管理员")
            ev_timings, ev = _evaluation(store, fx, url, ctx.quick)
            doc_timings, template_rows = _documents(store, fx, Path(tmp))
            pages, page_notes = _web(store, url, fx, 3 if ctx.quick else 10)
            timings += ev_timings + doc_timings
            notes += page_notes
            peak = _rss_mb()
        finally:
            store.dispose()

    floor_page = pages.pop("框架最简页（基线）")
    for label, p in pages.items():
        timings.append(Timing(f"页面 {label} p50", p["p50_s"], p["n"],
                              note=f"p95 {p['p95_s'] * 1000:.0f} ms，首次 {p['first_s'] * 1000:.0f} ms"))
    timings.append(Timing("框架最简页 p50（页面基线）", floor_page["p50_s"], floor_page["n"]))
    page_limit = 0.3 if country else 0.15
    ratio_all = ev["all"].seconds / ev["floor"].seconds
    goals = [Goal(f"{k} p95 秒数", v["p95_s"], "<=", page_limit) for k, v in pages.items()]
    goals.append(Goal("从库评估全部规划/内存引擎", ratio_all, "<=", 3.0))
    if country:
        goals.append(Goal("全国从库评估全部规划秒数", ev["all"].seconds, "<=", 30.0))
    else:
        report_s = next(t.seconds for t in doc_timings if t.label.startswith("市中期"))
        goals += [
            Goal("一个规划 evaluate（新进程）秒数", ev["cold"].seconds, "<=", 1.0),
            Goal("市中期评估报告秒数", report_s, "<=", 10.0),
            Goal("每个工作进程峰值内存 MB", peak, "<=", 1024.0),
        ]
    ratios = {f"{k} p50/最简页": v["p50_s"] / floor_page["p50_s"] for k, v in pages.items()}
    ratios["从库评估全部规划/内存引擎"] = ratio_all
    return Report(
        timings=timings,
        ratios=ratios,
        goals=goals,
        sizes={**counts, "plans_evaluated": ev["plans"], "series_in_engine": ev["series"],
               "template_rows": template_rows, "peak_rss_mb": round(peak, 1)},
        notes=notes,
        checks={"pages": pages, "page_floor": floor_page},
    )


@benchmark("province-scale", title="一个省（虚构）：页面、评估、报告与内存（PostgreSQL）",
           goal="各类页面 p95 < 150 ms；全部规划从库评估 ≤ 3× 内存引擎；单规划冷启动 < 1 秒；"
                "市报告 < 10 秒；每进程内存 < 1 GB", issue=15)
def province_scale(ctx: Context) -> Report:
    return run_scale(ctx, fixture.PROVINCE_QUICK if ctx.quick else fixture.PROVINCE)


@benchmark("country-scale", title="全国（虚构，约3,300个地区）：列表页与全部规划评估（不在 CI 中运行）",
           goal="列表页 p95 < 300 ms；全部规划从库评估 < 30 秒", issue=15)
def country_scale(ctx: Context) -> Report:
    if ctx.quick:
        return Report(skipped="全国规模不做冷烟运行（不在 CI 中运行）；请用 --only country-scale 单独运行")
    return run_scale(ctx, fixture.COUNTRY, country=True)
