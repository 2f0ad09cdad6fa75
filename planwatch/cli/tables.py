"""Tables that fit the terminal: a rich table when every column fits at its natural width, else
the same rows as a list (one block per row: the row's name, then "列名：值" pairs wrapped to the
width), so nothing is cut to "…" in an 80-column terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from planwatch.cli.output import clean, safe


def natural_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Width of a rich table with heavy head and one space of padding on each side."""
    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            longest = max((cell_len(line) for line in str(cell).splitlines()), default=0)
            widths[i] = max(widths[i], longest)
    return sum(widths) + 3 * len(widths) + 1


def print_table(con: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                title: str | None = None, name: Sequence[int] = (0,)) -> None:
    """Print rows as a table if it fits ``con.width``, else as a list; ``name`` are the columns
    joined into each block's heading (e.g. 序号 and 指标)."""
    if natural_width(headers, rows) <= con.width:
        t = Table(*headers, title=title)
        for row in rows:
            t.add_row(*(safe(c) for c in row))
        con.print(t)
        return
    if title:
        con.print(f"[bold]{safe(title)}[/bold]")
    for row in rows:
        heading = " ".join(str(row[i]) for i in name if str(row[i]))
        rest = [f"{h}：{c}" for i, (h, c) in enumerate(zip(headers, row, strict=True))
                if i not in name and str(c).strip()]
        con.print(f"[bold]{safe(heading)}[/bold]")
        con.print(Padding(Text(clean("；".join(rest)), overflow="fold"), (0, 0, 0, 2)))
