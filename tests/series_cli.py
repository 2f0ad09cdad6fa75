"""Helpers for tests that run ``planwatch methods run`` on CSV files written in tmp_path."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from planwatch.cli import cli
from planwatch.evaluation.series import Series

CONFIG_HEADER = ("id", "direction", "target", "target_year", "base_year", "limit")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path


def write_series(tmp: Path, series: Sequence[Series]) -> tuple[Path, Path]:
    s = write_csv(tmp / "series.csv", ("id", "year", "value"),
                  [(x.id, y, repr(v)) for x in series for y, v in zip(x.years, x.values, strict=True)])
    c = write_csv(tmp / "config.csv", CONFIG_HEADER,
                  [(x.id, "+1" if x.direction > 0 else "-1", x.target, x.target_year, x.base_year,
                    x.limit) for x in series])
    return s, c


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_series(tmp: Path, method: str, series: Sequence[Series],
               sets: Sequence[str] = ()) -> dict[str, Mapping[str, Any]]:
    """Run the CLI on the series and return its JSON output keyed by id."""
    s, c = write_series(tmp, series)
    args = ["methods", "run", method, "--series", str(s), "--config", str(c), "--json"]
    for x in sets:
        args += ["--set", x]
    result = run(args)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}
