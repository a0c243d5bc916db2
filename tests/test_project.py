"""The project's own rules: one dependency list, one repository URL, clean notebooks, CI."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from nbval.plugin import comment_markers

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_environment_yml_installs_the_package_instead_of_repeating_its_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert sorted(re.split(r"[<>=\s]", d)[0] for d in conda) == ["pip", "python"]
    assert pip == ["-e .[dev]"]
    python = next(d for d in conda if d.startswith("python"))
    low = re.search(r">=\s*([\d.]+)", PYPROJECT["project"]["requires-python"]).group(1)
    assert f">={low}" in python.replace(" ", "")
    assert "dev" in PYPROJECT["project"]["optional-dependencies"]


def test_lower_bounds_are_satisfied_by_colab():
    deps = {re.split(r"[<>=!~ ]", d)[0]: d for d in PYPROJECT["project"]["dependencies"]}
    colab = {"tensorflow": (2, 20), "keras": (3, 13), "numpy": (2, 1)}
    for name, version in colab.items():
        low = re.search(r">=\s*([\d.]+)", deps[name]).group(1)
        assert tuple(int(p) for p in low.split(".")[:2]) <= version, deps[name]
        assert "<" not in deps[name], f"{name} must not be capped: Colab would reinstall it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_the_colab_cell_using_the_one_repository_url(path):
    url = PYPROJECT["project"]["urls"]["Repository"]
    nb = json.loads(path.read_text())
    first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])
    assert 'if "google.colab" in sys.modules:' in first
    # the package string itself is checked by running the cell (tests/test_colab_cell.py)
    assert f'"{url}"' in first or f"keras-epochs-course @ git+{url}" in first
    assert "tensorflow" not in first.lower().replace("tensorflow and keras are already", "")
    urls = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", path.read_text()))
    assert urls <= {url}, f"{path.name} names another repository: {urls - {url}}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_executed_top_to_bottom_without_errors(path):
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_markers_stand_alone_on_their_line(path):
    """nbval only honours a comment line that is exactly the marker: '# NBVAL_SKIP  (why)'
    would silently be checked."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "code" and "NBVAL_" in line and line.lstrip().startswith("#"):
                assert line.strip() in {f"# {m}" for m in comment_markers}, line


def test_notebooks_are_numbered_and_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)
        assert path.name in readme, f"README does not list {path.name}"


def test_ci_runs_the_readme_install_and_test_commands():
    """CI's main stage runs the README's test command without the lessons, whose notebook
    check runs on the browser stage's run of each lesson, in the same environment; the newest
    and colab stages run the whole command."""
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    install = re.search(r"^(pip install -e \S+)$", readme, re.M).group(1)
    test = re.search(r"^(pytest[^\n`]*)$", readme, re.M).group(1)
    assert install in ci and re.search(rf"^{re.escape(test)} course tests$", ci, re.M)
    whole = rf"^\s*(?:[A-Z_]+=\S+ )*{re.escape(test)} -p no:cacheprovider\b"  # newest, colab
    assert len(re.findall(whole, ci, re.M)) == 2
    browser = (ROOT / "tests/browser/test_lessons_in_browser.py").read_text()
    assert "def test_outputs_match_the_stored_lesson(" in browser
    assert "COURSE_BROWSER_TESTS=1" in (ROOT / ".ci/browser").read_text()


def test_the_api_reference_lists_every_module_learners_import():
    """docs/api.md names each module of course/ once (course.tooling, behind the command line,
    is not for learners); course.check recursively, so that each lesson's check module gets its
    page, and course.check._core, where the checks' result type lives."""
    api = (ROOT / "docs/api.md").read_text()
    listed = re.findall(r"^   (course[\w.]*)$", api, re.M)
    modules = {"course", "course.check", "course.check._core"}
    modules |= {f"course.{p.stem}" for p in (ROOT / "course").glob("*.py") if p.stem != "__init__"}
    assert len(listed) == len(set(listed)), "docs/api.md lists a module twice"
    assert set(listed) == modules, (
        f"missing from docs/api.md: {sorted(modules - set(listed))}; "
        f"not modules: {sorted(set(listed) - modules)}"
    )
    assert re.search(r":recursive:\n\n   course\.check\n", api), "course.check needs :recursive:"


def test_the_readme_builds_the_website_as_ci_does_into_the_runs_folder():
    readme = (ROOT / "README.md").read_text()
    build = "sphinx-build -W --keep-going -c docs . runs/site"
    assert build in readme, "the README must give the website's build command (warnings fail it)"
    assert build in (ROOT / "docs/conf.py").read_text()
    assert "tests/site" in (ROOT / ".ci/site").read_text()


def test_runs_folder_is_ignored():
    assert "runs/" in (ROOT / ".gitignore").read_text().splitlines()


# Test files that check the project or modules outside the mutation run (env, paths, tooling),
# not the teaching modules `mutmut run` mutates.
NOT_FOR_MUTATION = {
    "test_cli.py", "test_colab_cell.py", "test_colab_compat.py", "test_colab_links.py",
    "test_env.py", "test_layout.py", "test_lesson_cost.py", "test_locks.py", "test_nbcheck.py",
    "test_offline.py", "test_project.py", "test_reading.py",
}  # fmt: skip


def test_mutation_testing_runs_every_unit_test_file():
    selected = PYPROJECT["tool"]["mutmut"]["pytest_add_cli_args_test_selection"]
    ignored = {s.removeprefix("--ignore=tests/") for s in selected if s.startswith("--ignore=")}
    assert selected[0] == "tests" and len(selected) == 1 + len(ignored)
    assert ignored == NOT_FOR_MUTATION
    assert all((ROOT / "tests" / name).is_file() for name in ignored)
