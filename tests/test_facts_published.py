"""Facts from real texts of other places and genres (issue 13): national statistical releases
reposted by news sites, one in traditional characters (bench/corpus/facts_texts.py, gold typed
from the texts), and the classes the extractor missed or invented on such texts."""

from __future__ import annotations

import pytest

from bench.corpus.facts_texts import TEXTS, score_facts
from planwatch.facts.extract import extract


def _rows(text: str) -> list[tuple[str, float, str]]:
    return [(f.kind.value, f.value, f.unit) for f in extract(text)]


@pytest.mark.parametrize("t", TEXTS, ids=lambda t: t.key)
def test_recall_and_precision_on_published_texts(t) -> None:
    matched, gold, found, misses = score_facts(t.gold, extract(t.text))
    assert matched / gold >= 0.95, misses
    assert matched / found >= 0.95, misses


def test_a_structure_with_ascii_colons_is_three_shares() -> None:
    facts = extract("2024年，全区三次产业结构调整为3.0:43.4:53.6。")
    assert [(f.subject, f.value) for f in facts] == [
        ("第一产业比重", 3.0), ("第二产业比重", 43.4), ("第三产业比重", 53.6)]
    assert {f.kind.value for f in facts} == {"share"}


def test_signed_and_falling_changes() -> None:
    assert _rows("全年居民消费价格增长-0.7%。") == [("growth", -0.7, "%")]
    assert _rows("8月份，工业生产者出厂价格同比下跌2.3%。") == [("growth", -2.3, "%")]
    assert _rows("粮食、棉花、油料产量分别下降1.2%、5.3%、11.0%。") == [
        ("growth", -1.2, "%"), ("growth", -5.3, "%"), ("growth", -11.0, "%")]


def test_a_list_of_points_gives_every_item_its_unit() -> None:
    assert _rows("三次产业增加值占比分别提高0.3、0.5和0.2个百分点。") == [
        ("change_points", 0.3, "个百分点"), ("change_points", 0.5, "个百分点"),
        ("change_points", 0.2, "个百分点")]


@pytest.mark.parametrize("text", [
    "索引号：330502/2025-01292 发布日期：2025-09-10",
    "全区消费市场保持两位数增长。",
    "8月份，全区经济运行总体平稳。",
    "1-8月份，全区经济运行总体平稳。",
])
def test_index_numbers_dates_months_and_manners_of_speaking_are_no_facts(text) -> None:
    assert extract(text) == []


def test_traditional_characters_are_read_and_quoted_as_printed() -> None:
    facts = extract("分產業看，第一產業增加值48123億元，同比增長2.3%。")
    assert [(f.kind.value, f.value, f.unit, f.subject) for f in facts] == [
        ("level", 48123.0, "亿元", "第一产业增加值"), ("growth", 2.3, "%", "第一产业增加值")]
    assert "產業" in facts[0].sentence  # the quote keeps the characters as printed
