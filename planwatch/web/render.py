"""Rendering a page context as HTML (Jinja2, autoescaped) or JSON (the same dataclass)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from planwatch.web import present
from planwatch.web.deps import Ctx
from planwatch.web.permissions import Action
from planwatch.web.present import num, pct

TEMPLATES = Path(__file__).parent / "templates"

NAV: tuple[tuple[str, str, Action], ...] = (
    ("/", "总览", Action.READ),
    ("/counties", "区县视图", Action.READ),
    ("/report", "数据报送", Action.SUBMIT),
    ("/report/status", "报送状态", Action.MONITOR),
    ("/review", "审核", Action.REVIEW),
    ("/messages", "消息", Action.MESSAGES),
    ("/import", "规划导入", Action.IMPORT),
    ("/audit", "审计日志", Action.AUDIT),
    ("/units", "单位与责任", Action.ACCOUNTS),
    ("/users", "账号", Action.ACCOUNTS),
)


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.filters["pct"] = pct
    env.globals["page_url"] = page_url
    env.filters["kind_label"] = lambda c: present.label(present.KIND_LABELS, c)
    env.filters["data_status"] = lambda c: present.label(present.DATA_STATUS_LABELS, c)
    env.filters["rule_label"] = lambda c: present.label(present.RULE_LABELS, c)
    env.filters["severity"] = lambda c: present.label(present.SEVERITY_LABELS, c)
    env.filters["review_state"] = lambda c: present.REVIEW_STATE_LABELS.get(c or "", c or "")
    env.filters["finding"] = present.finding_title
    return env


def page_url(request: Any, param: str, number: int) -> str:
    """The current address with ``param`` set to ``number`` (the other filters kept)."""
    from urllib.parse import urlencode

    query = [(k, v) for k, v in request.query_params.multi_items() if k != param]
    return str(request.url.path) + "?" + urlencode([*query, (param, str(number))])


ENV = _env()


def as_data(page: Any) -> Any:
    if dataclasses.is_dataclass(page) and not isinstance(page, type):
        return dataclasses.asdict(page)
    return page


def render(
    ctx: Ctx,
    template: str,
    page: Any,
    *,
    status_code: int = 200,
    charts: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    nav = [(href, label) for href, label, action in NAV if ctx.can(action)]
    html = ENV.get_template(template).render(
        page=page, ctx=ctx, nav=nav, charts=charts or {}, path=ctx.request.url.path,
        **(extra or {}),
    )
    return HTMLResponse(html, status_code=status_code)


ChartBuilder = Callable[[Any], Mapping[str, Any]]
