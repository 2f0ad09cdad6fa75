"""planwatch facts import / review against a real SQLite store with the embedded dataset."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.store import Store
from tests.conftest import seed


def _run(url: str, *args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_import_then_accept_all_linked(sqlite_url: str) -> None:
    _run(sqlite_url, "init")
    out = _run(sqlite_url, "facts", "import", str(seed("001")), "--submitter", "张三")
    assert "送审" in out and "seed-001" in out
    again = _run(sqlite_url, "facts", "import", str(seed("001")))
    assert "送审0条" in again
    store = Store(sqlite_url)
    queued = store.candidates("pending", origin="facts")
    assert queued and all(c.submitted_by == "张三" for c in queued)
    share = [c for c in queued if c.statistic == "de-core-va-share" and c.kind == "share"]
    assert [(c.value, c.period, c.source.document, c.source.line) for c in share] == [
        (7.1, "2021", "seed-001", 108)]
    out = _run(sqlite_url, "facts", "review", "--accept-all-linked", "--reviewer", "李四")
    assert "已接受" in out and "留待人工审核" in out
    done = store.candidate(share[0].id)
    assert done.state.value == "accepted" and done.reviewed_by == "李四"
    # the dataset already holds 7.1 from seed-001 line 108: one observation, not two
    obs = [o for o in store.observations("de-core-va-share", "330700", all_revisions=True)
           if o.period.code == "2021" and o.kind.value == "share"]
    assert [o.value for o in obs] == [7.1]
    store.dispose()


def test_interactive_review_in_chinese(sqlite_url: str, tmp_path: Path) -> None:
    _run(sqlite_url, "init")
    doc = tmp_path / "bulletin.txt"
    doc.write_text("2023年，全市森林覆盖率61.6%。\n2023年，全市新建口袋公园37个。\n"
                   "2023年，全市地区生产总值6011.3亿元。\n", encoding="utf-8")
    _run(sqlite_url, "facts", "import", str(doc))
    out = _run(sqlite_url, "facts", "review", "--reviewer", "王五",
               input="a\nr\n不是规划指标\nc\n6011.27\n亿元\n统计公报修正\n")
    assert "候选数据 #" in out and "原句：2023年，全市森林覆盖率61.6%。" in out
    assert "已接受" in out and "已拒绝" in out and "已更正并接受" in out
    store = Store(sqlite_url)
    states = {c.text: c.state.value for c in store.candidates(None, origin="facts")}
    assert states == {"61.6%": "accepted", "37个": "rejected", "6011.3亿元": "corrected"}
    (gdp,) = [o for o in store.observations("gdp", "330700", all_revisions=True)
              if o.period.code == "2023" and o.kind.value == "level"]
    # 6011.3 conflicted with the published 6011.27; corrected, it is a second source of that one
    (corrected,) = [c for c in store.candidates(None) if c.text == "6011.3亿元"]
    assert corrected.conflict and corrected.observation_id == gdp.id and gdp.value == 6011.27
    sources = [s.document or s.url for s, _ in store.observation_sources(gdp.id or 0)]
    assert sources[-1] == "bulletin.txt" and len(sources) == 2
    forest = [o for o in store.observations("forest", "330700") if o.period.code == "2023"]
    assert [(o.value, o.source.document, o.source.line) for o in forest] == [
        (61.6, "bulletin.txt", 1)]
    store.dispose()
