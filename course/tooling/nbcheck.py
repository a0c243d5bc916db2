"""The notebook check's rule: what a lesson claims compared exactly, measured floats within a
tolerance.

A stored notebook holds one machine's arithmetic: 30 epochs of Adam turn last-bit differences
between CPUs into differences in the third digit. So the check (nbval, with this rule in place
of its string equality; ``course.tooling.nbval_plugin``) splits every output into text and
numbers:

- text, the words of a verdict or finding and the layout of a table, is compared exactly
  (runs of spaces count as one, since a column widens with a minus sign);
- a number written without a decimal point or exponent (a count, a shape, an epoch, an
  iteration) is compared exactly;
- a number written with a decimal point or an exponent (a measured float) agrees when
  ``|a - b| <= rtol * max(|a|, |b|) + units * u``, where ``u`` is one unit in the last digit
  the stored output printed (``0.001`` for ``0.515``).

``TOLERANCE`` is the default. A cell can set its own in its metadata, with the reason::

    "nbcheck": {"rtol": 0.1, "reason": "a test accuracy on 40 images: one image is 0.025"}

Keys: ``rtol``, ``units``, ``int_atol`` (how far a measured integer, such as a best epoch,
may move) and ``lines`` (a regular expression: the override then holds only on the lines it
matches, such as one table row per seed, and the cell's other lines, where its findings are
printed, keep the default); ``reason`` is required.

Example:
    >>> difference("validation loss 1.090, stopped at epoch 12",
    ...            "validation loss 1.114, stopped at epoch 12") is None
    True
    >>> print(difference("stopped at epoch 12", "stopped at epoch 13"))
    13 where the stored output has 12 (a count, compared exactly)
    >>> print(difference("beyond the spread", "within the spread"))
    'within' where the stored output has 'beyond'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

NUMBER = re.compile(
    r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+−]?\d+)?(?![\w]|\.\d)"
)
"""A number standing alone: not part of a name (``dense_3``) or a version (``2.21.0``)."""


@dataclass(frozen=True)
class Tolerance:
    """How far a fresh number may be from the stored one and still agree.

    Example:
        >>> Tolerance(rtol=0.1).rtol
        0.1
    """

    rtol: float = 0.05
    units: float = 2.0
    int_atol: int = 0
    lines: str | None = None

    def __post_init__(self) -> None:
        if self.lines is not None:
            try:
                re.compile(self.lines)
            except (re.error, TypeError) as error:
                raise ValueError(
                    f"nbcheck lines must be a regular expression, got {self.lines!r} ({error})"
                ) from None
        for name in ("rtol", "units", "int_atol"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(f"nbcheck {name} must be a number >= 0, got {value!r}")
        if self.int_atol != int(self.int_atol):
            raise ValueError(f"nbcheck int_atol must be a whole number, got {self.int_atol!r}")


TOLERANCE = Tolerance()
"""The default: 5 % of the larger value plus two units in the last printed digit. Chosen from
measurement (benchmarks/RESULTS.md, "Checked outputs on another machine"): the largest relative
difference of a reported float between two machines, or under ``COURSE_PERTURB=1e-6``, was
about 2 %; five per cent leaves room for a third machine and is still far below a changed result.
"""


def tolerance_for(metadata: Mapping[str, Any]) -> Tolerance:
    """The tolerance a cell asks for in its metadata (``"nbcheck"``), else ``TOLERANCE``.

    Example:
        >>> tolerance_for({"nbcheck": {"int_atol": 2, "reason": "best epochs are measured"}})
        Tolerance(rtol=0.05, units=2.0, int_atol=2, lines=None)
        >>> tolerance_for({"nbcheck": {"rtol": 0.1}})
        Traceback (most recent call last):
        ...
        ValueError: nbcheck needs a "reason": why this cell's outputs need their own tolerance
    """
    override = metadata.get("nbcheck")
    if override is None:
        return TOLERANCE
    if not isinstance(override, Mapping):
        raise ValueError(f"nbcheck must be a mapping of tolerances, got {override!r}")
    reason = override.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(
            'nbcheck needs a "reason": why this cell\'s outputs need their own tolerance'
        )
    unknown = set(override) - {"rtol", "units", "int_atol", "lines", "reason"}
    if unknown:
        raise ValueError(
            f"nbcheck keys must be rtol, units, int_atol, lines and reason, got {sorted(unknown)}"
        )
    return replace(TOLERANCE, **{k: v for k, v in override.items() if k != "reason"})


def split(text: str) -> tuple[list[str], list[str]]:
    """The text between numbers, and the numbers: ``len(texts) == len(numbers) + 1``.

    Example:
        >>> split("loss 0.515 at epoch 30 (Keras 3.15.1)")
        (['loss ', ' at epoch ', ' (Keras 3.15.1)'], ['0.515', '30'])
    """
    texts, numbers, start = [], [], 0
    for match in NUMBER.finditer(text):
        texts.append(text[start : match.start()])
        numbers.append(match.group())
        start = match.end()
    texts.append(text[start:])
    return texts, numbers


def _value(number: str) -> float:
    return float(number.replace(",", "").replace("−", "-"))


def _is_float(number: str) -> bool:
    return "." in number or "e" in number.lower()


def _last_unit(number: str) -> float:
    """One unit in the last printed digit: 0.001 for ``0.515``, 1 for ``12``."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent.replace("−", "-") or 0) - decimals)


