"""Plausibility checks on the fact-review path (issue 11, item 3).

Values submitted through the web form, the Excel upload and the JSON API are checked when they
are submitted (:func:`planwatch.api.submissions.check_value`). Values extracted from documents
(facts) reach the queue without a person typing them; they are checked when a reviewer decides:
the same rules (magnitude slips against the previous value, the base and the target; a share
outside 0—100; a negative count; the counties' sum above the city; an unusual yearly change)
run on the value being accepted. A hard error blocks accepting it (correct the value or reject
it); a warning needs the reviewer's comment saying why the value is right. Bulk acceptance
leaves every value that raises a check for a person.

The indicator a fact is judged against is the one it names, or else the plan indicator (or
county decomposition) that measures its statistic in its region.
"""

from __future__ import annotations

import re
from typing import Protocol

from planwatch import model as m
from planwatch import units as u
from planwatch.api import submissions
from planwatch.api.submission_rows import template_row
from planwatch.errors import ConfigError
from planwatch.issues import Issue, Severity, issue
from planwatch.store import Store


class _Keyed(Protocol):
    @property
    def statistic(self) -> str | None: ...
    @property
    def indicator(self) -> str | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def unit(self) -> str | None: ...


CHECKED_KINDS = frozenset({"level", "share", "count", "index"})


def indicator_for_key(store: Store, statistic: str | None, region: str | None,
                      indicator: str | None = None) -> m.Indicator | None:
    """The indicator a value of ``statistic`` in ``region`` is judged against: the named one, a
    plan indicator of the region, or a decomposed indicator with a row for the region."""
    if indicator:
        try:
            return store.indicator(indicator)
        except Exception:  # noqa: BLE001 - an unknown id gets no checks, not an error page
            return None
    if not (statistic and region):
        return None
    plans = {p.id: p for p in store.plans()}
    found = [i for i in store.indicators() if i.statistic == statistic]
    for ind in found:
        if ind.plan in plans and plans[ind.plan].region == region:
            return ind
    ids = {i.id: i for i in found}
    for d in store.decompositions():
        if d.region == region and d.indicator in ids:
            return ids[d.indicator]
    return None


def value_checks(store: Store, c: _Keyed, value: float | None = None,
                 unit: str | None = None) -> list[Issue]:
    """Every plausibility check a (statistic, region, year) value raises; empty when the value
    cannot be placed (no indicator measures it there, not an annual period, a target)."""
    if value is None or c.kind not in CHECKED_KINDS or not re.fullmatch(r"\d{4}", c.period or ""):
        return []
    ind = indicator_for_key(store, c.statistic, c.region, c.indicator)
    region = next((r for r in store.regions() if r.id == c.region), None)
    if ind is None or region is None or not ind.statistic:
        return []
    unit = unit or c.unit or ind.unit
    if unit != ind.unit:
        if not (u.is_known(unit) and u.is_known(ind.unit) and u.compatible(unit, ind.unit)):
            return []
        value = u.convert(value, unit, ind.unit)
    year = int(c.period or 0)
    task = submissions.Task(template_row(store, ind, region, m.Period.year(year), "", ""), year,
                            submissions.due_date(year), "pending")
    out = submissions.plausibility(store, task, value)
    if any(i.severity is Severity.ERROR for i in out):
        return out
    why = submissions._outlier(store, task, value)
    if why:
        out.append(issue("plausibility-change", f"数值{value:g}{why}：请核对；确认无误请在审核意见中写明原因。"))
    return out


def require_for_decision(store: Store, c: _Keyed, *, action: str, value: float | None,
                         unit: str | None, comment: str | None, candidate_id: int) -> None:
    """Refuse (ConfigError, nothing written) accepting a fact whose value raises a hard error, or
    one that raises a warning without the reviewer's comment."""
    if action == "reject":
        return
    found = value_checks(store, c, value, unit)
    errors = [i for i in found if i.severity is Severity.ERROR]
    if errors:
        raise ConfigError(f"候选数据#{candidate_id}未接受：" + " ".join(i.message for i in errors)
                          + " 请更正数值或拒绝。未做任何修改。")
    warnings = [i for i in found if i.severity is Severity.WARNING]
    if warnings and not (comment or "").strip():
        raise ConfigError(f"候选数据#{candidate_id}未接受：请在审核意见中说明为何数值无误——"
                          + " ".join(i.message for i in warnings) + " 未做任何修改。")
