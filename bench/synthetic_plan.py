"""A SYNTHETIC plan for benchmarks and renderer tests: 合成测试规划, clearly labelled.

Nothing here is real: the region, plan, statistics and values are invented to give a plan of any
size a realistic shape (five categories, amounts that compound, shares, counts, a few binding
indicators, some indicators without data). It is never part of the product's data.
"""

from __future__ import annotations

from planwatch import model as m

REGION = "syn-city"
DOC = "syn-doc"
PLAN = "synthetic-40"
CATEGORIES = ("质效提升", "结构优化", "动能转换", "绿色智造", "区域协调")


def _indicator(plan: str, n: int) -> tuple[m.Statistic, m.Indicator, list[m.Observation]]:
    stat_id = f"syn-stat-{n:02d}"
    kind = n % 4  # 0 amount (compound), 1 share (linear), 2 count (linear), 3 no data
    unit = {0: "亿元", 1: "%", 2: "家", 3: "%"}[kind]
    base = {0: 1000.0 + 37 * n, 1: 20.0 + n % 7, 2: 400.0 + 11 * n, 3: 50.0}[kind]
    target = {0: base * 1.8, 1: base + 6, 2: base * 1.5, 3: 60.0}[kind]
    pace = 0.55 + (n % 5) * 0.15  # some behind, some ahead
    binding = n % 9 == 4
    stat = m.Statistic(stat_id, f"合成指标{n:02d}", unit, additive=kind in (0, 2))
    ind = m.Indicator(
        id=f"{plan}/{n:02d}", plan=plan, seq=n, name=f"合成指标{n:02d}", statistic=stat_id,
        unit=unit, nature=m.Nature.BINDING if binding else m.Nature.EXPECTED,
        direction=m.Direction.HIGHER_BETTER, direction_basis="declared",
        target_form={0: m.TargetForm.LEVEL, 1: m.TargetForm.SHARE, 2: m.TargetForm.COUNT,
                     3: m.TargetForm.SHARE}[kind],
        rule=m.ProgressRule.COMPOUND if kind == 0 else m.ProgressRule.LINEAR,
        rule_basis="合成数据", qualifier=m.Qualifier.EXACT,
        category=CATEGORIES[(n - 1) * len(CATEGORIES) // 40 % len(CATEGORIES)],
        base_value=base, base_year=2020, base_text=f"{base:g}",
        target_value=round(target, 1), target_year=2025, target_text=f"{round(target, 1):g}",
        source=m.SourceRef(document=DOC, table="表1", line=100 + n),
    )
    obs = []
    if kind != 3:
        for year in (2021, 2022):
            share = (year - 2020) / 5 * pace
            value = base + (target - base) * share
            obs.append(m.Observation(stat_id, REGION, m.Period.year(year), m.ObservationKind(
                "share" if unit == "%" else "level" if kind == 0 else "count"), round(value, 1),
                unit, m.SourceRef(document=DOC, line=200 + n * 2 + year - 2021)))
    return stat, ind, obs


def synthetic_dataset(n: int = 40, plan: str = PLAN) -> m.Dataset:
    """A dataset with one synthetic plan of ``n`` indicators and two years of observations."""
    stats, inds, obs = [], [], []
    for k in range(1, n + 1):
        s, i, o = _indicator(plan, k)
        stats.append(s)
        inds.append(i)
        obs.extend(o)
    return m.Dataset(
        name="synthetic",
        regions=(m.Region(REGION, "合成市（测试）", m.RegionKind.CITY,
                          note="合成测试数据，非真实地区"),),
        documents=(m.Document(DOC, "合成测试规划（非真实文件）", "plan", issuer="合成测试机构"),),
        statistics=tuple(stats),
        plans=(m.Plan(plan, f"合成测试规划（{n}项指标）", REGION, "合成测试机构", m.PlanLevel.CITY,
                      m.PlanKind.SECTOR, 2021, 2025, 2020, m.PlanStatus.DRAFT,
                      categories=CATEGORIES, note="合成测试数据"),),
        indicators=tuple(inds),
        observations=tuple(obs),
    )