def relative_difference(stored: str, fresh: str) -> float:
    """``|a - b| / max(|a|, |b|)`` of two printed numbers (0 when both are 0).

    Example:
        >>> round(relative_difference("1.090", "1.114"), 4)
        0.0215
    """
    a, b = _value(stored), _value(fresh)
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def numbers_agree(stored: str, fresh: str, tolerance: Tolerance = TOLERANCE) -> bool:
    """Whether a fresh printed number agrees with the stored one under ``tolerance``.

    Example:
        >>> numbers_agree("0.515", "0.538"), numbers_agree("0.515", "0.600")
        (True, False)
        >>> numbers_agree("12", "12.0"), numbers_agree("12", "13")
        (False, False)
    """
    if _is_float(stored) != _is_float(fresh):
        return False
    a, b = _value(stored), _value(fresh)
    if not _is_float(stored):
        return abs(a - b) <= tolerance.int_atol
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    bound = tolerance.rtol * max(abs(a), abs(b)) + tolerance.units * _last_unit(stored)
    return abs(a - b) <= bound


def difference(stored: str, fresh: str, tolerance: Tolerance = TOLERANCE) -> str | None:
    r"""Where a fresh output departs from the stored one, in words; ``None`` when they agree.

    With ``tolerance.lines``, line by line: the lines it matches under ``tolerance``, the others
    under ``TOLERANCE``.

    Example:
        >>> rows = Tolerance(int_atol=2, lines=r"^ *seed")
        >>> stored = "seed 1: 30 wrong\nin 1 of 3 seeds"
        >>> difference(stored, "seed 1: 29 wrong\nin 1 of 3 seeds", rows)
        >>> print(difference(stored, "seed 1: 30 wrong\nin 2 of 3 seeds", rows))
        line 2: 2 where the stored output has 1 (a count, compared exactly)
        >>> print(difference("3 of 3 seeds", "3 of 3 seeds, 1 NaN"))
        'seeds,' where the stored output has 'seeds'
        >>> print(difference("seeds 0 1 2", "seeds 0 1 2 3"))
        the fresh output has 1 more number than the stored one
        >>> print(difference("0.515", "0.700"))
        0.700 where the stored output has 0.515 (relative difference 26.4 %, allowed 5.3 %)
    """
    if tolerance.lines is not None:
        old_lines, new_lines = stored.splitlines(), fresh.splitlines()
        if len(old_lines) != len(new_lines):
            return f"{len(new_lines)} lines where the stored output has {len(old_lines)}"
        for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
            rule = tolerance if re.search(tolerance.lines, old) else TOLERANCE
            found = difference(old, new, replace(rule, lines=None))
            if found:
                return f"line {number}: {found}"
        return None
    stored_texts, stored_numbers = split(stored)
    fresh_texts, fresh_numbers = split(fresh)
    for old, new in zip(stored_texts, fresh_texts, strict=False):
        if old.split() != new.split():
            words = [(a, b) for a, b in zip(old.split(), new.split(), strict=False) if a != b]
            if words:
                return f"{words[0][1]!r} where the stored output has {words[0][0]!r}"
            return f"{new.strip()!r} where the stored output has {old.strip()!r}"
    extra = len(fresh_numbers) - len(stored_numbers)
    if extra:
        more = "more" if extra > 0 else "fewer"
        return (
            f"the fresh output has {abs(extra)} {more} number{'s' * (abs(extra) != 1)} "
            "than the stored one"
        )
    for old, new in zip(stored_numbers, fresh_numbers, strict=True):
        if numbers_agree(old, new, tolerance):
            continue
        if not (_is_float(old) and _is_float(new)):
            return f"{new} where the stored output has {old} (a count, compared exactly)"
        scale = max(abs(_value(old)), abs(_value(new)))
        allowed = tolerance.rtol + tolerance.units * _last_unit(old) / scale
        return (
            f"{new} where the stored output has {old} (relative difference "
            f"{relative_difference(old, new):.1%}, allowed {allowed:.1%})"
        ).replace("%", " %")
    return None
