"""Build the course's website with the README's command, into any folder, and serve a folder
over HTTP on this machine (``127.0.0.1``, a free port).
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lesson_facts import LessonFacts

ROOT = Path(__file__).resolve().parents[2]
# a line Sphinx logs for a warning or an error ("path:line: WARNING: ...", "ERROR: ...")
SPHINX_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL): ")


def readme_command(root: Path = ROOT) -> list[str]:
    """The README's ``sphinx-build`` command, as a list of arguments (its last one is the
    folder the site is built into).

    Example: ``["sphinx-build", "-W", "--keep-going", "-c", "docs", ".", "runs/site"]``.
    """
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(sphinx-build [^\n#]*?)\s*(?:#.*)?$", readme, re.M)
    if len(commands) != 1:
        raise ValueError(f"the README must give one sphinx-build command, it gives {commands}")
    return shlex.split(commands[0])


@dataclass
class Build:
    """One ``sphinx-build`` run."""

    folder: Path
    returncode: int
    seconds: float
    stderr: str

    @property
    def warnings(self) -> list[str]:
        """Sphinx's warning and error lines (each fails a ``-W`` build)."""
        return [line for line in self.stderr.splitlines() if SPHINX_PROBLEM.search(line)]

    def failure(self) -> str:
        """Why the build failed, in Sphinx's words (its last lines if it named no warning)."""
        lines = self.warnings or self.stderr.splitlines()[-30:]
        return f"sphinx-build exited with {self.returncode}:\n" + "\n".join(lines)


def sphinx_build() -> str:
    """The ``sphinx-build`` of this Python's environment (the virtualenv's)."""
    beside = Path(sys.executable).with_name("sphinx-build")
    found = str(beside) if beside.exists() else shutil.which("sphinx-build")
    if not found:
        raise FileNotFoundError("sphinx-build (pip install -e '.[docs]')")
    return found


def build_site(folder: Path, root: Path = ROOT) -> Build:
    """Run the README's ``sphinx-build`` command in ``root``, quietly (``-q``) and into
    ``folder`` instead of the README's."""
    arguments = readme_command(root)[1:-1]
    start = time.monotonic()
    done = subprocess.run(
        [sphinx_build(), "-q", *arguments, os.fspath(folder)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(folder, done.returncode, time.monotonic() - start, done.stderr)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on ``127.0.0.1`` (a free port); yields the base address, ending in /."""
    handler = functools.partial(QuietHandler, directory=os.fspath(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Site:
    """The built site and the lessons it was built from (their bytes at the time)."""

    build: Build
    lessons: dict[str, LessonFacts]  # by notebook file name

    @property
    def folder(self) -> Path:
        """The built site."""
        return self.build.folder
