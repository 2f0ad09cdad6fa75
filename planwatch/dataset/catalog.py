"""What the readers of a data folder share: the catalogue references are resolved against, the
result of a read, and where the embedded datasets live."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planwatch import model as m
from planwatch.issues import Issue

_DATA = Path(__file__).resolve().parent.parent / "data"
EMBEDDED = _DATA / "jinhua"
EMBEDDED_NATIONAL = _DATA / "national14"
#: the embedded datasets in load order (a parent plan before the plans that name it)
EMBEDDED_ALL = (EMBEDDED_NATIONAL, EMBEDDED)


def embedded_plan_ids() -> set[str]:
    """Ids of the plans shipped in the package, which any dataset may name as a parent."""
    out: set[str] = set()
    for folder in EMBEDDED_ALL:
        for path in (folder / "plans").glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                out.add(data["id"])
    return out


@dataclass(frozen=True)
class ReadResult:
    dataset: m.Dataset
    errors: list[Issue]
    findings: list[Issue]


@dataclass
class Catalog:
    """What has been read so far; references are resolved against it."""

    regions: dict[str, m.Region] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)  # name or alias → id
    departments: dict[str, m.Department] = field(default_factory=dict)
    documents: dict[str, m.Document] = field(default_factory=dict)
    statistics: dict[str, m.Statistic] = field(default_factory=dict)
    statistic_names: dict[str, str] = field(default_factory=dict)

    def region_id(self, ref: str) -> str | None:
        if ref in self.regions:
            return ref
        return self.region_names.get(ref)

    def statistic_id(self, ref: str) -> str | None:
        if ref in self.statistics:
            return ref
        return self.statistic_names.get(ref)
