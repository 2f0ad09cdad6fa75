"""Reading plan documents (issue 3): parse for review, then import into the store."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import NotFound
from planwatch.parsers import parse_plan
from planwatch.parsers.result import ParsedPlan

__all__ = ["ParsedPlan", "parse_plan_file"]


def parse_plan_file(path: Path | str) -> ParsedPlan:
    """What the parser reads from a plan document, with every problem found; writes nothing."""
    p = Path(path)
    if not p.exists():
        raise NotFound(f"文件“{p}”不存在。")
    return parse_plan(p)
