"""The course runs with the network switched off, and a download fails with a clear message."""

import socket
import urllib.request

import nbformat
import pytest

from course import datasets
from course.tooling import cli


def test_this_process_is_offline():
    with pytest.raises(OSError, match="blocked in the offline test run"):
        urllib.request.urlopen("https://storage.googleapis.com/", timeout=5)
    with pytest.raises(OSError, match="blocked in the offline test run"):
        socket.create_connection(("203.0.113.1", 443), timeout=5)


def test_notebook_kernels_are_offline(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket\n"
            "try:\n"
            "    socket.create_connection(('203.0.113.1', 443), timeout=5)\n"
            "except OSError as err:\n"
            "    print(type(err).__name__, err)\n"
        )
    ]
    path = tmp_path / "offline.ipynb"
    nbformat.write(nb, path)
    assert cli.main(["run", str(path), "--inplace", "--no-progress"]) == 0
    out = nbformat.read(path, 4).cells[0].outputs[0]["text"]
    assert "blocked in the offline test run: 203.0.113.1" in out


def test_real_mnist_download_fails_offline_with_what_to_do(tmp_path, monkeypatch):
    import keras

    # an empty cache, so that Keras must try the real download
    monkeypatch.setattr(keras.src.backend.config, "keras_home", lambda: str(tmp_path))
    with pytest.raises(datasets.DatasetUnavailableError) as err:
        datasets.load_mnist("mnist")
    message = str(err.value)
    assert "Connect to the internet" in message and "load_digits()" in message
    assert not list(tmp_path.rglob("*.npz"))
