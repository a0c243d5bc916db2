"""Progress bars: live where a front end draws them, one final line in a stored notebook."""

import re

import pytest

from course.progress import FinalLineBar, progress_bar, progress_mode


def test_text_mode_prints_only_the_final_state(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROGRESS", "text")
    with progress_bar(total=16, desc="timing batch sizes", unit="fit") as bar:
        for _ in range(16):
            bar.update(1)
        assert capsys.readouterr().out == ""  # nothing while it runs: no frozen 0 % line
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "0%" not in out.replace("100%", "")
    assert re.match(r"timing batch sizes: 100%\|█+\| 16/16 \[\d\d:\d\d<00:00, ", out)


def test_a_bar_closed_early_shows_where_it_stopped(monkeypatch, capsys):
    bar = FinalLineBar(total=4, desc="fits")
    bar.update(1)
    bar.close()
    bar.close()  # once only
    out = capsys.readouterr().out
    assert " 25%" in out and "1/4" in out and out.count("\n") == 1


def test_auto_mode_is_tqdm_and_none_mode_prints_nothing(monkeypatch, capsys):
    from tqdm.auto import tqdm

    monkeypatch.setenv("COURSE_PROGRESS", "auto")
    bar = progress_bar(total=2, desc="x")
    assert isinstance(bar, tqdm)
    bar.close()
    monkeypatch.setenv("COURSE_PROGRESS", "none")
    with progress_bar(total=2) as quiet:
        quiet.update(2)
    assert capsys.readouterr().out == ""


def test_a_misspelled_mode_names_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS", "txt")
    with pytest.raises(
        ValueError, match=r"\$COURSE_PROGRESS must be one of 'auto', 'text', 'none'"
    ):
        progress_mode()


def test_time_epochs_stores_a_finished_bar(monkeypatch, capsys, tiny_model, random_data):
    from course.timing import time_epochs

    monkeypatch.setenv("COURSE_PROGRESS", "text")
    x, y = random_data(64)
    time_epochs(tiny_model(), x, y, [16, 32], epochs=1, rounds=1, desc="timing")
    assert re.fullmatch(r"timing: 100%\|█+\| 4/4 \[.*\]\n", capsys.readouterr().out)


class _BrokenRepr:
    def __repr__(self):
        raise RuntimeError("repr is broken")


@pytest.mark.parametrize("mode", ["auto", "text", "none"])
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"desc": 3}, r"desc must be a string such as 'fits', got 3"),
        ({"desc": None}, r"desc must be a string such as 'fits', got None"),
        ({"unit": b"fit"}, r"unit must be a string such as 'fit', got b'fit'"),
        ({"unit": _BrokenRepr()}, r"unit must be a string .*, got <_BrokenRepr object>"),
        ({"enabled": "yes"}, r"enabled must be True or False, got 'yes'"),
        ({"enabled": None}, r"enabled must be True or False, got None"),
    ],
)
def test_a_bad_description_unit_or_switch_is_named_in_every_mode(
    monkeypatch, capsys, mode, arguments, message
):
    monkeypatch.setenv("COURSE_PROGRESS", mode)
    with pytest.raises(ValueError, match=message):
        progress_bar(total=2, **arguments)
    if "enabled" not in arguments:
        with pytest.raises(ValueError, match=message):
            FinalLineBar(total=2, **arguments)
    assert capsys.readouterr().out == ""
