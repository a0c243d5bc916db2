"""Tests of what the lesson tests expect (``lesson_facts``), on hand-written notebooks: images
of removed cells and outputs are not counted, formulas are, code and addresses are no prose."""

from __future__ import annotations

import json

import pytest
from lesson_facts import count_math, lesson_facts, search_words, snapshot

pytestmark = pytest.mark.site

PNG = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}


def notebook(*cells: dict) -> bytes:
    """A notebook's bytes with these cells."""
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4}).encode()


def code(*outputs: dict, tags: tuple[str, ...] = ()) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "outputs": list(outputs)}


def markdown(text: str, tags: tuple[str, ...] = ()) -> dict:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def test_images_of_removed_cells_and_outputs_are_not_counted() -> None:
    raw = notebook(
        code(PNG, PNG),
        code(PNG, tags=("remove-cell",)),
        code(PNG, tags=("remove-output",)),
        code({"output_type": "stream", "text": "no image"}, PNG, tags=("remove-input",)),
    )
    assert lesson_facts("x.ipynb", raw).png_outputs == 3


@pytest.mark.parametrize(
    ("text", "formulas"),
    [
        ("$$\nx = \\left\\lceil \\frac{N}{B} \\right\\rceil\n$$", 1),
        ("inline $a+b$ and $c$, and a price of $5 or $10", 2),
        ("`$$ in code $$` and\n```python\nprint('$x$')\n```", 0),
        ("\\begin{align}\na &= b\n\\end{align}", 1),
        ("```{math}\ne^{i\\pi} = -1\n```", 1),
    ],
)
def test_formulas_are_counted_as_myst_reads_them(text: str, formulas: int) -> None:
    assert count_math(text) == formulas


def test_a_search_word_is_in_its_lesson_only_and_is_prose() -> None:
    first = lesson_facts(
        "a.ipynb",
        notebook(
            markdown("Epochs and **checkpoints**, see [docs](https://x.org/zebrafish) `unicorns`"),
            markdown("badge: crocodile", tags=("remove-cell",)),
        ),
    )
    second = lesson_facts("b.ipynb", notebook(markdown("Epochs, batches and checkpoints again.")))
    assert search_words([first, second]) == {"b.ipynb": "batches"}  # "a" has no word of its own


def test_every_lesson_has_a_search_word_and_some_lesson_has_math() -> None:
    lessons = [lesson_facts(name, raw) for name, raw in snapshot().items()]
    assert set(search_words(lessons)) == {lesson.file for lesson in lessons}
    assert any(lesson.math_blocks for lesson in lessons)
