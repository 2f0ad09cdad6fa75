"""The batch engine: many series judged at once with numpy (see :mod:`.base` for the arrays).

One module per method, all sharing :mod:`.base`: :mod:`.china` (the Chinese rule) and
:mod:`.statcan` (the StatCan measure); :mod:`.bundles` turns indicator bundles into a
:class:`SeriesBatch`. To add a method, write ``evaluate_<name>(batch, as_of, config)`` in a module
beside them and add it to :data:`METHODS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from planwatch.errors import ConfigError
from planwatch.evaluation.batch.base import (
    FORMS,
    NATURES,
    QUALIFIERS,
    RULES,
    STATUSES,
    BatchResult,
    SeriesBatch,
    data_cutoff_year,
)
from planwatch.evaluation.batch.china import evaluate_china
from planwatch.evaluation.batch.statcan import evaluate_statcan

#: the methods the batch engine has, by the name the per-series registry uses
METHODS: dict[str, Callable[[SeriesBatch, dt.date, Any], BatchResult]] = {
    "china": evaluate_china,
    "statcan": evaluate_statcan,
}


def evaluate(
    batch: SeriesBatch, as_of: dt.date, method: str = "china", config: Any = None
) -> BatchResult:
    """Evaluate every series of ``batch`` at ``as_of`` with one of :data:`METHODS`."""
    run = METHODS.get(method)
    if run is None:
        raise ConfigError(f"批量评估没有“{method}”方法，可选：{'、'.join(METHODS)}")
    return run(batch, as_of, config)


__all__ = [
    "FORMS",
    "METHODS",
    "NATURES",
    "QUALIFIERS",
    "RULES",
    "STATUSES",
    "BatchResult",
    "SeriesBatch",
    "data_cutoff_year",
    "evaluate",
]
