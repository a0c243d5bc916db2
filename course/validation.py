"""Argument checks, one set used by every helper.

Every public helper checks its input before any training starts, and the error names the
argument and what is allowed, in one shape: ``"<name> must be <what is allowed>, got <value>"``.
NumPy scalars count as numbers; ``True``/``False`` never count as numbers; NaN and infinity are
refused wherever a finite number is meant.

Example:
    >>> check_int("batch_size", 32)
    32
    >>> check_int("batch_size", 0)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be an integer >= 1, got 0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def _short(value: Any) -> str:
    """``repr(value)`` cut to a readable length (a learner may pass a whole array); an object
    whose repr raises, or an int too long to print, is named by its type instead.

    Example:
        >>> class Broken:
        ...     def __repr__(self):
        ...         raise RuntimeError("no repr")
        >>> _short(Broken()), _short(10**400)[:6]
        ('<Broken object>', '100000')
    """
    try:
        text = repr(value)
    except Exception:  # a learner's object whose repr is broken is still named in the message
        return f"<{type(value).__name__} object>"
    return text if len(text) <= 80 else text[:77] + "..."


# The largest count any helper takes: a NumPy int64 holds it and a float's range covers it.
# 10**400 samples or epochs is a typo, not a request, and fails here rather than deep in NumPy.
MAX_COUNT = 2**63 - 1


def _finite(value: Any) -> bool:
    """True for a real number that is finite as a float (10**400 is not: it overflows)."""
    try:
        return is_number(value) and math.isfinite(float(value))
    except OverflowError:
        return False


def is_number(value: Any) -> bool:
    """True for a real number (Python or NumPy), False for bools, strings and the rest.

    Example:
        >>> is_number(3), is_number(np.float32(0.5)), is_number(True), is_number("3")
        (True, True, False, False)
    """
    real = isinstance(value, numbers.Real | np.integer | np.floating)  # not complex
    return real and not isinstance(value, bool | np.bool_)


def _is_integer(value: Any) -> bool:
    """True for a Python or NumPy integer, False for bools and the rest."""
    return isinstance(value, numbers.Integral | np.integer) and not isinstance(
        value, bool | np.bool_
    )


def _check_bound(
    name: str, value: Any, *, integer: bool, optional: bool = True, at_least: Any = None
) -> Any:
    """A validator's own range argument (``minimum``, ``maximum``): ``None`` where ``optional``
    (no bound), else an integer of at most ``MAX_COUNT`` either way (``integer``) or a finite
    number, and not below ``at_least`` (an empty range); raise naming ``name`` otherwise. The
    caller's mistake, refused before the value is looked at."""
    if value is None and optional:
        return None
    if integer:
        ok = _is_integer(value) and abs(int(value)) <= MAX_COUNT
        allowed = f"an integer from {-MAX_COUNT:,} to {MAX_COUNT:,}"
    else:
        ok = _finite(value)
        allowed = "a finite number"
    if ok:
        number = int(value) if integer else float(value)
        if at_least is None or number >= at_least:
            return number
        raise ValueError(f"{name} must be at least minimum={at_least}, got {number}")
    raise ValueError(
        f"{name} must be {allowed}{' or None' if optional else ''}, got {_short(value)}"
    )


