"""The benchmark registry: named benchmarks, each measuring a subject against a baseline that
is measured in the same run (ratios, never absolute times, are the goals).

A module under ``bench/benchmarks/`` registers one with :func:`benchmark`::

    @benchmark("parse-seeds", title="解析五份种子文件", goal="≤ 2× 纯文本读取", issue=3)
    def parse_seeds(ctx: Context) -> Report:
        _, base = timed("读取文本（基线）", lambda: [p.read_text() for p in paths])
        _, subj = timed("planwatch 解析", lambda: [parse(p) for p in paths])
        return Report(timings=[base, subj], ratios={"planwatch/基线": subj.seconds / base.seconds},
                      goals=[Goal("planwatch/基线", subj.seconds / base.seconds, "<=", 2.0)])

``ctx.quick`` asks for small sizes (the CI smoke run): seconds, not minutes.
"""

from __future__ import annotations

import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    quick: bool = False
    seed: int = 20261121


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    repeats: int = 1
    peak_mb: float | None = None  # tracemalloc peak of Python/numpy allocations, when measured
    note: str = ""


@dataclass(frozen=True)
class Goal:
    text: str
    value: float
    op: str  # "<=" or ">="
    limit: float

    @property
    def met(self) -> bool:
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit


@dataclass
class Report:
    timings: list[Timing] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    sizes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)  # e.g. results agreeing across paths
    skipped: str | None = None  # why the benchmark did not run

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["goals"] = [{**asdict(g), "met": g.met} for g in self.goals]
        return out


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    goal: str  # the goal in words
    run: Callable[[Context], Report]
    issue: int | None = None


BENCHMARKS: dict[str, Benchmark] = {}
_PENDING: set[str] = set()


def benchmark(
    name: str, *, title: str, goal: str, issue: int | None = None
) -> Callable[[Callable[[Context], Report]], Callable[[Context], Report]]:
    """Register ``fn`` as the benchmark ``name``."""

    def wrap(fn: Callable[[Context], Report]) -> Callable[[Context], Report]:
        if name in BENCHMARKS and name not in _PENDING:
            raise ValueError(f"benchmark {name!r} registered twice")
        _PENDING.discard(name)
        BENCHMARKS[name] = Benchmark(name, title, goal, fn, issue)
        return fn

    return wrap


def pending(name: str, *, title: str, goal: str, issue: int | None = None) -> None:
    """Reserve a name for a benchmark another part will implement (reported as skipped until
    a module registers the name with :func:`benchmark`, which replaces the reservation)."""
    if name in BENCHMARKS:
        return

    def run(ctx: Context) -> Report:
        return Report(skipped="尚未实现：由负责该功能的模块在 bench/benchmarks/ 中注册")

    _PENDING.add(name)
    BENCHMARKS[name] = Benchmark(name, title, goal, run, issue)


def timed(label: str, fn: Callable[[], T], repeats: int = 1, note: str = "") -> tuple[T, Timing]:
    """Best wall time of ``repeats`` calls (garbage collected before each)."""
    best = float("inf")
    result: Any = None
    for _ in range(max(1, repeats)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, Timing(label, best, max(1, repeats), note=note)


def traced_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak of Python and numpy allocations during one call, in MB (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10
