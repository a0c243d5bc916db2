"""Installing the course on Google Colab changes none of Colab's packages.

Offline checks with `packaging`: every requirement of the course, and of each extra that a
lesson's Colab cell installs, is satisfied by the version Colab already has
(.ci/colab-constraints.txt, Colab's `pip freeze`); and that file holds exactly the freeze's pins.
The real resolution with pip is .ci/colab_resolve.py, run by the colab stage of .ci/run.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
CONSTRAINTS = ROOT / ".ci/colab-constraints.txt"
SHARED_COLAB = ROOT.parent / "shared/colab"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _pins(text: str) -> dict[str, tuple[str, str]]:
    """canonical name -> (name, version) of every `name==version` line."""
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and " @ " not in line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = (name, version)
    return pins


CONSTRAINTS_TEXT = CONSTRAINTS.read_text()
COLAB = _pins(CONSTRAINTS_TEXT)
COLAB_PYTHON = re.search(r"^# colab-python: (\S+)$", CONSTRAINTS_TEXT, re.M).group(1)
FREEZE_DATE = re.search(r"^# colab-freeze-date: (\S+)$", CONSTRAINTS_TEXT, re.M).group(1)
# Colab's builds of its own (the freeze's `name @ URL` lines, listed in the header)
COLAB_BUILDS = {
    canonicalize_name(m.group(1))
    for m in re.finditer(r"^#\s+([A-Za-z0-9][\w.-]*) @ \S+$", CONSTRAINTS_TEXT, re.M)
}
# Colab's marker values: Linux x86-64, CPython; the freeze does not say which 3.13.x
COLAB_ENV = {
    "python_version": COLAB_PYTHON,
    "python_full_version": f"{COLAB_PYTHON}.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}


def colab_extras() -> list[str]:
    """The extras that the notebooks' Colab cells (each one's first code cell) install."""
    extras = set()
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text())["cells"]
        first = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
        for m in re.finditer(rf"{re.escape(PROJECT['name'])}\s*(?:\[([^\]]*)\])?\s*@", first):
            extras.update(e.strip() for e in (m.group(1) or "").split(",") if e.strip())
    return sorted(extras)


def requirements(extra: str | None) -> list[Requirement]:
    """The base package's requirements, or one extra's (self-references expanded)."""
    optional = PROJECT.get("optional-dependencies", {})
    if extra is None:
        return [Requirement(r) for r in PROJECT["dependencies"]]
    reqs = []
    for req in map(Requirement, optional[extra]):
        if canonicalize_name(req.name) == canonicalize_name(PROJECT["name"]):
            reqs += [r for e in sorted(req.extras) for r in requirements(e)]
        else:
            reqs.append(req)
    return reqs


@pytest.mark.parametrize("extra", [None, *colab_extras()], ids=lambda e: e or "base")
def test_colab_has_a_version_of_every_requirement_that_satisfies_it(extra):
    problems = []
    for req in requirements(extra):
        if req.marker is not None and not req.marker.evaluate(COLAB_ENV):
            continue
        key = canonicalize_name(req.name)
        if key in COLAB:
            name, version = COLAB[key]
            if not req.specifier.contains(version, prereleases=True):
                problems.append(f"requires {req}, Colab has {name}=={version}")
        elif key in COLAB_BUILDS:
            problems.append(f"requires {req}, which would replace Colab's own build of it")
    which = f"{PROJECT['name']}[{extra}]" if extra else PROJECT["name"]
    assert not problems, (
        f"{which} would change Colab's packages (freeze of {FREEZE_DATE}):\n  "
        + "\n  ".join(problems)
    )


def test_the_extras_installed_on_colab_exist():
    missing = set(colab_extras()) - set(PROJECT.get("optional-dependencies", {}))
    assert not missing, f"a notebook's Colab cell installs extras pyproject.toml lacks: {missing}"


def test_the_course_allows_ipywidgets_7_as_on_colab_and_8():
    (widgets,) = [r for r in requirements(None) if canonicalize_name(r.name) == "ipywidgets"]
    for version in (COLAB["ipywidgets"][1], "7.7.1", "8.1.0"):
        assert widgets.specifier.contains(version), f"{widgets} excludes ipywidgets {version}"


def test_constraints_say_where_they_come_from_and_how_to_regenerate_them():
    header = "\n".join(line for line in CONSTRAINTS_TEXT.splitlines() if line.startswith("#"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", FREEZE_DATE)
    assert f"pip-freeze-{FREEZE_DATE}.txt" in header
    assert "python .ci/make_colab_constraints.py" in header
    assert COLAB_PYTHON == "3.13"


def _freeze() -> tuple[Path, str]:
    if not SHARED_COLAB.is_dir():
        pytest.skip(f"{SHARED_COLAB} is absent: no Colab freeze to compare the constraints with")
    path = SHARED_COLAB / f"pip-freeze-{FREEZE_DATE}.txt"
    assert path.is_file(), f"{CONSTRAINTS.name} names a freeze that {SHARED_COLAB} lacks: {path}"
    return path, path.read_text()


def test_constraints_hold_exactly_the_pins_of_colabs_freeze():
    path, text = _freeze()
    freeze = {(k, v) for k, (_, v) in _pins(text).items()}
    ours = {(k, v) for k, (_, v) in COLAB.items()}
    assert ours == freeze, (
        f"{CONSTRAINTS.name} differs from {path.name}; regenerate it with "
        f"python .ci/make_colab_constraints.py {path}\n"
        f"  only in the constraints: {sorted(ours - freeze)}\n"
        f"  only in the freeze: {sorted(freeze - ours)}"
    )
    urls = {canonicalize_name(line.split(" @ ")[0]) for line in text.splitlines() if " @ " in line}
    assert COLAB_BUILDS == urls, "the header must list the freeze's '@' lines it drops"


def test_constraints_come_from_the_newest_colab_freeze():
    path, _ = _freeze()
    newest = max(SHARED_COLAB.glob("pip-freeze-*.txt"), key=lambda p: p.name)
    assert newest == path, (
        f"Colab moved: {newest.name} is newer than {path.name}; run "
        f"python .ci/make_colab_constraints.py {newest}, then bash .ci/run"
    )
