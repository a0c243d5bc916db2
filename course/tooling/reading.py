"""How a lesson reads: the course's reading standard (``docs/lesson-style.md``), measured.

One row per notebook, from its committed cells and outputs. The numbers are exactly those of
the yardstick the course is judged by, ``../shared/tools/lesson_report.py`` (its logic is
ported here, so that a learner's checkout needs nothing beside it; ``tests/test_reading.py``
checks that the two agree on every notebook). Each row also keeps the offending texts, so that
a check can name the lesson, the limit and the text.

Columns and limits (``LIMITS``):

- ``min``: reading minutes of the main path, the cells before a heading that contains "Going
  further" (the whole notebook if there is none): prose at 150 words a minute, plus 3 s per
  code line, 2 s per output line and 30 s per figure (limit 25);
- ``all``: the same for the whole notebook (limit 40);
- ``w/s``: mean words per sentence of the markdown prose (limit 18);
- ``>35``: per cent of sentences longer than 35 words (limit 5);
- ``para``: words in the longest paragraph (limit 120);
- ``defer``: phrases that point at a result instead of stating it, such as "read the table"
  or "the verdict says whether" (limit 0);
- ``code>88``: code lines longer than 88 characters (limit 0);
- ``cell>25``: code cells longer than 25 lines (limit 0);
- ``out>100``: printed lines longer than 100 characters; text/plain is skipped where the same
  output has an HTML or PNG rendering, such as a displayed DataFrame (limit 0).

Prose is the markdown without headings, tables, fenced code, formulas and badges; a code span
or a formula counts as one word (it reads as ``X`` in the texts quoted); each bullet is its
own sentence. Cells are numbered from 0, as in the notebook's JSON. Ruff's format and lint at
88 characters are checked apart from this module (``tests/test_reading.py``).

Example:
    >>> cells = [markdown_cell("A short sentence. Another one follows it."), code_cell("x = 1")]
    >>> reading = measure_cells("demo.ipynb", cells)
    >>> reading.row()["w/s"], reading.row()["para"], reading.over()
    (3.5, 7, [])

From the command line (the yardstick's table; ``--strict`` exits 1 when a lesson is over a
limit, ``--detail`` lists the long sentences, long paragraphs and deferring phrases,
``--offences`` every offence with its text)::

    python -m course.tooling.reading notebooks/*.ipynb --strict
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LIMITS: dict[str, float] = {
    "min": 25,
    "all": 40,
    "w/s": 18.0,
    ">35": 5.0,
    "para": 120,
    "defer": 0,
    "code>88": 0,
    "cell>25": 0,
    "out>100": 0,
}
"""The reading standard: each column of a row may be at most this."""

LONG_SENTENCE = 35
"""Words: a sentence longer than this counts in ``>35``."""
CODE_WIDTH = 88
"""Characters: a longer code line counts in ``code>88`` (ruff's line length for notebooks)."""
CELL_LINES = 25
"""Lines: a longer code cell counts in ``cell>25``."""
OUTPUT_WIDTH = 100
"""Characters: a longer printed line counts in ``out>100``."""

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "cf.", "etc.", "Fig.", "approx.", "No.")
"""Abbreviations whose dots do not end a sentence."""
_SHIELDED_DOT = "\u2024"  # an abbreviation's dot while sentences are split

# The lessons rewritten to the standard: every check of it (tests/test_reading.py, the findings
# check, the width checks of the browser run and the site) covers these. A lesson joins when it
# meets every limit; all eleven have.
REWRITTEN: tuple[str, ...] = (
    "00_setup.ipynb",
    "01_epochs_iterations_batches.ipynb",
    "02_batch_size.ipynb",
    "03_how_many_epochs.ipynb",
    "04_early_stopping.ipynb",
    "05_regularization.ipynb",
    "06_learning_rate.ipynb",
    "07_choosing_epochs.ipynb",
    "08_transfer_learning.ipynb",
    "09_hardware_and_scale.ipynb",
    "10_misconceptions.ipynb",
)

