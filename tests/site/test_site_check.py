"""Tests of the page check itself (``page_check.check_folder``): on a tiny hand-written site,
each broken page is reported with its problem by name, and a clean page passes; so are axe-core's
serious violations (``axe_check``), a figure hard to read in dark mode or without alt text
(``figure_check``). The same for the layout checks (``layout_check``): a page wider than the
window or a too-wide code block, printed line, table or image fails at 1280 px, naming it; a
page too wide, too small or shrunk on a phone fails at 390 px; a page that fits passes both."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from axe_check import failing_violations
from figure_check import alt_text_problems, dark_figure_problems
from layout_check import page_scroll_problems, phone_problems, wide_block_problems
from page_check import PageReport, check_folder

pytestmark = pytest.mark.site

# a 1x1 PNG
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PAGES = {
    "clean.html": '<h1>Fine</h1><p>A picture: <img src="pixel.png" alt="pixel"></p>',
    "throws.html": "<p>Script</p><script>throw new Error('thrown on purpose')</script>",
    "logs.html": "<p>Logs</p><script>console.error('logged on purpose')</script>",
    "missing_image.html": '<p>Missing</p><img src="missing.png" alt="missing">',
    "other_host.html": '<p>Elsewhere</p><img src="https://example.invalid/x.png" alt="x">',
    "sub/raw_math.html": "<p>A formula no MathJax typesets: $$x$$</p>",
    "unnamed_toggle.html": "<details><summary></summary><p>Hidden pages</p></details>",
}
# a figure of a cell's output on a dark page: the site's way (a white background, a margin,
# the theme's dimming), none, one with no margin; and alt texts
DARK = "<style>html, body { background: #121212; color: #ccc; }</style>"
FIGURES = {  # page -> its body
    "figure_dark_ok.html": DARK + "<style>.cell_output img { background: #fff; padding: 8px; "
    'filter: brightness(0.8) contrast(1.2); }</style><div class="cell_output">'
    '<img src="pixel.png" alt="A line falling from 1 to 0"></div>',
    "figure_dark_bare.html": DARK + '<div class="cell_output"><img src="pixel.png" alt="x"></div>',
    "figure_dark_no_margin.html": DARK
    + '<style>.cell_output img { background: #fff; }</style><div class="cell_output">'
    '<img src="pixel.png" alt="x"></div>',
    "figure_alt_path.html": '<div class="cell_output">'
    '<img src="pixel.png" alt="../_images/pixel.png"><img src="pixel.png"></div>',
}
PAGES |= FIGURES
EXPECTED = {  # page -> what its report must name (each string found in some problem)
    "throws.html": ["page error: Error: thrown on purpose"],
    "logs.html": ["console error: logged on purpose"],
    "missing_image.html": ["image not decoded: missing.png", "failed request:", "(HTTP 404)"],
    "other_host.html": [
        "request to another host: https://example.invalid/x.png",
        "image not decoded: https://example.invalid/x.png",
    ],
    "sub/raw_math.html": ["unrendered math: $$x$$"],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> dict[str, PageReport]:
    """The hand-written site, checked with axe-core (screenshots into the temporary folder)."""
    folder = tmp_path_factory.mktemp("broken_site")
    (folder / "pixel.png").write_bytes(PIXEL)
    for name, body in PAGES.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>A page</title>"
            f"</head><body><main>{body}</main>"
        )
    (folder / "_static").mkdir()
    (folder / "_static" / "macros.html").write_text("{% macro x() %}{% endmacro %}")
    shots = folder.parent / "broken_site_screenshots"
    return {r.page: r for r in check_folder(chromium, folder, shots, accessibility=True)}


def test_every_page_is_checked_and_static_files_are_not(reports: dict[str, PageReport]) -> None:
    assert sorted(reports) == sorted(PAGES)


def test_a_clean_page_passes(reports: dict[str, PageReport]) -> None:
    clean = reports["clean.html"]
    assert clean.problems == []
    assert clean.facts["images"] == 1
    assert Path(clean.screenshot).stat().st_size > 0
    assert failing_violations(clean.fact("axe")) == []


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_a_broken_page_is_reported_by_name(page: str, reports: dict[str, PageReport]) -> None:
    problems = reports[page].problems
    for expected in EXPECTED[page]:
        assert any(expected in problem for problem in problems), (expected, problems)


def test_a_serious_accessibility_violation_is_named(reports: dict[str, PageReport]) -> None:
    violations = failing_violations(reports["unnamed_toggle.html"].fact("axe"))
    assert violations == [
        "serious summary-name (Summary elements must have discernible text): summary"
    ]


def test_a_figure_on_a_light_background_with_a_margin_passes_in_dark_mode(
    reports: dict[str, PageReport],
) -> None:
    figures = reports["figure_dark_ok.html"].fact("figures")
    assert [(f["filter"], f["margin"]) for f in figures] == [("brightness(0.8) contrast(1.2)", 8)]
    assert dark_figure_problems(figures) == []
    assert alt_text_problems(figures) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("figure_dark_bare.html", r"black ink on its background rgb\(18, 18, 18\) has a "
         r"contrast of 1\.1:1 \(at least 7:1\)$"),
        ("figure_dark_no_margin.html", r"its background reaches 0 px past the picture"),
    ],
)  # fmt: skip
def test_a_figure_hard_to_read_in_dark_mode_is_reported(
    page: str, expected: str, reports: dict[str, PageReport]
) -> None:
    problems = dark_figure_problems(reports[page].fact("figures"))
    assert len(problems) == 1 and re.search(expected, problems[0]), problems


def test_a_figure_without_a_description_is_reported(reports: dict[str, PageReport]) -> None:
    problems = alt_text_problems(reports["figure_alt_path.html"].fact("figures"))
    assert problems == [
        "figure pixel.png's alt text is a file path: ../_images/pixel.png",
        "figure pixel.png has no alt text",
    ]


# --- layout: hand-written lesson pages with the site's markup (myst-nb's cells) -------------

STYLE = """<style>
body { margin: 0; font: 16px sans-serif; }
article { max-width: 700px; margin: 0 auto; padding: 0 32px; }
pre { overflow-x: auto; margin: 0; padding: 16px; font: 14px monospace; }
.cell_output .output.text_html { overflow-x: auto; }
img { max-width: 100%; height: auto; }
code { white-space: nowrap; }
</style>"""
PHONE_META = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def code_cell(code: str, output: str = "") -> str:
    """A code cell as myst-nb writes it: its code, and its output (HTML) if any."""
    cell = f'<div class="cell"><div class="cell_input"><div class="highlight"><pre>{code}</pre>'
    cell += "</div></div>"
    return cell + (f'<div class="cell_output">{output}</div>' if output else "") + "</div>"


def stream(text: str) -> str:
    """A printed output as myst-nb writes it."""
    return f'<div class="output stream"><div class="highlight"><pre>{text}</pre></div></div>'


def table(columns: int) -> str:
    """A rendered DataFrame with this many columns, in myst-nb's wrapper (it scrolls)."""
    head = "".join(f"<th>column_{i:02d}</th>" for i in range(columns))
    row = "".join(f"<td>{i * 1000}</td>" for i in range(columns))
    return (
        f'<div class="output text_html"><div><table class="dataframe"><thead><tr>{head}</tr>'
        f"</thead><tbody><tr>{row}</tr></tbody></table></div></div>"
    )


