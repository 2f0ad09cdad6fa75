"""What every command shares: the console, ``--json`` and its printing, dates, numbers and the
colour of each status. A command module imports these instead of keeping its own copy."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from planwatch.evaluation.base import Status

STATUS_STYLE = {
    Status.REACHED_EARLY: "bold green",
    Status.ON_SCHEDULE: "green",
    Status.BEHIND: "bold red",
    Status.NOT_ASSESSABLE: "dim",
}

#: the ``--json`` flag every listing command has
json_option = click.option("--json", "as_json", is_flag=True, help="输出 JSON。")


#: terminal control characters (C0 but tab and newline, DEL, C1 — ESC starts colour, cursor and
#: title sequences) and the bidirectional overrides that reorder what a reader sees
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """``text`` without terminal control characters (issue 18: document text with escape codes
    must not reach the terminal as codes)."""
    return _CONTROL.sub("", str(text))


def safe(text: object) -> str:
    """``text`` for a Rich markup string: control characters removed and ``[…]`` escaped, so a
    document's ``[link=…]`` or ``[bold]`` prints as typed."""
    return escape(clean(text))


def echo(message: object = None, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` without terminal control characters."""
    click.echo(None if message is None else clean(message), err=err, nl=nl)


class SafeConsole(Console):
    """A console that removes terminal control characters from every string before Rich reads
    its markup (the markup the commands write has none), also in table cells."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(clean(text), **kwargs)


def console(err: bool = False, *, fit: bool = False) -> Console:
    """A console for Chinese tables: in a pipe or a file (no terminal width to follow) the table
    is printed wide enough for every column instead of being cut to 80 characters. With ``fit``
    the width is the terminal's (or ``COLUMNS``) even in a pipe, for output that lays itself out
    to fit (:func:`planwatch.cli.tables.print_table`)."""
    if fit:
        return SafeConsole(stderr=err, highlight=False, soft_wrap=False)
    probe = Console(stderr=err)
    width = None if probe.is_terminal else 200
    return SafeConsole(stderr=err, highlight=False, soft_wrap=False, width=width)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON with Chinese characters as they are."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def parse_date(value: str) -> dt.date:
    """A ``YYYY-MM-DD`` option value, or a Chinese message naming the expected form."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期“{value}”格式应为 YYYY-MM-DD，例如 2023-06-30") from None


def num(v: float | None, digits: int = 2) -> str:
    """A number for a terminal table: thousands separators, at most ``digits`` decimals, no
    trailing zeros; ``—`` for a gap."""
    if v is None:
        return "—"
    return f"{v:,.{digits}f}".rstrip("0").rstrip(".")


def pct(share: float | None) -> str:
    """A share (0.45) as a percent with one decimal (45.0%); ``—`` for a gap."""
    return "—" if share is None else f"{share * 100:.1f}%"
