"""H-1 and the low findings on plan uploads (issue 18): an uploaded document is read in a worker
process with a memory and CPU budget, so the server keeps answering other requests while it
works; an upload over the budget is refused in Chinese; a NUL byte or an over-long client file
name is handled (no 500, no temporary folder left). Documents here are fictional shapes (示例)."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.live import live_server
from tests.web_support import PASSWORDS, form_token, login

ROOT = Path(__file__).resolve().parent.parent
HEAVY = "示例市规划（虚构）\n" + "力争到2025年，全市规上工业企业\n" * 40_000



@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(scratch_db(tmp_path_factory.mktemp("hard-upload") / "planwatch.db", request))
    api_users.add_user(s, "reviewer1", PASSWORDS["reviewer1"], role="reviewer", display_name="评估处")
    yield s
    s.dispose()


@pytest.fixture(scope="module")
def live(store: Store) -> Iterator[str]:
    with live_server(store.url, "x" * 40) as base:
        yield base


def _logged_in(base: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=300)
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/login", data={"username": "reviewer1", "password": PASSWORDS["reviewer1"],
                               "csrf_token": token, "next": "/"})
    assert r.status_code in (200, 303)
    return c, form_token(c.get("/import").text)


def test_server_keeps_answering_while_a_heavy_upload_is_read(live: str):
    c, token = _logged_in(live)
    done: dict[str, int] = {}

    def upload() -> None:
        r = c.post("/import", data={"csrf_token": token},
                   files={"file": ("示例规划.txt", HEAVY.encode(), "text/plain")})
        done["status"] = r.status_code

    worker = threading.Thread(target=upload)
    worker.start()
    answered_meanwhile = 0
    other = httpx.Client(base_url=live, timeout=60)
    while worker.is_alive():
        if other.get("/login").status_code == 200 and worker.is_alive():
            answered_meanwhile += 1
    worker.join()
    assert done["status"] in (200, 400)  # read or refused, never a crash
    assert answered_meanwhile >= 1  # another user's page was served while the upload ran


@pytest.fixture()
def client(store: Store) -> TestClient:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="y" * 40), store=store))
    login(c, "reviewer1")
    return c


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("planwatch-import-*")}


@pytest.mark.parametrize("name", ["规划\x00.txt", "规" * 5000 + ".txt", "\x00"])
def test_odd_client_file_names_get_an_answer_and_leave_nothing(
        client: TestClient, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # a temp directory of this test's own: other test runs on the machine share /tmp
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = _leftovers()
    token = form_token(client.get("/import").text)
    r = client.post("/import", data={"csrf_token": token},
                    files={"file": (name, "示例规划（虚构）\n没有指标表的文本。".encode(), "text/plain")})
    assert r.status_code in (200, 400)
    assert "\x00" not in r.text
    assert _leftovers() <= before


def test_upload_over_its_memory_budget_is_refused_in_chinese(client: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLANWATCH_PARSE_MEMORY_MB", "40")
    token = form_token(client.get("/import").text)
    r = client.post("/import", data={"csrf_token": token},
                    files={"file": ("示例规划.txt", HEAVY.encode(), "text/plain")})
    assert r.status_code == 400
    assert "超出预算" in r.text and "未做任何修改" in r.text and "示例规划.txt" in r.text


def test_a_chunked_oversize_upload_gets_the_chinese_413(live: str):
    """No Content-Length (chunked transfer): the body is counted while read; over the limit the
    answer is 413 with the Chinese message, not the form parser's English 400."""
    c, token = _logged_in(live)
    boundary = "planwatch-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(25):  # 25 MB, over the 20 MB default
            yield b"x" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post("/import", content=chunks(),
               headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413, (r.status_code, r.text[:300])
    assert "上传内容过大" in r.text and "There was an error" not in r.text
