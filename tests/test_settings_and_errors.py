"""Small defects the layout review found (issue 17): a bad limit setting is a Chinese message, not
a traceback; the upload limit documented for the web is the one the code uses; each exception
carries the HTTP status the web app answers with."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from planwatch.errors import (
    ConfigError,
    ConflictError,
    LoadError,
    NotFound,
    PermissionDenied,
    StoreError,
)
from planwatch.web.deps import LoginRequired
from planwatch.web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent


def test_a_bad_limit_setting_is_a_chinese_message_and_exit_code_1(tmp_path: Path):
    doc = tmp_path / "plan.txt"
    doc.write_text("金华市“十四五”规划\n", encoding="utf-8")
    env = {**os.environ, "PLANWATCH_MAX_ROWS": "abc", "PLANWATCH_DB": f"sqlite:///{tmp_path / 'x.db'}"}
    res = subprocess.run([str(Path(sys.executable).parent / "planwatch"), "plan", "parse", str(doc)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 1
    assert "PLANWATCH_MAX_ROWS 应为正数，现为“abc”" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_the_documented_upload_limit_is_the_one_the_code_uses():
    doc = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    found = re.search(r"largest request body \(default (\d+) MB\)", doc)
    assert found is not None
    assert float(found.group(1)) == WebSettings().max_upload_mb == 20


def test_each_exception_carries_its_http_status():
    assert [e("x").status for e in (NotFound, ConflictError, PermissionDenied, LoginRequired,
                                     ConfigError, StoreError)] == [404, 409, 403, 401, 400, 503]
    assert LoadError("x", []).status == 400
