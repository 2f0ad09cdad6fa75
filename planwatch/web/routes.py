"""The route table: every path the app serves, the view behind it and the action (and so the
roles, see :mod:`planwatch.web.permissions`) it requires. Nothing is registered elsewhere.

A ``Page`` is served as HTML at ``path`` and as JSON at ``path + ".json"`` from the same context
dataclass; the JSON twin is part of the OpenAPI description (``/openapi.json``). An ``Endpoint``
is a form handler or a JSON API call.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response

from planwatch.web import charts
from planwatch.web.deps import Ctx, require
from planwatch.web.permissions import PUBLIC, Action
from planwatch.web.public import public_copy
from planwatch.web.render import render
from planwatch.web.views import (
    account,
    admin,
    audit,
    auth,
    counties,
    generated_reports,
    imports,
    indicators,
    messages,
    plans,
    reminders,
    review,
    submissions,
    tasks,
    units,
)

ACTION_KEY = "x-planwatch-action"


@dataclass(frozen=True)
class Page:
    path: str
    view: Callable[..., Any]
    action: Action
    template: str
    chart: Callable[[Any], dict[str, Any]] | None = None
    extra: Callable[[Ctx, Any], dict[str, Any]] | None = None  # more template values (the map)


@dataclass(frozen=True)
class Endpoint:
    path: str
    view: Callable[..., Any]
    action: Action
    methods: tuple[str, ...] = ("GET",)
    in_schema: bool = False  # part of the JSON API description


ROUTES: tuple[Page | Endpoint, ...] = (
    Page("/", plans.overview, Action.READ, "overview.html"),
    Page("/plans/{plan_id}", plans.plan_page, Action.READ, "plan.html", charts.plan_chart),
    Page("/plans/{plan_id}/files", generated_reports.files_page, Action.SESSION, "generated.html"),
    Endpoint("/plans/{plan_id}/generate", generated_reports.generate_submit, Action.GENERATE,
             ("POST",)),
    Endpoint("/files/{file_id}", generated_reports.download, Action.SESSION),
    Page("/plans/{plan_id}/tasks", tasks.board_page, Action.READ, "tasks.html"),
    Page("/plans/{plan_id}/projects", tasks.projects_page, Action.READ, "projects.html"),
    Endpoint("/plans/{plan_id}/projects/template", tasks.projects_template, Action.ASSIGN),
    Endpoint("/plans/{plan_id}/projects/upload", tasks.projects_upload, Action.ASSIGN, ("POST",)),
    Page("/tasks/{task_id:path}", tasks.task_page, Action.READ, "task.html"),
    Endpoint("/tasks/assign", tasks.assign_submit, Action.ASSIGN, ("POST",)),
    Endpoint("/tasks/report", tasks.report_submit, Action.SUBMIT, ("POST",)),
    Endpoint("/tasks/review/{progress_id}", tasks.review_submit, Action.REVIEW, ("POST",)),
    Page("/projects/{project_id:path}", tasks.project_page, Action.READ, "project.html"),
    Endpoint("/evidence/{file_id}", tasks.evidence_download, Action.EVIDENCE),
    Page("/indicators/{indicator_id:path}", indicators.indicator_page, Action.READ, "indicator.html",
         charts.indicator_chart),
    Page("/counties", counties.county_page, Action.READ, "counties.html", charts.county_map,
         counties.map_geo),
    Page("/report", submissions.report_page, Action.SUBMIT, "submission.html", extra=tasks.reporter_tasks),
    Endpoint("/report/entry", submissions.entry_form, Action.SUBMIT),
    Endpoint("/report/entry", submissions.entry_submit, Action.SUBMIT, ("POST",)),
    Endpoint("/report/template", submissions.template_download, Action.SUBMIT),
    Endpoint("/report/upload", submissions.template_upload, Action.SUBMIT, ("POST",)),
    Endpoint("/api/submissions", submissions.api_submit, Action.SUBMIT, ("POST",), in_schema=True),
    Page("/report/status", submissions.status_page, Action.MONITOR, "submission_status.html",
         extra=reminders.status_extra),
    Endpoint("/report/status/remind", reminders.remind_submit, Action.MONITOR, ("POST",)),
    Endpoint("/report/withdraw", messages.withdraw_submit, Action.SUBMIT, ("POST",)),
    Endpoint("/api/submissions/{candidate_id}/withdraw", messages.api_withdraw, Action.SUBMIT,
             ("POST",), in_schema=True),
    Page("/messages", messages.messages_page, Action.MESSAGES, "messages.html"),
    Page("/review", review.review_page, Action.REVIEW, "review.html"),
    Endpoint("/review/{candidate_id}", review.review_submit, Action.REVIEW, ("POST",)),
    Endpoint("/api/review/{candidate_id}", review.api_decide, Action.REVIEW, ("POST",),
             in_schema=True),
    Endpoint("/import", imports.import_form, Action.IMPORT),
    Endpoint("/import", imports.import_upload, Action.IMPORT, ("POST",)),
    Endpoint("/import/confirm", imports.import_confirm, Action.IMPORT, ("POST",)),
    Page("/audit", audit.audit_page, Action.AUDIT, "audit.html"),
    Endpoint("/audit.csv", audit.audit_csv, Action.AUDIT),
    Page("/users", admin.users_page, Action.ACCOUNTS, "users.html"),
    Endpoint("/users", admin.users_create, Action.ACCOUNTS, ("POST",)),
    Page("/units", units.units_page, Action.ACCOUNTS, "units.html"),
    Endpoint("/units", units.unit_save, Action.ACCOUNTS, ("POST",)),
    Endpoint("/units/duty", units.duty_save, Action.ACCOUNTS, ("POST",)),
    Endpoint("/units/import", units.duty_upload, Action.ACCOUNTS, ("POST",)),
    Endpoint("/units/annual", units.annual_upload, Action.ACCOUNTS, ("POST",)),
    Endpoint("/units/annual-template", units.annual_template, Action.ACCOUNTS),
    Endpoint("/login", auth.login_form, Action.OPEN),
    Endpoint("/login", auth.login_submit, Action.OPEN, ("POST",)),
    Endpoint("/logout", auth.logout, Action.SESSION, ("POST",)),
    Page("/account", account.account_page, Action.SESSION, "account.html"),
    Endpoint("/account/password", account.password_submit, Action.SESSION, ("POST",)),
    Endpoint("/api/session", auth.session_info, Action.OPEN, in_schema=True),
    Endpoint("/api/login", auth.api_login, Action.OPEN, ("POST",), in_schema=True),
)


def _public_safe(view: Callable[..., Any]) -> Callable[..., Any]:
    """The view, its page copied without staff names and reporters' free text when the visitor
    is the anonymous public (see :mod:`planwatch.web.public`)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        context = view(*args, **kwargs)
        ctx: Ctx = kwargs["ctx"]
        return public_copy(context) if ctx.role == PUBLIC else context

    return wrapped


