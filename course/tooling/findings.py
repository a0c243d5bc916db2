"""Findings in a lesson's prose, tied to the outputs they rest on.

A lesson states what its experiments found in plain words, with the numbers that carry each
finding ("the accuracy moved by 0.039 between seeds"). The stored notebook is deterministic and
checked on every run, so the prose may quote its numbers; this module makes sure it quotes them
*right*. In a lesson rewritten to the reading standard (``reading.REWRITTEN``):

- every number in a markdown cell's prose appears in what a code cell above it printed or
  displayed (a result), or in the lesson's code (a setting such as ``epochs=5``, which the
  prose may announce before the cell that uses it);
- every verdict phrase (``VERDICTS``, such as "no evidence of a difference") in the prose
  appears in an output above it.

So a rerun that changes a quoted number or flips a quoted verdict, once stored, fails the check
with the sentence that quotes it. Numbers compare as printed, thousands separators aside
("1,079" is "1079"; "0.04" is not "0.040"): quote them as the output prints them. Prose is what
``reading.prose_of`` keeps, so code spans, formulas, headings and tables are not read; a verdict
phrase used as a name rather than a finding goes in a code span (```no evidence of a
difference```). The rule cannot tell a quoted count from a small setting that happens to have
the same digits: print counts in a finding sentence, with their context.

Example:
    >>> from course.tooling.reading import code_cell, markdown_cell
    >>> printed = {"output_type": "stream", "name": "stdout",
    ...            "text": "spread 0.039: no evidence of a difference\\n"}
    >>> cells = [code_cell("train(epochs=5)", [printed]),
    ...          markdown_cell("After 5 epochs the spread was 0.039: no evidence of a difference."),
    ...          markdown_cell("The spread was 0.040, a real difference.")]
    >>> for problem in untied("demo.ipynb", cells):
    ...     print(problem)
    demo.ipynb cell 2: number 0.040 is in no output above it and not in the code: 'The spread was 0.040, a real difference.'
    demo.ipynb cell 2: verdict 'a real difference' appears in no output above it: 'The spread was 0.040, a real difference.'
"""  # noqa: E501

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from course.seeds import OUTCOMES
from course.tooling.reading import Cell, prose_of, sentences_and_paragraphs

# compare's verdicts, and the two that course.claims.outcome adds
VERDICTS = (*OUTCOMES, "as claimed", "the opposite")

_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)"
)


def numbers(text: str) -> list[str]:
    """The numbers written in ``text``, as printed, without thousands separators. A number
    glued to letters or digits by a letter ("8x8", "float32") is not a number here.

    Example:
        >>> numbers("1,079 digits in batches of 32: 33 full, last 23; 0.039 and 8x8 and 2.")
        ['1079', '32', '33', '23', '0.039', '2']
        >>> numbers("n in (1_000, 8_000)")
        ['1000', '8000']
    """
    text = re.sub(r"(?<=\d)_(?=\d{3})", "", text)  # Python's 8_000 is 8000
    return [match.group(0).replace(",", "") for match in _NUMBER.finditer(text)]


def _output_text(output: dict[str, Any]) -> str:
    """Everything an output shows as text: a stream, and a result's text/plain and HTML (tags
    removed), so that a number in a displayed table counts."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    html = re.sub(r"<[^>]+>", " ", "".join(data.get("text/html", "")))
    return "".join(data.get("text/plain", "")) + "\n" + html


def untied(lesson: str, cells: Sequence[Cell]) -> list[str]:
    """Each number or verdict in the markdown prose of ``cells`` that no cell above it carries,
    as a message naming the lesson, the cell (numbered from 0), what is missing and the
    sentence (an empty list when every finding is tied).

    Example:
        >>> from course.tooling.reading import markdown_cell
        >>> untied("demo.ipynb", [markdown_cell("Nothing ran yet, so 3 is untied.")])
        ["demo.ipynb cell 0: number 3 is in no output above it and not in the code: 'Nothing ran yet, so 3 is untied.'"]
    """  # noqa: E501
    problems: list[str] = []
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    settings = set(numbers(code))
    outputs_above = ""
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            outputs_above += "\n" + "\n".join(_output_text(o) for o in cell.get("outputs", []))
            continue
        if cell["cell_type"] != "markdown":
            continue
        printed = set(numbers(outputs_above)) | settings
        shown = " ".join(outputs_above.split())
        sentences, _ = sentences_and_paragraphs(prose_of(source))
        for sentence in sentences:
            for number in numbers(sentence):
                if number not in printed:
                    problems.append(
                        f"{lesson} cell {index}: number {number} is in no output above it "
                        f"and not in the code: {sentence!r}"
                    )
            for verdict in VERDICTS:
                if verdict in sentence and verdict not in shown:
                    problems.append(
                        f"{lesson} cell {index}: verdict {verdict!r} appears in no output above "
                        f"it: {sentence!r}"
                    )
    return problems


def untied_in(path: str | Path) -> list[str]:
    """``untied`` for a stored notebook.

    Example:
        >>> import tempfile
        >>> from course.tooling.reading import markdown_cell
        >>> path = Path(tempfile.mkdtemp()) / "demo.ipynb"
        >>> _ = path.write_text(json.dumps({"cells": [markdown_cell("Seed 7 won.")]}))
        >>> untied_in(path)
        ["demo.ipynb cell 0: number 7 is in no output above it and not in the code: 'Seed 7 won.'"]
    """  # noqa: E501
    path = Path(path)
    return untied(path.name, json.loads(path.read_text(encoding="utf-8"))["cells"])
