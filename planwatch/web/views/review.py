"""The review queue: submitted values and extracted facts wait here; a reviewer accepts,
corrects or rejects each with a comment. Nothing is overwritten: a decision records who and
when, a corrected value keeps the original, and accepted values become observation revisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Form, Query
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch import api
from planwatch import model as m
from planwatch.errors import ConfigError
from planwatch.web.context import (
    Option,
    SourceInfo,
    documented,
)
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.present import source_info


@dataclass
class CandidateItem:
    """One queued value with the context the reviewer needs (base, target, previous, checks)."""

    id: int = documented("待审核记录编号")
    version: int = documented("版本（提交审核决定时原样带回，防止覆盖他人的决定）", 1)
    origin: str = documented("来源渠道：web 网页填报 | excel 填报表 | api 接口 | facts 文档抽取")
    origin_label: str = documented("来源渠道名称", "")
    state: str = documented("状态：pending | accepted | corrected | rejected", "pending")
    state_label: str = documented("状态名称", "")
    indicator: str | None = documented("指标编号")
    indicator_name: str | None = documented("指标名称")
    statistic: str | None = documented("统计指标编号")
    region: str | None = documented("区域编号")
    region_name: str | None = documented("区域名称")
    period: str | None = documented("时期代码")
    kind: str = documented("类型", "level")
    value: float | None = documented("提交的数值")
    corrected_value: float | None = documented("审核更正后的数值")
    unit: str | None = documented("单位")
    text: str | None = documented("原文写法")
    explanation: str | None = documented("填报说明")
    sentence: str | None = documented("原文句子（文档抽取）")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)
    submitted_by: str = documented("提交人", "")
    submitted_at: str = documented("提交时间", "")
    reviewed_by: str | None = documented("审核人")
    reviewed_at: str | None = documented("审核时间")
    review_comment: str | None = documented("审核意见")
    conflict: str | None = documented("与已有数值或其他待审核值的冲突")
    current_value: float | None = documented("该时期现行的数值（如有）")
    href: str | None = documented("指标页地址")
    base_value: float | None = documented("基期值（分解基数或规划基期值）")
    base_year: int | None = documented("基期年份")
    target_value: float | None = documented("目标值")
    target_year: int | None = documented("目标年份")
    previous_value: float | None = documented("上一期数值（跨越缺失年份）")
    previous_label: str | None = documented("上一期时期")
    change_pct: float | None = documented("与上一期相比的变化（%）")
    schedule_value: float | None = documented("按基期到目标的线性路径，该年应达到的数值")
    sparkline: str | None = documented("以往各年数值的折线（SVG 坐标）")
    checks: list[str] = documented("触发的合理性检查（代码：说明）", default_factory=list)


@dataclass
class ReviewPage:
    """审核队列 ``/review`` (template ``review.html``)."""

    state: str = documented("显示的状态：pending 待审核 | decided 已审核", "pending")
    origin: str | None = documented("按来源渠道筛选")
    origins: list[Option] = documented("来源渠道选项", default_factory=list)
    total: int = documented("符合条件的记录数", 0)
    page: int = documented("页码（从 1 开始）", 1)
    per_page: int = documented("每页条数", 50)
    pages: int = documented("总页数", 1)
    items: list[CandidateItem] = documented("本页记录", default_factory=list)
    message: str | None = documented("操作结果")
    gap: str | None = documented("审核队列不可用时的说明")

ORIGIN_LABELS = {"web": "网页填报", "excel": "Excel 填报表", "api": "接口报送", "facts": "文档抽取"}
STATE_LABELS = {"pending": "待审核", "accepted": "已接受", "corrected": "已更正并接受",
                "rejected": "已拒绝", "withdrawn": "已撤回"}
ACTIONS = {"accept": "接受", "correct": "更正后接受", "reject": "拒绝"}


def _current(ctx: Ctx, c: Any) -> float | None:
    if not (c.statistic and c.region and c.period):
        return None
    for o in ctx.store.observations(c.statistic, c.region):
        if o.period.code == c.period and o.kind.value == c.kind:
            return o.value
    return None


def _spark(series: tuple[tuple[str, float], ...], value: float) -> str | None:
    vals = [v for _, v in series] + [value]
    if len(vals) < 2:
        return None
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    step = 100 / (len(vals) - 1)
    return " ".join(f"{i * step:.1f},{20 - (v - lo) / span * 18 - 1:.1f}" for i, v in enumerate(vals))


def candidate_item(ctx: Ctx, c: Any, names: dict[str, str], titles: dict[str, str],
                   indicators: dict[str, m.Indicator]) -> CandidateItem:
    ind = indicators.get(c.indicator or "")
    item = _item(ctx, c, names, titles, ind)
    if c.state.value == "pending":
        import datetime as dt

        from planwatch import api

        target = c.indicator
        if c.origin == "facts" and not target and c.kind in api.plausibility.CHECKED_KINDS:
            found = api.plausibility.indicator_for_key(ctx.db, c.statistic, c.region)
            target = found.id if found else None
        rc = api.submissions.review_context(ctx.db, target, c.region, c.period, c.value,
                                      dt.date.today())
        if rc is not None:
            item.base_value, item.base_year = rc.base, rc.base_year
            item.target_value, item.target_year = rc.target, rc.target_year
            item.previous_value, item.previous_label = rc.previous, rc.previous_label
            item.change_pct, item.schedule_value = rc.change_pct, rc.schedule
            item.sparkline = _spark(rc.series, c.value)
            item.checks = [f"{code}：{msg}" for code, msg in rc.checks]
        if c.origin == "facts":  # checked when decided: errors block, warnings need a comment
            item.checks = [f"{i.code}：{i.message}"
                           for i in api.plausibility.value_checks(ctx.db, c, c.value, c.unit)]
    return item


def _item(ctx: Ctx, c: Any, names: dict[str, str], titles: dict[str, str],
          ind: m.Indicator | None) -> CandidateItem:
    return CandidateItem(
        id=c.id, version=c.version, origin=c.origin, origin_label=ORIGIN_LABELS.get(c.origin, c.origin),
        state=c.state.value, state_label=STATE_LABELS.get(c.state.value, c.state.value),
        indicator=c.indicator, indicator_name=ind.name if ind else None, statistic=c.statistic,
        region=c.region, region_name=names.get(c.region or "", c.region), period=c.period,
        kind=c.kind, value=c.value, corrected_value=c.corrected_value, unit=c.unit, text=c.text,
        explanation=c.explanation, sentence=c.sentence, source=source_info(c.source, titles),
        submitted_by=c.submitted_by, submitted_at=c.submitted_at, reviewed_by=c.reviewed_by,
        reviewed_at=c.reviewed_at, review_comment=c.review_comment, conflict=c.conflict,
        current_value=_current(ctx, c) if c.state.value == "pending" else None,
        href=f"/indicators/{c.indicator}" if c.indicator else None,
    )


def review_page(
    ctx: CtxDep,
    state: str = Query("pending", pattern="^(pending|decided)$", description="pending 或 decided"),
    origin: str | None = Query(None, max_length=20, description="来源渠道"),
    done: int | None = Query(None, description="刚审核的记录编号"),
    page: int = Query(1, ge=1, le=10_000_000, description="页码（从 1 开始）"),
) -> ReviewPage:
    """审核队列：网页填报、Excel 填报表、接口报送和文档抽取的数值，逐条接受、更正或拒绝（须填写意见）；分页，每页 50 条。"""
    out = ReviewPage(state=state, origin=origin,
                     origins=[Option(value=k, label=v, selected=k == origin) for k, v in ORIGIN_LABELS.items()])
    per_page = out.per_page
    items, out.total = ctx.store.candidate_page(decided=state == "decided", origin=origin or None,
                                                limit=per_page, offset=(page - 1) * per_page)
    out.pages = max(1, -(-out.total // per_page))
    if page > out.pages and out.total:
        out.gap = f"只有 {out.pages} 页；已显示第 {out.pages} 页。"
        page = out.pages
        items, out.total = ctx.store.candidate_page(decided=state == "decided", origin=origin or None,
                                                    limit=per_page, offset=(page - 1) * per_page)
    out.page = page
    known = api.lookups(ctx.db)
    names, titles = known.regions, known.documents
    indicators = {i.id: i for i in ctx.store.indicators()}
    out.items = [candidate_item(ctx, c, names, titles, indicators) for c in items]
    if done:
        out.message = f"已处理记录 #{done}。"
    return out


def decide(ctx: Ctx, candidate_id: int, action: str, version: int, value: str, comment: str,
           as_revision: bool) -> Any:
    """Apply a reviewer's decision; ConfigError for bad input, ConflictError for a stale version."""
    comment = comment.strip()
    if action not in ACTIONS:
        raise ConfigError(f"审核操作“{action}”无效，应为：接受、更正或拒绝。")
    if action in ("reject", "correct") and not comment:
        raise ConfigError(f"“{ACTIONS[action]}”须填写审核意见。未做任何修改。")
    if action == "accept":
        return api.review.accept(ctx.db, candidate_id, version=version, reviewer=ctx.actor,
                             comment=comment or None, as_revision=as_revision)
    if action == "reject":
        return api.review.reject(ctx.db, candidate_id, version=version, reviewer=ctx.actor,
                             comment=comment)
    number = api.submissions.parse_number(value)
    if number is None:
        raise ConfigError(f"更正的数值“{value}”无法识别：请填写阿拉伯数字。未做任何修改。")
    return api.review.correct(ctx.db, candidate_id, version=version, reviewer=ctx.actor,
                          value=number, comment=comment, as_revision=as_revision)


