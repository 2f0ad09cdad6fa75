"""Every page, for every role allowed to see it and for the public view, at a desk (1440×900) and
on a phone (390×844), in real Chromium: nothing wider than the viewport (no sideways scroll) and
no Latin-letter words on the Chinese page (allowlist in :mod:`tests.screens`). Screenshots are
kept under test-artifacts/screens-*.png.

The pages come from ``MATRIX`` in tests/test_security_matrix.py (every GET page there), so a page
added to the app is checked here without further work; a few more indicator pages cover every
kind of indicator (with data, without base, province task, stretch target, cumulative, a
district plan with history)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.screens import VIEWPORTS, assert_fits, latin_words, visible_text, wait_for_charts
from tests.test_security_matrix import ADMIN, ANON, MATRIX, REP_A, REVIEWER, VIEWER
from tests.test_web_browser import browser, live_server  # noqa: F401  (fixtures)
from tests.web_support import PASSWORDS

# Opt-in for now: on the shared 2-core machine the live server stopped answering page loads
# (Page.goto timeouts after the first few pages) once main gained the units pages; run with
# PLANWATCH_SCREENS=1 until that is understood (see the issue-12 report).
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not os.environ.get("PLANWATCH_SCREENS"), reason="set PLANWATCH_SCREENS=1 to run the screen sweep")]

LOGINS = {VIEWER: "viewer1", REP_A: "yiwu", REVIEWER: "reviewer1", ADMIN: "admin1"}
PUBLIC = "public"

#: indicator pages for every kind of indicator (ids in planwatch/data/jinhua/plans/)
INDICATORS = {
    "jinhua-industry-14/08": "有数据",
    "jinhua-industry-14/09": "提前达到目标",
    "jinhua-industry-14/10": "力争值",
    "jinhua-industry-14/13": "省下达任务",
    "jinhua-industry-14/18": "无基期",
    "jinhua-industry-14/19": "累计值",
    "jindong-industry-14/01": "区级规划（有历史数据）",
    "jindong-industry-14/30": "省下达任务（区级）",
}

#: pages whose text still holds Latin words being translated: path prefix → reason. An entry
#: whose pages pass fails the test (remove it then); a page not listed must pass.
KNOWN_LATIN: dict[str, str] = {
    "/plans": "method titles, rule codes (issue 12, being fixed)",
    "/indicators": "observation kinds and statuses, rule codes, English source notes (issue 12)",
    "/audit": "actions, login names and ISO times (issue 12, being fixed)",
    "/users": "login names and ISO times (issue 12, being fixed)",
}


def _pages() -> list[tuple[str, str]]:
    """(url, role) for every GET page of the matrix and every role allowed to read it."""
    out: list[tuple[str, str]] = []
    for (method, path), rule in sorted(MATRIX.items()):
        if method != "GET" or path.endswith(".json") or path.startswith(("/api/", "/static")) \
                or path == "/openapi.json" or "template" in path:
            continue
        roles = [r for r in (VIEWER, REP_A, REVIEWER, ADMIN) if r in rule.allowed]
        if rule.public:
            roles.append(PUBLIC)
        if path == "/login":
            roles = [ANON]
        out.extend((rule.url, role) for role in roles)
    out.extend((f"/indicators/{i}", VIEWER) for i in INDICATORS)
    out.extend((f"/indicators/{i}", PUBLIC) for i in INDICATORS)
    out.append(("/plans/jindong-industry-14", VIEWER))
    out.append(("/plans/jinhua-industry-14?method=statcan", VIEWER))
    out.append(("/no-such-page", VIEWER))
    out.append(("/indicators/jinhua-industry-14/99", PUBLIC))
    return out


PAGES = _pages()


@pytest.fixture(scope="module")
def sessions(browser, live_server) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]  # noqa: F811
    """One logged-in browser context per role (the public view and login page: no session)."""
    out: dict[str, Any] = {}
    for role in (*LOGINS, PUBLIC, ANON):
        ctx = browser.new_context(viewport=VIEWPORTS["desk"], locale="zh-CN")
        if role in LOGINS:
            page = ctx.new_page()
            page.goto(live_server + "/login")
            page.fill("input[name=username]", LOGINS[role])
            page.fill("input[name=password]", PASSWORDS[LOGINS[role]])
            page.click("button[type=submit]")
            page.wait_for_url(live_server + "/")
            page.close()
        out[role] = ctx
    yield out
    for ctx in out.values():
        ctx.close()


def _name(url: str, role: str, size: str) -> str:
    return f"screens-{size}-{role}-{url.strip('/') or 'overview'}"


def _known_latin(url: str) -> str | None:
    path = url.split("?")[0]
    for prefix, reason in KNOWN_LATIN.items():
        if path == prefix or (prefix != "/" and path.startswith(prefix + "/")):
            return reason
    return None


@pytest.mark.parametrize(("url", "role"), PAGES, ids=[f"{r}:{u}" for u, r in PAGES])
def test_page_fits_desk_and_phone_and_is_chinese(url: str, role: str, sessions: dict[str, Any],
                                                 live_server: str) -> None:  # noqa: F811
    """One page load per page and role: the desk size, then the phone size (the page re-lays
    itself out on resize, charts included); screenshots at both sizes."""
    page = sessions[role].new_page()
    try:
        page.set_default_timeout(90000)
        page.set_default_navigation_timeout(90000)
        page.set_viewport_size(VIEWPORTS["desk"])
        page.goto(live_server + url)
        wait_for_charts(page)
        assert_fits(page, _name(url, role, "desk"))
        words = latin_words(visible_text(page))
        page.set_viewport_size(VIEWPORTS["phone"])
        page.wait_for_timeout(300)  # charts redraw on the resize event
        assert_fits(page, _name(url, role, "phone"))
    finally:
        page.close()
    known = _known_latin(url)
    if known and words:
        pytest.xfail(f"{known}: {words[:10]}")
    assert not words, f"{role} {url}: Latin words on a Chinese surface: {words[:30]}"
    assert not known, f"{url} has no Latin words any more: remove it from KNOWN_LATIN"
