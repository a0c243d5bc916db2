"""Set-up for the whole test run: unit tests, the docstring examples of ``course/`` and the
notebooks under nbval.

- Offline: this process and every notebook kernel it starts refuse connections that leave the
  machine (``tests/offline/sitecustomize.py``; kernels inherit ``PYTHONPATH``).
- Inline figures in the kernels, as a learner sees them (no ``MPLBACKEND``), and progress bars
  stored in their final state (``COURSE_PROGRESS=text``, as ``course run`` does).
- Runs write under a temporary folder, never the repository.
- The notebook check: nbval, with measured floats compared within a tolerance and everything
  else exactly (``course.tooling.nbval_plugin``; the rule is ``course.tooling.nbcheck``).
- The kernels inherit ``COURSE_PERTURB`` (CI's stand-in for another machine); this process's
  unit tests and examples run without it.
- Fixtures ``tiny_model`` and ``random_data`` (factories), for the unit tests.
- Docstring examples see ``np``, ``keras``, ``course`` and small data ``x, y`` (200 samples,
  8 features, 3 classes) with a fresh, seeded, compiled ``model`` for each example.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import Phase, settings

pytest_plugins = ["course.tooling.nbval_plugin"]

OFFLINE_DIR = Path(__file__).parent / "tests" / "offline"
os.environ["COURSE_OFFLINE"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(OFFLINE_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
)
os.environ.pop("MPLBACKEND", None)
os.environ["COURSE_PROGRESS"] = "text"
sys.path.insert(0, str(OFFLINE_DIR))
import sitecustomize  # noqa: E402  (the guard, applied to this process too)

sitecustomize.block_network()

import course  # noqa: E402

course.env.quiet_tensorflow()

import keras  # noqa: E402  (after quiet_tensorflow: no TensorFlow start-up lines)
import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

matplotlib.use("Agg")  # this process draws off-screen; the kernels keep their inline backend

# Mutation testing (`mutmut run`, pyproject [tool.mutmut]) wants a verdict, not a minimal
# example: no shrinking (which retrains a model per try), the same examples every run.
settings.register_profile(
    "mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate], derandomize=True
)


@pytest.fixture(scope="session", autouse=True)
def _course_setup() -> None:
    """Seeds and deterministic ops, as a lesson's first cell does: in a fixture, not at import,
    so that a mutation-testing run that breaks the argument checks fails tests, not the set-up.
    Without ``COURSE_PERTURB``: the unit tests' truths are Keras's own runs and hand
    computations; the notebook kernels keep it."""
    saved = os.environ.pop(course.env.PERTURB_VARIABLE, None)
    try:
        course.setup(seed=0)
    finally:
        if saved is not None:
            os.environ[course.env.PERTURB_VARIABLE] = saved


def tiny_classifier(seed: int = 0, lr: float = 0.1) -> keras.Model:
    """A small, seeded, compiled classifier on 8 features and 3 classes."""
    keras.utils.set_random_seed(seed)
    model = course.models.mlp((8,), widths=(16,), num_outputs=3)
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy")
    return model


def random_classification(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random features and labels matching ``tiny_classifier``."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 8)).astype("float32"), rng.integers(0, 3, size=n)


@pytest.fixture()
def tiny_model():
    """A factory for a small, seeded, compiled classifier on 8 features and 3 classes."""
    return tiny_classifier


@pytest.fixture()
def random_data():
    """A factory of random features and labels matching ``tiny_model``."""
    return random_classification


@pytest.fixture(autouse=True)
def _runs_in_tmp(tmp_path, monkeypatch):
    """Every test and example writes its runs under a temporary folder, never the repository."""
    monkeypatch.setenv("COURSE_RUNS_DIR", os.fspath(tmp_path / "runs"))
    monkeypatch.setenv("COURSE_PROGRESS", "text")


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures drawn by one test are closed after it."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(autouse=True)
def _doctest_namespace(request, doctest_namespace):
    """Fresh example objects for every docstring example (cheap: a 16-unit model)."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    x, y = random_classification(200)
    doctest_namespace.update(
        np=np, keras=keras, course=course, x=x, y=y, model=tiny_classifier(), Path=Path
    )
