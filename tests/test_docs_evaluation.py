"""docs/evaluation.md is shown to users next to results: it must name every setting of the
method and every conclusion the method can print."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from planwatch.evaluation.china import Config
from planwatch.evaluation.china.common import NOT_ASSESSABLE_LABELS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "evaluation.md").read_text(encoding="utf-8")


def test_every_setting_documented_with_its_default():
    for f in dataclasses.fields(Config):
        assert f"`{f.name}`" in DOC, f.name
        assert f.metadata.get("help"), f.name


def test_every_conclusion_documented():
    labels = [*NOT_ASSESSABLE_LABELS.values(), "提前达到目标", "达到或超过进度要求", "快于预期",
              "基本符合预期", "未达进度要求", "逆向变化", "达到目标", "未完成", "基本完成（在容差范围内）",
              "完成省下达年度任务", "未完成省下达年度任务", "完成年度目标", "未完成年度目标"]
    for label in labels:
        assert label in DOC, label


def test_both_time_conventions_and_the_cn7_discrepancy_explained():
    assert "data_period" in DOC and "calendar" in DOC
    assert "2.5/5 = **50%**" in DOC and "3.5/5 = **70%**" in DOC
    assert "CN7" in DOC
