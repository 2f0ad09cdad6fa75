"""Helpers for the web tests: accounts for every role, logging in, and a small hand-built
dataset (values from seed 004 表1 and 附件1) used where a test needs exact control of the data."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from planwatch import model as m
from planwatch.api import Store
from planwatch.api import users as api_users

PASSWORDS = {
    "admin1": "admin-pass-1",
    "reviewer1": "reviewer-pass-1",
    "viewer1": "viewer-pass-1",
    "yiwu": "reporter-pass-1",
    "dongyang": "reporter-pass-2",
}


def add_users(store: Store, *, yiwu: str = "330782", dongyang: str = "330783") -> None:
    api_users.add_user(store, "admin1", PASSWORDS["admin1"], role="admin", display_name="管理员")
    api_users.add_user(store, "reviewer1", PASSWORDS["reviewer1"], role="reviewer",
                       display_name="评估处")
    api_users.add_user(store, "viewer1", PASSWORDS["viewer1"], role="viewer", display_name="领导")
    api_users.add_user(store, "yiwu", PASSWORDS["yiwu"], role="reporter", region=yiwu,
                       display_name="义乌市填报员")
    api_users.add_user(store, "dongyang", PASSWORDS["dongyang"], role="reporter", region=dongyang,
                       display_name="东阳市填报员")


def csrf_of(client: TestClient) -> str:
    return str(client.get("/api/session").json()["csrf_token"])


def login(client: TestClient, username: str) -> None:
    token = csrf_of(client)
    resp = client.post("/login", data={"username": username, "password": PASSWORDS[username],
                                       "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert resp.status_code == 303, resp.text


def form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


SRC = m.SourceRef(document="seed-004", line=178, table="表1")


def sample_dataset() -> m.Dataset:
    """规上工业总产值 4453 → 8000 (compound) and a binding-looking count row whose name carries
    markup, to check escaping; two counties and a functional area with decomposed targets."""
    regions = (
        m.Region("330700", "金华市", m.RegionKind.CITY, 330700),
        m.Region("330782", "义乌市", m.RegionKind.COUNTY_CITY, 330782, "330700"),
        m.Region("330783", "东阳市", m.RegionKind.COUNTY_CITY, 330783, "330700"),
        m.Region("jinhua-kfq", "金华开发区", m.RegionKind.FUNCTIONAL_AREA, None, "330700"),
    )
    output = m.Indicator(
        id="p1/02", plan="p1", seq=2, name="规上工业总产值", statistic="gs-output", unit="亿元",
        nature=m.Nature.EXPECTED, direction=m.Direction.HIGHER_BETTER, direction_basis="declared",
        target_form=m.TargetForm.LEVEL, rule=m.ProgressRule.COMPOUND, rule_basis="总量按复合增长",
        qualifier=m.Qualifier.EXACT, category="质效提升", base_value=4453, base_year=2020,
        base_text="4453", target_value=8000, target_year=2025, target_text="8000", source=SRC,
        departments=("jxj",),
    )
    firms = m.Indicator(
        id="p1/06", plan="p1", seq=6, name="企业数<script>alert(1)</script>", statistic="gs-firms",
        unit="家", nature=m.Nature.BINDING, direction=m.Direction.HIGHER_BETTER,
        direction_basis="declared", target_form=m.TargetForm.COUNT, rule=m.ProgressRule.LINEAR,
        rule_basis="计数按线性", qualifier=m.Qualifier.AT_LEAST, category="结构优化",
        base_value=4556, base_year=2020, base_text="4556", target_value=7000, target_year=2025,
        target_text="7000以上", source=SRC,
    )
    doc = m.SourceRef(document="seed-004", line=739, table="附件1")
    decomp = (
        m.Decomposition("p1/02", "330782", 2020, 667.6, "base", doc),
        m.Decomposition("p1/02", "330782", 2025, 1500, "target", doc),
        m.Decomposition("p1/02", "330783", 2020, 505.9, "base", doc),
        m.Decomposition("p1/02", "330783", 2025, 1000, "target", doc),
        m.Decomposition("p1/02", "jinhua-kfq", 2020, 523.0, "base", doc),
        m.Decomposition("p1/02", "jinhua-kfq", 2025, 1000, "target", doc),
    )
    obs = (
        m.Observation("gs-output", "330700", m.Period("2022"), m.ObservationKind.LEVEL, 5800,
                      "亿元", m.SourceRef(url="https://example.org/2022", title="示例公报")),
        m.Observation("gs-output", "330782", m.Period("2022"), m.ObservationKind.LEVEL, 1200,
                      "亿元", m.SourceRef(document="seed-004", line=1)),
    )
    return m.Dataset(
        "web-sample", regions=regions,
        departments=(m.Department("jxj", "金华市经济和信息化局"),),
        documents=(m.Document("seed-004", "金华市工业高质量发展“十四五”规划（征求意见稿）", "plan"),),
        statistics=(m.Statistic("gs-output", "规上工业总产值", "亿元", additive=True),
                    m.Statistic("gs-firms", "规上工业企业数", "家", additive=True)),
        plans=(m.Plan("p1", "测试工业规划", "330700", "金华市经济和信息化局", m.PlanLevel.CITY,
                      m.PlanKind.SECTOR, 2021, 2025, 2020, m.PlanStatus.DRAFT,
                      document="seed-004"),),
        indicators=(output, firms), decompositions=decomp, observations=obs,
    )


def client_as(store: Store, user: str) -> TestClient:
    """A test client of the app on ``store``, logged in as ``user`` (see :data:`PASSWORDS`)."""
    from planwatch.web import WebSettings, create_app

    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, user)
    return c
