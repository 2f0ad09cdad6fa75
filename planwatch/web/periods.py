"""Default evaluation dates of the web pages: they follow the active plan period.

``PLANWATCH_AS_OF`` (settings.as_of) still fixes one date for every page. Without it a plan's
page is evaluated today while its period runs and at its last day once the period has ended
(最终评估), and the overview says which plan is the default (the one whose period contains
today, or the most recent ended plan while the new period has no data yet)."""

from __future__ import annotations

import datetime as dt

from planwatch import api
from planwatch import model as m
from planwatch.web.deps import Ctx
from planwatch.web.present import parse_as_of


def plan_as_of(ctx: Ctx, plan: m.Plan, text: str | None) -> tuple[dt.date, str | None]:
    """The date asked for, or the plan's default with its label."""
    if text or ctx.settings.as_of is not None:
        return parse_as_of(text, ctx.settings.default_as_of()), None
    a = api.periods.plan_as_of(plan, api.periods.today())
    return a.as_of, a.label


def default_choice(ctx: Ctx) -> api.periods.Choice | None:
    if ctx.settings.as_of is not None:
        return None
    return api.periods.default_choice(ctx.db, api.periods.today())