def check_int(name: str, value: Any, *, minimum: int | None = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer in [minimum, maximum].

    Example:
        >>> check_int("epochs", np.int64(3))
        3
        >>> check_int("seed", 0, minimum=0)
        0
    """
    minimum = _check_bound("minimum", minimum, integer=True)
    maximum = _check_bound("maximum", maximum, integer=True, at_least=minimum)
    ok = _is_integer(value)
    if ok:
        value = int(value)
        ok = (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
    if ok and abs(value) > MAX_COUNT:  # 10**400: no count, size or seed can be that large
        raise ValueError(f"{name} must be an integer of at most {MAX_COUNT:,}, got {_short(value)}")
    if not ok:
        if minimum is not None and maximum is not None:
            allowed = f"an integer from {minimum} to {maximum}"
        elif minimum is not None:
            allowed = f"an integer >= {minimum}"
        elif maximum is not None:
            allowed = f"an integer <= {maximum}"
        else:
            allowed = "an integer"
        raise ValueError(f"{name} must be {allowed}, got {_short(value)}")
    return value


def check_number(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> float:
    """Return ``value`` as a finite float within the bounds, or raise naming them.

    Example:
        >>> check_number("min_delta", 0.01, minimum=0)
        0.01
        >>> check_number("learning_rate", 0, minimum=0, exclusive_minimum=True)
        Traceback (most recent call last):
        ...
        ValueError: learning_rate must be a finite number > 0, got 0
    """
    minimum = _check_bound("minimum", minimum, integer=False)
    maximum = _check_bound("maximum", maximum, integer=False, at_least=minimum)
    exclusive_minimum = check_bool("exclusive_minimum", exclusive_minimum)
    exclusive_maximum = check_bool("exclusive_maximum", exclusive_maximum)
    ok = _finite(value)
    if ok:
        number = float(value)
        if minimum is not None:
            ok = number > minimum if exclusive_minimum else number >= minimum
        if ok and maximum is not None:
            ok = number < maximum if exclusive_maximum else number <= maximum
    if not ok:
        bounds = []
        if minimum is not None:
            bounds.append(f"{'>' if exclusive_minimum else '>='} {minimum:g}")
        if maximum is not None:
            bounds.append(f"{'<' if exclusive_maximum else '<='} {maximum:g}")
        rule = f" {' and '.join(bounds)}" if bounds else ""
        raise ValueError(f"{name} must be a finite number{rule}, got {_short(value)}")
    return float(value)


def check_fraction(
    name: str, value: Any, *, allow_zero: bool = True, allow_one: bool = False
) -> float:
    """Return ``value`` as a float in [0, 1) (by default), or raise naming the range.

    Example:
        >>> check_fraction("validation_split", 0.2)
        0.2
        >>> check_fraction("dropout", 1.0)
        Traceback (most recent call last):
        ...
        ValueError: dropout must be a number with 0 <= dropout < 1, got 1.0
    """
    allow_zero = check_bool("allow_zero", allow_zero)
    allow_one = check_bool("allow_one", allow_one)
    low = "0 <= " if allow_zero else "0 < "
    high = " <= 1" if allow_one else " < 1"
    ok = _finite(value)
    if ok:
        number = float(value)
        ok = (number >= 0 if allow_zero else number > 0) and (
            number <= 1 if allow_one else number < 1
        )
    if not ok:
        raise ValueError(f"{name} must be a number with {low}{name}{high}, got {_short(value)}")
    return float(value)


def check_choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, or raise listing the allowed values.

    Example:
        >>> check_choice("name", "digits", ["digits", "moons"])
        'digits'
    """
    rule = "allowed must be a non-empty list of strings such as ['min', 'max']"
    if isinstance(allowed, str | bytes):  # a string is an iterable of letters, not of choices
        raise ValueError(f"{rule}, got {_short(allowed)}")
    try:
        allowed = list(allowed)
    except Exception as err:  # not iterable, or an iterator that raises
        raise TypeError(f"{rule}, got {_short(allowed)}") from err
    if not allowed or not all(isinstance(choice, str) for choice in allowed):
        raise ValueError(f"{rule}, got {_short(allowed)}")
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, allowed))}, got {_short(value)}"
        )
    return value


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False, or raise.

    Example:
        >>> check_bool("replace", True)
        True
    """
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be True or False, got {_short(value)}")
    return bool(value)


def check_text(name: str, value: Any, *, example: str = "") -> str:
    """Return ``value`` if it is a string (a label, a title, a description), else raise naming
    ``name``, with ``example`` (such as ``'fits'``) in the message when given.

    Example:
        >>> check_text("desc", "fits")
        'fits'
        >>> check_text("desc", 3, example="'fits'")
        Traceback (most recent call last):
        ...
        ValueError: desc must be a string such as 'fits', got 3
    """
    if not isinstance(example, str):
        raise ValueError(f"example must be a string such as \"'fits'\", got {_short(example)}")
    if not isinstance(value, str):
        such_as = f" such as {example}" if example else ""
        raise ValueError(f"{name} must be a string{such_as}, got {_short(value)}")
    return value


def check_figsize(name: str, value: Any) -> tuple[float, float]:
    """Return a figure size ``(width, height)`` in inches as two floats > 0, or raise naming
    ``name``.

    Example:
        >>> check_figsize("figsize", [6, 4])
        (6.0, 4.0)
    """
    try:
        pair = isinstance(value, tuple | list) and len(value) == 2
    except Exception as err:  # a list whose __len__ raises
        raise TypeError(f"{name} must be (width, height) in inches, got {_short(value)}") from err
    if not pair:
        raise ValueError(f"{name} must be (width, height) in inches, got {_short(value)}")
    # good sizes return before the label f"each entry of {name}" is made: a name that cannot
    # be formatted then fails only with a bad size, as every other check here does
    if all(_finite(v) and v > 0 for v in value):
        return float(value[0]), float(value[1])
    width, height = (
        check_number(f"each entry of {name}", v, minimum=0, exclusive_minimum=True) for v in value
    )
    return width, height


def check_training_metrics(value: Any, *, name: str = "metrics") -> tuple[str, ...]:
    """Return ``value`` as a tuple of training metric names (their ``val_`` curves go with them);
    the error names ``name``.

    Example:
        >>> check_training_metrics(["loss", "accuracy"])
        ('loss', 'accuracy')
    """
    if isinstance(value, str) or not isinstance(value, tuple | list) or not value:
        raise ValueError(
            f"{name} must be a non-empty tuple of metric names such as ('loss', "
            f"'accuracy'), got {_short(value)}"
        )
    for metric in value:
        if not isinstance(metric, str) or not metric or metric.startswith("val_"):
            raise ValueError(
                f"each entry of {name} must be a training metric name such as 'loss' "
                f"(its val_ curve is drawn with it), got {_short(metric)}"
            )
    return tuple(value)


MAX_SEED = 2**32 - 1  # NumPy's and scikit-learn's random states take seeds up to this


def check_seed(name: str, value: Any) -> int:
    """Return ``value`` as an int seed from 0 to ``MAX_SEED`` (NumPy integers too), or raise.

    Example:
        >>> check_seed("seed", np.int64(3))
        3
    """
    return check_int(name, value, minimum=0, maximum=MAX_SEED)


def check_int_list(
    name: str, value: Any, *, minimum: int = 1, example: str = "[16, 64]", allow_empty: bool = False
) -> list[int]:
    """Return ``value`` as a non-empty list of integers >= ``minimum``, or raise.

    Example:
        >>> check_int_list("batch_sizes", (16, np.int64(64)))
        [16, 64]
    """
    minimum = _check_bound("minimum", minimum, integer=True, optional=False)
    if not isinstance(example, str):
        raise ValueError(f"example must be a string such as '[16, 64]', got {_short(example)}")
    allow_empty = check_bool("allow_empty", allow_empty)
    if (
        isinstance(value, str | bytes)
        or not isinstance(value, Sequence | np.ndarray)
        or (isinstance(value, np.ndarray) and value.ndim != 1)  # nested lists: an entry's error
    ):
        raise ValueError(
            f"{name} must be a list of integers >= {minimum} such as {example}, got {_short(value)}"
        )
    if len(value) == 0 and not allow_empty:
        raise ValueError(f"{name} must hold at least one integer, such as {example}; got []")
    entries = []
    for entry in value:
        if not (_is_integer(entry) and minimum <= entry <= MAX_COUNT):  # the label made only here
            check_int(f"each entry of {name}", entry, minimum=minimum)  # raises, naming it
        entries.append(int(entry))
    return entries


def check_shape(name: str, value: Any, *, ndim: int | None = None) -> tuple[int, ...]:
    """Return ``value`` as a tuple of positive integers (one sample's shape), or raise.

    Example:
        >>> check_shape("input_shape", [8, 8, 1], ndim=3)
        (8, 8, 1)
    """
    if ndim is not None:
        ndim = check_int("ndim", ndim)
    example = "(8, 8, 1)" if ndim == 3 else "(64,)"
    what = f"a tuple of {ndim} " if ndim else "a tuple of "
    ok = isinstance(value, Sequence) and not isinstance(value, str | bytes) and len(value) > 0
    ok = ok and all(_is_integer(d) and d >= 1 for d in value)
    if not ok or (ndim is not None and len(value) != ndim):
        raise ValueError(
            f"{name} must be {what}positive integers such as {example}, got {_short(value)}"
        )
    return tuple(int(d) for d in value)


def check_finite_array(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a NumPy array of numbers, or raise if it is empty, not numeric or
    holds NaN or infinity.

    Example:
        >>> check_finite_array("x", [1.0, 2.0]).shape
        (2,)
    """
    try:
        array = np.asarray(value)
    except Exception as err:  # ragged nested lists; an object whose attributes raise
        raise ValueError(f"{name} must be an array of numbers, got {_short(value)}") from err
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise ValueError(f"{name} must be an array of numbers, got {_short(value)}")
    if array.size == 0:
        raise ValueError(f"{name} must hold at least one sample, got an empty array")
    if not np.all(np.isfinite(array)):
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} must hold finite numbers only; it contains {bad} NaN or infinite value(s)"
        )
    return array


