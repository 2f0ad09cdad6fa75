"""Issue 13: real plan tables printed in many layouts and formats, read by the parser, scored
against gold rows typed once per table (bench/corpus). Accuracy, not speed, is the subject; the
time to build and read the corpus is reported beside it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.corpus.layouts import LAYOUTS
from bench.corpus.score import Score, score
from bench.corpus.tables import TABLES
from bench.registry import Context, Goal, Report, Timing, benchmark
from planwatch.parsers import parse_plan


def run_corpus(layouts: list[str] | None = None, folder: Path | None = None) -> dict[str, Score]:
    """Build every table in every layout and score what the parser reads: layout → score."""
    import time

    out: dict[str, Score] = {}
    with tempfile.TemporaryDirectory(prefix="planwatch-corpus-") as tmp:
        where = folder or Path(tmp)
        for name in layouts or list(LAYOUTS):
            _, build = LAYOUTS[name]
            total = Score()
            for t in TABLES:
                sub = where / f"{t.key}-{name}"
                sub.mkdir(parents=True, exist_ok=True)
                try:
                    path = build(t, sub)
                except Exception as exc:  # noqa: BLE001 - a layout that cannot be built is reported
                    total.add(Score(rows=len(t.gold), fields=len(t.gold) * 7,
                                    wrong=[f"{t.key}：无法生成（{exc}）"]))
                    continue
                t0 = time.perf_counter()
                result = parse_plan(path)
                _ = time.perf_counter() - t0
                s = score(t.gold, result.indicators, label=f"{t.key}/{name}")
                total.add(s)
            out[name] = total
    return out


@benchmark(
    "read-documents-corpus",
    title="真实规划指标表的多种版式与格式：行、字段识别率",
    goal="每种格式行 ≥ 95%、字段 ≥ 90%",
    issue=13,
)
def read_documents_corpus(ctx: Context) -> Report:
    import time

    layouts = ["docx", "html-utf8", "text-layout"] if ctx.quick else None
    t0 = time.perf_counter()
    scores = run_corpus(layouts)
    seconds = time.perf_counter() - t0
    goals = []
    checks: dict[str, object] = {}
    for name, s in scores.items():
        goals.append(Goal(f"{LAYOUTS[name][0]}：行识别率", round(s.row_rate, 4), ">=", 0.95))
        goals.append(Goal(f"{LAYOUTS[name][0]}：字段识别率", round(s.field_rate, 4), ">=", 0.90))
        checks[name] = {"rows": f"{s.rows_found}/{s.rows}", "fields": f"{s.fields_right}/{s.fields}",
                        "extra_rows": s.extra_rows, "first_errors": s.wrong[:6]}
    from bench.corpus.facts_texts import TEXTS, score_facts
    from planwatch.facts.extract import extract

    m = g = f = 0
    for text in TEXTS:
        mi, gi, fi, misses = score_facts(text.gold, extract(text.text))
        m, g, f = m + mi, g + gi, f + fi
        checks[f"facts:{text.key}"] = {"recall": f"{mi}/{gi}", "precision": f"{mi}/{fi}",
                                       "misses": misses[:6]}
    goals.append(Goal("真实发布文本：事实召回率", round(m / g, 4) if g else 0.0, ">=", 0.95))
    goals.append(Goal("真实发布文本：事实精确率", round(m / f, 4) if f else 0.0, ">=", 0.95))
    return Report(
        timings=[Timing("生成并读取全部版式", seconds)],
        goals=goals,
        sizes={"tables": len(TABLES), "layouts": len(scores),
               "gold_rows": sum(len(t.gold) for t in TABLES)},
        checks=checks,
        notes=[f"{t.key}：{t.source}" for t in TABLES]
        + [f"{t.key}：{t.title}，{t.url}（{t.date}）" for t in TEXTS],
    )
