"""The settings of the Chinese rule (tolerance, bands, time convention, observation order …),
each with the help text shown in ``planwatch methods`` and docs/methods.md."""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.errors import ConfigError
from planwatch.evaluation.china.observations import CONVENTIONS, DATA_PERIOD
from planwatch.observation_choice import ORDER_KEYS


@dataclass(frozen=True)
class Config:
    tolerance: float = field(
        default=0.0,
        metadata={"help": "预期性指标的容差 τ（按进度份额计，例如 0.05）：进度 ≥ 时间进度 − τ 即为达到进度要求"},
    )
    binding_tolerance: float = field(
        default=0.0,
        metadata={"help": "约束性指标的容差：固定为 0，约束性指标不设容差（只能为 0）"},
    )
    band_points: float = field(
        default=0.5,
        metadata={"help": "“左右”目标的带宽 δ（百分点），用于以 % 计的比重、比率和增长率目标"},
    )
    band_relative: float = field(
        default=0.01,
        metadata={"help": "“左右”目标的相对带宽（占目标值的比例，0.01 即 1%），用于总量、数量类目标"},
    )
    convention: str = field(
        default=DATA_PERIOD,
        metadata={
            "help": "时间进度口径：data_period（按数据所属时期，截至2023年6月为2.5/5=50%）或 "
            "calendar（t=年份+月/12，截至2023年6月为70%，同 methods.md 例 CN7）"
        },
    )
    reduction_path: str = field(
        default="compound",
        metadata={"help": "累计降低类目标的进度口径：compound（复合，1−(1−R)^e）或 linear（线性，R·e）"},
    )
    seasonal_shares: tuple[tuple[str, int, float], ...] = field(
        default=(),
        metadata={
            "help": "年内累计流量折算全年的季节系数：(统计指标编号或*, 截至月份, 占全年比重)，"
            "未设定时用上年同期占全年比重，两者皆无则不作评估"
        },
    )
    faster_margin: float = field(
        default=0.0,
        metadata={"help": "“快于预期”的进度余量：p > e + τ + 余量为快于预期，否则为基本符合预期"
                  "（按进度份额计，例如 0.1；默认 0）"},
    )
    step_band_points: float = field(
        default=0.5,
        metadata={"help": "“基本同步”的带宽（百分点）：两项年均增速之差在 ±带宽内为基本同步，"
                  "高出带宽为快于预期，低于带宽为滞后"},
    )
    plausible_progress: float = field(
        default=5.0,
        metadata={"help": "进度的合理上限（倍数）：进度超过该倍数或低于其相反数时不给结论，"
                  "报告“数据与目标口径不符”"},
    )
    observation_order: tuple[str, ...] = field(
        default=("status", "authority", "precision", "recency"),
        metadata={"help": "同一数值有多个来源时的选用顺序：status（最终核实优先于初步核算）、"
                  "authority（统计公报优先于部门、政府工作报告、讲话和转载）、precision（小数位多者优先）、"
                  "recency（发布日期晚者优先）"},
    )
    split_on_schedule: bool = field(
        default=True,
        metadata={"help": "将“达到或超过进度要求”细分为快于预期（p > e + τ）与基本符合预期"},
    )

    def __post_init__(self) -> None:
        if self.binding_tolerance != 0:
            raise ConfigError("约束性指标不设容差：binding_tolerance 只能为 0")
        if not 0 <= self.tolerance < 1:
            raise ConfigError(f"容差 tolerance={self.tolerance} 应在 0 与 1 之间，例如 0.05")
        bad = [k for k in self.observation_order if k not in ORDER_KEYS]
        if bad or not self.observation_order:
            raise ConfigError(f"数据选用顺序“{'、'.join(bad) or '（空）'}”无效，可选：{'、'.join(ORDER_KEYS)}")
        if not 0 <= self.faster_margin < 1:
            raise ConfigError(f"“快于预期”余量 faster_margin={self.faster_margin} 应在 0 与 1 之间")
        if self.step_band_points < 0:
            raise ConfigError("“基本同步”带宽 step_band_points 不能为负数")
        if self.plausible_progress <= 1:
            raise ConfigError("进度合理上限 plausible_progress 应大于 1，例如 5")
        if self.band_points < 0 or self.band_relative < 0:
            raise ConfigError("“左右”带宽不能为负数")
        if self.convention not in CONVENTIONS:
            raise ConfigError(f"时间进度口径“{self.convention}”无效，可选：{'、'.join(CONVENTIONS)}")
        if self.reduction_path not in ("compound", "linear"):
            raise ConfigError(f"累计降低口径“{self.reduction_path}”无效，可选：compound、linear")
