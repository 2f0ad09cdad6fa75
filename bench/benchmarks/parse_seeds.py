"""Issue 3: parsing all five seed documents (plan metadata, indicator tables, decompositions,
prose targets and the checks), against reading their text as a baseline."""

from __future__ import annotations

from bench.benchmarks.read_documents import NO_SEEDS, seed_files
from bench.registry import Context, Goal, Report, benchmark, timed
from planwatch.parsers import parse_plan


@benchmark("parse-seeds", title="解析全部五份种子文件", goal="合计 < 2 秒", issue=3)
def parse_seeds(ctx: Context) -> Report:
    paths = seed_files()
    if not paths:
        return NO_SEEDS
    repeats = 1 if ctx.quick else 5
    _, base = timed("基线：读取文本（read_text）", lambda: [p.read_text("utf-8") for p in paths], repeats)
    results, subj = timed("planwatch：parse_plan（全部五份）", lambda: [parse_plan(p) for p in paths], repeats)
    return Report(
        timings=[base, subj],
        ratios={"planwatch/基线": subj.seconds / base.seconds},
        goals=[Goal("合计秒数", subj.seconds, "<=", 2.0)],
        sizes={"documents": len(paths), "bytes": sum(p.stat().st_size for p in paths)},
        checks={
            "indicators": sum(len(r.indicators) for r in results),
            "decompositions": sum(len(r.decompositions) for r in results),
            "narrative_targets": sum(len(r.narrative_targets) for r in results),
            "issues": sum(len(r.issues) for r in results),
        },
    )
