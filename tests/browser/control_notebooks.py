"""Small notebooks for testing the browser check itself (``test_browser_check.py``).

``WORKING`` must pass: a figure, a widget with a picture fallback in the same output (as the
course's explorers have), a slider driving a figure through ``ipywidgets.interactive_output``,
a slider at its maximum under ``ipywidgets.interact``, a slider nothing observes (a setting), a
button that changes an output, the course's live progress bar. ``WIDE_TABLE`` prints a table
too wide for the page: a note, not a failure (a long line of prose: nothing). Each of
``BROKEN`` runs without error in a kernel (nbclient) but is broken in the front end, in one
way, and names the words the check must report it with. Each of ``TOO_WIDE`` has one block too
wide for its box in a 1280 px window (a line of code, a printed line, a DataFrame), among
blocks that fit, and names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

IMPORTS = """\
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display
"""

FIGURE = """\
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1, 2, 3], [0, 1, 4, 9])
plt.show()
"""

SLIDER = """\
power = widgets.IntSlider(value=2, min=1, max=4, description="power")


def draw(power):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([x**power for x in range(5)])
    ax.set_title(f"x ** {power}")
    plt.show()


display(widgets.VBox([power, widgets.interactive_output(draw, {"power": power})]))
"""

WIDGET_WITH_PICTURE = """\
# a widget view with a picture beside it in the same output (for front ends without widgets):
# JupyterLab shows the widget, not the picture
import base64
import io

buffer = io.BytesIO()
fig.savefig(buffer, format="png")
note = widgets.HTML("<b>a widget with a picture fallback</b>")
view = {"version_major": 2, "version_minor": 0, "model_id": note.model_id}
picture = base64.b64encode(buffer.getvalue()).decode()
bundle = {"application/vnd.jupyter.widget-view+json": view, "image/png": picture}
display({**bundle, "text/plain": "a note"}, raw=True)
"""

AT_MAXIMUM = """\
# interact's own layout (the output inside the box); the slider starts at its maximum
widgets.interact(lambda n: print("n =", n), n=widgets.IntSlider(value=3, min=0, max=3))
"""

SETTING = """\
# a slider read later (nothing observes it): moving it only sends its value to the kernel
rate = widgets.FloatSlider(value=0.1, min=0.0, max=1.0, step=0.1, description="rate")
rate
"""

BUTTON = """\
button = widgets.Button(description="count")
clicks = widgets.Output()


def count(_):
    count.n = getattr(count, "n", 0) + 1
    with clicks:
        clicks.clear_output()
        print(f"clicked {count.n} time(s)")


button.on_click(count)
display(button, clicks)
"""

LIVE_PROGRESS = """\
# a learner's default progress bar in a front end: a live widget (the lessons run in the
# browser with COURSE_PROGRESS=text, so that their outputs compare with the stored ones)
import os

from course.progress import progress_bar

os.environ["COURSE_PROGRESS"] = "auto"
with progress_bar(total=3, desc="steps") as bar:
    for _ in range(3):
        bar.update(1)
"""

WIDE_TABLE = """\
print("  ".join(f"column_{i:02d}" for i in range(25)))  # a table of 273 characters: wraps
print("  ".join(f"{i:9d}" for i in range(25)))
print("A line of prose as long as the table wraps too, and reads fine: " + "words " * 40)
"""

UNKNOWN_WIDGET = """\
from traitlets import Unicode


class Unknown(widgets.DOMWidget):
    \"\"\"A widget whose JavaScript module does not exist.\"\"\"

    _model_name = Unicode("UnknownModel").tag(sync=True)
    _model_module = Unicode("course-no-such-widgets").tag(sync=True)
    _model_module_version = Unicode("1.0.0").tag(sync=True)
    _view_name = Unicode("UnknownView").tag(sync=True)
    _view_module = Unicode("course-no-such-widgets").tag(sync=True)
    _view_module_version = Unicode("1.0.0").tag(sync=True)


Unknown()
"""

NOT_A_PNG = """\
display({"image/png": "bm90IGEgcG5nIGF0IGFsbA=="}, raw=True)  # base64 of 'not a png at all'
"""

THROWING_SCRIPT = """\
display(HTML("<p>a script</p><script>throw new Error('course-test: broken script')</script>"))
"""

SILENT_BUTTON = """\
display(widgets.Button(description="silent"), widgets.Output())  # no on_click: nothing happens
"""

FAILING_BUTTON = """\
broken = widgets.Button(description="broken")
broken.on_click(lambda _: 1 / 0)  # no Output widget captures it: it goes to JupyterLab's log
display(broken)
"""

FAILING_SLIDER = """\
level = widgets.IntSlider(value=1, min=1, max=3, description="level")


def show(level):
    if level > 1:
        raise ValueError("course-test: level too high")
    print(f"level {level}")


display(level, widgets.interactive_output(show, {"level": level}))
"""


FITS = """\
print("a short line of output")
"""

WIDE_CODE = "wide = [" + ", ".join(["1234"] * 29) + "]\n"  # one line of 181 characters

WIDE_OUTPUT = """\
print("wide output:", " ".join(["0.123"] * 40))  # a line of 252 characters
"""

WIDE_DATAFRAME = """\
import pandas as pd

pd.DataFrame([range(16)], columns=[f"a_long_column_name_{i:02d}" for i in range(16)])
"""


@dataclass(frozen=True)
class Broken:
    """A notebook broken in the front end only, and what the check must say about it."""

    name: str
    cells: tuple[str, ...]
    expected: str  # a part of one of the report's problems


WORKING: tuple[str, ...] = (
    IMPORTS,
    FIGURE,
    WIDGET_WITH_PICTURE,
    SLIDER,
    AT_MAXIMUM,
    SETTING,
    BUTTON,
    LIVE_PROGRESS,
)

BROKEN = (
    Broken(
        "unknown_widget",
        (IMPORTS, UNKNOWN_WIDGET),
        "widget failed to render: [Open Browser Console",
    ),
    Broken("not_a_png", (IMPORTS, NOT_A_PNG), "image(s) that did not decode"),
    Broken("throwing_script", (IMPORTS, THROWING_SCRIPT), "course-test: broken script"),
    Broken("silent_button", (IMPORTS, SILENT_BUTTON), "button 'silent' does not respond"),
    Broken("failing_button", (IMPORTS, FAILING_BUTTON), "ZeroDivisionError: division by zero"),
    Broken(
        "failing_slider",
        (IMPORTS, FAILING_SLIDER),
        "shows a traceback: ValueError: course-test: level too high",
    ),
)


TOO_WIDE = (  # what the check must name: the cell, the kind and the block's first characters
    Broken("wide_code", (FITS, WIDE_CODE), "cell 2: code block 'wide = [1234, 1234, 1234,"),
    Broken("wide_output", (FITS, WIDE_OUTPUT), "cell 2: output block 'wide output: 0.123 0.123"),
    Broken(
        "wide_dataframe",
        (FITS, WIDE_DATAFRAME),
        "cell 2: table block 'a_long_column_name_00 a_long_column_name_01",
    ),
)


def write_notebook(folder: Path, name: str, cells: tuple[str, ...]) -> Path:
    """Write a notebook of these code cells, unexecuted, as ``folder/<name>.ipynb``."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path
