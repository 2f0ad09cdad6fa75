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


def test_following_the_guide_the_service_reads_its_key_and_cannot_change_it():
    """Section 4 run for real in a scratch folder (as root, with an existing system user standing
    in for ``planwatch``): the service user reads the key and the settings, cannot change them,
    and can write backups. Without the guide's key lines it could not create the key itself."""
    import os
    import pwd
    import shutil
    import subprocess
    import sys
    import tempfile

    import pytest

    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs root and runuser to act as the service user")
    service = next((u for u in ("planwatch", "postgres", "nobody") if _user_exists(u)), None)
    if service is None:
        pytest.skip("no system user to stand in for planwatch")
    group = service if _group_exists(service) else "nogroup"
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = guide.split("## 4. The service", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [ln.split("  #", 1)[0].strip() for ln in section.splitlines()
             if "/etc/planwatch" in ln or "/var/backups/planwatch" in ln]
    lines = [ln for ln in lines if not ln.startswith("editor")]
    assert any("secret_key" in ln for ln in lines), "the guide must create the key file"
    base = Path(tempfile.mkdtemp(prefix="planwatch-deploy-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        script = "\n".join(lines).replace("/etc/planwatch", f"{base}/etc/planwatch").replace(
            "/var/backups/planwatch", f"{base}/backups").replace("-o planwatch", f"-o {service}").replace(
            "-g planwatch", f"-g {group}")
        os.makedirs(base / "etc", mode=0o755)
        subprocess.run(["bash", "-euc", script], cwd=ROOT, check=True, capture_output=True)
        key = base / "etc" / "planwatch" / "secret_key"
        # what the service does with these files (planwatch/web/settings.py _key_from_file), run by
        # the system Python as the service user (the test's virtualenv is not readable by it)
        probe = (
            "import os, sys; from pathlib import Path\n"
            f"assert len(Path('{key}').read_text().strip()) >= 32\n"
            f"Path('{base}/etc/planwatch/planwatch.env').read_text()\n"
            "try:\n"
            f"    open('{key}', 'a')\n"
            "    sys.exit('the service could change its key')\n"
            "except PermissionError:\n"
            "    pass\n"
            f"Path('{base}/backups/test.jsonl').write_text('ok')\n"
            "try:\n"
            f"    os.open('{base}/etc/planwatch/other_key', os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)\n"
            "    sys.exit('the service could create a key file in /etc/planwatch')\n"
            "except PermissionError:\n"
            "    pass\n"
        )
        python = shutil.which("python3", path="/usr/bin:/bin") or sys.executable
        r = subprocess.run(["runuser", "-u", service, "--", python, "-c", probe], cwd="/",
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr + r.stdout
        assert oct(key.stat().st_mode & 0o777) == "0o640"
        assert oct((base / "backups").stat().st_mode & 0o777) == "0o700"
        assert pwd.getpwuid((base / "backups").stat().st_uid).pw_name == service
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True
