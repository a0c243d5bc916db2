"""Fixtures for the unit tests; the session set-up and the small-model fixtures are in the
root conftest.py (shared with the docstring examples)."""

from __future__ import annotations

import os

import pytest

import course

# The lessons in a real browser take as long as the lessons themselves and need Chromium:
# collected only when asked for (the CI stage .ci/browser sets it), never by `pytest -n 2`
# or by mutation testing.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TESTS") == "1" else ["browser"]
# The website (Sphinx build + every page in Chromium, a few minutes): only when asked for.
collect_ignore += [] if os.environ.get("COURSE_SITE_TESTS") == "1" else ["site"]


@pytest.fixture(scope="session")
def digits():
    """The offline digits split, loaded once."""
    return course.datasets.load_digits(seed=0)
