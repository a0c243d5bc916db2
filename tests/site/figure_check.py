"""What counts as a problem of a figure from a notebook's output (an ``<img>`` in a cell's
output), from what ``page_probe.js`` read of it (fact ``figures``).

**Legible in dark mode.** A plot drawn in black on a transparent background would vanish on the
dark page; the site puts each figure on a light background with a margin
(``docs/_static/custom.css``). Measured: the colour behind the picture (the backgrounds from the
``<img>`` outwards, blended down to the first opaque one), with the ``<img>``'s own CSS
``filter`` applied to it and to black ink alike (the theme dims images in dark mode with
``brightness()`` and ``contrast()``; another filter function is reported, not guessed at). Black
ink on it must reach a contrast of at least 7:1 (WCAG's enhanced level for text: a plot's labels
are small text), and that light background must reach at least 4 px past the picture on every
side.

**Described.** Its alt text is neither missing, empty, nor a file path (MyST-NB's default is
the image's path, ``../_images/<hash>.png``, which a screen reader reads out).
"""

from __future__ import annotations

import re
from typing import Any

MIN_INK_CONTRAST = 7.0
MIN_MARGIN_PX = 4.0
INK = (0.0, 0.0, 0.0)  # black, in sRGB from 0 to 1
FILTER_FUNCTION = re.compile(r"([a-z-]+)\(([^)]*)\)")
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)

RGB = tuple[float, float, float]


def blend(layers: list[list[float]]) -> RGB:
    """The colour of background layers ``[r, g, b, alpha]`` (0-255, alpha 0-1), innermost
    first, seen on top of each other; white below them if none is opaque (a browser's canvas).
    In sRGB from 0 to 1.

    >>> blend([[0, 0, 0, 0.5], [255, 255, 255, 1]])
    (0.5, 0.5, 0.5)
    """
    colour = (1.0, 1.0, 1.0)
    for r, g, b, alpha in reversed(layers):
        colour = tuple(  # type: ignore[assignment]
            alpha * c / 255 + (1 - alpha) * below
            for c, below in zip((r, g, b), colour, strict=True)
        )
    return colour


def apply_filter(colour: RGB, css_filter: str) -> RGB:
    """``colour`` through a computed CSS ``filter`` made of ``brightness()`` and
    ``contrast()`` (``none``: unchanged); a ValueError names any other function.

    >>> apply_filter((1.0, 1.0, 1.0), "brightness(0.8) contrast(1.2)")
    (0.86, 0.86, 0.86)
    """
    for name, argument in FILTER_FUNCTION.findall("" if css_filter == "none" else css_filter):
        amount = float(argument.rstrip("%")) / (100 if argument.endswith("%") else 1)
        if name == "brightness":
            colour = tuple(c * amount for c in colour)  # type: ignore[assignment]
        elif name == "contrast":
            colour = tuple((c - 0.5) * amount + 0.5 for c in colour)  # type: ignore[assignment]
        else:
            raise ValueError(f"filter function {name}() is not measured here: {css_filter}")
    return tuple(round(min(max(c, 0.0), 1.0), 6) for c in colour)  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """WCAG's relative luminance of an sRGB colour (0 to 1 a channel)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21.

    >>> round(contrast_ratio((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), 1)
    21.0
    """
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_figure_problems(figures: list[dict[str, Any]]) -> list[str]:
    """The figures black ink would be hard to read on in dark mode, in words (empty when every
    figure sits on a light background with a margin)."""
    problems = []
    for figure in figures:
        name = figure["src"].split("/")[-1][:24]
        try:
            ink = apply_filter(INK, figure["filter"])
            background = apply_filter(blend(figure["backgrounds"]), figure["filter"])
        except ValueError as err:
            problems.append(f"figure {name}: {err}")
            continue
        ratio = contrast_ratio(ink, background)
        if ratio < MIN_INK_CONTRAST:
            shown = "rgb(" + ", ".join(f"{255 * c:.0f}" for c in background) + ")"
            problems.append(
                f"figure {name}: black ink on its background {shown} has a contrast of "
                f"{ratio:.1f}:1 (at least {MIN_INK_CONTRAST:g}:1)"
            )
        elif figure["margin"] < MIN_MARGIN_PX:
            problems.append(
                f"figure {name}: its background reaches {figure['margin']:g} px past the picture "
                f"(at least {MIN_MARGIN_PX:g} px on every side)"
            )
    return problems


def alt_text_problems(figures: list[dict[str, Any]]) -> list[str]:
    """The figures without a description: no alt text, an empty one, or a file path."""
    problems = []
    for figure in figures:
        name = figure["src"].split("/")[-1][:24]
        alt = (figure["alt"] or "").strip()
        if not alt:
            problems.append(f"figure {name} has no alt text")
        elif alt == figure["src"] or IMAGE_FILE.search(alt) or "_images/" in alt:
            problems.append(f"figure {name}'s alt text is a file path: {alt[:60]}")
    return problems
