"""Low findings of issue 18, each as a user or an operator would meet it: files the app creates
are private (database 0600 in a 0700 folder, key file 0600), a short secret key is refused in
Chinese, pages and downloads are not cached, and database write errors print a Chinese message
without a traceback or a password hash."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.errors import ConfigError
from planwatch.web import WebSettings, create_app
from tests.web_support import add_users, login, sample_dataset

PLANWATCH = str(Path(sys.executable).parent / "planwatch")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_is_private(tmp_path: Path):
    db = tmp_path / "新目录" / "planwatch.db"
    r = subprocess.run([PLANWATCH, "--db", f"sqlite:///{db}", "init"], capture_output=True, text=True,
                       timeout=300, env={**os.environ, "PLANWATCH_NO_EMBEDDED": "1"})
    assert r.returncode == 0, r.stderr
    assert _mode(db) == 0o600 and _mode(db.parent) == 0o700
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if extra.exists():
            assert _mode(extra) & 0o077 == 0, f"{extra.name} {oct(_mode(extra))}"


def test_the_key_file_and_its_new_folder_are_private(tmp_path: Path):
    key = tmp_path / "etc" / "secret_key"
    settings = WebSettings.from_env({"PLANWATCH_SECRET_KEY_FILE": str(key)})
    assert len(settings.secret_key) >= 32
    assert _mode(key) == 0o600 and _mode(key.parent) == 0o700


@pytest.mark.parametrize("key", ["x", "short-key-of-31-characters-0000"])
def test_a_short_secret_key_is_refused_in_chinese(key: str):
    with pytest.raises(ConfigError, match="PLANWATCH_SECRET_KEY 太短.*至少 32 个字符"):
        WebSettings.from_env({"PLANWATCH_SECRET_KEY": key})
    assert WebSettings.from_env({"PLANWATCH_SECRET_KEY": "k" * 32}).secret_key == "k" * 32


def test_serve_refuses_a_short_key_with_a_message(tmp_path: Path):
    r = subprocess.run([PLANWATCH, "--db", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--get", "/login"],
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PLANWATCH_SECRET_KEY": "abc"})
    assert r.returncode != 0 and "太短" in r.stderr and "Traceback" not in r.stderr


def test_logged_in_pages_json_and_downloads_are_not_cached(sqlite_url: str):
    store = Store(sqlite_url)
    try:
        store.load_dataset(sample_dataset())
        add_users(store)
        c = TestClient(create_app(WebSettings(db=store.url, secret_key="c" * 40), store=store))
        login(c, "yiwu")
        for url in ("/", "/plans/p1.json", "/report", "/report/template?year=2023", "/api/session"):
            r = c.get(url)
            assert r.status_code == 200, url
            assert r.headers.get("cache-control") == "no-store", url
        static = c.get("/static/app.css")
        assert static.headers.get("cache-control") != "no-store"
    finally:
        store.dispose()


def test_a_database_write_error_prints_a_chinese_message_without_traceback_or_hash(tmp_path: Path):
    db = tmp_path / "planwatch.db"
    r = subprocess.run([PLANWATCH, "--db", f"sqlite:///{db}", "init"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"  # the file cannot be written (root ignores chmod)
    r = subprocess.run([PLANWATCH, "--db", read_only, "user", "add", "wangfang", "--role", "viewer",
                        "--password-stdin"], input="示例-pass-2026\n", capture_output=True, text=True,
                       timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "数据库操作失败" in out and "未写入任何数据" in out, out
    assert "Traceback" not in out and "$argon2" not in out and "INSERT" not in out.upper(), out
