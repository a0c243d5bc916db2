"""Fixtures for the unit tests (the session set-up is in the root conftest.py)."""

from __future__ import annotations

import pytest

import course
from tests.support import random_classification, tiny_classifier


@pytest.fixture(scope="session")
def digits():
    """The offline digits split, loaded once."""
    return course.datasets.load_digits(seed=0)


@pytest.fixture()
def tiny_model():
    """A factory for a small, seeded, compiled classifier on 8 features and 3 classes."""
    return tiny_classifier


@pytest.fixture()
def random_data():
    """Random features and labels matching ``tiny_model``."""
    return random_classification
