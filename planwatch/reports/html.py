"""The HTML report: the same context rendered with Jinja2; drafts carry a 草稿 badge."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from planwatch.reports.context import ReportContext
from planwatch.reports.numbers import cn_numeral

TEMPLATES = Path(__file__).parent / "templates"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["cn"] = cn_numeral
    return env


def render_html(ctx: ReportContext) -> str:
    return _env().get_template("report.html.j2").render(c=ctx)


def write_html(ctx: ReportContext, path: Path) -> Path:
    path.write_text(render_html(ctx), encoding="utf-8")
    return path
