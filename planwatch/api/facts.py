"""Facts from documents: extraction (pure, in planwatch.facts) joined to files and the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch import model as m
from planwatch.api.plausibility import value_checks
from planwatch.errors import ConfigError, ConflictError, LoadError
from planwatch.facts.extract import Fact, FactKind, extract
from planwatch.facts.link import Link, link_facts
from planwatch.issues import Location, issue
from planwatch.store import Candidate, CandidateInput, Store


def read_text(path: Path) -> str:
    """A document's text: UTF-8 (with or without BOM), else GB18030 (older government files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"无法读取文件“{path}”：{exc.strerror}") from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    bad = issue("bad-file", "文件既不是 UTF-8 也不是 GB18030 编码的文本；请另存为 UTF-8 文本后重试。",
                Location(file=str(path)))
    raise LoadError(f"无法读取文件“{path}”", [bad])


def extract_file(
    path: Path, *, ref_year: int | None = None, plan: tuple[int, int] = (2021, 2025)
) -> list[Fact]:
    """Every fact in a text file (see :func:`planwatch.facts.extract.extract`)."""
    return extract(read_text(path), ref_year=ref_year, plan=plan)


@dataclass(frozen=True)
class ImportReport:
    """What ``import_file`` did: every fact with its link, and the candidates it queued."""

    document: str
    links: tuple[Link, ...]
    candidates: tuple[Candidate, ...]
    skipped: int  # already queued from this document before

    @property
    def linked(self) -> int:
        return sum(1 for link in self.links if link.linked)

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document, "facts": len(self.links), "linked": self.linked,
            "queued": len(self.candidates), "skipped": self.skipped,
            "conflicts": sum(1 for c in self.candidates if c.conflict),
        }


def _document_for(store: Store, path: Path) -> m.Document | None:
    for doc in store.documents():
        if doc.file == path.name or doc.id == path.stem:
            return doc
    return None


def _candidate(link: Link, document: str) -> CandidateInput | None:
    f = link.fact
    if f.kind is FactKind.TARGET:
        return None  # targets are not observations; they stay facts in the report
    return CandidateInput(
        origin="facts", kind=f.kind.value, value=link.value if link.linked else f.value,
        unit=link.unit if link.linked else f.unit,
        statistic=link.statistic.id if link.statistic else None, region=link.region,
        period=f.period, text=f.text, qualifier=f.qualifier.value, scope=f.scope,
        rank_of=f.rank_of, status="estimated" if f.estimated else None,
        explanation=f"{f.region}｜{f.subject}｜{link.reason}", sentence=f.sentence,
        source=m.SourceRef(document=document, line=f.line),
    )


def link_file(store: Store, path: Path, *, ref_year: int | None = None) -> tuple[str, list[Link]]:
    """Extract the facts of a file and link them to the store's statistics and regions."""
    doc = _document_for(store, path)
    if ref_year is None and doc is not None and doc.date and doc.date[:4].isdigit():
        ref_year = int(doc.date[:4])
    facts = extract_file(path, ref_year=ref_year)
    links = link_facts(facts, store.statistics(), store.regions(), store.indicators())
    return (doc.id if doc else path.name), links


def import_file(
    store: Store, path: Path, *, submitter: str, ref_year: int | None = None
) -> ImportReport:
    """Queue every fact of a file for review (linked to a statistic where possible), in one
    transaction. Importing the same file again queues nothing new."""
    document, links = link_file(store, path, ref_year=ref_year)
    seen = {
        (c.source.line, c.kind, c.value, c.unit, c.period, c.statistic)
        for c in store.candidates(None, origin="facts") if c.source.document == document
    }
    items: list[CandidateInput] = []
    skipped = 0
    for link in links:
        item = _candidate(link, document)
        if item is None:
            continue
        key = (item.source.line, item.kind, item.value, item.unit, item.period, item.statistic)
        if key in seen:
            skipped += 1
            continue
        seen.add(key)
        items.append(item)
    queued = store.submit_candidates(items, submitter=submitter, batch=f"facts:{document}")
    return ImportReport(document, tuple(links), tuple(queued), skipped)


@dataclass(frozen=True)
class BulkReview:
    accepted: tuple[Candidate, ...]
    second_sources: tuple[Candidate, ...]
    left: tuple[tuple[Candidate, str], ...]  # (candidate, why it was left for a person)


def accept_all_linked(store: Store, *, reviewer: str, batch: str | None = None) -> BulkReview:
    """Accept every pending candidate that is linked (statistic, region, period) and has no
    conflict; conflicts and unlinked facts are left for a person."""
    accepted: list[Candidate] = []
    second: list[Candidate] = []
    left: list[tuple[Candidate, str]] = []
    for c in store.candidates("pending", batch=batch):
        if not (c.statistic and c.region and c.period):
            left.append((c, "未关联统计指标、地区或时期"))
            continue
        if c.conflict:
            left.append((c, "与已有数值冲突"))
            continue
        raised = value_checks(store, c, c.value, c.unit)
        if raised:
            left.append((c, "合理性检查：" + " ".join(f"{i.code} {i.message}" for i in raised)))
            continue
        try:
            done = store.accept_candidate(c.id, version=c.version, reviewer=reviewer,
                                          comment="批量接受（已关联且无冲突）")
        except (ConflictError, ConfigError) as exc:
            left.append((c, str(exc)))
            continue
        (second if "另一来源" in (done.review_comment or "") else accepted).append(done)
    return BulkReview(tuple(accepted), tuple(second), tuple(left))
