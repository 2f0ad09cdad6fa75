"""CLI account commands of issue 18: password reset, disable/enable, unlock, refused weak
passwords — each with a Chinese message and an exit code. Accounts are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.cli import cli
from tests.conftest import scratch_db


def _run(url: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    r = CliRunner().invoke(cli, ["--db", url, *args], input=stdin)
    return r.exit_code, r.stdout + r.stderr + (str(r.exception) if r.exception else "")


def test_passwd_disable_enable_unlock(request: pytest.FixtureRequest, tmp_path: Path):
    url = scratch_db(tmp_path / "pw.db", request)
    store = Store(url)
    try:
        api_users.add_user(store, "lisi", "Green-pass-2026", role="viewer")
        code, out = _run(url, "user", "passwd", "lisi", "--password-stdin", stdin="12345678\n")
        assert code != 0 and "密码" in out
        code, out = _run(url, "user", "passwd", "lisi", "--password-stdin", stdin="Blue-new-2027x\n")
        assert code == 0 and "已重设" in out
        assert api_users.authenticate(store, "lisi", "Blue-new-2027x") is not None
        assert _run(url, "user", "disable", "lisi")[0] == 0
        assert api_users.authenticate(store, "lisi", "Blue-new-2027x") is None
        assert _run(url, "user", "enable", "lisi")[0] == 0
        assert api_users.authenticate(store, "lisi", "Blue-new-2027x") is not None
        code, out = _run(url, "user", "unlock", "lisi")
        assert code == 0 and "解除" in out
        code, out = _run(url, "user", "unlock", "--address", "203.0.113.7")
        assert code == 0 and "203.0.113.7" in out
        code, out = _run(url, "user", "unlock")
        assert code != 0 and "用户名或来源地址" in out
        code, out = _run(url, "user", "disable", "nobody-here")
        assert code != 0 and "不存在" in out
    finally:
        store.dispose()


def test_a_user_changes_the_own_password_in_the_cli(request: pytest.FixtureRequest, tmp_path: Path):
    url = scratch_db(tmp_path / "own.db", request)
    store = Store(url)
    try:
        api_users.add_user(store, "sunli", "Sun-pass-2026", role="viewer")
        code, out = _run(url, "user", "passwd", "sunli", "--own", "--password-stdin",
                         stdin="wrong-Pass-1\nSun-new-2027x\n")
        assert code != 0 and "原密码不正确" in out
        assert api_users.authenticate(store, "sunli", "Sun-pass-2026") is not None
        code, out = _run(url, "user", "passwd", "sunli", "--own", "--password-stdin",
                         stdin="Sun-pass-2026\nSun-new-2027x\n")
        assert code == 0, out
        assert api_users.authenticate(store, "sunli", "Sun-new-2027x") is not None
    finally:
        store.dispose()
