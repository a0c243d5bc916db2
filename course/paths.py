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
import tomllib
from pathlib import Path
from typing import Any

from course.validation import _short, check_bool

PROJECT_MARKER = "pyproject.toml"


PROJECT_NAME = "keras-epochs-course"


def _is_course_checkout(folder: Path) -> bool:
    """True if ``folder/pyproject.toml`` is this course's (its ``[project] name``)."""
    try:
        with open(folder / PROJECT_MARKER, "rb") as file:
            return tomllib.load(file).get("project", {}).get("name") == PROJECT_NAME
    except (OSError, ValueError):
        return False


def _folder(name: str, value: Any) -> Path:
    """``value`` (a path or a string) as a Path, or raise naming ``name``."""
    if not isinstance(value, str | os.PathLike):
        raise ValueError(
            f"{name} must be a folder's path such as Path('runs'), got {_short(value)}"
        )
    return Path(value)


def project_root(start: Path | None = None) -> Path | None:
    """The course checkout containing ``start`` (default: the working directory), or None.

    A checkout is a folder whose ``pyproject.toml`` names the project ``keras-epochs-course``.

    Example:
        >>> project_root(Path("/")) is None
        True
    """
    here = (Path.cwd() if start is None else _folder("start", start)).resolve()
    for folder in (here, *here.parents):
        if _is_course_checkout(folder):
            return folder
    return None


def runs_root(*, create: bool = True) -> Path:
    """The folder every run writes under (created if missing, unless ``create=False``).

    Example:
        >>> runs_root().is_dir()
        True
    """
    create = check_bool("create", create)
    env = os.environ.get("COURSE_RUNS_DIR")
    root = (Path(env) if env else (project_root() or Path.cwd()) / "runs").absolute()
    if create:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OSError(
                f"the runs folder {root} cannot be created ({err.strerror}); set COURSE_RUNS_DIR "
                "to a folder you can write"
            ) from err
    return root


def is_writable(folder: Path) -> bool:
    """True if ``folder`` exists and can be written, or could be created.

    Example:
        >>> is_writable(runs_root())
        True
    """
    folder = _folder("folder", folder)
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return existing is not None and existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def run_dir(name: str) -> Path:
    """A sub-folder of the runs folder for one lesson or experiment (created if missing).

    Example:
        >>> run_dir("checkpoints").is_dir()
        True
    """
    if (
        not isinstance(name, str)
        or not re.fullmatch(r"[A-Za-z0-9_.\-]+", name)
        or set(name) == {"."}
    ):
        raise ValueError(
            "name must be a folder name of letters, digits, '_', '-' and '.' (not '.' or '..'), "
            f"got {_short(name)}"
        )
    folder = runs_root() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
