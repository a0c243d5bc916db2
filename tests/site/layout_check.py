"""What counts as a layout problem on the site's pages, from what ``layout_probe.js`` measured
(``page_check.check_page`` runs it: at 1280 px for every page, at 390 px on a phone for the
lessons checked here).

**At 1280 px wide** (a laptop), no page scrolls sideways: it is no wider than the window
(``scrollWidth`` <= ``clientWidth``). Nor does any code or output block, on any page: no code
block (a code cell's input, code in the prose, a docstring's example), printed output (stream,
plain text, traceback), rendered table (a DataFrame) or image in a cell's output is wider than
its box; a block inside a table is part of the table. A block is too wide when its content
reaches more than 1 px past its own width (``scrollWidth > clientWidth + 1``: a ``<pre>`` that
scrolls) or its right edge more than 1 px past the inside of any box around it, up to the text
edge of the content column (a table in a wrapper that scrolls, an image wider than the column).
Each one is reported with its kind, its first 60 characters (an image: its file and size), the
section it is in, and by how many pixels.

**Readable at 390 px** (a phone, emulated: Chromium's mobile mode, which honours the page's
viewport meta tag, 390 x 844 CSS px) means all of:

- the page is laid out for the phone's width: its viewport meta tag says ``width=device-width``
  (without it a phone lays the page out 980 px wide and shrinks the whole of it);
- the page does not scroll sideways: it is no wider than the screen (``scrollWidth`` <= 390);
- nothing reaches past the screen's left or right edge, except inside a box on the screen that
  scrolls: a code block, a printed output or a table may scroll sideways inside its own box,
  as code does on every phone, but text is never cut off or pushed off the screen;
- the body text (paragraphs, list items, definitions, quotes and the cells of tables in the
  prose) is at least 14 CSS px, and code and printed output at least 12 CSS px;
- the text column takes at least 75 % of the screen's width (the sidebars get out of the way);
- every image in the content column is scaled to fit it: no wider than the column.

That is what is measured, and all it claims: the words of a paragraph could still be too many
to read on a phone, and a figure scaled to 358 px may have small labels; the screenshots at
390 px (``runs/site-check/phone/``, taken in the theme's dark mode) show how it looks.

The lessons checked on a phone, and for their code and output blocks at 1280 px, are
``course.tooling.reading.REWRITTEN``, the lessons rewritten to the reading standard
(``test_site_layout``); the other pages are checked at 1280 px too (``test_site_access``).
"""

from __future__ import annotations

from typing import Any

WIDE_SCREEN = 1280  # px: the width of the page check's window (page_check.VIEWPORT)
PHONE = {"width": 390, "height": 844}  # CSS px: a phone in portrait
MIN_TEXT_PX = 14.0
MIN_CODE_PX = 12.0
MIN_COLUMN_SHARE = 0.75
SLACK_PX = 1  # rounding: an image 1 px wider than the column is not reported


def describe_block(block: dict[str, Any], width: int = WIDE_SCREEN) -> str:
    """One too-wide block in words: kind, text, section and by how much."""
    where = f" (in '{block['section']}')" if block.get("section") else ""
    return (
        f"{block['kind']} block '{block['text']}'{where} is {block['by']} px wider than its box "
        f"at {width} px"
    )


def wide_block_problems(layout: dict[str, Any], width: int = WIDE_SCREEN) -> list[str]:
    """The code and output blocks too wide for their box, in words (empty when all fit)."""
    return [describe_block(block, width) for block in layout["wideBlocks"]]


def page_scroll_problems(layout: dict[str, Any], width: int = WIDE_SCREEN) -> list[str]:
    """The page scrolling sideways, in words (empty when it is no wider than the window)."""
    if layout["pageWidth"] <= layout["windowWidth"]:
        return []
    return [
        f"the page scrolls sideways at {width} px: it is {layout['pageWidth']} px wide, the "
        f"window {layout['windowWidth']} px"
    ]


def phone_problems(layout: dict[str, Any]) -> list[str]:
    """What makes a page hard to read on a phone, in words (empty when it reads well);
    ``layout`` is what ``layout_probe.js`` measured with a phone's width."""
    phone = layout["phone"]
    problems = []
    meta = (layout["viewportMeta"] or "").replace(" ", "")
    if "width=device-width" not in meta:
        problems.append(
            f"no viewport meta tag with width=device-width (it has {layout['viewportMeta']!r}): "
            f"a phone lays the page out {layout['innerWidth']} px wide and shrinks it"
        )
    if layout["pageWidth"] > phone:
        problems.append(
            f"the page scrolls sideways: it is {layout['pageWidth']} px wide on a {phone} px screen"
        )
    more = layout["outsideCount"] - len(layout["outside"])
    problems += [
        f"{item['element']} '{item['text']}' reaches {item['by']} px past the screen's edge"
        for item in layout["outside"]
    ] + ([f"... and {more} more element(s) past the screen's edge"] if more > 0 else [])
    for name, found, least in (
        ("body text", layout["prose"], MIN_TEXT_PX),
        ("code", layout["code"], MIN_CODE_PX),
    ):
        if found and found["px"] < least:
            problems.append(f"{name} is {found['px']:g} px (at least {least:g}): '{found['text']}'")
    if layout["columnWidth"] < MIN_COLUMN_SHARE * phone:
        problems.append(
            f"the text column is {layout['columnWidth']} px wide, less than "
            f"{MIN_COLUMN_SHARE:.0%} of the {phone} px screen"
        )
    problems += [
        f"{image['text']} is {image['width']} px wide, wider than the column "
        f"({layout['columnWidth']} px)"
        for image in layout["images"]
        if image["width"] > layout["columnWidth"] + SLACK_PX
    ]
    return problems
