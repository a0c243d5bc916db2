"""The package keeps its designed layout: which module may import which, unique check names,
and what ``dir(course)`` shows."""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import course
import course.check

PACKAGE = Path(course.__file__).parent

# What each learner-facing module may import from the course package. Analysis modules never
# import plots (drawing) or tooling (the command line); only plots imports matplotlib.
ALLOWED = {
    "validation": set(),
    "text": {"validation"},
    "history": {"validation"},
    "iterations": {"validation"},
    "paths": {"validation"},
    "progress": {"validation"},
    "env": {"plots", "validation"},  # setup: alt text for inline figures (plots)
    "datasets": {"validation"},
    "models": {"validation"},
    "gradients": {"validation"},
    "curves": {"history", "validation"},
    "stopping": {"history", "validation"},
    "timing": {"iterations", "progress", "validation"},
    "throughput": {"validation"},
    "seeds": {"text", "validation"},
    "plots": {"curves", "history", "iterations", "seeds", "validation"},
    "callbacks": {"history", "paths", "plots", "validation"},
    "lr_finder": {"callbacks", "validation"},
    "transfer": {"validation"},
    "claims": {"seeds", "validation"},
    "widgets": {"callbacks", "history", "iterations", "plots", "validation"},
    "__init__": {"env"},
}
CHECK_MAY_IMPORT = {
    "check",
    "curves",
    "history",
    "iterations",
    "seeds",
    "stopping",
    "text",
    "validation",
}


def _course_imports(path: Path) -> tuple[set[str], set[str]]:
    """(course modules, third-party top-level packages) imported anywhere in ``path``."""
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "course":
                names = [f"course.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            (
                ours.add(parts[1])
                if parts[0] == "course" and len(parts) > 1
                else theirs.add(parts[0])
            )
    return ours, theirs


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_has_a_place_in_the_layout():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == set(ALLOWED), (
        f"add {top - set(ALLOWED)} to ALLOWED (or remove {set(ALLOWED) - top})"
    )


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_learner_modules_import_only_what_their_layer_allows(name):
    ours, theirs = _course_imports(PACKAGE / f"{name}.py")
    ours.discard(name)
    assert ours <= ALLOWED[name], f"course.{name} imports {sorted(ours - ALLOWED[name])}"
    if name != "plots":
        assert "matplotlib" not in theirs, f"course.{name} draws: drawing belongs in course.plots"


@pytest.mark.parametrize("path", sorted((PACKAGE / "check").glob("*.py")), ids=lambda p: p.name)
def test_checks_use_analysis_modules_only(path):
    ours, theirs = _course_imports(path)
    assert ours <= CHECK_MAY_IMPORT, f"{path.name} imports {sorted(ours - CHECK_MAY_IMPORT)}"
    assert "matplotlib" not in theirs


def test_nothing_outside_tooling_imports_tooling():
    for path in _modules():
        if "tooling" not in path.parts:
            assert "tooling" not in _course_imports(path)[0], path


def test_check_module_names_differ_from_every_check():
    modules = {p.stem for p in (PACKAGE / "check").glob("*.py")}
    checks = set()
    for module in modules - {"__init__"}:
        checks |= set(getattr(importlib.import_module(f"course.check.{module}"), "__all__", []))
    assert checks and not modules & checks
    for name in checks:
        assert inspect.isfunction(getattr(course.check, name)), name
    # the star-imports leave every submodule reachable under its own name
    assert inspect.ismodule(course.check.lesson04_early_stopping)
    assert inspect.isfunction(course.check.early_stopping)


def test_check_names_are_unique_across_lessons():
    names = []
    for path in sorted((PACKAGE / "check").glob("lesson*.py")):
        names += importlib.import_module(f"course.check.{path.stem}").__all__
    assert len(names) == len(set(names))


def test_dir_course_shows_the_learner_modules_but_not_the_tooling():
    listing = dir(course)
    assert set(course.SUBMODULES) <= set(listing)
    assert "tooling" not in course.SUBMODULES
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"tooling"}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules | packages == set(course.SUBMODULES)


def test_importing_the_checks_does_not_import_pyplot():
    import subprocess
    import sys

    code = "import sys, course.check; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