def check_curve(name: str, value: Any) -> np.ndarray:
    """Return a per-epoch curve (one finite number per epoch) as a 1-D float array, or raise.

    Example:
        >>> check_curve("val_loss", [0.9, 0.7, 0.8])
        array([0.9, 0.7, 0.8])
    """
    try:
        shape = np.shape(value)
    except Exception as err:  # ragged nested lists; an object whose attributes raise
        raise ValueError(
            f"{name} must be a flat list with one number per epoch, got nested lists"
        ) from err
    if isinstance(value, str | bytes) or len(shape) == 0:
        raise ValueError(
            f"{name} must be a list with one number per epoch such as [0.9, 0.7, 0.8], "
            f"got {_short(value)}"
        )
    if shape == (0,):
        raise ValueError(f"{name} must hold one number per epoch, got an empty list")
    if len(shape) != 1:
        raise ValueError(f"{name} must be a flat list with one number per epoch, got shape {shape}")
    return check_finite_array(name, value).astype(float)


def check_same_length(**arrays: Sequence[Any] | np.ndarray) -> int:
    """Return the common length of the named arrays, or raise naming the mismatch.

    Example:
        >>> check_same_length(x=[1, 2, 3], y=[0, 1, 0])
        3
    """
    lengths = {}
    for name, a in arrays.items():
        try:
            lengths[name] = len(a)
        except Exception as err:  # no len(), or a len() that raises
            raise ValueError(f"{name} must be an array of samples, got {_short(a)}") from err
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"len({name}) = {n}" for name, n in lengths.items())
        raise ValueError(f"{' and '.join(lengths)} must have the same length, got {detail}")
    return next(iter(lengths.values()))


