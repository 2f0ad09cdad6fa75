"""Charts as PNG with Chinese labels (matplotlib, Agg backend, Noto Sans CJK SC).

Two kinds, as the mid-term report needs them: progress against time elapsed for every assessable
indicator, and the observed series of each lagging indicator against its planned path.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planwatch.evaluation.base import Status
from planwatch.reports.context import Chart, IndicatorRow

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "DejaVu Sans"]
STATUS_COLOURS = {
    Status.REACHED_EARLY: "#1b7837",
    Status.ON_SCHEDULE: "#5aae61",
    Status.BEHIND: "#c51b7d",
    Status.NOT_ASSESSABLE: "#9e9e9e",
}
SERIES_PER_FIGURE = 6
DPI = 110


@dataclass(frozen=True)
class Series:
    """One lagging indicator's observations and planned path, in plan time (2022.5 = mid-2023)."""

    name: str
    unit: str
    points: tuple[tuple[float, float], ...]  # (plan_time, value)
    base: tuple[float, float] | None  # (base year, value)
    target: tuple[float, float] | None  # (target year, value)
    compound: bool = False


def _setup() -> None:
    plt.rcParams["font.sans-serif"] = CJK_FONTS
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def progress_chart(rows: Sequence[IndicatorRow], elapsed_pct: float) -> Chart | None:
    """Horizontal bars: each indicator's progress (%) with the time elapsed as a line."""
    shown = [r for r in rows if r.progress_pct is not None]
    if not shown:
        return None
    _setup()
    height = 1.2 + 0.32 * len(shown)
    fig, ax = plt.subplots(figsize=(7.2, height))
    labels = [f"{r.seq}. {r.name}" for r in shown][::-1]
    values = [max(min(r.progress_pct or 0.0, 150.0), -50.0) for r in shown][::-1]
    colours = [STATUS_COLOURS.get(Status(r.status), "#9e9e9e") for r in shown][::-1]
    ax.barh(labels, values, color=colours, height=0.6)
    for r in shown:
        if r.expected_pct is not None:
            y = labels.index(f"{r.seq}. {r.name}")
            ax.plot([r.expected_pct] * 2, [y - 0.4, y + 0.4], color="#333333", linewidth=1.2)
    ax.axvline(elapsed_pct, color="#d6604d", linestyle="--", linewidth=1.2,
               label=f"规划期时间进度 {elapsed_pct:.1f}%")
    ax.axvline(100, color="#999999", linestyle=":", linewidth=1)
    ax.set_xlabel("规划进度（%，超过150%按150%显示）")
    ax.set_title("主要指标规划进度与时间进度对比")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(loc="lower right", fontsize=8)
    longest = max(len(lbl) for lbl in labels)
    fig.subplots_adjust(left=min(0.55, 0.04 + 0.016 * longest), right=0.97,
                        top=1 - 0.45 / height, bottom=0.55 / height)
    caption = "图中竖短线为各指标数据时点对应的时间进度；颜色：深绿=提前达到目标，绿=达到进度要求，紫红=未达进度要求。"
    return Chart("progress", "主要指标进度与时间进度", _png(fig), caption)


def series_charts(series: Sequence[Series]) -> list[Chart]:
    """Small multiples, up to four lagging indicators per image."""
    out = []
    for start in range(0, len(series), SERIES_PER_FIGURE):
        chunk = series[start:start + SERIES_PER_FIGURE]
        out.append(_series_figure(chunk, start // SERIES_PER_FIGURE + 1))
    return out


def _series_figure(chunk: Sequence[Series], n: int) -> Chart:
    _setup()
    cols = 2 if len(chunk) > 1 else 1
    rows = (len(chunk) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.6 * rows), squeeze=False)
    for ax, s in zip(axes.flat, chunk, strict=False):
        _series_axes(ax, s)
    for ax in list(axes.flat)[len(chunk):]:
        ax.set_visible(False)
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - 0.35 / (2.6 * rows),
                        bottom=0.35 / (2.6 * rows), wspace=0.28, hspace=0.45)
    names = "、".join(s.name for s in chunk)
    return Chart(f"series-{n}", f"进度滞后指标走势（{n}）", _png(fig),
                 f"{names}：实线为实际值，虚线为按规划目标测算的路径。")


def _series_axes(ax: Axes, s: Series) -> None:
    if s.base and s.target:
        xs = [s.base[0] + k * (s.target[0] - s.base[0]) / 20 for k in range(21)]
        if s.compound and s.base[1] > 0 and s.target[1] > 0:
            ratio = s.target[1] / s.base[1]
            span = s.target[0] - s.base[0]
            ys = [s.base[1] * ratio ** ((x - s.base[0]) / span) for x in xs]
        else:
            ys = [s.base[1] + (s.target[1] - s.base[1]) * (x - s.base[0]) / (s.target[0] - s.base[0])
                  for x in xs]
        ax.plot(xs, ys, linestyle="--", color="#4393c3", linewidth=1, label="规划路径")
    pts = sorted(s.points)
    if s.base:
        pts = [s.base, *[p for p in pts if p[0] > s.base[0]]]
    if pts:
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#c51b7d",
                linewidth=1.5, markersize=3, label="实际值")
    ax.set_title(s.name, fontsize=9)
    ax.set_ylabel(s.unit, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(_year_tick))
    ax.legend(fontsize=6, loc="best")


def _year_tick(x: float, _pos: int) -> str:
    return f"{x:.0f}年" if abs(x - round(x)) < 1e-6 else ""
