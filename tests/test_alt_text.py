"""Every figure says what it shows: alt text in the stored notebooks and on the website.

The kernel gives each figure's PNG its alt text (``course.plots.add_alt_text_to_inline_figures``,
which ``course.setup`` calls), ``course run`` copies it into the cell's metadata
(``course.tooling.notebooks.clean``), and MyST-NB puts it on the website's ``<img>``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.tooling.notebooks import clean

NOTEBOOKS = sorted(Path(__file__).parents[1].glob("notebooks/[0-9][0-9]_*.ipynb"))
TITLE_CALLS = {"set_title", "suptitle"}  # ax.set(title=...) is read too
PATH_OR_HASH = re.compile(
    r"[\\/]\S*\.(png|jpe?g|svg|gif)\b|^\S+\.(png|jpe?g|svg|gif)$|\b[0-9a-f]{16,}\b", re.I
)


def _title_literals(source: str) -> list[str]:
    """The literal text of each title the cell's code sets (the parts of an f-string that are
    not ``{...}``), three characters or more, spaces collapsed."""
    literals = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in TITLE_CALLS and node.args:
            titles = [node.args[0]]
        elif node.func.attr == "set":
            titles = [k.value for k in node.keywords if k.arg == "title"]
        else:
            continue
        for title in titles:
            parts = title.values if isinstance(title, ast.JoinedStr) else [title]
            for part in parts:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    text = " ".join(part.value.split())
                    literals += [text] if len(text) >= 3 else []
    return literals


def _python(source: str) -> str:
    """A cell's source with its IPython magics and shell lines (``%``, ``!``) commented out."""
    lines = source.splitlines()
    return "\n".join(
        f"# {line}" if line.lstrip()[:1] in "%!" and line.strip() else line for line in lines
    )


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    """What is wrong with the alt text of the notebook's pictures; empty when nothing."""
    problems = []
    for cell in nb.cells:
        pictures = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not pictures:
            continue
        where = f"cell {cell.get('id', '?')}"
        stored = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
        for picture in pictures:
            alt = picture.get("metadata", {}).get("image/png", {}).get("alt")
            if not isinstance(alt, str) or not alt.strip():
                problems.append(f"{where}: a picture has no alt text in its output's metadata")
            elif PATH_OR_HASH.search(alt) or len(re.findall(r"[A-Za-z]{2,}", alt)) < 3:
                problems.append(f"{where}: the alt text is a file name or hash, not words: {alt}")
            elif not isinstance(stored, str) or alt not in stored:
                problems.append(
                    f"{where}: the cell's mystnb.image.alt (what the website shows) is "
                    f"{stored!r}, not the picture's {alt!r}"
                )
            else:
                missing = [t for t in _title_literals(_python(cell.source)) if t not in alt]
                if missing:
                    problems.append(f"{where}: the alt text {alt!r} lacks the title's {missing}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_picture_has_alt_text_that_says_its_title(path):
    nb = nbformat.read(path, as_version=4)
    assert _problems(nb) == []


def _lesson_03() -> nbformat.NotebookNode:
    return nbformat.read(next(p for p in NOTEBOOKS if p.name.startswith("03_")), as_version=4)


def _first_picture_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(
        c for c in nb.cells if any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
    )


def test_a_missing_alt_text_is_caught():
    nb = _lesson_03()
    assert _problems(nb) == []
    cell = _first_picture_cell(nb)
    del cell.outputs[0].metadata["image/png"]["alt"]
    assert _problems(nb) == [f"cell {cell.id}: a picture has no alt text in its output's metadata"]


@pytest.mark.parametrize(
    "alt",
    ["../_images/cba53af2a9b4c61e0d6f.png", "cba53af2a9b4c61e0d6f8e", "figure.png", "  "],
)
def test_a_file_path_or_hash_for_alt_text_is_caught(alt):
    nb = _lesson_03()
    _first_picture_cell(nb).outputs[0].metadata["image/png"]["alt"] = alt
    assert len(_problems(nb)) == 1


def test_an_alt_text_without_the_title_or_missing_from_the_cell_is_caught():
    nb = _lesson_03()
    cell = _first_picture_cell(nb)
    alt = cell.outputs[0].metadata["image/png"]["alt"]
    cell.outputs[0].metadata["image/png"]["alt"] = cell.metadata.mystnb.image.alt = (
        "A row of handwritten digits"
    )
    assert "lacks the title's" in _problems(nb)[0]
    cell.outputs[0].metadata["image/png"]["alt"] = alt
    del cell.metadata["mystnb"]
    assert "mystnb.image.alt" in _problems(nb)[0]


def test_title_literals_read_titles_and_fstrings():
    source = 'ax.set_title(f"Seed 0: underfit to epoch {u}, overfit from {o}")\n'
    source += 'fig.suptitle("Clean labels\\n are learned")\nax.set(xlabel="epoch", title="x")'
    assert _title_literals(source) == [
        "Seed 0: underfit to epoch",
        ", overfit from",
        "Clean labels are learned",
    ]


def _picture(alt: str | None) -> nbformat.NotebookNode:
    metadata = {"image/png": {"alt": alt}} if alt else {}
    return nbformat.v4.new_output("display_data", {"image/png": "iVBORw0K"}, metadata=metadata)


def test_clean_numbers_the_alt_texts_of_several_pictures_and_keeps_other_options():
    cell = nbformat.v4.new_code_cell(
        outputs=[_picture("Loss falls."), _picture("Accuracy rises."), _picture("Loss falls.")],
        metadata={"mystnb": {"image": {"width": "80%"}}, "tags": ["hide-input"]},
    )
    cell = clean(nbformat.v4.new_notebook(cells=[cell])).cells[0]
    assert cell.metadata == {
        "mystnb": {
            "image": {
                "width": "80%",
                "alt": "Figure 1 of 2: Loss falls. Figure 2 of 2: Accuracy rises.",
            }
        },
        "tags": ["hide-input"],
    }


def test_clean_drops_an_alt_text_left_from_an_earlier_run():
    cell = nbformat.v4.new_code_cell(
        outputs=[_picture(None)], metadata={"mystnb": {"image": {"alt": "An old figure."}}}
    )
    assert clean(nbformat.v4.new_notebook(cells=[cell])).cells[0].metadata == {}


def test_a_widgets_static_picture_carries_the_alt_text_of_its_drawing():
    from course.widgets import EpochExplorer

    explorer = EpochExplorer(num_samples=1_079, batch_size=32, epochs=5)
    _, metadata = explorer._repr_mimebundle_()
    assert metadata["image/png"]["alt"].startswith(
        "1,079 training samples, batch_size=32: 34 iterations per epoch. "
    )
    assert explorer.output.outputs[0]["metadata"] == metadata


SHELL = """
import json
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
import course
course.setup(seed=0)
import matplotlib.pyplot as plt
from IPython.core.pylabtools import print_figure
from matplotlib.figure import Figure
figure, ax = plt.subplots()
ax.plot([3, 2, 1])
ax.set(title="Loss falls", xlabel="epoch", ylabel="loss")
data, metadata = shell.display_formatter.format(figure)
own = print_figure(figure, "png", base64=True, bbox_inches="tight")
again = course.plots.add_alt_text_to_inline_figures()
wrapped = shell.display_formatter.formatters["image/png"].lookup_by_type(Figure).draw
print(json.dumps({"metadata": metadata, "same": data["image/png"] == own, "again": again,
                  "wraps": type(wrapped).__name__}))
"""


def test_setup_under_ipython_gives_inline_figures_alt_text_and_the_same_png():
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    out = subprocess.run(
        [sys.executable, "-c", SHELL], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {
        "metadata": {"image/png": {"alt": "Loss falls. Plot of loss against epoch."}},
        "same": True,  # the inline backend's own PNG (bbox_inches="tight"), not another one
        "again": True,
        "wraps": "partial",  # the inline backend's formatter, wrapped once though called twice
    }
