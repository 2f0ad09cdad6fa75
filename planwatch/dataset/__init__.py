"""Reading a data folder (YAML and CSV, docs/data-format.md) into one :class:`~planwatch.model.Dataset`.

- :mod:`~planwatch.dataset.files`: YAML nodes with line numbers, records and their checks;
- :mod:`~planwatch.dataset.catalog`: what has been read so far, the result, the embedded folders;
- :mod:`~planwatch.dataset.read`: the folder's regions, departments, documents, statistics and
  observations, and :func:`read_dataset`;
- :mod:`~planwatch.dataset.plans`: ``plans/<plan-id>.yaml``.
"""

from planwatch.dataset.catalog import (
    EMBEDDED,
    EMBEDDED_ALL,
    EMBEDDED_NATIONAL,
    Catalog,
    ReadResult,
    embedded_plan_ids,
)
from planwatch.dataset.read import read_dataset

__all__ = [
    "EMBEDDED",
    "EMBEDDED_ALL",
    "EMBEDDED_NATIONAL",
    "Catalog",
    "ReadResult",
    "embedded_plan_ids",
    "read_dataset",
]
