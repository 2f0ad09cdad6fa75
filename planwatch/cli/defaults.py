"""The plan and evaluation date of ``evaluate`` and ``report`` when the user names none: they
follow the active plan period (:mod:`planwatch.periods`); the choice is said on stderr."""

from __future__ import annotations

import datetime as dt

import click

from planwatch import api
from planwatch.cli.output import echo, parse_date
from planwatch.periods import AsOf


def resolve(store: api.Store, plan_id: str | None, as_of: str | None) -> tuple[str, dt.date, AsOf | None]:
    """(plan id, evaluation date, the default used — None when both were given)."""
    if plan_id is None:
        choice = api.periods.default_choice(store)
        if choice is None:
            raise click.ClickException("还没有规划。运行 planwatch init 载入内置数据，或用 --plan 指定规划。")
        echo(f"未指定规划：{choice.reason}", err=True)
        plan_id = choice.plan.id
        basis = choice.as_of
    elif as_of is None:
        basis = api.periods.plan_as_of(store.plan(plan_id))
    else:
        return plan_id, parse_date(as_of), None
    if as_of is not None:
        return plan_id, parse_date(as_of), basis
    echo(f"规划 {plan_id}，未指定评估时点：{basis.label}。", err=True)
    return plan_id, basis.as_of, basis
