"""axe-core, the accessibility engine behind most browser audits, on a loaded page.

axe-core's script comes from the PyPI package ``axe-playwright-python`` (pinned in the
``browser`` extra: version 0.1.8 ships axe-core 4.12.1 as ``axe.min.js``); it is read from the
installed package and injected into the page, never fetched, and ``axe_probe.js`` runs it. Every
rule runs, axe-core's experimental ones too (``label-content-name-mismatch`` is one). A
violation has axe-core's impact: ``critical``, ``serious``, ``moderate`` or ``minor``; the site
may have no ``serious`` or ``critical`` one (``test_site_access``).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

AXE_PACKAGE = "axe_playwright_python"
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = ("critical", "serious")
TARGETS_SHOWN = 3  # of a violation's elements, the first few are named
AXE_JS = (Path(__file__).parent / "axe_probe.js").read_text()


@cache
def axe_script() -> str:
    """The installed axe-core (``axe.min.js`` of ``axe-playwright-python``)."""
    return (files(AXE_PACKAGE) / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page: Any) -> dict[str, Any]:
    """axe-core's version and violations on a loaded Playwright ``page``: each with its rule
    (``id``), ``impact``, ``help``, number of elements (``nodes``) and the first ones' CSS
    selectors (``targets``)."""
    page.evaluate(axe_script())
    return page.evaluate(AXE_JS, TARGETS_SHOWN)


def impact_counts(violations: list[dict[str, Any]]) -> Counter[str]:
    """How many violated rules of each impact."""
    return Counter(v["impact"] for v in violations)


def describe_violation(violation: dict[str, Any]) -> str:
    """One violation in words: impact, rule, what it asks and where."""
    more = violation["nodes"] - len(violation["targets"])
    where = ", ".join(violation["targets"]) + (f" and {more} more" if more > 0 else "")
    return f"{violation['impact']} {violation['id']} ({violation['help']}): {where}"


def failing_violations(axe: dict[str, Any]) -> list[str]:
    """The serious and critical violations, in words (empty when there are none)."""
    return [describe_violation(v) for v in axe["violations"] if v["impact"] in FAILING]
