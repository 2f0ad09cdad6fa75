"""Run the benchmarks: ``.venv/bin/python -m bench [--quick] [--only NAME ...] [--list]``.

Prints each benchmark's timings, peak memory, ratios and goals, and writes them as JSON to
``bench/results/<name>.json`` (gitignored). Goals are reported, never asserted: the exit status
is 0 unless a benchmark raises.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
from pathlib import Path

from bench.benchmarks import load_all
from bench.registry import BENCHMARKS, Benchmark, Context, Report

RESULTS = Path(__file__).resolve().parent / "results"


def _print(b: Benchmark, r: Report) -> None:
    out = sys.stdout.write
    out(f"\n== {b.name}：{b.title}\n   目标：{b.goal}\n")
    if r.skipped:
        out(f"   跳过：{r.skipped}\n")
        return
    if r.sizes:
        out("   规模：" + "，".join(f"{k}={v}" for k, v in r.sizes.items()) + "\n")
    for t in r.timings:
        extra = f"，峰值 {t.peak_mb:.1f} MB（tracemalloc）" if t.peak_mb is not None else ""
        best = f"（{t.repeats}次取最快）" if t.repeats > 1 else ""
        note = f"  [{t.note}]" if t.note else ""
        out(f"   {t.label:<40} {t.seconds * 1000:12.1f} ms{best}{extra}{note}\n")
    for k, v in r.ratios.items():
        out(f"   比值 {k:<34} {v:12.2f}\n")
    for g in r.goals:
        out(
            f"   目标 {g.text}：{g.value:.2f} {g.op} {g.limit:g} → {'达到' if g.met else '未达到'}\n"
        )
    for k, v in r.checks.items():
        out(f"   核对 {k}：{v}\n")
    for n in r.notes:
        out(f"   说明：{n}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="planwatch 性能基准")
    ap.add_argument("--quick", action="store_true", help="小规模冒烟运行（数秒）")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="只运行这些基准")
    ap.add_argument("--list", action="store_true", help="列出已注册的基准")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON 结果目录")
    args = ap.parse_args(argv)
    load_all()
    if args.list:
        for b in BENCHMARKS.values():
            sys.stdout.write(f"{b.name:<22} {b.title}（目标：{b.goal}）\n")
        return 0
    names = args.only or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        sys.stderr.write(f"未知的基准：{'、'.join(unknown)}。可选：{'、'.join(BENCHMARKS)}\n")
        return 2
    ctx = Context(quick=args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names:
        b = BENCHMARKS[name]
        report = b.run(ctx)
        _print(b, report)
        record = {
            "benchmark": b.name,
            "title": b.title,
            "goal": b.goal,
            "issue": b.issue,
            "quick": ctx.quick,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "processor": platform.machine(),
            },
            **report.as_dict(),
        }
        suffix = "-quick" if ctx.quick else ""
        (args.out / f"{b.name}{suffix}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    sys.stdout.write(f"\n结果已写入 {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
