"""The parser against the embedded Jinhua dataset, the hand-checked reading of seeds 003 and 004
(planwatch/data/jinhua/plans). Where the two differ on purpose the test says why."""

from __future__ import annotations

import pytest

from planwatch.dataset import EMBEDDED, read_dataset
from planwatch.parsers import parse_plan
from tests.conftest import seed


@pytest.fixture(scope="module")
def dataset():
    return read_dataset(EMBEDDED).dataset


@pytest.mark.parametrize(("plan_id", "seed_no"), [("jindong-industry-14", "003"), ("jinhua-industry-14", "004")])
def test_indicator_rows_agree(dataset, plan_id, seed_no):
    parsed = {i.seq: i for i in parse_plan(seed(seed_no)).indicators}
    truth = [i for i in dataset.indicators if i.plan == plan_id]
    assert sorted(parsed) == sorted(i.seq for i in truth)
    for t in truth:
        p = parsed[t.seq]
        assert (p.category, p.name, p.nature, p.qualifier) == (t.category, t.name, t.nature, t.qualifier), t.name
        assert (p.base_value, p.target_value, p.stretch_value) == (t.base_value, t.target_value, t.stretch_value), t.name
        if p.base_value is not None:
            assert p.base_year == t.base_year, t.name
        assert (p.declared_growth, p.declared_growth_unit) == (t.declared_growth, t.declared_growth_unit), t.name
        assert (p.direction, p.target_form, p.rule) == (t.direction, t.target_form, t.rule), t.name
        # 工业投资累计额 prints no unit; the dataset's editors supplied 亿元, the parser leaves it
        # empty and reports missing-unit rather than invent one
        assert p.unit == t.unit or (p.unit == "" and t.name == "工业投资累计额"), t.name


def test_decomposition_cells_agree(dataset):
    parsed = {(d.indicator_seq, d.year, d.source.line): d.value for d in parse_plan(seed("004")).decompositions}
    seq = {i.id: i.seq for i in dataset.indicators}
    truth = {(seq[d.indicator], d.year, d.source.line): d.value for d in dataset.decompositions
             if d.indicator.startswith("jinhua-industry-14/")}
    assert parsed == truth


def test_narrative_targets_agree_on_numbers(dataset):
    parsed = [(n.value, n.qualifier, n.year, n.source.line, n.stretch)
              for n in parse_plan(seed("004")).narrative_targets]
    truth = [(n.value, n.qualifier, n.year, n.source.line, n.stretch) for n in dataset.narrative_targets
             if n.plan == "jinhua-industry-14"]
    assert parsed == truth
