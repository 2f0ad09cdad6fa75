"""The Chinese mid-term rule “时间与进度基本一致” (methods.md sections 2.2-2.5).

Progress made (p) is compared with time elapsed (e) for the data period. Which p depends on the
indicator's :class:`~planwatch.model.ProgressRule`: linear for shares, rates, indices and counts,
compound for amounts, the geometric mean growth for growth-rate targets, the running sum for
cumulative totals, the chained reduction for cumulative reductions, a level test for
maintain/threshold targets, and the year's assigned task for 完成省下达任务. The formulas and the
worked numbers are in ``docs/evaluation.md``; the rule handlers are in
:mod:`planwatch.evaluation.china.rules`; the settings in
:mod:`planwatch.evaluation.china.config`; choosing the observations in
:mod:`planwatch.evaluation.china.observations`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planwatch.errors import ConfigError
from planwatch.evaluation.base import Assessment, IndicatorBundle, register
from planwatch.evaluation.china import rules
from planwatch.evaluation.china.config import Config


class ChinaMethod:
    name = "china"
    title = "时间与进度基本一致（中国规划中期评估）"
    Config: type = Config

    def assess(self, bundle: IndicatorBundle, config: Any, as_of: dt.date) -> Assessment:
        if config is None:
            config = Config()
        if not isinstance(config, Config):
            raise ConfigError(f"“china”方法的设置应为 china.Config，而不是 {type(config).__name__}")
        cfg = config
        return rules.assess(bundle, cfg, as_of, method=self.name)


METHOD = register(ChinaMethod())

__all__ = ["METHOD", "ChinaMethod", "Config"]
