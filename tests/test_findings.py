"""Findings in the prose of a rewritten lesson are tied to the outputs they rest on
(``course.tooling.findings``): the lessons pass, and a changed number, a flipped verdict or a
result quoted before it is computed fails with the sentence that quotes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.tooling import findings
from course.tooling.reading import REWRITTEN, code_cell, markdown_cell, prose_of

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lesson", REWRITTEN, ids=lambda name: name[:2])
def test_every_finding_of_a_rewritten_lesson_is_tied_to_its_output(lesson: str):
    problems = findings.untied_in(ROOT / "notebooks" / lesson)
    assert not problems, "\n".join(problems)


def _printed(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def _table(html: str) -> dict:
    return {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/html": html, "text/plain": "a frame"},
    }


EXPERIMENT = code_cell(
    "runs = over_seeds(train, [0, 1, 2], epochs=5)",
    [_printed("val_accuracy: spread 0.039 over 3 seeds, 1,079 samples.\n")],
)
VERDICT = code_cell(
    "print(compare(a, b))",
    [
        _printed(
            "Difference 0.014, not more than the seed spread 0.039: no evidence of a difference.\n"
        )
    ],
)
FINDING = (
    "Over 3 seeds of 5 epochs on 1,079 samples the accuracy moved by 0.039. "
    "The two settings differ by 0.014: no evidence of a difference."
)


def test_a_finding_quoted_as_printed_is_tied():
    cells = [markdown_cell("Train for 5 epochs."), EXPERIMENT, VERDICT, markdown_cell(FINDING)]
    assert findings.untied("lesson.ipynb", cells) == []


def test_a_changed_number_fails_with_its_sentence():
    changed = code_cell(
        EXPERIMENT["source"], [_printed("val_accuracy: spread 0.041 over 3 seeds\n")]
    )
    problems = findings.untied("lesson.ipynb", [changed, markdown_cell(FINDING)])
    sentence = "'Over 3 seeds of 5 epochs on 1,079 samples the accuracy moved by 0.039.'"
    untied = "is in no output above it and not in the code"
    assert problems[:2] == [
        f"lesson.ipynb cell 1: number 1079 {untied}: {sentence}",
        f"lesson.ipynb cell 1: number 0.039 {untied}: {sentence}",
    ]


def test_a_flipped_verdict_fails_with_its_sentence():
    flipped = code_cell(
        VERDICT["source"],
        [_printed("B is higher by 0.014, more than the seed spread 0.010: a real difference.\n")],
    )
    problems = findings.untied("lesson.ipynb", [EXPERIMENT, flipped, markdown_cell(FINDING)])
    assert problems == [
        "lesson.ipynb cell 2: verdict 'no evidence of a difference' appears in no output above "
        "it: 'The two settings differ by 0.014: no evidence of a difference.'"
    ]


def test_a_result_quoted_before_it_is_computed_is_untied():
    problems = findings.untied("lesson.ipynb", [markdown_cell(FINDING), EXPERIMENT, VERDICT])
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in problems] == [
        "lesson.ipynb cell 0: number 3 is in no output above it and not in the code",
        "lesson.ipynb cell 0: number 1079 is in no output above it and not in the code",
        "lesson.ipynb cell 0: number 0.039 is in no output above it and not in the code",
        "lesson.ipynb cell 0: number 0.014 is in no output above it and not in the code",
        "lesson.ipynb cell 0: verdict 'no evidence of a difference' appears in no output above it",
    ]


def test_a_number_is_compared_as_printed():
    """0.04 is not 0.040: a finding quotes the output's digits; "1,079" is "1079"."""
    cells = [code_cell("show()", [_printed("spread 0.040, 1079 samples\n")])]
    assert findings.untied("l.ipynb", [*cells, markdown_cell("Spread 0.040 on 1,079.")]) == []
    assert len(findings.untied("l.ipynb", [*cells, markdown_cell("Spread 0.04 here.")])) == 1


def test_numbers_in_a_displayed_table_count_and_code_spans_are_not_read():
    table = code_cell("summary", [_table("<table><td>0.858</td><td>0.118</td></table>")])
    prose = "Mean accuracy 0.858, spread 0.118; `compare` says `a real difference` when it is."
    assert findings.untied("l.ipynb", [table, markdown_cell(prose)]) == []
    assert findings.untied("l.ipynb", [table, markdown_cell("Spread 0.119.")]) != []


def _plant(cells: list, old: str, new: str) -> list:
    """The cells with every output's ``old`` replaced by ``new`` (a rerun that moved it)."""
    planted = json.loads(json.dumps(cells))
    for cell in planted:
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = "".join(output["text"]).replace(old, new)
            for mime, value in output.get("data", {}).items():
                if isinstance(value, str | list) and mime.startswith("text/"):
                    output["data"][mime] = "".join(value).replace(old, new)
    return planted


@pytest.mark.parametrize("lesson", REWRITTEN, ids=lambda name: name[:2])
def test_every_result_a_rewritten_lesson_quotes_fails_when_its_output_moves(lesson: str):
    """For each number with a decimal point that the lesson's prose quotes (a measured result),
    an output that prints another value in its place makes the check name the number."""
    cells = json.loads((ROOT / "notebooks" / lesson).read_text())["cells"]
    prose = " ".join(prose_of("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")
    quoted = sorted({n for n in findings.numbers(prose) if "." in n})
    code = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    results = [n for n in quoted if n not in findings.numbers(code)]  # settings are not results
    # 09's prose states counts that hold on any machine; its measured seconds stay in outputs
    assert len(results) >= (1 if lesson.startswith("09") else 5), results
    for number in results:
        moved = f"{number}9"  # another value, printed where the number was
        problems = findings.untied(lesson, _plant(cells, number, moved))
        assert any(f"number {number} " in p for p in problems), number
