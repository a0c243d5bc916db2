"""Fixtures for the unit tests; the session set-up and the small-model fixtures are in the
root conftest.py (shared with the docstring examples)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import course

# The lessons in a real browser take as long as the lessons themselves and need Chromium:
# collected only when asked for (the CI stage .ci/browser sets it), never by `pytest -n 2`
# or by mutation testing.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TESTS") == "1" else ["browser"]
# The website (Sphinx build + every page in Chromium, a few minutes): only when asked for.
collect_ignore += [] if os.environ.get("COURSE_SITE_TESTS") == "1" else ["site"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutation testing, run each mutant's tests fastest first.

    mutmut runs a mutant's tests with ``-x`` and sets ``MUTANT_UNDER_TEST``; its
    ``mutmut-stats.json`` (in the root of its copy) holds each test's duration. A caught
    mutant then usually costs one quick test instead of every slow one collected before it
    (an argument check is caught by ``test_validation.py``, collected last).
    """
    stats = Path(config.rootpath, "mutmut-stats.json")
    if "MUTANT_UNDER_TEST" not in os.environ or not stats.is_file():
        return
    seconds = json.loads(stats.read_text()).get("duration_by_test", {})
    items.sort(key=lambda item: seconds.get(item.nodeid, 0.0))


@pytest.fixture(scope="session")
def digits():
    """The offline digits split, loaded once."""
    return course.datasets.load_digits(seed=0)
