"""Shared steps of the Chinese rule: the evaluation context, targets and qualifiers, the
classification table of methods.md 2.2 and the assembly of the :class:`Assessment`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planwatch import units
from planwatch.evaluation import primitives as pr
from planwatch.evaluation.base import Assessment, IndicatorBundle, Latest, Status
from planwatch.evaluation.china import observations as se
from planwatch.evaluation.china.config import Config
from planwatch.evaluation.china.observations import Point, fmt
from planwatch.model import (
    GrowthUnit,
    Indicator,
    Nature,
    Observation,
    ProgressRule,
    Qualifier,
    TargetForm,
)

EPS = 1e-12

RULE_TEXT: dict[ProgressRule, str] = {
    ProgressRule.LINEAR: "线性进度 p=(x_t−x_B)/(x_T−x_B) 与时间进度 e 比较",
    ProgressRule.COMPOUND: "复合增长进度 p=ln(x_t/x_B)/ln(x_T/x_B) 与时间进度 e 比较",
    ProgressRule.GROWTH: "年均增速：实际几何平均增速 ĝ=(∏(1+g_i))^(1/n)−1 与目标增速比较",
    ProgressRule.CUMULATIVE_SUM: "累计进度 p=Σa_i/A_T 与时间进度 e 比较",
    ProgressRule.CUMULATIVE_REDUCTION: "累计降低 R_t=1−∏(1−r_i)，p=ln(1−R_t)/ln(1−R_T) 与时间进度 e 比较",
    ProgressRule.THRESHOLD: "保持类：最新值与目标界限比较",
    ProgressRule.PROVINCE_TASK: "完成省下达任务：当年值与当年任务比较",
    ProgressRule.RELATIONAL: "关系目标：同一年份两项指标的年均增速之差与要求比较",
    ProgressRule.ANNUAL_TARGETS: "年度目标：逐年增速与当年年度目标比较，累计增长与年度目标的累计要求比较",
    ProgressRule.CUMULATIVE_CHANGE: "累计变化：p=(x_t−x_B)/Δ（Δ为〔 〕内的五年累计变化）与时间进度 e 比较",
    ProgressRule.NONE: "目标未量化，不作数值评估",
}

NOT_ASSESSABLE_LABELS: dict[str, str] = {
    "no_data": "缺少年度数据未作出评估",
    "no_base": "缺少基期数据未作出评估",
    "no_task": "省下达年度任务未录入，未作出评估",
    "not_quantified": "目标未量化，未作出评估",
    "implausible": "数据与目标口径不符，未作出评估",
}


KIND_NAMES: dict[str, str] = {
    "level": "总量", "growth": "增速", "share": "比重", "change_points": "变动百分点",
    "rank": "排名", "count": "数量", "cumulative": "累计数", "index": "指数",
}


QUALIFIER_NOTES: dict[str, str] = {
    "passed": "为突破值（实际略高于此数）",
    "more_than": "为“超过”某数（实际高于此数）",
    "nearly": "为“接近”某数（实际略低于此数）",
    "about": "为约数",
    "estimated": "为预计数",
}


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


@dataclass(frozen=True)
class Verdict:
    status: Status
    label: str
    category: str
    sub_label: str | None = None


@dataclass
class Ctx:
    bundle: IndicatorBundle
    cfg: Config
    as_of: dt.date
    method: str
    B: int
    T: int
    observations: list[Observation]
    years_known: bool = True
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    stretch_text: str | None = None
    stretch_is_target: bool = False

    @classmethod
    def make(cls, bundle: IndicatorBundle, cfg: Config, as_of: dt.date, method: str) -> Ctx:
        ind = bundle.indicator
        T = ind.target_year
        B = ind.base_year
        if B is None and T is not None:
            B = T - 5
        known = B is not None and T is not None and T > B
        ctx = cls(bundle, cfg, as_of, method, B or 0, T or 0,
                  se.usable(bundle.observations, as_of), years_known=known)
        return ctx

    def base_year_note(self) -> None:
        if self.ind.base_year is None and self.years_known:
            self.notes.append(f"规划未注明基期年份，按五年规划期取{self.B}年")

    # -- the indicator ----------------------------------------------------------------------

    @property
    def ind(self) -> Indicator:
        return self.bundle.indicator

    @property
    def binding(self) -> bool:
        return self.ind.nature is Nature.BINDING

    @property
    def tau(self) -> float:
        return 0.0 if self.binding else self.cfg.tolerance

    @property
    def d(self) -> int:
        return self.ind.direction.sign

    @property
    def is_rate(self) -> bool:
        """Shares and rates in % change in percentage points: never compound them."""
        u = self.ind.unit
        if units.is_known(u) and units.lookup(u).dimension in ("percent", "points", "permille"):
            return True
        return self.ind.target_form in (TargetForm.SHARE, TargetForm.GROWTH_RATE)

    def num(self, v: float | None) -> str:
        if v is None:
            return "—"
        u = self.ind.unit
        return f"{fmt(v)}{u}" if u not in ("", "无") else fmt(v)

    def reason(self, text: str) -> None:
        self.reasons.append(text)

    # -- targets and qualifiers -------------------------------------------------------------

    def firm_target(self) -> float | None:
        """The firm target; else the target implied by the declared growth; else the 力争 value
        (then labelled 力争目标)."""
        ind = self.ind
        if ind.target_value is not None:
            return ind.target_value
        g, x_B = ind.declared_growth, ind.base_value
        if g is not None and x_B is not None:
            n = self.T - self.B
            if ind.declared_growth_unit is GrowthUnit.POINTS:
                x_T = x_B + g * n
                how = f"{fmt(x_B)}+{fmt(g)}×{n}"
            else:
                x_T = x_B * (1 + g / 100.0) ** n
                how = f"{fmt(x_B)}×(1+{fmt(g)}%)^{n}"
            self.reason(f"规划目标按年均增长{fmt(g)}{'个百分点' if ind.declared_growth_unit is GrowthUnit.POINTS else '%'}推算："
                        f"{how}={self.num(x_T)}")
            self.numbers["derived_target"] = x_T
            return x_T
        if ind.stretch_value is not None:
            self.stretch_is_target = True
            self.reason("规划只给出力争目标，按力争目标评估")
            return ind.stretch_value
        return None

    def threshold(self, x_T: float) -> float:
        """The line that counts as reached: x_T, or the near edge of the 左右 band (none for
        binding indicators)."""
        if self.ind.qualifier is not Qualifier.ABOUT or self.binding:
            return x_T
        band = self.cfg.band_points if self.is_rate else self.cfg.band_relative * abs(x_T)
        return x_T - self.d * band

    def meets(self, x: float, x_T: float) -> bool:
        thr = self.threshold(x_T)
        q = self.ind.qualifier
        if q is Qualifier.AT_LEAST:
            return x >= thr - EPS
        if q is Qualifier.AT_MOST:
            return x <= thr + EPS
        return self.d * (x - thr) >= -EPS

    def target_sense(self) -> int:
        """+1 when higher values meet the target, -1 when lower ones do."""
        q = self.ind.qualifier
        return 1 if q is Qualifier.AT_LEAST else -1 if q is Qualifier.AT_MOST else self.d

    def growth_sense(self) -> tuple[int, float]:
        band = self.cfg.band_points if self.ind.qualifier is Qualifier.ABOUT and not self.binding else 0.0
        return self.target_sense(), band

    def target_phrase(self, x: float) -> str:
        q = self.ind.qualifier
        tail = {Qualifier.AT_LEAST: "以上", Qualifier.AT_MOST: "以内", Qualifier.ABOUT: "左右"}
        return f"{self.num(x)}{tail.get(q, '')}"

    # -- time and progress ------------------------------------------------------------------

    def elapsed(self, t: float) -> float:
        return pr.elapsed(t, self.B, self.T)

    def progress(self, x_B: float, x_t: float, x_T: float) -> tuple[float | None, bool]:
        """p by the indicator's rule; compound falls back to linear when logs are undefined.
        Returns (p, compound_used)."""
        if self.ind.rule is ProgressRule.COMPOUND and not self.is_rate:
            p = pr.p_log(x_B, x_t, x_T)
            if p is not None:
                return p, True
            self.notes.append("基期、最新值或目标为零或正负号不同，复合进度无定义，改用线性进度")
        return pr.p_lin(x_B, x_t, x_T), False

    def latest_level(self) -> Point | None:
        pts, notes = se.level_points(self.observations, self.ind.unit, self.B,
                                     self.cfg.convention, self.cfg.seasonal_shares)
        pick = se.latest(pts)
        self.notes.extend(notes)
        if pick is not None and pick.note:
            self.notes.append(pick.note)
        self._check_base()
        return pick

    def _check_base(self) -> None:
        x_B = self.ind.base_value
        if x_B is None:
            return
        base = se.yearly_values(self.observations, self.ind.unit, self.B - 1).get(self.B)
        if base is not None and abs(base.value - x_B) > 0.005 * max(abs(x_B), 1e-9):
            self.notes.append(f"统计数据{self.B}年为{self.num(base.value)}，与规划基数"
                              f"{self.num(x_B)}不同（数据修订或口径不同），按规划基数计算")

    def annual_series(self, x_B: float) -> list[tuple[int, float]]:
        vals = se.yearly_values(self.observations, self.ind.unit, self.B)
        return [(self.B, x_B)] + sorted((y, p.value) for y, p in vals.items())

    def required_growth(
        self, x_t: float, x_T: float, years_left: float
    ) -> tuple[float | None, str | None]:
        if years_left <= 0 or self.meets(x_t, x_T):
            return None, None
        if self.is_rate:
            return pr.required_points(x_t, x_T, years_left), "个百分点"
        r = pr.required_growth_pct(x_t, x_T, years_left)
        return (r, "%") if r is not None else (None, None)

    # -- classification (methods.md 2.2) ----------------------------------------------------

    def classify(self, *, reached: bool, p: float | None, e: float, end: bool) -> Verdict:
        on_pace = p is not None and p >= e - self.tau - EPS
        faster = p is not None and p > e + self.tau + self.cfg.faster_margin + EPS
        reverse = p is not None and p < 0
        return self.classify_growth(reached=reached, on_pace=on_pace, faster=faster, end=end,
                                    reverse=reverse)

    def classify_growth(
        self, *, reached: bool, on_pace: bool, faster: bool, end: bool, reverse: bool
    ) -> Verdict:
        if reached:
            if end:
                return Verdict(Status.REACHED_EARLY, "达到目标", "reached")
            return Verdict(Status.REACHED_EARLY, "提前达到目标", "reached_early")
        if on_pace:
            if end:
                return Verdict(Status.ON_SCHEDULE, "基本完成（在容差范围内）", "within_tolerance")
            if not self.cfg.split_on_schedule:
                return Verdict(Status.ON_SCHEDULE, "达到或超过进度要求", "on_schedule")
            if faster:
                return Verdict(Status.ON_SCHEDULE, "达到或超过进度要求", "faster", "快于预期")
            return Verdict(Status.ON_SCHEDULE, "达到或超过进度要求", "in_line", "基本符合预期")
        if end:
            return Verdict(Status.BEHIND, "未完成", "not_completed")
        if reverse:
            return Verdict(Status.BEHIND, "未达进度要求（逆向变化）", "reverse", "逆向变化")
        return Verdict(Status.BEHIND, "未达进度要求", "behind")

    def stretch_judgement(self, judge: Callable[[float], str]) -> None:
        s = self.ind.stretch_value
        if s is not None and not self.stretch_is_target:
            self.stretch_text = judge(s)

    # -- results ----------------------------------------------------------------------------

    def base_numbers(self) -> dict[str, Any]:
        ind = self.ind
        return {
            "nature": ind.nature.value,
            "rule": ind.rule.value,
            "rule_basis": ind.rule_basis,
            "qualifier": ind.qualifier.value,
            "target_form": ind.target_form.value,
            "direction": ind.direction.value,
            "base_value": ind.base_value,
            "base_year": self.B if self.years_known else None,
            "target_year": self.T if self.years_known else None,
            "convention": self.cfg.convention,
            "tolerance": self.tau,
            "as_of": self.as_of.isoformat(),
        }

    def rule_text(self) -> str:
        text = RULE_TEXT[self.ind.rule]
        return f"{text}（{self.ind.rule_basis}）" if self.ind.rule_basis else text

    def chosen(self, pick: Point) -> dict[str, Any]:
        """The observation the result rests on, the order that chose it and the values of the
        same number it was preferred to (docs/evaluation.md 6)."""
        o = pick.obs
        aside = [x for x in self.bundle.superseded if x.key == o.key]
        return {
            "period": o.period.code, "value": o.value, "unit": o.unit, "status": o.status.value,
            "source": o.source.label, "source_kind": o.source.kind, "date": o.source.date,
            "scope": o.scope,
            "order": list(self.cfg.observation_order),
            "set_aside": [{"value": x.value, "status": x.status.value, "source": x.source.label,
                           "source_kind": x.source.kind, "date": x.source.date} for x in aside],
        }

    def not_assessable(self, category: str, why: str) -> Assessment:
        self.reason(why)
        return Assessment(
            indicator=self.ind.id,
            method=self.method,
            status=Status.NOT_ASSESSABLE,
            label=NOT_ASSESSABLE_LABELS[category],
            rule=self.rule_text(),
            category=category,
            reasons=tuple(self.reasons + self.notes),
            numbers={**self.base_numbers(), **self.numbers},
        )

    def no_data(self, what: str = "数据") -> Assessment:
        stat = self.ind.statistic
        if stat is None:
            return self.not_assessable("no_data", "该指标未对应可观测的统计数据，缺少年度数据")
        self.base_year_note()
        other = self._other_data()
        if other:
            self.notes.append(f"另有{other}，不能直接用于本指标的评估")
        return self.not_assessable(
            "no_data", f"{self.B}年（基期）以后截至{self.as_of.isoformat()}没有该指标的年度{what}"
        )

    def _other_data(self) -> str:
        """What else is known after the base (growth, ranks …), named for the reader."""
        seen: dict[str, list[str]] = {}
        for o in sorted(self.observations, key=lambda o: o.period):
            if o.period.end_date.year <= self.B:
                continue
            name = KIND_NAMES.get(o.kind.value, o.kind.value)
            text = f"{o.period.label}{fmt(o.value)}{o.unit}" if o.kind.value != "rank" else (
                f"{o.period.label}{o.scope or ''}第{fmt(o.value)}位")
            seen.setdefault(name, []).append(text)
        return "；".join(f"{k}数据（{'、'.join(v[:3])}{'等' if len(v) > 3 else ''}）"
                        for k, v in seen.items())

    def result(
        self,
        v: Verdict,
        *,
        p: float | None,
        e: float | None,
        pick: Point,
        required: tuple[float | None, str | None],
        projected: float | None,
        value: float | None = None,
    ) -> Assessment:
        if v.category not in ("task_met", "task_missed"):
            self.base_year_note()
        warning = self.binding and v.status is Status.BEHIND
        if warning:
            self.reason("约束性指标未达进度要求，予以预警")
        provisional = pick.provisional
        if provisional:
            self.notes.append(f"所用数据为{pick.period_label}的年内数据或预计数，结果为初步判断")
        o = pick.obs
        if o.qualifier.value in QUALIFIER_NOTES:
            self.notes.append(f"{pick.period_label}数据原文为“{o.text or fmt(o.value)}”，"
                              f"{QUALIFIER_NOTES[o.qualifier.value]}")
        numbers = {
            **self.base_numbers(),
            **self.numbers,
            "chosen": self.chosen(pick),
            "t": pick.t,
            "e": e,
            "p": p,
        }
        if v.sub_label:
            numbers["sub_label"] = v.sub_label
        return Assessment(
            indicator=self.ind.id,
            method=self.method,
            status=v.status,
            label=v.label,
            rule=self.rule_text(),
            category=v.category,
            progress=p,
            expected_progress=e,
            latest_value=pick.value,
            latest_period=o.period.code,
            latest=Latest.of(o, value=pick.value, period_label=pick.period_label),
            required_growth=required[0],
            required_growth_unit=required[1],
            projected_value=projected,
            value=value if value is not None else p,
            warning=warning,
            provisional=provisional,
            stretch=self.stretch_text,
            reasons=tuple(self.reasons + self.notes),
            numbers=numbers,
        )
