"""Shared fixtures: a quiet, seeded Keras and small data, built once per session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

# The whole test run is offline: this process, and every notebook kernel it starts (they
# inherit the environment and load tests/offline/sitecustomize.py at start-up).
OFFLINE_DIR = Path(__file__).parent / "offline"
os.environ["COURSE_OFFLINE"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(OFFLINE_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
)
os.environ.pop("MPLBACKEND", None)  # inline figures in the kernels, as a learner sees them
sys.path.insert(0, str(OFFLINE_DIR))
import sitecustomize  # noqa: E402  (the guard, applied to this process too)

sitecustomize.block_network()

import course  # noqa: E402

course.setup(seed=0)

import keras  # noqa: E402  (after course.setup: quiet TensorFlow start-up)


@pytest.fixture(scope="session")
def digits():
    """The offline digits split, loaded once."""
    return course.datasets.load_digits(seed=0)


@pytest.fixture()
def tiny_model():
    """A factory for a small, seeded, compiled classifier on 8 features and 3 classes."""

    def build(seed: int = 0, lr: float = 0.1) -> keras.Model:
        keras.utils.set_random_seed(seed)
        model = course.models.mlp((8,), widths=(16,), num_outputs=3)
        model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy")
        return model

    return build


@pytest.fixture()
def random_data():
    """Random features and labels matching ``tiny_model``."""

    def make(n: int, seed: int = 0):
        rng = np.random.default_rng(seed)
        return rng.normal(size=(n, 8)).astype("float32"), rng.integers(0, 3, size=n)

    return make


@pytest.fixture(autouse=True)
def _runs_in_tmp(tmp_path, monkeypatch):
    """Every test writes its runs under a temporary folder, never the repository."""
    monkeypatch.setenv("COURSE_RUNS_DIR", os.fspath(tmp_path / "runs"))