DEFER = re.compile(
    r"(\b(verdicts?|lines?|tables?|counts?|numbers?|outputs?|rows?|columns?|figures?|plots?)"
    r"\b[^.]{0,80}?\b(says?|tells?|shows?|reports?|counts?|decides?)\b[^.]{0,30}?\bwhether\b)"
    r"|(\bread (the|each|your|its)\b[^.]{0,50}?"
    r"\b(verdicts?|tables?|rows?|lines?|outputs?|figures?)\b)"
    r"|(\b(verdicts?|lines?) (above|below) (says?|tell|tells|show|shows)\b)"
    r"|(\bwhat (the|your) (verdicts?|outputs?|table|lines?) (says?|shows?)\b)",
    re.I,
)
"""A phrase that points at a result instead of stating it ("read the table", "the verdict
says whether ...")."""

_GOING_FURTHER = re.compile(r"^#+ .*going further", re.I | re.M)

Cell = dict[str, Any]


def markdown_cell(source: str) -> Cell:
    """A markdown cell as a notebook's JSON holds it.

    Example:
        >>> markdown_cell("# Title")["cell_type"]
        'markdown'
    """
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def code_cell(source: str, outputs: Sequence[dict[str, Any]] = ()) -> Cell:
    """A code cell as a notebook's JSON holds it, with ``outputs`` as stored.

    Example:
        >>> len(code_cell("print(1)", [{"output_type": "stream", "text": "1\\n"}])["outputs"])
        1
    """
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": list(outputs),
        "source": source,
    }


