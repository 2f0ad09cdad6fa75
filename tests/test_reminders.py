"""Reminder e-mails (催报) delivered to a REAL SMTP server started on loopback by the test
(aiosmtpd): `planwatch remind` and the 报送状态 page's button send to the units' contacts, every
send is audited, and without a configured server nothing is sent and the text stays to copy.

Units, people and addresses are FICTIONAL (虚构, example.org): the source documents name no
responsible departments."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api import responsibilities as duty
from planwatch.api.data import load_embedded
from planwatch.cli import cli
from planwatch.web import WebSettings, create_app
from tests.live import free_port
from tests.web_support import add_users, form_token, login

UNITS_CSV = """单位编号,单位名称,所属区域,联系人,联系电话,电子邮箱
demo-jxj,示例市经济和信息化局（虚构）,金华市,张示例,0579-00000001,zhang@example.org
demo-yw-jxj,示例义乌经信局（虚构）,义乌市,王示例,,wang@example.org
demo-noemail,示例无邮箱单位（虚构）,金华市,赵示例,0579-00000003,
"""
DUTY_CSV = """指标编号,区域,牵头单位,报送频次,来源
jinhua-industry-14/02,,demo-jxj,年度,示例责任分解方案（虚构）
jinhua-industry-14/03,,demo-noemail,年度,示例责任分解方案（虚构）
jinhua-industry-14/02,义乌市,demo-yw-jxj,年度,示例责任分解方案（虚构）
"""


class _Inbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 OK"



@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Inbox]:
    inbox = _Inbox()
    port = free_port()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    monkeypatch.setenv("PLANWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLANWATCH_SMTP_PORT", str(port))
    monkeypatch.setenv("PLANWATCH_SMTP_SECURITY", "none")
    monkeypatch.setenv("PLANWATCH_SMTP_FROM", "planwatch@example.org")
    yield inbox
    ctl.stop()


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[Store]:
    s = Store(db_url)
    load_embedded(s)
    add_users(s)
    (tmp_path / "u.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DUTY_CSV, encoding="utf-8")
    duty.import_units(s, tmp_path / "u.csv", actor="admin1")
    duty.import_responsibilities(s, tmp_path / "d.csv", actor="admin1")
    yield s
    s.dispose()


def test_planwatch_remind_delivers_to_the_units_contacts(store: Store, smtp: _Inbox) -> None:
    res = CliRunner().invoke(cli, ["--db", store.url, "remind", "--json", "--user", "催报测试"])
    out = json.loads(res.output[res.output.index("["):])
    by_scope = {x["scope"]: x for x in out}
    assert by_scope["demo-jxj"]["sent"] and by_scope["demo-jxj"]["to"] == ["zhang@example.org"]
    assert by_scope["330782"]["sent"] and "wang@example.org" in by_scope["330782"]["to"]
    assert not by_scope["demo-noemail"]["sent"] and "未登记联系人电子邮箱" in by_scope["demo-noemail"]["message"]
    assert res.exit_code == 1  # one unit could not be reached
    rcpts = {r for to, _ in smtp.mails for r in to}
    assert {"zhang@example.org", "wang@example.org"} <= rcpts
    msg = next(msg for _, msg in smtp.mails if "示例市经济和信息化局（虚构）" in msg["Subject"])
    assert msg["Subject"].startswith("【数据报送提醒】") and "逾期未报" in msg["Subject"]
    assert "zhang@example.org" in msg["To"]
    body = msg.get_content()
    assert "规上工业总产值" in body and "应于" in body and "数据报送" in body
    entries, _ = store.audit_entries(entity="reminder")
    assert {e.entity_id for e in entries} >= {"demo-jxj", "330782", "demo-noemail"}
    sent = next(e for e in entries if e.entity_id == "demo-jxj")
    assert sent.action == "remind" and sent.actor == "催报测试" and sent.after["to"] == ["zhang@example.org"]


def test_the_status_page_sends_one_units_reminder(store: Store, smtp: _Inbox) -> None:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "reviewer1")
    page = c.get("/report/status")
    assert "发送邮件" in page.text and "提醒文字" in page.text  # the copyable text stays
    r = c.post("/report/status/remind", data={"csrf_token": form_token(page.text), "scope": "demo-jxj"})
    assert r.status_code == 200
    assert "已发送：" in r.text and "zhang@example.org" in r.text
    assert [to for to, _ in smtp.mails] == [["zhang@example.org"]]
    entries, _ = store.audit_entries(entity="reminder", entity_id="demo-jxj")
    assert entries[0].actor == "reviewer1" and entries[0].after["sent"] is True


def test_without_a_server_nothing_is_sent_and_the_text_stays(store: Store,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("HOST", "PORT", "SECURITY", "FROM"):
        monkeypatch.delenv(f"PLANWATCH_SMTP_{k}", raising=False)
    res = CliRunner().invoke(cli, ["--db", store.url, "remind"])
    assert res.exit_code != 0 and "未配置发信服务器" in str(res.exception)
    assert store.audit_entries(entity="reminder")[1] == 0
    dry = CliRunner().invoke(cli, ["--db", store.url, "remind", "--dry-run"])
    assert dry.exit_code == 0 and "zhang@example.org" in dry.output and "未发送" in dry.output
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "reviewer1")
    page = c.get("/report/status").text
    assert "未配置发信服务器" in page and "提醒文字" in page and "/report/status/remind" not in page
