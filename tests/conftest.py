"""Fixtures for the unit tests; the session set-up and the small-model fixtures are in the
root conftest.py (shared with the docstring examples)."""

from __future__ import annotations

import pytest

import course


@pytest.fixture(scope="session")
def digits():
    """The offline digits split, loaded once."""
    return course.datasets.load_digits(seed=0)
