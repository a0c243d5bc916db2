"""Text a lesson prints: sentences wrapped to fit the page.

A printed line wider than ``WIDTH`` characters scrolls sideways or wraps into rubble on GitHub,
in JupyterLab and on the course's website (the reading standard, ``docs/lesson-style.md``). The
verdicts of ``course.seeds`` and of the exercise checks are wrapped here, at word boundaries,
so every line they print fits.

Example:
    >>> print(wrap("The rule " + "calls a difference real only above the spread " * 3))
    The rule calls a difference real only above the spread calls a difference real only above the
    spread calls a difference real only above the spread
"""

from __future__ import annotations

import textwrap

WIDTH = 100  # the widest line a lesson prints


def wrap(text: str, width: int = WIDTH) -> str:
    """``text`` with each of its lines wrapped at ``width`` characters, at spaces only: a long
    word (a path, a number) stays whole. Line breaks already in ``text`` are kept.

    Example:
        >>> wrap("one two three", width=7)
        'one two\\nthree'
        >>> wrap("first line\\nsecond", width=20)
        'first line\\nsecond'
    """
    from course.validation import _short, check_int

    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {_short(text)}")
    check_int("width", width, maximum=10_000)  # a wider line is no line a page shows
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
        for line in (text.splitlines() or [""])
    )
