"""Where runs write: a git-ignored ``runs/`` folder, never the lessons or the learner's files.

The folder is ``$COURSE_RUNS_DIR`` if set, else ``runs/`` at the root of the course checkout
(found by walking up from the working directory), else ``runs/`` in the working directory
(on Colab: ``/content/runs``).

Example:
    >>> folder = run_dir("04_early_stopping")
    >>> folder.name
    '04_early_stopping'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_MARKER = "pyproject.toml"


def project_root(start: Path | None = None) -> Path | None:
    """The course checkout containing ``start`` (default: the working directory), or None.

    Example:
        >>> project_root(Path("/")) is None
        True
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        marker = folder / PROJECT_MARKER
        if marker.is_file() and "keras-epochs-course" in marker.read_text(encoding="utf-8"):
            return folder
    return None


def runs_root() -> Path:
    """The folder every run writes under (created if missing).

    Example:
        >>> runs_root().is_dir()
        True
    """
    env = os.environ.get("COURSE_RUNS_DIR")
    root = Path(env) if env else (project_root() or Path.cwd()) / "runs"
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_dir(name: str) -> Path:
    """A sub-folder of the runs folder for one lesson or experiment (created if missing).

    Example:
        >>> run_dir("checkpoints").is_dir()
        True
    """
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]+", name):
        raise ValueError(
            f"name must be a folder name of letters, digits, '_', '-' and '.', got {name!r}"
        )
    folder = runs_root() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
