"""Numerical primitives of progress assessment (methods.md sections 1 and 11.3).

Every function is pure and guards against zero and sign changes before any log or power: it
returns ``None`` when the quantity is undefined instead of raising or returning NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def same_sign_nonzero(*values: float) -> bool:
    """True when every value is non-zero and all have the same sign (logs are defined)."""
    return all(v > 0 for v in values) or all(v < 0 for v in values)


def cagr(a: float, b: float, years: float) -> float | None:
    """Compound annual growth rate from ``a`` to ``b`` over ``years`` (a fraction, 0.05 = 5%)."""
    if years <= 0 or not same_sign_nonzero(a, b):
        return None
    return float((b / a) ** (1.0 / years) - 1.0)


def p_lin(x_b: float, x_t: float, x_T: float) -> float | None:
    """Linear progress: the share of the distance from base to target covered."""
    if x_T == x_b:
        return None
    return (x_t - x_b) / (x_T - x_b)


def p_log(x_b: float, x_t: float, x_T: float) -> float | None:
    """Compound progress: the share of the required proportional change made."""
    if not same_sign_nonzero(x_b, x_t, x_T) or x_T == x_b:
        return None
    return math.log(x_t / x_b) / math.log(x_T / x_b)


def compound_path(x_b: float, x_T: float, e: float) -> float | None:
    """The value the compound path from ``x_b`` to ``x_T`` reaches at time share ``e``."""
    if not same_sign_nonzero(x_b, x_T):
        return None
    return float(x_b * (x_T / x_b) ** e)


def linear_path(x_b: float, x_T: float, e: float) -> float:
    return x_b + (x_T - x_b) * e


def chain_reduction(reductions_pct: Iterable[float]) -> float:
    """Cumulative reduction ``1 - prod(1 - r_i)`` in %, from yearly reductions in %."""
    remaining = 1.0
    for r in reductions_pct:
        remaining *= 1.0 - r / 100.0
    return (1.0 - remaining) * 100.0


def geometric_mean_growth(growth_pct: Iterable[float]) -> float | None:
    """``(prod(1 + g_i))^(1/n) - 1`` in %, from yearly growth rates in %; None if undefined."""
    gs = list(growth_pct)
    if not gs or any(g <= -100.0 for g in gs):
        return None
    log_sum = sum(math.log1p(g / 100.0) for g in gs)
    return (math.exp(log_sum / len(gs)) - 1.0) * 100.0


def growth_factor(growth_pct: Iterable[float]) -> float:
    """``prod(1 + g_i)`` from yearly growth rates in %."""
    f = 1.0
    for g in growth_pct:
        f *= 1.0 + g / 100.0
    return f


def elapsed(t: float, base_year: float, target_year: float) -> float:
    """Time elapsed ``e = (t - B)/(T - B)``, not capped (t past T gives e > 1)."""
    return (t - base_year) / (target_year - base_year)


def required_growth_pct(x_t: float, x_T: float, years_left: float) -> float | None:
    """Average annual growth in % still needed to go from ``x_t`` to ``x_T``."""
    r = cagr(x_t, x_T, years_left)
    return None if r is None else r * 100.0


def required_points(x_t: float, x_T: float, years_left: float) -> float | None:
    """Percentage points per year still needed (shares and rates)."""
    if years_left <= 0:
        return None
    return (x_T - x_t) / years_left
