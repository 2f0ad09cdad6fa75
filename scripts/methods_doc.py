"""Regenerate the parameter and category tables of docs/methods.md from the method registry.

    .venv/bin/python scripts/methods_doc.py          # rewrite the generated block
    .venv/bin/python scripts/methods_doc.py --check  # exit 1 if the page is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

import planwatch.evaluation  # noqa: F401  (registers the built-in methods)
from planwatch.evaluation.catalogue import replace_generated

PAGE = Path(__file__).resolve().parent.parent / "docs" / "methods.md"


def main() -> int:
    old = PAGE.read_text(encoding="utf-8")
    new = replace_generated(old)
    if "--check" in sys.argv:
        if new != old:
            sys.stderr.write("docs/methods.md is out of date: run python scripts/methods_doc.py\n")
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
