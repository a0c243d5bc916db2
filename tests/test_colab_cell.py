"""Every notebook's Colab cell: on Colab it installs only the course package; elsewhere nothing."""

import json
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
URL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _colab_cell(path: Path) -> str:
    nb = json.loads(path.read_text())
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])


def _run_cell(source: str, monkeypatch, *, on_colab: bool) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_run(args, **kwargs):
        calls.append(list(args))
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    if on_colab:
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(source, "colab_cell", "exec"), {})
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outside_colab_the_cell_does_nothing(path, monkeypatch):
    assert _run_cell(_colab_cell(path), monkeypatch, on_colab=False) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_on_colab_it_installs_only_the_course_package(path, monkeypatch):
    calls = _run_cell(_colab_cell(path), monkeypatch, on_colab=True)
    assert len(calls) == 1
    args = calls[0]
    assert args[:4] == [sys.executable, "-m", "pip", "install"]
    packages = [a for a in args[4:] if not a.startswith("-")]
    assert packages == [f"keras-epochs-course @ git+{URL}"]
    assert not any(
        word in a.lower() for a in args for word in ("tensorflow", "keras=", "--upgrade")
    )
