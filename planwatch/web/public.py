"""What the public view may show (issue 18, M-7). A page built for a logged-in user is copied for
an anonymous visitor of the public view (``PLANWATCH_PUBLIC=1``) without the names of staff
(who entered, submitted or reviewed a value), without contact details and without what reporters
typed freely (explanations, progress texts, review comments, notes, evidence links); a source is
shown as the title of its document only. Applied to the HTML and the JSON twin of every page the
public may read (:func:`planwatch.web.routes.register`), so a new field of these kinds is
withheld without the page having to remember it."""

from __future__ import annotations

import dataclasses
from typing import Any

from planwatch.web.context import SourceInfo

#: fields that name staff, carry contact details or hold what a reporter typed freely
PRIVATE_FIELDS = frozenset({
    "recorded_by", "submitted_by", "reviewed_by", "decided_by", "withdrawn_by", "actor", "username",
    "display_name", "reviewer", "submitter", "email", "phone", "contact", "contacts",
    "explanation", "review_comment", "comment", "evidence_url", "evidence_document",
})

#: per page type, further fields that hold a reporter's free text (``text`` elsewhere is the
#: plan's own wording and stays): a progress report's text, and a task's reason (the review
#: comment or the unit's own text)
PRIVATE_TEXT = {"ReportItem": frozenset({"text"}), "TaskPage": frozenset({"reason"}),
                "TaskItem": frozenset({"reason"})}


def public_source(src: SourceInfo) -> SourceInfo:
    """A source as the title of its document only (no line, link, date or note)."""
    title = src.document_title or src.title or src.document
    return SourceInfo(label=title or "来源不详", document=src.document, document_title=title)


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return []
    if isinstance(value, tuple):
        return ()
    if isinstance(value, dict):
        return {}
    return None


def public_copy(obj: Any) -> Any:
    """``obj`` (a page context: dataclasses, lists, dicts) as the public may see it."""
    if isinstance(obj, SourceInfo):
        return public_source(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        hidden = PRIVATE_FIELDS | PRIVATE_TEXT.get(type(obj).__name__, frozenset())
        changes = {}
        for fld in dataclasses.fields(obj):
            value = getattr(obj, fld.name)
            changes[fld.name] = _blank(value) if fld.name in hidden else public_copy(value)
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, list):
        return [public_copy(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(public_copy(x) for x in obj)
    if isinstance(obj, dict):
        return {k: _blank(v) if k in PRIVATE_FIELDS else public_copy(v) for k, v in obj.items()}
    return obj
