"""A private, quiet, offline JupyterLab server for the browser tests.

``start_lab`` starts ``python -m jupyterlab`` on 127.0.0.1 (a free port, a fresh random token)
with everything it reads or writes in one temporary folder:

- its root is a copy of the notebooks (JupyterLab saves documents; the lessons are never touched),
  and autosave is off anyway;
- the only ``python3`` kernel it knows runs ``kernel_python`` (default: the Python running the
  tests), so a system-wide kernel is never picked;
- no news feed, no update check, no stored workspace or user settings from this machine;
- ``window.jupyterapp`` is exposed, so a page can run commands and read the notebook model;
- notebooks attach every cell to the page (``windowingMode: none``), so every output is in the
  DOM, as the checks need.

The kernels inherit the server's environment, minus ``MPLBACKEND`` (figures render inline), with
``COURSE_PROGRESS=text``: progress bars print their final line, as in the stored notebooks, so
that a lesson's outputs compare with them (``output_check``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KERNEL_NAME = "python3"  # what every lesson's metadata asks for
COURSE_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"  # the lessons

# User settings for this server only (JupyterLab's settings dir is a temporary folder).
USER_SETTINGS: dict[str, dict[str, Any]] = {
    # Documents are never saved behind the test's back (the root is a copy anyway).
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # No request to the Jupyter news feed or for a newer version (no network: console errors).
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Every cell in the DOM: the default ('contentVisibility') may skip off-screen outputs.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


# Runs ``python -m jupyterlab <arguments>``, asking Linux first to send it SIGTERM when the test
# process dies, however it dies (killed by a CI timeout, say): then it stops its kernels and
# exits instead of living on. Elsewhere it just runs JupyterLab.
LAUNCHER = """\
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
os.execv(sys.executable, [sys.executable, "-m", "jupyterlab", *sys.argv[1:]])
"""


@dataclass
class LabServer:
    """A running JupyterLab: its address, token, root folder, process and log file."""

    url: str  # ends with "/"
    token: str
    root_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API (``path`` like ``"api/sessions"``); the decoded JSON."""
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def page_url(self, notebook: str, workspace: str) -> str:
        """The address that opens ``notebook`` (relative to the root) in a fresh workspace."""
        return f"{self.url}lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel (each lesson's kernel holds TensorFlow's memory)."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's log, for failure messages."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 20) -> None:
        """Stop the server (and with it its kernels); kill it if it does not stop in time."""
        if self.process.poll() is not None:
            return
        try:
            self.shutdown_kernels()
        except (OSError, ValueError):
            pass  # the server is going anyway
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_kernelspec(data_dir: Path, kernel_python: str) -> None:
    """Install the ``python3`` kernelspec, running ``kernel_python``, in ``data_dir``."""
    folder = data_dir / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True)
    spec = {
        "argv": [kernel_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))


def write_user_settings(settings_dir: Path) -> None:
    """Write ``USER_SETTINGS`` as JupyterLab's user settings files."""
    for plugin, values in USER_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=1))


def write_config(config_dir: Path, *, port: int, token: str, work: Path, root: Path) -> None:
    """The server's configuration: loopback, this token, this root, quiet and offline."""
    config = {
        "ServerApp": {
            "ip": "127.0.0.1",
            "port": port,
            "port_retries": 0,
            "open_browser": False,
            "root_dir": str(root),
            "allow_root": os.geteuid() == 0,
        },
        "IdentityProvider": {"token": token},
        "LabApp": {
            "expose_app_in_browser": True,
            "news_url": None,
            "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "user_settings_dir": str(work / "lab-settings"),
            "workspaces_dir": str(work / "lab-workspaces"),
        },
    }
    config_dir.mkdir(parents=True)
    path = config_dir / "jupyter_server_config.json"
    path.write_text(json.dumps(config, indent=1))
    path.chmod(0o600)  # it holds the token


def server_environment(work: Path) -> dict[str, str]:
    """Our environment for the server and its kernels, with Jupyter's folders under ``work``."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(
        # progress bars print their final line, as in the stored notebooks, so that the run's
        # outputs can be compared with them (output_check.py); a learner's live bar (a widget)
        # is drawn by the control notebook's cell in test_browser_check.py
        COURSE_PROGRESS="text",
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_CONFIG_PATH="",
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_PATH=str(work / "data"),  # searched first, before any system-wide kernel
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(work / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(work / "lab-workspaces"),
        COURSE_RUNS_DIR=str(work / "runs"),  # what the lessons write
        PYDEVD_DISABLE_FILE_VALIDATION="1",  # no debugger warning in every kernel's stderr
    )
    return env


def start_lab(
    work: Path,
    notebooks: Path,
    *,
    kernel_python: str = sys.executable,
    timeout: float = 120,
) -> LabServer:
    """Start JupyterLab over a copy of ``notebooks`` (a folder), everything else under ``work``.

    Raises RuntimeError (with the server's log) if it does not answer within ``timeout`` s or
    if its ``python3`` kernel would not run ``kernel_python``.
    """
    root = work / "root"
    shutil.copytree(notebooks, root)
    token = secrets.token_hex(24)
    port = free_port()
    write_config(work / "config", port=port, token=token, work=work, root=root)
    write_kernelspec(work / "data", kernel_python)
    write_user_settings(work / "lab-settings")
    log_path = work / "jupyterlab.log"
    command = [sys.executable, "-c", LAUNCHER, "--no-browser"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=server_environment(work),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LabServer(f"http://127.0.0.1:{port}/", token, root, process, log_path)
    try:
        wait_until_ready(server, timeout)
        check_kernelspec(server, kernel_python)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_ready(server: LabServer, timeout: float) -> None:
    """Wait until the server answers its status API; RuntimeError if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "api/status")
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"JupyterLab did not answer within {timeout:.0f} s:\n{server.log_tail()}"
                ) from None
            time.sleep(0.5)


def check_kernelspec(server: LabServer, kernel_python: str) -> None:
    """RuntimeError unless the server's default and ``python3`` kernel run ``kernel_python``."""
    specs = server.api("GET", "api/kernelspecs")
    argv = specs["kernelspecs"].get(KERNEL_NAME, {}).get("spec", {}).get("argv", [])
    if specs.get("default") != KERNEL_NAME or not argv or argv[0] != kernel_python:
        raise RuntimeError(
            f"JupyterLab's {KERNEL_NAME!r} kernel does not run {kernel_python}: "
            f"default {specs.get('default')!r}, argv {argv}"
        )