def check_noise_table(name: str, table: Any) -> pd.DataFrame:
    """``table`` if it is a ``course.gradients.gradient_noise`` table, or raise naming ``name``.

    Its columns are ``batch_size``, ``noise`` and ``noise_sem``; it has at least one row, whole
    batch sizes >= 1, and finite noise and standard errors >= 0.

    Example:
        >>> table = pd.DataFrame({"batch_size": [1, 8], "noise": [2.0, 0.3],
        ...                       "noise_sem": [0.1, 0.0]})
        >>> check_noise_table("measured", table) is table
        True
        >>> check_noise_table("measured", table.assign(batch_size=[1, 2.5]))
        Traceback (most recent call last):
        ...
        ValueError: measured's batch_size column must hold batch sizes (whole numbers >= 1), got 2.5
    """
    needed = ["batch_size", "noise", "noise_sem"]
    if not isinstance(table, pd.DataFrame) or any(c not in table for c in needed):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise ValueError(
            f"{name} must be a table from gradient_noise with the columns {needed}, got {got}"
        )
    if table.empty:
        raise ValueError(f"{name} must hold at least one batch size (one row), got an empty table")
    for column in needed:
        try:
            values = check_finite_array(f"{column} column", table[column].to_numpy())
        except ValueError as err:  # the message made here: ``name`` is formatted on error only
            raise ValueError(f"{name}'s {err}") from err
        if column == "batch_size":
            wrong = values[(values < 1) | (values != np.round(values))]
            allowed = "batch sizes (whole numbers >= 1)"
        else:
            wrong, allowed = values[values < 0], "numbers >= 0"
        if wrong.size:
            raise ValueError(f"{name}'s {column} column must hold {allowed}, got {wrong[0]}")
    return table
