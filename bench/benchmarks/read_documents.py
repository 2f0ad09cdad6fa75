"""Example of a registered benchmark with a baseline: reading the five seed documents into
blocks (planwatch.parsers.read_document) against reading their bytes as text."""

from __future__ import annotations

import os
from pathlib import Path

from bench.registry import Context, Goal, Report, benchmark, timed
from planwatch.parsers import read_document

ROOT = Path(__file__).resolve().parents[2]


def seed_dir() -> Path | None:
    """The shared seed documents: $PLANWATCH_SEEDS, or ../shared/seeds beside the checkout (or
    beside the worktrees' parent)."""
    env = os.environ.get("PLANWATCH_SEEDS")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


#: what a seed benchmark reports when the shared documents are not beside the checkout
NO_SEEDS = Report(skipped="找不到种子文件目录（设置 PLANWATCH_SEEDS 指向 shared/seeds）")


def seed_files() -> list[Path]:
    """The seed documents (.txt), sorted; empty when they cannot be found."""
    where = seed_dir()
    return sorted(where.glob("*.txt")) if where else []


@benchmark(
    "read-documents",
    title="读取五份种子文件为文本块（示例）",
    goal="合计 < 1 秒（并报告与纯文本读取之比）",
    issue=3,
)
def read_documents(ctx: Context) -> Report:
    paths = seed_files()
    if not paths:
        return NO_SEEDS
    repeats = 1 if ctx.quick else 5
    _, base = timed(
        "基线：读取文本（read_text）", lambda: [p.read_text("utf-8") for p in paths], repeats
    )
    _, subj = timed(
        "planwatch：read_document → 文本块", lambda: [read_document(p) for p in paths], repeats
    )
    ratio = subj.seconds / base.seconds
    return Report(
        timings=[base, subj],
        ratios={"planwatch/基线": ratio},
        goals=[Goal("合计秒数", subj.seconds, "<=", 1.0)],
        sizes={"documents": len(paths), "bytes": sum(p.stat().st_size for p in paths)},
    )
