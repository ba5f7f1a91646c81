"""Printing numbers no more precisely than they are computed.

A value at the level of floating-point rounding (a gradient that "is zero", the gap between two
computations of the same number) has digits that depend on the machine: another CPU, another BLAS
kernel or another summation order prints other digits. The chapters print such values as a bound.
"""
from __future__ import annotations

import numbers

ROUNDING_FLOOR = 1e-12
"""Magnitudes below this are printed as ``< 1e-12``: at this course's scales, they are rounding."""


def fmt(value: float, spec: str = ".3g", floor: float = ROUNDING_FLOOR) -> str:
    """Format ``value`` with ``spec``, or as the bound ``"< 1e-12"`` when it is below ``floor``.

    Parameters
    ----------
    value : float
        The number to print.
    spec : str, optional
        A format specification such as ``".3g"`` or ``".2e"``, used when ``|value| >= floor``.
    floor : float, optional
        Magnitudes below this (exactly zero included) are shown as ``"< floor"``.

    Returns
    -------
    str
        For example ``fmt(0.0231)`` is ``"0.0231"`` and ``fmt(3.7e-14)`` is ``"< 1e-12"``.

    Examples
    --------
    >>> fmt(2.5e-3, ".1e"), fmt(-4e-17)
    ('2.5e-03', '< 1e-12')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__} {value!r}.")
    if isinstance(floor, bool) or not isinstance(floor, numbers.Real) or not floor > 0:
        raise ValueError(f"floor must be a positive number such as 1e-12, got {floor!r}.")
    if abs(value) < floor:
        return f"< {floor:.0e}".replace("e-0", "e-")
    return format(float(value), spec)


_SUPERSCRIPT = str.maketrans("-+0123456789", "⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("-+0123456789", "₋₊₀₁₂₃₄₅₆₇₈₉")


def superscript(value: int | str) -> str:
    """``value``'s digits and signs as superscript characters: ``superscript(-3)`` is ``"⁻³"``.

    Plot labels written with them (``"10" + superscript(-3)``) need no mathtext.
    """
    return str(value).translate(_SUPERSCRIPT)


def subscript(value: int | str) -> str:
    """``value``'s digits and signs as subscript characters: ``"w" + subscript(12)`` is ``"w₁₂"``."""
    return str(value).translate(_SUBSCRIPT)
