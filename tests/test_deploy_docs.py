"""The deployment guide lists every setting the code reads, and the example files match it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = re.compile(r"PLANWATCH_[A-Z_]+")
CLI_ONLY = {"PLANWATCH_USER"}


def _code_vars() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "planwatch").rglob("*.py"):
        found.update(VAR.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_setting_in_the_code_is_documented_and_none_invented():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(PLANWATCH_[A-Z_]+)`", guide, re.MULTILINE))
    assert documented == _code_vars()


def test_env_template_covers_the_server_settings_without_secrets():
    template = (ROOT / "deploy" / "planwatch.env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^(PLANWATCH_[A-Z_]+)=(.*)$", template, re.MULTILINE))
    assert set(values) == _code_vars() - CLI_ONLY
    assert values["PLANWATCH_SECRET_KEY"] == ""
    assert ":" not in values["PLANWATCH_DB"].split("//", 1)[1].split("@")[0], "no password in URL"


def test_systemd_unit_upgrades_then_runs_gunicorn_workers_on_loopback():
    unit = (ROOT / "deploy" / "planwatch.service").read_text(encoding="utf-8")
    assert "ExecStartPre=/opt/planwatch/.venv/bin/planwatch db upgrade" in unit
    assert "planwatch.web.asgi:app" in unit and "uvicorn.workers.UvicornWorker" in unit
    assert "--bind 127.0.0.1:8000" in unit and "EnvironmentFile=/etc/planwatch/planwatch.env" in unit
    nginx = (ROOT / "deploy" / "nginx-planwatch.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "server 127.0.0.1:8000;" in nginx