FITS = (
    "<h1>A lesson that fits</h1><p>Prose at the size of the site's body text, long enough to "
    "wrap on a phone's screen like any paragraph does.</p>"
    + code_cell(
        "history = model.fit(x_train, y_train, epochs=5, batch_size=32)",  # scrolls on a phone
        stream("epoch 5: loss 0.31")
        + table(3)
        + '<img src="pixel.png" width="600" height="300" alt="a figure">',
    )
)
LAYOUT_PAGES = {  # page -> (its body, whether it is laid out for a phone)
    "fits.html": (FITS, True),
    "wide_code.html": (code_cell("wide_code = [" + "1234, " * 25 + "]"), True),
    "wide_output.html": (code_cell("print(row)", stream("wide output: " + "0.123 " * 25)), True),
    "wide_table.html": (code_cell("frame", table(25)), True),
    "wide_image.html": (
        code_cell("plt.show()", '<img src="pixel.png" width="1600" style="max-width: none">'),
        True,
    ),
    "phone_scrolls.html": (
        "<p>A name with no place to break: <code>course." + "very_long_name_" * 5 + "</code></p>",
        True,
    ),
    "phone_small_text.html": ('<p style="font-size: 12px">The small print of a lesson.</p>', True),
    "phone_wide_image.html": (
        code_cell(
            "plt.show()",
            '<div class="output" style="overflow-x: auto"><img src="pixel.png" width="800" '
            'style="max-width: none"></div>',
        ),
        True,
    ),
    "phone_narrow_column.html": (
        "<style>article { max-width: 200px; }</style><p>A narrow column of text.</p>",
        True,
    ),
    "phone_no_viewport.html": (FITS, False),
    "page_scrolls.html": ('<p style="width: 1500px">A paragraph wider than the window.</p>', True),
    # the theme's way: its colours follow the reader's preference
    "follows_dark.html": (
        "<script>document.documentElement.dataset.theme = "
        "matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';</script><p>x</p>",
        True,
    ),
}
WIDE_AT_1280 = {  # page -> what its one problem at 1280 px must say
    "wide_code.html": r"^code block 'wide_code = \[1234, 1234, [^']{35}' is \d+ px wider",
    "wide_output.html": r"^output block 'wide output: 0.123 0.123 [^']{35}' is \d+ px wider",
    "wide_table.html": r"^table block 'column_00 column_01 column_02 [^']{30}' is \d+ px wider",
    "wide_image.html": r"^image block 'image pixel.png \(1x1 px\)' is \d+ px wider",
}
ON_A_PHONE = {  # page -> what one of its problems at 390 px must say
    "phone_scrolls.html": r"the page scrolls sideways: it is \d+ px wide on a 390 px screen",
    "phone_small_text.html": r"body text is 12 px \(at least 14\): 'The small print",
    "phone_wide_image.html": r"image pixel.png \(1x1 px\) is 800 px wide, wider than the column",
    "phone_narrow_column.html": r"the text column is \d+ px wide, less than 75% of the 390 px",
    "phone_no_viewport.html": r"no viewport meta tag with width=device-width",
}


