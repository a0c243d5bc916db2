"""`course doctor` and `course run` (in a real, fresh kernel)."""

import json
import os
import subprocess
import sys
import time
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
    assert "FAILED" in out and "0 of 1" in out
    kept = Path(os.environ["COURSE_RUNS_DIR"]) / "failed/03_bad.ipynb"
    assert (
        "code cell 2 of 3 raised ZeroDivisionError: division by zero; "
        f"the notebook with its outputs so far: {kept}" in out
    )
    assert "Traceback" not in out and nb.read_text() == before
    outputs = [c["outputs"] for c in json.loads(kept.read_text())["cells"]]
    assert outputs[0][0]["text"] == ["before\n"] and outputs[1][0]["ename"] == "ZeroDivisionError"
    assert outputs[2] == []  # never ran


def _never_execute(*args, **kwargs):
    raise AssertionError("the notebook must not run when its result cannot be written")


def test_run_checks_the_runs_folder_before_running(tmp_path, capsys, monkeypatch):
    nb = _notebook(tmp_path / "04_ok.ipynb", "print('hello')")
    monkeypatch.setattr(notebooks, "execute", _never_execute)
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("")
    monkeypatch.setenv("COURSE_RUNS_DIR", str(a_file))
    assert cli.main(["run", str(nb), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("course run: nothing was run: cannot write the runs folder")
    assert "COURSE_RUNS_DIR" in err and "Traceback" not in err
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    (tmp_path / "runs/executed/04_ok.ipynb").mkdir(parents=True)
    assert cli.main(["run", str(nb), "--no-progress"]) == 2
    assert "a folder stands where the executed copy goes" in capsys.readouterr().err


def test_run_inplace_checks_the_notebook_can_be_written_before_running(
    tmp_path, capsys, monkeypatch
):
    nb = _notebook(tmp_path / "05_ok.ipynb", "print('hello')")
    before = nb.read_text()
    monkeypatch.setattr(notebooks, "execute", _never_execute)
    monkeypatch.setattr(cli.os, "access", lambda path, mode: Path(path) != nb)
    assert cli.main(["run", str(nb), "--inplace", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err == f"course run: nothing was run: cannot write {nb} (--inplace rewrites them)\n"
    assert nb.read_text() == before


def test_run_reports_a_failed_write_in_one_line(tmp_path, capsys, monkeypatch):
    nb = _notebook(tmp_path / "06_ok.ipynb", "print('hello')")

    def refuse(notebook, path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(notebooks, "write", refuse)
    assert cli.main(["run", str(nb), "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "could not be written (Permission denied)" in out and "Traceback" not in out


def test_an_unexpected_failure_is_one_line(tmp_path, capsys, monkeypatch):
    nb = _notebook(tmp_path / "07_ok.ipynb", "print('hello')")

    def broken(*args, **kwargs):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(notebooks, "execute", broken)
    assert cli.main(["run", str(nb), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "course run: failed (RuntimeError: Kernel died before replying to kernel_info); "
        "nothing you wrote was changed. Run `course doctor` to check the installation.\n"
    )


def test_run_rejects_what_is_not_a_notebook(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "missing.ipynb")]) == 2
    assert "not a notebook file" in capsys.readouterr().err


def test_reading_prints_a_row_per_lesson_and_fails_strict_when_over(tmp_path, capsys):
    within = _notebook(tmp_path / "01_short.ipynb", "x = 1")
    over = _notebook(tmp_path / "02_wide.ipynb", "x = " + "1 + " * 30 + "1")
    assert cli.main(["reading", str(within), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("01_short.ipynb") and out[-1].startswith("limits:")
    assert cli.main(["reading", str(within), str(over), "--strict", "--offences"]) == 1
    out = capsys.readouterr().out
    assert "02_wide.ipynb: code line of 125 characters (limit 88) in cell 0" in out
    assert "over the limits: 02_wide.ipynb: code>88" in out
    assert cli.main(["reading"]) == 0  # without notebooks: every lesson, one row each
    rows = capsys.readouterr().out.splitlines()[1:-1]
    assert [row.split()[0] for row in rows] == [p.name for p in cli._default_notebooks()]


def test_the_installed_command_exists():
    result = subprocess.run(
        [sys.executable, "-m", "course.tooling.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "doctor" in result.stdout and "run" in result.stdout


@pytest.mark.parametrize("name", ["../escape", "", "a b", "..", ".", None, 3])
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


def test_a_dead_kernel_is_that_notebooks_failure_and_the_others_still_run(tmp_path, capsys):
    dead = _notebook(
        tmp_path / "dead.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    )
    ok = _notebook(tmp_path / "ok.ipynb", "print(1)")
    assert cli.main(["run", str(dead), str(ok), "--no-progress", "--timeout", "20"]) == 1
    out = capsys.readouterr().out
    assert "code cell 1 of 1 killed the kernel" in out and "1 of 2 notebooks ran cleanly" in out
    assert (Path(os.environ["COURSE_RUNS_DIR"]) / "executed/ok.ipynb").is_file()


def test_the_timeout_is_honoured(tmp_path, capsys):
    slow = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(30)\nprint('done')")
    start = time.perf_counter()
    assert cli.main(["run", str(slow), "--no-progress", "--timeout", "2"]) == 1
    assert time.perf_counter() - start < 25
    out = capsys.readouterr().out
    assert "code cell 1 of 1 ran longer than 2 s: allow more with --timeout SECONDS" in out


def test_a_broken_file_is_that_notebooks_failure(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    ok = _notebook(tmp_path / "ok.ipynb", "print(1)")
    assert cli.main(["run", str(broken), str(ok), "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "cannot read" in out and "1 of 2 notebooks ran cleanly" in out


def test_two_notebooks_with_one_name_are_refused_before_anything_runs(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _notebook(tmp_path / "a/x.ipynb", "print('a')")
    second = _notebook(tmp_path / "b/x.ipynb", "print('b')")
    assert cli.main(["run", str(first), str(second), "--no-progress"]) == 2
    assert "written to the same file" in capsys.readouterr().err
    assert not (Path(os.environ["COURSE_RUNS_DIR"]) / "executed").exists()


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "1.5"])
def test_a_bad_timeout_is_refused_naming_the_option(bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "--timeout", bad])
    assert exit_info.value.code == 2
    assert "--timeout: must be a whole number of seconds >= 1" in capsys.readouterr().err


@pytest.mark.parametrize("seconds_after_kernel_start", [0.0, 2.0])
def test_sigterm_stops_course_run_and_its_kernel(tmp_path, seconds_after_kernel_start):
    # 0 s: the signal lands while the kernel is still starting (what a slow CI machine hit);
    # 2 s: while the cell runs.
    import psutil

    slow = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)")
    proc = subprocess.Popen(
        [sys.executable, "-m", "course.tooling.cli", "run", str(slow), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    me = psutil.Process(proc.pid)
    deadline = time.time() + 30
    while time.time() < deadline and not any(
        "ipykernel" in " ".join(c.cmdline()) for c in me.children(recursive=True)
    ):
        time.sleep(0.05)
    kernels = [c for c in me.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]
    assert kernels, "the kernel never started"
    time.sleep(seconds_after_kernel_start)
    proc.terminate()
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, out + err
    assert "course: stopped" in err
    gone, alive = psutil.wait_procs(kernels, timeout=10)
    assert not alive


@pytest.mark.parametrize("backend", ["tensorfow", "not_a_backend"])
def test_doctor_never_crashes_on_a_broken_backend(backend):
    env = {**os.environ, "KERAS_BACKEND": backend}
    result = subprocess.run(
        [sys.executable, "-m", "course.tooling.cli", "doctor"], env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"KERAS_BACKEND is set to {backend!r}" in result.stdout


def test_doctor_reports_an_unwritable_runs_folder_and_creates_nothing(
    tmp_path, monkeypatch, capsys
):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_RUNS_DIR", str(blocker / "runs"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "NOT writable" in out and "COURSE_RUNS_DIR" in out
    assert not (tmp_path / "runs").exists()


def test_the_project_root_is_found_by_the_project_name_not_a_substring(tmp_path):
    from course.paths import project_root

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n# keras-epochs-course\n')
    assert project_root(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "keras-epochs-course"\n')
    assert project_root(tmp_path) == tmp_path.resolve()
    (tmp_path / "pyproject.toml").write_text("not toml [")
    assert project_root(tmp_path) is None


def test_the_kernels_own_stderr_goes_to_a_log_not_into_the_output(tmp_path):
    # issue 28: ipykernel printed a ZMQError traceback to the terminal when it was shut down
    # after a timeout; anything the kernel process writes to its stderr goes to a log instead
    noisy = _notebook(tmp_path / "noisy.ipynb", "import os\nos.write(2, b'Traceback (kernel)\\n')")
    result = subprocess.run(
        [sys.executable, "-m", "course.tooling.cli", "run", str(noisy), "--no-progress"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
    log = Path(os.environ["COURSE_RUNS_DIR"]) / "kernel-logs/noisy.log"
    assert "Traceback (kernel)" in log.read_text()


def test_the_wait_for_the_kernels_first_reply_is_short_and_each_cell_gets_the_timeout(
    tmp_path, monkeypatch
):
    # a lost kernel_info reply at the start stalled a CI run for the whole cell timeout (600 s)
    import nbclient

    import course.tooling.notebooks as notebooks

    seen = {}
    original = nbclient.NotebookClient._get_timeout

    def spy(self, cell):
        value = original(self, cell)
        seen.setdefault("start" if cell is None else "cell", value)
        return value

    monkeypatch.setattr(nbclient.NotebookClient, "_get_timeout", spy)
    path = _notebook(tmp_path / "x.ipynb", "x = 1")
    assert notebooks.execute(path, timeout=123, progress=False).ok
    assert seen == {"start": notebooks.STARTUP_REPLY_SECONDS, "cell": 123}
