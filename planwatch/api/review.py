"""The review queue for values from facts (documents), the web form, Excel imports and the API.

Thin over :class:`planwatch.store.review.ReviewMixin`; the web app and the CLI call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planwatch import model as m
from planwatch.store import Candidate, CandidateInput, CandidateState, Store


def submit(
    store: Store, items: Sequence[CandidateInput], *, submitter: str, batch: str | None = None
) -> list[Candidate]:
    """Queue values for review (one transaction); conflicts with known values are flagged."""
    return store.submit_candidates(items, submitter=submitter, batch=batch)


def pending(store: Store, *, origin: str | None = None, batch: str | None = None) -> list[Candidate]:
    return store.candidates("pending", origin=origin, batch=batch)


def candidates(store: Store, state: str | None = None, **filters: str) -> list[Candidate]:
    return store.candidates(state, **filters)  # type: ignore[arg-type]


def accept(
    store: Store, candidate_id: int, *, version: int, reviewer: str, comment: str | None = None,
    as_revision: bool = False,
) -> Candidate:
    _fact_checks(store, candidate_id, "accept", None, None, comment)
    return store.accept_candidate(candidate_id, version=version, reviewer=reviewer,
                                  comment=comment, as_revision=as_revision)


def correct(
    store: Store, candidate_id: int, *, version: int, reviewer: str, value: float,
    unit: str | None = None, comment: str | None = None, as_revision: bool = False,
    statistic: str | None = None, region: str | None = None, period: str | None = None,
    kind: str | None = None,
) -> Candidate:
    _fact_checks(store, candidate_id, "correct", value, unit, comment,
                 statistic=statistic, region=region, period=period, kind=kind)
    return store.correct_candidate(
        candidate_id, version=version, reviewer=reviewer, value=value, unit=unit,
        comment=comment, as_revision=as_revision, statistic=statistic, region=region,
        period=period, kind=kind,
    )


def _fact_checks(store: Store, candidate_id: int, action: str, value: float | None,
                 unit: str | None, comment: str | None, **fixes: str | None) -> None:
    """Facts from documents are checked when a reviewer decides (the other paths when they are
    submitted): a hard error blocks, a warning needs the reviewer's comment."""
    from dataclasses import replace

    from planwatch.api.plausibility import require_for_decision

    c = store.candidate(candidate_id)
    if c.origin != "facts" or c.state is not CandidateState.PENDING:
        return
    fixed: dict[str, Any] = {k: v for k, v in fixes.items() if v is not None}
    c = replace(c, **fixed)
    require_for_decision(store, c, action=action, value=c.value if value is None else value,
                         unit=unit or c.unit, comment=comment, candidate_id=candidate_id)


def reject(store: Store, candidate_id: int, *, version: int, reviewer: str, comment: str) -> Candidate:
    return store.reject_candidate(candidate_id, version=version, reviewer=reviewer, comment=comment)


def sources(store: Store, observation_id: int) -> list[tuple[m.SourceRef, int | None]]:
    """Every source of an observation (its own and those of candidates linked to it)."""
    return store.observation_sources(observation_id)


__all__ = [
    "Candidate", "CandidateInput", "CandidateState", "accept", "candidates", "correct", "pending",
    "reject", "sources", "submit",
]