def _html(page: Page) -> Callable[..., Response]:
    view = _public_safe(page.view)

    @functools.wraps(view)
    def endpoint(*args: Any, **kwargs: Any) -> Response:
        context = view(*args, **kwargs)
        ctx: Ctx = kwargs["ctx"]
        built = {"main": page.chart(context)} if page.chart else {}
        return render(ctx, page.template, context, charts=built,
                      extra=page.extra(ctx, context) if page.extra else None)

    return endpoint


def _json_path(path: str) -> str:
    return path + ".json"


def register(app: FastAPI) -> None:
    for r in ROUTES:
        deps = [Depends(require(r.action))]
        extra = {ACTION_KEY: r.action.value}
        if isinstance(r, Page):
            ret = r.view.__annotations__.get("return")
            app.add_api_route(
                _json_path(r.path), _public_safe(r.view), methods=["GET"], dependencies=deps,
                response_model=_resolve(r.view, ret), openapi_extra=extra,
                name=f"{r.view.__name__}_json", summary=_summary(r.view),
            )
            app.add_api_route(
                r.path, _html(r), methods=["GET"], dependencies=deps, include_in_schema=False,
                openapi_extra=extra, name=r.view.__name__,
            )
        else:
            app.add_api_route(
                r.path, r.view, methods=list(r.methods), dependencies=deps,
                include_in_schema=r.in_schema, openapi_extra=extra,
                name=f"{r.view.__name__}_{r.methods[0].lower()}", summary=_summary(r.view),
            )


def _summary(view: Callable[..., Any]) -> str | None:
    doc = (view.__doc__ or "").strip().splitlines()
    return doc[0] if doc else None


def _resolve(view: Callable[..., Any], ret: Any) -> Any:
    return typing.get_type_hints(view).get("return", ret)


def route_actions(app: FastAPI) -> dict[tuple[str, str], str]:
    """(method, path) → action for every route the app registers (for the role matrix test)."""
    from fastapi.routing import APIRoute

    out: dict[tuple[str, str], str] = {}
    for route in app.routes:
        if isinstance(route, APIRoute):
            action = (route.openapi_extra or {}).get(ACTION_KEY, "")
            for method in route.methods or ():
                out[(method, route.path)] = action
    return out


def context_classes() -> list[type]:
    """Every page context and the parts it is made of, reachable from :data:`ROUTES` (pages and
    JSON endpoints), in route order."""
    seen: dict[type, None] = {}

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in seen:
            seen[tp] = None
            for hint in typing.get_type_hints(tp).values():
                visit(hint)

    for r in ROUTES:
        visit(typing.get_type_hints(r.view).get("return"))
    return list(seen)


def field_help(cls: type) -> dict[str, str]:
    """A context's fields and the help each carries (``documented("…")``)."""
    return {f.name: str(f.metadata.get("help", "")) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def describe_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI description with each context's docstring and each field's help added."""
    comps = schema.get("components", {}).get("schemas", {})
    for cls in context_classes():
        helps = field_help(cls)
        for comp in comps.values():
            props = comp.get("properties", {})
            if comp.get("title") != cls.__name__ or set(props) != set(helps):
                continue
            if cls.__doc__:
                comp.setdefault("description", cls.__doc__)
            for name, prop in props.items():
                if helps[name]:
                    prop.setdefault("description", helps[name])
    return schema


def install_openapi(app: FastAPI) -> None:
    """``/openapi.json`` describes every page field with the help the contexts carry."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = describe_schema(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
