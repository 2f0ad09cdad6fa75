"""No secrets in the repository: every tracked file is searched for private keys, access tokens,
database URLs with a password, and a session secret key written into a file. The secret key
comes from the environment (PLANWATCH_SECRET_KEY) or a key file outside the repository
(PLANWATCH_SECRET_KEY_FILE); see docs/deploy.md."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    "API key": re.compile(r"\bsk-[A-Za-z0-9]{20,}\b"),
    # a password in a database URL (placeholders such as <密码> or ${PG_PASSWORD} are fine)
    "database password": re.compile(r"postgres(?:ql)?(?:\+\w+)?://[^:/@\s'\"]+:(?![<$])[^@\s'\"]+@"),
    # the session key set to a literal value in a tracked file
    "secret key value": re.compile(r"PLANWATCH_SECRET_KEY\s*=\s*['\"]?(?![<$'\"\s])[^\s'\"]{8,}"),
}


def _tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / p for p in out.stdout.decode().split("\0") if p]


def test_no_secrets_in_tracked_files():
    found = []
    for path in _tracked():
        if not path.is_file() or path.suffix in {".png", ".xlsx", ".docx", ".pdf", ".gz"}:
            continue
        if path.stat().st_size > 5_000_000 or path == Path(__file__).resolve():
            continue  # this file holds samples of what the patterns catch
        text = path.read_text(encoding="utf-8", errors="ignore")
        for label, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {label}")
    assert found == []


def test_the_patterns_catch_what_they_are_for():
    samples = {
        "private key": "-----BEGIN RSA PRIVATE KEY-----",
        "database password": "postgresql://planwatch:hunter2secret@db.example/planwatch",
        "secret key value": "PLANWATCH_SECRET_KEY=3f9a1c77b2e04d5a",
    }
    for label, text in samples.items():
        assert PATTERNS[label].search(text), label
    assert not PATTERNS["database password"].search("postgresql://planwatch:<密码>@127.0.0.1/pw")
    assert not PATTERNS["database password"].search("postgresql://postgres@127.0.0.1:5432")
    assert not PATTERNS["secret key value"].search("PLANWATCH_SECRET_KEY=<运行 openssl rand -hex 32 生成>")


def test_local_secrets_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    for entry in (".env", "*.key"):
        assert entry in ignored.splitlines(), f".gitignore should list {entry}"


def test_secret_key_from_a_generated_file_outside_the_repo(tmp_path: Path):
    import os
    import stat

    from planwatch.web import WebSettings

    key_file = tmp_path / "etc" / "secret_key"
    first = WebSettings.from_env({"PLANWATCH_SECRET_KEY_FILE": str(key_file)})
    assert key_file.exists() and len(first.secret_key) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = WebSettings.from_env({"PLANWATCH_SECRET_KEY_FILE": str(key_file)})
    assert again.secret_key == first.secret_key  # every worker reads the same key
    env_wins = WebSettings.from_env({"PLANWATCH_SECRET_KEY": "k" * 40,
                                     "PLANWATCH_SECRET_KEY_FILE": str(key_file)})
    assert env_wins.secret_key == "k" * 40
