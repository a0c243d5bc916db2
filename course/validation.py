"""Argument checks shared by the helpers.

Every public helper checks its input before any training starts, and the error names the
argument and what is allowed, so a learner sees "batch_size must be an integer >= 1, got 0"
rather than a shape error from deep inside TensorFlow.

Example:
    >>> check_positive_int("batch_size", 32)
    32
    >>> check_positive_int("batch_size", 0)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be an integer >= 1, got 0
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


def check_positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= ``minimum``.

    Example:
        >>> check_positive_int("epochs", 3)
        3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_fraction(
    name: str, value: Any, *, allow_zero: bool = True, allow_one: bool = False
) -> float:
    """Return ``value`` as a float in [0, 1) (by default), or raise naming the range.

    Example:
        >>> check_fraction("validation_split", 0.2)
        0.2
    """
    low = "0 <= " if allow_zero else "0 < "
    high = " <= 1" if allow_one else " < 1"
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok:
        value = float(value)
        ok = (value >= 0 if allow_zero else value > 0) and (value <= 1 if allow_one else value < 1)
    if not ok:
        raise ValueError(f"{name} must be a number with {low}{name}{high}, got {value!r}")
    return value


def check_choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, or raise listing the allowed values.

    Example:
        >>> check_choice("name", "digits", ["digits", "moons"])
        'digits'
    """
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def check_finite_array(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a NumPy array, or raise if it is empty or holds NaN or infinity.

    Example:
        >>> check_finite_array("x", [1.0, 2.0]).shape
        (2,)
    """
    array = np.asarray(value)
    if array.size == 0:
        raise ValueError(f"{name} is empty; it must hold at least one sample")
    if np.issubdtype(array.dtype, np.number) and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s); all values must be finite numbers"
        )
    return array


def check_same_length(**arrays: Sequence[Any] | np.ndarray) -> int:
    """Return the common length of the named arrays, or raise naming the mismatch.

    Example:
        >>> check_same_length(x=[1, 2, 3], y=[0, 1, 0])
        3
    """
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"len({name}) = {n}" for name, n in lengths.items())
        raise ValueError(f"{' and '.join(lengths)} must have the same length; got {detail}")
    return next(iter(lengths.values()))
