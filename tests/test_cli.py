"""`course doctor` and `course run` (in a real, fresh kernel)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.tooling import cli, notebooks


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_doctor_prints_the_report(capsys):
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "Backend" in out and "Runs folder" in out


def test_run_executes_in_a_fresh_kernel_and_writes_under_runs(tmp_path, capsys):
    nb = _notebook(tmp_path / "01_ok.ipynb", "import os\nx = 6 * 7\nx", "print(os.getcwd())")
    assert cli.main(["run", str(nb), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "01_ok.ipynb" in out and " s " in out and "1 of 1 notebooks ran cleanly" in out
    executed = nbformat.read(Path(os.environ["COURSE_RUNS_DIR"]) / "executed/01_ok.ipynb", 4)
    assert executed.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert executed.cells[0].execution_count == 1 and executed.cells[1].execution_count == 2
    assert executed.cells[1].outputs[0]["text"].strip() == str(tmp_path)  # runs in its folder
    assert nbformat.read(nb, 4).cells[0].outputs == []  # the original is untouched
    assert "execution" not in executed.cells[0].metadata


def test_run_inplace_rewrites_outputs_with_clean_metadata(tmp_path):
    nb = _notebook(tmp_path / "02_ok.ipynb", "print('hello')")
    assert cli.main(["run", str(nb), "--inplace", "--no-progress"]) == 0
    written = json.loads(nb.read_text())
    assert written["cells"][0]["outputs"][0]["text"] == ["hello\n"]
    assert written["metadata"] == {
        "kernelspec": notebooks.KERNELSPEC,
        "language_info": {"name": "python"},
    }


def test_a_failing_cell_exits_nonzero_and_writes_nothing(tmp_path, capsys):
    nb = _notebook(tmp_path / "03_bad.ipynb", "print('before')", "1 / 0", "print('after')")
    before = nb.read_text()
    assert cli.main(["run", str(nb), "--inplace", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "ZeroDivisionError" in out and "0 of 1" in out
    assert nb.read_text() == before


def test_run_rejects_what_is_not_a_notebook(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "missing.ipynb")]) == 2
    assert "not a notebook file" in capsys.readouterr().err


def test_the_installed_command_exists():
    result = subprocess.run(
        [sys.executable, "-m", "course.tooling.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "doctor" in result.stdout and "run" in result.stdout


@pytest.mark.parametrize("name", ["../escape", "", "a b"])
def test_run_dir_rejects_bad_names(name):
    from course.paths import run_dir

    with pytest.raises(ValueError, match="name must be a folder name"):
        run_dir(name)


def test_run_shuts_down_every_kernel_it_starts(tmp_path):
    import psutil

    import course.tooling.notebooks as notebooks

    def kernels() -> set[int]:
        me = psutil.Process()
        return {p.pid for p in me.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())}

    path = tmp_path / "one.ipynb"
    notebooks.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    before = kernels()
    assert notebooks.execute(path, progress=False).ok
    assert kernels() - before == set()
