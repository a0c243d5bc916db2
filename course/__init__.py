"""Helpers for the Keras course on epochs, iterations, batch size and early stopping.

Importing ``course`` is cheap: the submodules load on first use. ``course.setup()`` imports
Keras (and TensorFlow, without its C++ start-up lines), seeds everything and enables
deterministic ops.

Example:
    >>> import course
    >>> course.setup(seed=0)
    >>> data = course.datasets.load_digits()
    >>> rec = course.callbacks.IterationHistory()
    >>> "callbacks" in dir(course)
    True
"""

from __future__ import annotations

import importlib
from typing import Any

from course.env import report, setup

__all__ = ["report", "setup"]
__version__ = "0.1.0"
# What learners use, loaded on first use; ``course.tooling`` (behind the ``course`` command)
# is importable too but not listed here.
SUBMODULES = (
    "callbacks",
    "check",
    "claims",
    "curves",
    "datasets",
    "env",
    "gradients",
    "history",
    "iterations",
    "lr_finder",
    "models",
    "paths",
    "plots",
    "progress",
    "seeds",
    "stopping",
    "text",
    "throughput",
    "timing",
    "transfer",
    "validation",
    "widgets",
)


def __getattr__(name: str) -> Any:
    if name in SUBMODULES:
        return importlib.import_module(f"course.{name}")
    raise AttributeError(f"module 'course' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Tab completion shows the submodules before they are imported."""
    return sorted({*globals(), *SUBMODULES})