def review_submit(
    candidate_id: int,
    ctx: CtxDep,
    action: str = Form(..., max_length=20),
    version: int = Form(..., ge=1),
    value: str = Form("", max_length=100),
    comment: str = Form("", max_length=4000),
    as_revision: str = Form(""),
    page: int = Form(1, ge=1, le=10_000_000),
    origin: str = Form("", max_length=20, pattern="^[a-z]*$"),
) -> Response:
    decide(ctx, candidate_id, action, version, value, comment, as_revision == "1")
    back = f"/review?done={candidate_id}" + (f"&page={page}" if page > 1 else "")
    return RedirectResponse(back + (f"&origin={origin}" if origin else ""), status_code=303)


class DecisionBody(BaseModel):
    action: str = Field(pattern="^(accept|correct|reject)$", description="accept | correct | reject")
    version: int = Field(ge=1, description="记录的版本号（来自审核队列）")
    value: str = Field("", max_length=100, description="更正后的数值（correct 时必填）")
    comment: str = Field("", max_length=4000, description="审核意见（correct、reject 时必填）")
    as_revision: bool = Field(False, description="与现行数值不同时，作为新修订版本入库")


def api_decide(candidate_id: int, ctx: CtxDep, body: DecisionBody) -> CandidateItem:
    """对一条待审核记录作出决定（JSON）。版本过期时返回 409。"""
    c = decide(ctx, candidate_id, body.action, body.version, body.value, body.comment,
               body.as_revision)
    known = api.lookups(ctx.db)
    names, titles = known.regions, known.documents
    return candidate_item(ctx, c, names, titles, {i.id: i for i in ctx.store.indicators()})
