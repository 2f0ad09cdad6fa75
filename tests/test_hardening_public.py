"""Privacy of the public view (issue 18, M-7): an anonymous visitor of the public view
(PLANWATCH_PUBLIC=1) sees no staff user names or display names, no e-mail addresses and nothing a
reporter typed freely (explanations, progress texts, review comments, source links or notes) on
any page it may read, HTML or JSON; a source is shown as its document's title. Staff still see
them. Accounts and texts are fictional (示例)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planwatch import model as m
from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.store import ProgressInput
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.test_security_matrix import MATRIX, OUTPUT, TASK, _tasks_world
from tests.web_support import add_users, csrf_of, login

SECRET = "p" * 40
EXPLANATION = "示例说明-私密甲乙丙"
SOURCE_URL = "https://example.org/示例-私密链接"
PROGRESS = "示例进展-私密丁戊己"
COMMENT = "示例审核意见-私密庚辛"
SECRETS = [EXPLANATION, SOURCE_URL, "私密链接", PROGRESS, COMMENT,
           "yiwu", "reviewer1", "admin1", "义乌市填报员", "评估处", "@example"]


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(scratch_db(tmp_path_factory.mktemp("public") / "planwatch.db", request))
    load_embedded(s)
    add_users(s)
    _tasks_world(s)
    s.load_dataset(m.Dataset(name="示例联系人", departments=(m.Department(
        "matrix-unit", "矩阵测试单位", contacts=(m.Contact("示例联系人", email="someone@example.org"),)),)))
    app = create_app(WebSettings(db=s.url, secret_key=SECRET), store=s)
    rep = TestClient(app)
    login(rep, "admin1")  # for the plan's own region, so that the value shows on the indicator page
    r = rep.post("/api/submissions", headers={"X-CSRF-Token": csrf_of(rep)}, json={
        "indicator": OUTPUT, "region": "330700", "period": "2022", "value": "6300",
        "source_title": "示例统计公报", "source_url": SOURCE_URL, "explanation": EXPLANATION})
    assert r.status_code == 200, r.text
    cid = r.json()["candidate_id"] if "candidate_id" in r.json() else r.json()["id"]
    rev = TestClient(app)
    login(rev, "reviewer1")
    r = rev.post(f"/api/review/{cid}", headers={"X-CSRF-Token": csrf_of(rev)},
                 json={"action": "accept", "version": 1, "comment": COMMENT})
    assert r.status_code == 200, r.text
    pid = s.add_progress(ProgressInput(target_kind="task", target=TASK, period="2023-H2", text=PROGRESS,
                                       self_status=m.TaskStatus.ON_TRACK), actor="yiwu")
    r = rev.post(f"/tasks/review/{getattr(pid, 'id', pid)}", data={
        "status": "序时推进", "comment": COMMENT, "csrf_token": csrf_of(rev)}, follow_redirects=False)
    assert r.status_code < 400, r.text
    yield s
    s.dispose()


PUBLIC_GETS = sorted(rule.url for (method, _), rule in MATRIX.items()
                     if method == "GET" and rule.public and not rule.url.startswith(("/static", "/openapi")))


@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_the_public_view_shows_no_names_and_no_reporter_text(store: Store, url: str):
    public = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET, public=True), store=store))
    r = public.get(url)
    assert r.status_code == 200, r.text[:300]
    leaked = [x for x in SECRETS if x in r.text]
    assert not leaked, f"{url} shows {leaked}"


def test_staff_still_see_who_entered_a_value_and_the_public_sees_the_source_title(store: Store):
    url = f"/indicators/{OUTPUT}"
    staff = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET), store=store))
    login(staff, "viewer1")
    page = staff.get(url + ".json").text
    assert "reviewer1" in page or "admin1" in page, page[:3000]
    public = TestClient(create_app(WebSettings(db=store.url, secret_key=SECRET, public=True), store=store))
    page = public.get(url).text
    assert "示例统计公报" in page  # the document's title, without its link
    task = public.get(f"/tasks/{TASK}").text
    assert PROGRESS not in task and COMMENT not in task
    assert PROGRESS in staff.get(f"/tasks/{TASK}").text