def prose_of(markdown: str) -> str:
    """The prose of a markdown cell: no headings, tables, fenced code, formulas, badges or
    HTML; a code span or an inline formula becomes one word, ``X``; a link keeps its text.

    Example:
        >>> prose_of("## Heading\\nCall `model.fit` [once](https://keras.io).").strip()
        'Call X once.'
    """
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " X ", text, flags=re.S)
    kept = [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(("#", "|", "[![", "<!--"))
    ]
    text = "\n".join(kept)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`[^`]*`", "X", text)
    text = re.sub(r"\$[^$]*\$", "X", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}", "", text)


def words(text: str) -> list[str]:
    """The words of ``text``; a number, a code span's ``X`` or "e.g." is one word.

    Example:
        >>> words("Batch size 32, e.g. X, runs 1,024 steps.")
        ['Batch', 'size', '32,', 'e.g.', 'X,', 'runs', '1,024', 'steps.']
    """
    return re.findall(r"[A-Za-z0-9X][\w'\u2019\u2024.,%/-]*", text)


def sentences_and_paragraphs(prose: str) -> tuple[list[str], list[str]]:
    """Split prose into sentences and paragraphs. A blank line ends a paragraph; each bullet
    or numbered item is a paragraph of its own; a sentence ends at ``.``, ``!`` or ``?``
    before a capital, a digit, a quote, a bracket or ``X``, never at an abbreviation's dot.
    An abbreviation's dot reads as "\u2024" in the texts returned.

    Example:
        >>> sentences, paragraphs = sentences_and_paragraphs(
        ...     "One idea. Two ideas, e.g. X and No. 2.\\n\\n- a bullet\\n- another")
        >>> len(sentences), len(paragraphs)
        (4, 3)
        >>> sentences[:2]
        ['One idea.', 'Two ideas, e․g․ X and No․ 2.']
    """
    protected = prose
    for abbreviation in ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", _SHIELDED_DOT))
    paragraphs: list[str] = []
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", protected):
        items = re.split(r"\n\s*(?:[-*+]|\d+\.)\s+", "\n" + block)
        for item in items:
            item = " ".join(item.split())
            if not item:
                continue
            paragraphs.append(item)
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[X])", item):
                if words(sentence):
                    sentences.append(sentence)
    return sentences, paragraphs


def deferring(markdown: str) -> list[str]:
    """The phrases of ``markdown`` that point at a result instead of stating it (``DEFER``),
    found with line breaks read as spaces.

    Example:
        >>> text = ("The verdict printed under the table of the five settings, over three "
        ...         "seeds,\\nsays whether it helped. Read each row. The lines below show it.")
        >>> for phrase in deferring(text):
        ...     print(phrase)
        verdict printed under the table of the five settings, over three seeds, says whether
        Read each row
        lines below show
        >>> deferring("Dropout lowered the validation loss by 0.05, more than the seed spread.")
        []
    """
    return [match.group(0) for match in DEFER.finditer(" ".join(markdown.split()))]


def outputs_text(output: dict[str, Any]) -> str:
    """The printed text of one stored output: a stream's text, or a result's text/plain
    unless the same result has an HTML or PNG rendering (a DataFrame, a figure).

    Example:
        >>> outputs_text({"output_type": "stream", "name": "stdout", "text": ["a\\n", "b\\n"]})
        'a\\nb\\n'
        >>> outputs_text({"output_type": "display_data",
        ...               "data": {"text/html": "<table/>", "text/plain": "frame"}})
        ''
    """
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    if "text/html" in data or "image/png" in data:
        return ""
    return "".join(data.get("text/plain", ""))


def _source(cell: Cell) -> str:
    return "".join(cell["source"])


def _prose_of_cells(cells: Sequence[Cell]) -> str:
    return "\n\n".join(prose_of(_source(c)) for c in cells if c["cell_type"] == "markdown")


@dataclass(frozen=True)
class Cost:
    """What reading some cells takes: prose words, code lines, output lines, figures."""

    words: int
    code_lines: int
    output_lines: int
    figures: int

    @property
    def minutes(self) -> float:
        """Prose at 150 words a minute, 3 s per code line, 2 s per output line, 30 s per
        figure, rounded to 0.1 minute.

        Example:
            >>> Cost(words=300, code_lines=20, output_lines=30, figures=2).minutes
            5.0
        """
        return round(
            self.words / 150
            + self.code_lines * 3 / 60
            + self.output_lines * 2 / 60
            + self.figures * 0.5,
            1,
        )

    def __str__(self) -> str:
        return (
            f"{self.words} words of prose, {self.code_lines} code lines, "
            f"{self.output_lines} output lines, {self.figures} figures"
        )


def cost(cells: Sequence[Cell]) -> Cost:
    """What reading ``cells`` takes (``Cost.minutes`` is the yardstick's minutes).

    Example:
        >>> cost([markdown_cell("Four words are here."), code_cell("a = 1\\nb = 2")])
        Cost(words=4, code_lines=2, output_lines=0, figures=0)
    """
    sentences, _ = sentences_and_paragraphs(_prose_of_cells(cells))
    code = [c for c in cells if c["cell_type"] == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    return Cost(
        words=sum(len(words(s)) for s in sentences),
        code_lines=sum(len(_source(c).splitlines()) for c in code),
        output_lines=sum(len(outputs_text(o).splitlines()) for o in outputs),
        figures=sum("image/png" in o.get("data", {}) for o in outputs),
    )


def minutes(cells: Sequence[Cell]) -> float:
    """Reading minutes of ``cells``.

    Example:
        >>> minutes([code_cell("\\n".join(["x = 1"] * 20))])
        1.0
    """
    return cost(cells).minutes


def main_path(cells: Sequence[Cell]) -> list[Cell]:
    """The cells before the first markdown heading that contains "Going further" (all of
    them if there is none).

    Example:
        >>> cells = [markdown_cell("# Lesson"), code_cell("x = 1"),
        ...          markdown_cell("## Going further: more seeds"), code_cell("y = 2")]
        >>> len(main_path(cells))
        2
    """
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and _GOING_FURTHER.search(_source(cell)):
            return list(cells[:i])
    return list(cells)


def _readable(text: str) -> str:
    return text.replace(_SHIELDED_DOT, ".")


@dataclass
class Reading:
    """One notebook measured: its row of numbers and every offending text.

    ``sentences`` and ``paragraphs`` hold ``(words, text)`` for each; ``long_code_lines``
    and ``long_output_lines`` hold ``(cell, line)``; ``long_cells`` holds ``(cell, lines,
    first line)``; cells are numbered from 0.
    """

    lesson: str
    main: Cost
    whole: Cost
    sentences: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    deferring: list[str] = field(default_factory=list)
    long_code_lines: list[tuple[int, str]] = field(default_factory=list)
    long_cells: list[tuple[int, int, str]] = field(default_factory=list)
    long_output_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def long_sentences(self) -> list[tuple[int, str]]:
        """The sentences over ``LONG_SENTENCE`` words, as ``(words, text)``."""
        return [(n, text) for n, text in self.sentences if n > LONG_SENTENCE]

    @property
    def long_paragraphs(self) -> list[tuple[int, str]]:
        """The paragraphs over the ``para`` limit, as ``(words, text)``."""
        return [(n, text) for n, text in self.paragraphs if n > LIMITS["para"]]

    def row(self) -> dict[str, Any]:
        """The yardstick's row: ``lesson`` and one value per column of ``LIMITS``."""
        count = max(len(self.sentences), 1)
        return {
            "lesson": self.lesson,
            "min": self.main.minutes,
            "all": self.whole.minutes,
            "w/s": round(sum(n for n, _ in self.sentences) / count, 1),
            ">35": round(100 * len(self.long_sentences) / count, 1),
            "para": max((n for n, _ in self.paragraphs), default=0),
            "defer": len(self.deferring),
            "code>88": len(self.long_code_lines),
            "cell>25": len(self.long_cells),
            "out>100": len(self.long_output_lines),
        }

    def over(self) -> list[str]:
        """The columns over their limit, in the order of ``LIMITS``."""
        row = self.row()
        return [key for key in LIMITS if row[key] > LIMITS[key]]

    def offences(self) -> dict[str, list[str]]:
        """For each column of ``LIMITS``, one message per offence, naming the lesson, the
        limit and the offending text; an empty list where the lesson is within the limit.

        A sentence over 35 words is an offence only when such sentences are over 5 % of all.
        """
        row, name = self.row(), self.lesson
        found: dict[str, list[str]] = {key: [] for key in LIMITS}
        if row["min"] > LIMITS["min"]:
            found["min"].append(
                f"{name}: main path (before 'Going further') reads in {row['min']} minutes "
                f"(limit {LIMITS['min']:g}): {self.main}"
            )
        if row["all"] > LIMITS["all"]:
            found["all"].append(
                f"{name}: the whole notebook reads in {row['all']} minutes "
                f"(limit {LIMITS['all']:g}): {self.whole}"
            )
        if row["w/s"] > LIMITS["w/s"]:
            longest = sorted(self.sentences, key=lambda item: -item[0])[:3]
            found["w/s"].append(
                f"{name}: {row['w/s']} words per sentence on average "
                f"(limit {LIMITS['w/s']:g}); the longest: "
                + "; ".join(f"{n} words: '{_readable(text)}'" for n, text in longest)
            )
        if row[">35"] > LIMITS[">35"]:
            found[">35"].append(
                f"{name}: {row['>35']} % of sentences over {LONG_SENTENCE} words "
                f"(limit {LIMITS['>35']:g} %)"
            )
            found[">35"] += [
                f"{name}: sentence of {n} words (limit {LONG_SENTENCE}): '{_readable(text)}'"
                for n, text in self.long_sentences
            ]
        found["para"] = [
            f"{name}: paragraph of {n} words (limit {LIMITS['para']:g}): "
            f"'{_readable(text)[:90]}...'"
            for n, text in self.long_paragraphs
        ]
        found["defer"] = [
            f"{name}: result-deferring phrase (limit {LIMITS['defer']:g}): '...{phrase}...'"
            for phrase in self.deferring
        ]
        found["code>88"] = [
            f"{name}: code line of {len(line)} characters (limit {CODE_WIDTH}) "
            f"in cell {cell}: '{line}'"
            for cell, line in self.long_code_lines
        ]
        found["cell>25"] = [
            f"{name}: code cell {cell} of {lines} lines (limit {CELL_LINES}): '{first}' ..."
            for cell, lines, first in self.long_cells
        ]
        found["out>100"] = [
            f"{name}: printed line of {len(line)} characters (limit {OUTPUT_WIDTH}) "
            f"in cell {cell}: '{line}'"
            for cell, line in self.long_output_lines
        ]
        return found


def measure_cells(lesson: str, cells: Sequence[Cell]) -> Reading:
    """Measure a notebook given as its list of cells (as in its JSON).

    Example:
        >>> long = " ".join(["word"] * 40) + "."
        >>> reading = measure_cells("demo.ipynb", [markdown_cell(long), code_cell("x = 1")])
        >>> reading.row()[">35"], reading.over()
        (100.0, ['w/s', '>35'])
        >>> reading.offences()[">35"][1][:51]
        "demo.ipynb: sentence of 40 words (limit 35): 'word "
    """
    sentences, paragraphs = sentences_and_paragraphs(_prose_of_cells(cells))
    raw_markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    reading = Reading(
        lesson=lesson,
        main=cost(main_path(cells)),
        whole=cost(cells),
        sentences=[(len(words(s)), s) for s in sentences],
        paragraphs=[(len(words(p)), p) for p in paragraphs],
        deferring=deferring(raw_markdown),
    )
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        lines = _source(cell).splitlines()
        reading.long_code_lines += [(index, line) for line in lines if len(line) > CODE_WIDTH]
        if len(lines) > CELL_LINES:
            reading.long_cells.append((index, len(lines), lines[0]))
        for output in cell.get("outputs", []):
            reading.long_output_lines += [
                (index, line)
                for line in outputs_text(output).splitlines()
                if len(line) > OUTPUT_WIDTH
            ]
    return reading


def measure(path: str | Path) -> Reading:
    """Measure the notebook at ``path`` (its committed cells and outputs).

    Example:
        >>> import json, tempfile
        >>> notebook = {"cells": [markdown_cell("Short. Clear.")], "metadata": {},
        ...             "nbformat": 4, "nbformat_minor": 5}
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder, "00_demo.ipynb")
        ...     _ = path.write_text(json.dumps(notebook))
        ...     measure(path).row()["w/s"]
        1.0
    """
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return measure_cells(path.name, notebook.get("cells", []))


def _table(readings: Sequence[Reading], detail: bool) -> tuple[list[str], list[tuple[str, list]]]:
    keys = list(LIMITS)
    lines = [f"{'lesson':40s} " + " ".join(f"{k:>7s}" for k in keys) + "   words"]
    over_any = []
    for reading in readings:
        row, over = reading.row(), reading.over()
        cells = " ".join(f"{str(row[k]) + ('*' if k in over else ''):>7s}" for k in keys)
        lines.append(f"{reading.lesson:40s} {cells} {reading.whole.words:7d}")
        if over:
            over_any.append((reading.lesson, over))
        if detail:
            lines += [f"    defer: ...{phrase}..." for phrase in reading.deferring]
            lines += [f"    long ({n} words): {s[:140]}" for n, s in reading.long_sentences]
            lines += [
                f"    paragraph over 120 words: {p[:90]}..." for _, p in reading.long_paragraphs
            ]
    lines.append(
        "limits:  " + ", ".join(f"{k} <= {v}" for k, v in LIMITS.items()) + "   (* = over)"
    )
    return lines, over_any


def main(argv: Sequence[str] | None = None) -> int:
    """Print one row per notebook, as ``lesson_report.py`` does; with ``--strict``, exit 1
    when a lesson is over a limit. Without notebooks: ``notebooks/*.ipynb`` of the current
    folder."""
    parser = argparse.ArgumentParser(
        prog="python -m course.tooling.reading", description=__doc__.splitlines()[0]
    )
    parser.add_argument("notebooks", nargs="*", help="notebook files (default: notebooks/*.ipynb)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over any limit")
    parser.add_argument(
        "--detail",
        action="store_true",
        help="list the long sentences, long paragraphs and deferring phrases",
    )
    parser.add_argument(
        "--offences", action="store_true", help="list every offence, with its cell and text"
    )
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or sorted(Path("notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        print(f"{parser.prog}: not a notebook file: {', '.join(missing)}", file=sys.stderr)
        return 2
    readings = [measure(p) for p in paths]
    lines, over_any = _table(readings, args.detail)
    print("\n".join(lines))
    if args.offences:
        for reading in readings:
            for messages in reading.offences().values():
                for message in messages:
                    print(message)
    if args.strict and over_any:
        for lesson, over in over_any:
            print(f"over the limits: {lesson}: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
