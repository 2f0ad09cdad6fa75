"""A real planwatch server and a real Chromium for the browser tests: one copy of the start-up
that six test files each carried (uvicorn on a free loopback port, waited for until /login
answers, stopped afterwards; Debian's Chromium through Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db_url: str, secret: str, env: Mapping[str, str] | None = None, *,
                unset: tuple[str, ...] = (), wait_seconds: float = 30.0) -> Iterator[str]:
    """uvicorn serving planwatch with ``db_url`` (and ``env``, without ``unset``); yields the base
    URL once /login answers, fails the test with the server's output if it exits first."""
    full = {**os.environ, "PLANWATCH_DB": db_url, "PLANWATCH_SECRET_KEY": secret, **(env or {})}
    for name in unset:
        full.pop(name, None)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "planwatch.web.asgi:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=full, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(int(wait_seconds * 10)):
            try:
                if httpx.get(base + "/login", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read().decode() if proc.stdout else ''}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed; run scripts/setup.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
