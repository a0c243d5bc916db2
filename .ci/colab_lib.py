"""What the Colab scripts of .ci/ share: Colab's pins, the extras the lessons install on Colab,
and the course's requirements checked against the pins.

Imported by .ci/colab_resolve.py and .ci/check_colab_versions.py (Python puts .ci/ on sys.path
when it runs a script from there). Standard library only, plus `packaging`, taken from pip's own
copy when the environment has no `packaging` yet (a fresh virtual environment).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version
except ImportError:  # a fresh venv: pip always carries a copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name
    from pip._vendor.packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / ".ci/colab-constraints.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]["name"]

__all__ = ["Requirement", "Version", "canonicalize_name"]


class Colab:
    """Colab's packages as .ci/colab-constraints.txt records them."""

    def __init__(self, path: Path = CONSTRAINTS):
        text = path.read_text()
        self.path = path
        self.date = re.search(r"^# colab-freeze-date: (\S+)$", text, re.M).group(1)
        self.python = re.search(r"^# colab-python: (\S+)$", text, re.M).group(1)
        #: canonical name -> (name as the freeze spells it, version)
        self.pins: dict[str, tuple[str, str]] = {}
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                name, version = line.strip().split("==")
                self.pins[canonicalize_name(name)] = (name, version)
        #: canonical name -> the freeze's `name @ URL` line (a build only Colab has)
        self.dropped = {
            canonicalize_name(m.group(2)): m.group(1)
            for m in re.finditer(r"^#\s+(([A-Za-z0-9][\w.-]*) @ \S+)$", text, re.M)
        }

    def version(self, name: str) -> str | None:
        pin = self.pins.get(canonicalize_name(name))
        return pin[1] if pin else None


def colab_extras(root: Path = ROOT) -> list[str]:
    """The extras that the lessons' Colab cells install (each notebook's first code cell), sorted.

    Read from the cells, not hard-coded: `keras-epochs-course @ git+...` installs no extra,
    `keras-epochs-course[tuner] @ git+...` installs `tuner`.
    """
    extras: set[str] = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        first = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
        for m in re.finditer(rf"{re.escape(PROJECT)}\s*(?:\[([^\]]*)\])?\s*@", first):
            extras.update(e.strip() for e in (m.group(1) or "").split(",") if e.strip())
    return sorted(extras)


def requirements(extras: list[str] | tuple[str, ...] = ()) -> list[Requirement]:
    """The course's requirements, with those of `extras` (self-references expanded)."""
    optional = PYPROJECT["project"].get("optional-dependencies", {})
    reqs, todo, seen = [], list(extras), set()
    reqs += [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        if extra not in optional:
            raise KeyError(f"no extra {extra!r} in pyproject.toml (a Colab cell installs it)")
        for r in map(Requirement, optional[extra]):
            if canonicalize_name(r.name) == canonicalize_name(PROJECT):
                todo += sorted(r.extras)
            else:
                reqs.append(r)
    return reqs


def linux_environment(python: str) -> dict[str, str]:
    """Marker values for CPython ``python`` ("3.13") on Linux x86-64, the patch level unknown."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def colab_environment(colab: Colab) -> dict[str, str]:
    """Marker values for Colab (Linux x86-64, CPython). The freeze does not say which 3.13.x."""
    return linux_environment(colab.python)


def unsatisfied(reqs: list[Requirement], colab: Colab) -> list[tuple[str, str]]:
    """(canonical name, why) for each requirement that Colab's pinned version does not satisfy,
    or that would replace a package Colab builds itself."""
    env = colab_environment(colab)
    problems = []
    for req in reqs:
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        version = colab.version(req.name)
        if version is not None and not req.specifier.contains(version, prereleases=True):
            why = f"{req} is not satisfied by Colab's {req.name}=={version}"
            problems.append((canonicalize_name(req.name), why))
        elif version is None and canonicalize_name(req.name) in colab.dropped:
            build = colab.dropped[canonicalize_name(req.name)]
            problems.append((canonicalize_name(req.name), f"{req} replaces Colab's {build}"))
    return problems
