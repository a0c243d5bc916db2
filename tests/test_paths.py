"""Where runs write: the folder arguments are checked, the message names them."""

from pathlib import Path

import pytest
from fuzz import HOSTILE, describe  # tests/fuzz.py's hostile objects, and their ids

from course.paths import is_writable, project_root, run_dir, runs_root

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("bad", [3, ["a"], 0.5, b"/tmp", *HOSTILE], ids=describe)
def test_a_folder_that_is_no_path_is_named(bad):
    with pytest.raises(ValueError, match=r"^start must be a folder's path such as Path\('runs'\)"):
        project_root(bad)
    with pytest.raises(ValueError, match=r"^folder must be a folder's path such as Path"):
        is_writable(bad)
    with pytest.raises(ValueError, match=r"^create must be True or False"):
        runs_root(create=bad)
    with pytest.raises(ValueError, match=r"^name must be a folder name of letters"):
        run_dir(bad)


def test_a_string_is_a_path_too():
    assert project_root(str(ROOT)) == project_root(ROOT) == ROOT
    assert is_writable("/tmp") is is_writable(Path("/tmp")) is True
