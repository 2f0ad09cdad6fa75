"""Issue 4: extracting the numeric facts of all five seed documents, against reading and
sentence-splitting their text as a baseline."""

from __future__ import annotations

import re

from bench.benchmarks.read_documents import NO_SEEDS, seed_files
from bench.registry import Context, Goal, Report, benchmark, timed
from planwatch.facts.extract import extract


@benchmark("extract-facts", title="从五份种子文件抽取数字事实", goal="合计 < 2 秒", issue=4)
def extract_facts(ctx: Context) -> Report:
    paths = seed_files()
    if not paths:
        return NO_SEEDS
    texts = [p.read_text("utf-8") for p in paths]
    repeats = 1 if ctx.quick else 5
    _, base = timed("基线：按句切分（正则）", lambda: [re.split(r"[。；！？]", t) for t in texts],
                    repeats)
    results, subj = timed("planwatch：extract（全部五份）", lambda: [extract(t) for t in texts],
                          repeats)
    return Report(
        timings=[base, subj],
        ratios={"planwatch/基线": subj.seconds / base.seconds},
        goals=[Goal("合计秒数", subj.seconds, "<=", 2.0)],
        sizes={"documents": len(paths), "characters": sum(len(t) for t in texts)},
        checks={"facts": sum(len(r) for r in results),
                "facts_per_document": [len(r) for r in results]},
    )
