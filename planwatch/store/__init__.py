"""The store: SQLite by default, PostgreSQL for servers, same schema and migrations.

``Store`` is assembled from feature mixins, each in its own module: catalog (plans, indicators,
observations), and the review queue, users and audit features added beside it.
"""

from __future__ import annotations

from planwatch.store.annual import AnnualMixin
from planwatch.store.audit import AuditMixin
from planwatch.store.backup import BackupMixin
from planwatch.store.catalog import CatalogMixin, LoadReport, current
from planwatch.store.core import default_url
from planwatch.store.departments import UnitsMixin
from planwatch.store.generated import GeneratedFile, GeneratedMixin
from planwatch.store.review import Candidate, CandidateInput, CandidateState, ReviewMixin
from planwatch.store.tasks import EvidenceFile, ProgressEntry, ProgressInput, TasksMixin, TaskUnit
from planwatch.store.users import SessionsMixin, UsersMixin


class Store(ReviewMixin, CatalogMixin, UnitsMixin, AnnualMixin, BackupMixin, UsersMixin, SessionsMixin, AuditMixin,
            TasksMixin, GeneratedMixin):
    """Open with ``Store(url)``; ``url=None`` uses :func:`default_url`."""

    def __init__(self, url: str | None = None, *, migrate: bool = True,
                 replica_url: str | None = None) -> None:
        super().__init__(url, migrate=migrate, replica_url=replica_url)
        if migrate:
            self.declare_units()  # units declared by loaded data folders (units.yaml)


def open_store(url: str | None = None) -> Store:
    return Store(url)


__all__ = [
    "Candidate",
    "CandidateInput",
    "CandidateState",
    "EvidenceFile",
    "GeneratedFile",
    "LoadReport",
    "ProgressEntry",
    "ProgressInput",
    "Store",
    "TaskUnit",
    "current",
    "default_url",
    "open_store",
]
