"""The reading standard (``docs/lesson-style.md``): the lessons rewritten to it meet every
limit, the check can fail, and its measure (``course.tooling.reading``) agrees with the course's
yardstick, ``../shared/tools/lesson_report.py``, on every notebook."""

from __future__ import annotations

import base64
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from course.tooling import reading

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
YARDSTICK = ROOT.parent / "shared" / "tools" / "lesson_report.py"

REWRITTEN = reading.REWRITTEN  # the lessons that meet the standard, checked on every run

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()  # a figure's bytes are never read


@pytest.fixture(scope="module")
def yardstick() -> ModuleType:
    """``lesson_report.py``, imported from ``../shared/tools`` beside the repository."""
    if not YARDSTICK.is_file():
        pytest.skip(f"the yardstick is absent: {YARDSTICK} (CI has ../shared beside its clone)")
    spec = importlib.util.spec_from_file_location("lesson_report", YARDSTICK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the lessons rewritten to the standard -------------------------------------------------


def test_rewritten_lists_committed_notebooks_once():
    names = {p.name for p in NOTEBOOKS}
    assert not set(REWRITTEN) - names, f"not a notebook in notebooks/: {set(REWRITTEN) - names}"
    assert len(REWRITTEN) == len(set(REWRITTEN)), "REWRITTEN names a lesson twice"


@pytest.mark.parametrize(
    ("lesson", "limit"),
    [(lesson, limit) for lesson in REWRITTEN for limit in reading.LIMITS],
    ids=lambda value: value.removesuffix(".ipynb"),
)
def test_rewritten_lesson_meets_the_limit(lesson: str, limit: str):
    offences = reading.measure(ROOT / "notebooks" / lesson).offences()[limit]
    assert not offences, "\n".join(offences)


def ruff_at_88(path: Path) -> list[str]:
    """What ``ruff format --check`` and ``ruff check`` at 88 characters report on ``path``
    (empty when both pass)."""
    problems = []
    for command in (["format", "--check"], ["check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--line-length", "88", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if result.returncode != 0:
            report = (result.stdout + result.stderr).strip()
            problems.append(f"{path.name}: ruff {' '.join(command)} at 88 characters:\n{report}")
    return problems


@pytest.mark.parametrize("lesson", REWRITTEN, ids=lambda name: name[:2])
def test_rewritten_lesson_passes_ruff_at_88(lesson: str):
    problems = ruff_at_88(ROOT / "notebooks" / lesson)
    assert not problems, "\n".join(problems)


def test_ruff_at_88_reports_unformatted_and_unlinted_code(tmp_path):
    bad = _write(tmp_path / "98_unformatted.ipynb", [nbformat.v4.new_code_cell("import os\nx=1")])
    good = _write(tmp_path / "98_formatted.ipynb", [nbformat.v4.new_code_cell("x = 1")])
    problems = ruff_at_88(bad)
    assert [p.splitlines()[0] for p in problems] == [
        "98_unformatted.ipynb: ruff format --check at 88 characters:",
        "98_unformatted.ipynb: ruff check at 88 characters:",
    ]
    assert "F401" in problems[1]  # the unused import, named
    assert ruff_at_88(good) == []


# --- the check fails where it should, and passes where it should ---------------------------

# Texts just over each limit (in the notebook over every limit) and at each limit (in the
# notebook within every limit), so that an off-by-one in either direction fails a test.
LONG_SENTENCE = "This long sentence " + " ".join(["runs"] * 32) + " on."  # 36 words
PLAIN_SENTENCE = " ".join(["Plain"] + ["words"] * 18) + " here."  # 20 words
FIVE_WORDS = "Five words end this paragraph."
DEFERRING = "Read the table below."
LONG_CODE_LINE = "x = 1  # " + "-" * 80  # 89 characters
LONG_OUTPUT_LINE = "y" * 101
FIGURE = {"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"}


def _write(path: Path, cells: list) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    nbformat.write(notebook, path)
    return path


def _figures(count: int) -> list:
    """Figures as a notebook stores them: the picture, and a text/plain line nobody reads."""
    return [nbformat.v4.new_output("display_data", data=FIGURE)] * count


def _over_every_limit(folder: Path) -> Path:
    """A notebook just over each limit, once: its main path reads in 28.5 minutes (52
    figures), the whole in 40.6 (24 more after "Going further"); a paragraph of 121 words
    holds the one sentence over 35 words (36), and 19.4 words a sentence on average; one
    deferring phrase; one code line of 89 characters, one code cell of 26 lines, one printed
    line of 101 characters."""
    new = nbformat.v4
    paragraph = " ".join([LONG_SENTENCE, *[PLAIN_SENTENCE] * 4, FIVE_WORDS])  # 121 words
    thirty = " ".join(["Thirty"] + ["words"] * 28) + " here."
    return _write(
        folder / "99_over.ipynb",
        [
            new.new_markdown_cell("# A lesson just over every limit"),
            new.new_markdown_cell(f"{paragraph}\n\n{DEFERRING} {thirty}"),
            new.new_code_cell("\n".join(f"x{i} = {i}" for i in range(26))),
            new.new_code_cell(
                f"{LONG_CODE_LINE}\nprint('y' * 101)",
                outputs=[new.new_output("stream", name="stdout", text=LONG_OUTPUT_LINE + "\n")],
            ),
            new.new_code_cell("show()", outputs=_figures(52)),
            new.new_markdown_cell("## Going further: more figures"),
            new.new_code_cell("show()", outputs=_figures(24)),
        ],
    )


def _within_every_limit(folder: Path) -> Path:
    """A notebook within every limit, at the limit where a text can be: a paragraph of 120
    words with a sentence of 35, a code cell of 25 lines with a line of 88 characters, a
    printed line of 100 characters."""
    new = nbformat.v4
    at_35 = "This sentence " + " ".join(["counts"] * 32) + " words."
    ten = " ".join(["Ten"] + ["words"] * 8) + " here."
    paragraph = " ".join([at_35, *[ten] * 8, FIVE_WORDS])  # 120 words
    code = "\n".join(["x = 1  # " + "-" * 79] + [f"x{i} = {i}" for i in range(24)])
    return _write(
        folder / "99_within.ipynb",
        [
            new.new_markdown_cell("# A lesson within every limit"),
            new.new_markdown_cell(
                "How many updates make an epoch? With 1,000 samples and batches of 32, "
                "Keras counts 32 of them, e.g. in `model.fit`.\n\n- One bullet.\n- Another one."
                f"\n\n{paragraph}"
            ),
            new.new_code_cell(
                code, outputs=[new.new_output("stream", name="stdout", text="z" * 100 + "\n")]
            ),
            new.new_code_cell("show()", outputs=_figures(1)),
            new.new_markdown_cell("## Going further\n\nThe same count for batches of 100."),
            new.new_code_cell("print(-(-1000 // 100))"),
        ],
    )


EXPECTED = {
    "min": ["99_over.ipynb: main path (before 'Going further') reads in 28.5 minutes (limit 25)"],
    "all": ["99_over.ipynb: the whole notebook reads in 40.6 minutes (limit 40)"],
    "w/s": [f"99_over.ipynb: 19.4 words per sentence on average (limit 18); the longest: "
            f"36 words: '{LONG_SENTENCE}'"],
    ">35": ["99_over.ipynb: 12.5 % of sentences over 35 words (limit 5 %)",
            f"99_over.ipynb: sentence of 36 words (limit 35): '{LONG_SENTENCE}'"],
    "para": [f"99_over.ipynb: paragraph of 121 words (limit 120): '{LONG_SENTENCE[:90]}"],
    "defer": ["99_over.ipynb: result-deferring phrase (limit 0): '...Read the table...'"],
    "code>88": [f"99_over.ipynb: code line of 89 characters (limit 88) in cell 3: "
                f"'{LONG_CODE_LINE}'"],
    "cell>25": ["99_over.ipynb: code cell 2 of 26 lines (limit 25): 'x0 = 0'"],
    "out>100": [f"99_over.ipynb: printed line of 101 characters (limit 100) in cell 3: "
                f"'{LONG_OUTPUT_LINE}'"],
}  # fmt: skip


def test_the_synthetic_notebook_is_over_every_limit(tmp_path):
    assert reading.measure(_over_every_limit(tmp_path)).over() == list(reading.LIMITS)


@pytest.mark.parametrize("limit", list(reading.LIMITS))
def test_each_offence_is_reported_with_its_limit_and_text(tmp_path, limit):
    offences = reading.measure(_over_every_limit(tmp_path)).offences()[limit]
    assert len(offences) == len(EXPECTED[limit]), offences
    for message, start in zip(offences, EXPECTED[limit], strict=True):
        assert message.startswith(start), (message, start)


def test_a_notebook_within_every_limit_passes(tmp_path):
    measured = reading.measure(_within_every_limit(tmp_path))
    assert measured.over() == []
    assert all(not offences for offences in measured.offences().values())
    row = measured.row()
    assert 0 < row["min"] < row["all"], "the main path stops before 'Going further'"


def test_the_command_line_exits_1_when_strict_and_over(tmp_path, capsys):
    over, within = _over_every_limit(tmp_path), _within_every_limit(tmp_path)
    assert reading.main([str(within), "--strict"]) == 0
    assert reading.main([str(over), str(within), "--strict", "--offences"]) == 1
    out = capsys.readouterr().out
    assert "over the limits: 99_over.ipynb: " + ", ".join(reading.LIMITS) in out
    assert EXPECTED["cell>25"][0] in out


def test_the_command_line_refuses_what_is_not_a_notebook(tmp_path, capsys):
    assert reading.main([str(tmp_path / "missing.ipynb")]) == 2
    assert "not a notebook file" in capsys.readouterr().err


# --- agreement with the yardstick ----------------------------------------------------------


def test_the_limits_and_patterns_are_the_yardstick_s(yardstick):
    assert reading.LIMITS == yardstick.LIMITS
    assert reading.ABBREVIATIONS == yardstick.ABBREVIATIONS
    assert reading.DEFER.pattern == yardstick.DEFER.pattern
    assert reading.DEFER.flags == yardstick.DEFER.flags


def _disagreements(path: Path, yardstick: ModuleType) -> list[str]:
    theirs = yardstick.report(path)
    measured = reading.measure(path)
    ours = measured.row()
    found = [
        f"{path.name}: {column}: ours {ours[column]!r}, lesson_report's {theirs[column]!r}"
        for column in ["lesson", *reading.LIMITS]
        if ours[column] != theirs[column] or type(ours[column]) is not type(theirs[column])
    ]
    texts = {
        "_long": [text for _, text in measured.long_sentences],
        "_paras": [text[:90] + "..." for _, text in measured.long_paragraphs],
        "_defer": measured.deferring,
        "_words": measured.whole.words,
    }
    found += [f"{path.name}: {key} differs" for key in texts if texts[key] != theirs[key]]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_agrees_with_the_yardstick_on_every_lesson(path: Path, yardstick):
    assert _disagreements(path, yardstick) == []


def test_agrees_with_the_yardstick_on_the_synthetic_notebooks(tmp_path, yardstick):
    for path in (_over_every_limit(tmp_path), _within_every_limit(tmp_path)):
        assert _disagreements(path, yardstick) == []


@pytest.mark.parametrize("flags", [[], ["--detail"], ["--strict"]], ids=str)
def test_prints_the_yardstick_s_table(flags, yardstick, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # both read notebooks/*.ipynb of the current folder by default
    ours = reading.main(flags)
    ours_out = capsys.readouterr().out
    theirs = yardstick.main(flags)
    assert (ours, ours_out) == (theirs, capsys.readouterr().out)