@pytest.fixture(scope="module")
def layouts(
    tmp_path_factory: pytest.TempPathFactory, chromium: Any
) -> dict[str, tuple[PageReport, PageReport]]:
    """The hand-written lesson pages, each checked at 1280 px and on a 390 px phone in dark
    mode."""
    folder = tmp_path_factory.mktemp("layout_site")
    (folder / "pixel.png").write_bytes(PIXEL)
    for name, (body, for_phones) in LAYOUT_PAGES.items():
        head = "<meta charset='utf-8'>" + (PHONE_META if for_phones else "") + STYLE
        (folder / name).write_text(
            f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body>"
        )
    wide = {r.page: r for r in check_folder(chromium, folder)}
    phone = {r.page: r for r in check_folder(chromium, folder, phone=True, dark=True)}
    return {page: (wide[page], phone[page]) for page in LAYOUT_PAGES}


def test_a_page_that_fits_passes_both_layout_checks(
    layouts: dict[str, tuple[PageReport, PageReport]],
) -> None:
    wide, phone = layouts["fits.html"]
    assert wide.problems == phone.problems == []
    assert wide.fact("layout")["blocks"] == 4  # code, printed output, table, image
    assert wide_block_problems(wide.fact("layout")) == []
    assert page_scroll_problems(wide.fact("layout")) == []
    assert phone_problems(phone.fact("layout")) == []
    # its code scrolls sideways on the phone, inside its own box: allowed there
    assert [b["kind"] for b in phone.fact("layout")["wideBlocks"]] == ["code"]


@pytest.mark.parametrize("page", sorted(WIDE_AT_1280))
def test_a_block_too_wide_at_1280_is_reported_by_name(
    page: str, layouts: dict[str, tuple[PageReport, PageReport]]
) -> None:
    problems = wide_block_problems(layouts[page][0].fact("layout"))
    assert len(problems) == 1, problems
    assert re.search(WIDE_AT_1280[page], problems[0]), problems[0]


@pytest.mark.parametrize("page", sorted(ON_A_PHONE))
def test_a_page_hard_to_read_on_a_phone_is_reported(
    page: str, layouts: dict[str, tuple[PageReport, PageReport]]
) -> None:
    problems = phone_problems(layouts[page][1].fact("layout"))
    assert any(re.search(ON_A_PHONE[page], problem) for problem in problems), problems


def test_what_reaches_past_a_phones_screen_is_named(
    layouts: dict[str, tuple[PageReport, PageReport]],
) -> None:
    problems = phone_problems(layouts["phone_scrolls.html"][1].fact("layout"))
    assert any(
        re.search(r"^code 'course.very_long_name_.*' reaches \d+ px past the screen's edge$", p)
        for p in problems
    ), problems


def test_a_page_wider_than_the_window_at_1280_is_reported(
    layouts: dict[str, tuple[PageReport, PageReport]],
) -> None:
    problems = page_scroll_problems(layouts["page_scrolls.html"][0].fact("layout"))
    assert len(problems) == 1, problems
    assert re.fullmatch(r"the page scrolls sideways at 1280 px: it is 1\d{3} px wide, "
                        r"the window 1280 px", problems[0]), problems  # fmt: skip
    assert wide_block_problems(layouts["page_scrolls.html"][0].fact("layout")) == []  # no block


def test_the_phone_is_seen_in_dark_mode(layouts: dict[str, tuple[PageReport, PageReport]]) -> None:
    wide, phone = layouts["follows_dark.html"]
    assert (wide.fact("theme"), phone.fact("theme")) == ("light", "dark")
