"""Every "Open in Colab" link, in the README and in each notebook, is derived from the one
Repository URL in pyproject.toml and opens that notebook."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
URL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
README = (ROOT / "README.md").read_text()
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[^\s)<>\"'`\]]+")


def colab_url(notebook: str) -> str:
    owner_repo = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", URL).group(1)
    return f"https://colab.research.google.com/github/{owner_repo}/blob/main/notebooks/{notebook}"


def badge(notebook: str) -> str:
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(notebook)})"


def test_every_colab_link_in_the_readme_opens_a_notebook_of_this_repository():
    links = COLAB_LINK.findall(README)
    assert links, "the README has no Open in Colab link"
    expected = {colab_url(p.name) for p in NOTEBOOKS}
    wrong = sorted(set(links) - expected)
    assert not wrong, f"README Colab links that open no notebook of {URL}: {wrong}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_readme_lessons_table_opens_each_notebook_in_colab(path):
    rows = [row for row in README.splitlines() if row.startswith(f"| [`{path.name}`]")]
    assert len(rows) == 1, f"the lessons table needs exactly one row for {path.name}"
    assert colab_url(path.name) in rows[0], f"{path.name}'s row lacks {colab_url(path.name)}"


def test_the_readme_colab_section_links_each_notebook():
    section = README.split("## Google Colab", 1)[1].split("\n## ", 1)[0]
    for path in NOTEBOOKS:
        assert colab_url(path.name) in section, f"## Google Colab lacks {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_its_open_in_colab_badge(path):
    """The title cell, then the badge alone in its cell, tagged ``remove-cell``: the website
    (docs/conf.py) leaves that cell out and gives the Colab link as the theme's launch button,
    so the site loads no image from another host."""
    cells = json.loads(path.read_text())["cells"]
    title, badge_cell = cells[0], cells[1]
    assert title["cell_type"] == "markdown", f"{path.name}: the first cell must be markdown"
    assert "".join(title["source"]).startswith("# "), f"{path.name}: the first cell is the title"
    assert badge_cell["cell_type"] == "markdown", f"{path.name}: the second cell must be markdown"
    assert "".join(badge_cell["source"]).strip() == badge(path.name), (
        f"{path.name}: the second cell must hold only its badge {badge(path.name)}"
    )
    tags = badge_cell.get("metadata", {}).get("tags", [])
    assert "remove-cell" in tags, f"{path.name}: the badge cell must be tagged remove-cell"
    links = set(COLAB_LINK.findall(path.read_text()))
    assert links == {colab_url(path.name)}, f"{path.name} opens another notebook: {links}"
