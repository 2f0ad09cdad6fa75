"""One error shape for HTML and JSON: ``{"error": {"status", "title", "message"}}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from planwatch.errors import (
    PlanwatchError,
)
from planwatch.web.deps import LoginRequired, get_ctx

log = logging.getLogger("planwatch.web")

TITLES = {400: "输入有误", 401: "需要登录", 403: "无权访问", 404: "未找到", 405: "不支持的请求方式",
          409: "数据冲突", 413: "内容过大", 422: "输入有误", 500: "服务器内部错误"}

FIELD_NAMES = {"as_of": "评估时点", "value": "数值", "period": "时期", "plan_id": "规划编号",
               "indicator_id": "指标编号", "file": "文件", "comment": "意见", "limit": "条数",
               "offset": "起始位置", "page": "页码", "indicator": "指标", "region": "区域",
               "candidate_id": "记录编号", "year": "年份", "version": "版本", "action": "审核操作",
               "username": "用户名", "password": "密码", "source_title": "来源名称",
               "source_url": "来源网址", "explanation": "说明", "state": "状态"}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/") or path == "/openapi.json"


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "title": TITLES.get(status, "错误"), "message": message, **extra}}


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(status, message, **extra), status_code=status)
    from planwatch.web.render import render

    page = error_body(status, message, **extra)["error"]
    if not hasattr(request.state, "session"):  # failed outside the session middleware
        from html import escape

        from fastapi.responses import HTMLResponse

        return HTMLResponse(f"<!doctype html><meta charset='utf-8'><h1>{escape(page['title'])}</h1>"
                            f"<p>{escape(message)}</p>", status_code=status)
    return render(get_ctx(request), "error.html", page, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
        name = FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "输入"
        kind = str(err.get("type", ""))
        if "missing" in kind:
            parts.append(f"缺少“{name}”")
        elif kind.startswith(("float", "int", "decimal")):
            parts.append(f"“{name}”应为数字")
        elif "date" in kind:
            parts.append(f"“{name}”应为日期 YYYY-MM-DD")
        else:
            parts.append(f"“{name}”取值无效")
    return "；".join(parts) + "。未做任何修改。" if parts else "请求内容无效。未做任何修改。"


def install(app: FastAPI) -> None:
    @app.exception_handler(PlanwatchError)
    async def _planwatch(request: Request, exc: PlanwatchError) -> Response:
        if isinstance(exc, LoginRequired) and not wants_json(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        status = exc.status
        return error_response(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "页面不存在，请检查地址。", 405: "该地址不支持此请求方式。"}.get(
            exc.status_code, str(exc.detail)
        )
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "服务器内部错误，已记录。请稍后重试或联系管理员。")
