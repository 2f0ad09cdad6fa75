import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.errors import ConfigError
from planwatch.units import compatible, convert, lookup


def test_money_converts_within_its_dimension():
    assert convert(5562.47, "亿元", "万元") == pytest.approx(55_624_700)
    assert convert(1.4, "万亿元", "亿元") == pytest.approx(14_000)


def test_percent_and_points_never_mix():
    assert not compatible("%", "个百分点")
    with pytest.raises(ConfigError, match="量纲不同"):
        convert(0.2, "个百分点", "%")


def test_counts_of_different_things_do_not_mix():
    with pytest.raises(ConfigError):
        convert(3, "家", "个")


def test_unknown_unit_names_the_unit_and_the_known_ones():
    with pytest.raises(ConfigError, match="无法识别的计量单位“亿美金”.*亿元"):
        lookup("亿美金")


def test_aliases():
    assert lookup("％").symbol == "%"
    assert lookup("百分点").symbol == "个百分点"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(["元", "万元", "亿元", "万亿元"]),
       st.sampled_from(["元", "万元", "亿元", "万亿元"]))
def test_round_trip(value, a, b):
    assert convert(convert(value, a, b), b, a) == pytest.approx(value, rel=1e-9, abs=1e-6)
