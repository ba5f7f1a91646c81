"""gd.fmt prints a value at rounding level as a bound, and anything else with the given spec."""
import math

import pytest

import gdcourse as gd


@pytest.mark.parametrize("value, spec, expected", [
    (0.0231, ".3g", "0.0231"), (-7.31e-05, ".3g", "-7.31e-05"), (5.56e-05, ".2e", "5.56e-05"),
    (3.7e-14, ".3g", "< 1e-12"), (-5e-20, ".3g", "< 1e-12"), (0.0, ".1e", "< 1e-12"), (1e-12, ".0e", "1e-12"),
])
def test_fmt(value, spec, expected):
    assert gd.fmt(value, spec) == expected


def test_fmt_other_floor_and_nan():
    assert gd.fmt(2e-5, ".1e", floor=1e-3) == "< 1e-3"
    assert gd.fmt(math.nan) == "nan"


@pytest.mark.parametrize("bad", ["0.1", None, True, [1.0]])
def test_fmt_refuses_non_numbers(bad):
    with pytest.raises(TypeError, match="real number"):
        gd.fmt(bad)


@pytest.mark.parametrize("floor", [0, -1e-12, math.nan])
def test_fmt_refuses_bad_floor(floor):
    with pytest.raises(ValueError, match="floor"):
        gd.fmt(1.0, floor=floor)


def test_superscript_and_subscript():
    from gdcourse.formatting import subscript, superscript

    assert superscript(-12) == "⁻¹²" and superscript("+3") == "⁺³"
    assert "w" + subscript(105) == "w₁₀₅"
