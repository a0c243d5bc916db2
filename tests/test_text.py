"""Printed text wrapped to fit the page (``course.text``), and the verdicts that use it."""

import pytest

from course import seeds, text

SENTENCE = "The rule calls a difference real only when it is larger than the seed spread. " * 4


@pytest.mark.parametrize("width", [20, 60, 100])
def test_every_line_fits_and_no_word_is_lost_or_split(width):
    wrapped = text.wrap(SENTENCE.strip(), width)
    assert all(len(line) <= width for line in wrapped.splitlines())
    assert wrapped.split() == SENTENCE.split()


def test_a_word_longer_than_the_width_stays_whole_on_its_own_line():
    long = "x" * 30
    assert text.wrap(f"a {long} b", width=10).splitlines() == ["a", long, "b"]


def test_line_breaks_and_empty_lines_are_kept():
    assert text.wrap("one\n\ntwo", width=10) == "one\n\ntwo"
    assert text.wrap("", width=10) == ""


def test_a_comparison_with_long_names_prints_lines_that_fit():
    names = ("the setting with a very long descriptive name", "another long name, for contrast")
    c = seeds.compare([0.81, 0.86, 0.84], [0.79, 0.88, 0.83], metric="val_accuracy", names=names)
    shown = str(c)
    assert max(len(line) for line in shown.splitlines()) <= text.WIDTH
    assert " ".join(shown.split()).endswith("no evidence of a difference.")
    assert len(shown.splitlines()) == 3  # the description needed two lines, the verdict one
