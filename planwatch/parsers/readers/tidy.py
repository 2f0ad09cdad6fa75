"""Shared clean-up for tables read from Word, PDF and Excel files: a caption or a note printed
inside the table as a full-width merged row is moved out of the rows."""

from __future__ import annotations

from planwatch.parsers.blocks import Block, Paragraph, Table
from planwatch.parsers.readers.text import CAPTION, NOTE, attach_captions_and_notes


def _spanning(row_texts: list[str]) -> str | None:
    filled = {t.strip() for t in row_texts if t.strip()}
    return filled.pop() if len(filled) == 1 else None


def tidy(table: Table) -> None:
    while table.rows:
        text = _spanning([c.text for c in table.rows[0]])
        if text and CAPTION.match(text) and table.caption is None:
            table.caption, table.caption_line = text, table.rows[0][0].line
            table.rows.pop(0)
            continue
        break
    spanning = 0  # trailing full-width rows
    while spanning < len(table.rows) and _spanning([c.text for c in table.rows[-1 - spanning]]):
        spanning += 1
    for k in range(len(table.rows) - spanning, len(table.rows)):
        text = _spanning([c.text for c in table.rows[k]]) or ""
        if NOTE.match(text):
            notes = table.rows[k:]
            del table.rows[k:]
            table.notes[:0] = [Paragraph(_spanning([c.text for c in r]) or "", line=r[0].line,
                                         page=r[0].page, ref=r[0].ref) for r in notes]
            break


def finish(blocks: list[Block]) -> None:
    """Tidy every table, number them, and give each its caption and notes."""
    n = 0
    for b in blocks:
        if isinstance(b, Table):
            n += 1
            b.index = n
            tidy(b)
    attach_captions_and_notes(blocks)
