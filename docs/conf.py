"""Sphinx configuration of the course's website (README, "The course as a website").

Build: ``sphinx-build -W --keep-going -c docs . runs/site``. Nothing executes: every lesson page is
the committed notebook with its stored outputs (the outputs the notebook check compares).
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the course package documented is this checkout's

import course  # noqa: E402

course.env.quiet_tensorflow()  # autodoc imports TensorFlow: without its C++ start-up lines

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = PYPROJECT["project"]["urls"]["Repository"]
OWNER_REPO = urlsplit(REPOSITORY).path.strip("/").removesuffix(".git")

project = "Epochs, iterations and batches, in Keras"
author = "The keras-epochs-course authors"
copyright = "2026, " + author  # noqa: A001
release = version = course.__version__

extensions = [
    "myst_nb",  # notebooks and Markdown (MyST)
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",  # the docstrings' Google style (Example:, Args:)
    "sphinx-mathjax-offline",  # MathJax served with the site: no CDN, the site works offline
]

# The site's sources are the repository itself (sphinx-build -c docs . <out>): a lesson's page
# is notebooks/NN_topic, its path in the repository, so links between lessons and from the README
# resolve as they do on GitHub. The home page is docs/index; the site's index.html sends there.
root_doc = "docs/index"
include_patterns = ["docs/**", "notebooks/*.ipynb"]
# not even walked (include_patterns alone would still walk the virtual environments)
exclude_patterns = [".*", "**/.ipynb_checkpoints", "build", "mutants", "runs", "tests", "course"]
templates_path = ["_templates"]
html_additional_pages = {"index": "redirect.html"}
nb_execution_mode = "off"  # stored outputs only: the site shows what nbval checks
nb_merge_streams = True  # a cell's printed lines in one box, as in JupyterLab
myst_enable_extensions = ["dollarmath", "amsmath", "substitution"]
myst_substitutions = {"repository": REPOSITORY}  # {{ repository }} in docs/*.md

# API reference from the docstrings. autosummary writes a page per module into docs/generated
# (git-ignored) and never deletes one: start afresh, so a removed module's page cannot linger.
shutil.rmtree(Path(__file__).parent / "generated", ignore_errors=True)
autosummary_generate = True
autodoc_default_options = {"members": True}
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Warnings are errors (sphinx-build -W) and every cross-reference must resolve. The site is built
# offline, so types of other libraries are not linked (no intersphinx inventories to fetch).
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(keras|numpy|np|tf|tensorflow|matplotlib|pandas|ipywidgets)\..*"),
    (r"py:.*", r"(pathlib|collections\.abc|typing)\..*"),
    (r"py:class", r"Path"),  # pathlib.Path, named as the annotations name it
]

html_theme = "sphinx_book_theme"
html_title = "Epochs, iterations and batches"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["custom.css"]
html_context = {
    # the reader's light or dark preference; unset, the theme logs "Got invalid theme mode"
    "default_mode": "auto",
    # each lesson's Open in Colab link is this followed by notebooks/NN_topic.ipynb
    "colab_github": f"https://colab.research.google.com/github/{OWNER_REPO}/blob/main/",
}
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "main",
    # page names are repository paths (see above), so the theme's launch button opens
    # <colab>/github/<owner>/<repo>/blob/main/notebooks/NN_topic.ipynb
    "path_to_docs": "",
    "launch_buttons": {"colab_url": "https://colab.research.google.com"},
    "use_download_button": True,
    "use_repository_button": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    # on a lesson, its Open in Colab badge and Download link in plain sight (lesson-links.html)
    "article_header_start": ["toggle-primary-sidebar.html", "lesson-links.html"],
    "navbar_persistent": [],  # one search box (the sidebar's), not another in a bar above it
}


def label_toctree_toggles(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Name the sidebar's expand/collapse toggles: the theme's ``<summary>`` holds only a
    chevron icon, which a screen reader cannot name (axe-core's summary-name rule,
    tests/site/axe_check.py). Each gets ``aria-label="Pages under <its page's title>"``."""
    generate = context.get("generate_toctree_html")
    if generate is None:  # a page the theme gives no sidebar (the redirect)
        return

    def labelled(*args: Any, **kwargs: Any) -> Any:
        soup = generate(*args, **kwargs)
        for summary in soup.select("li > details > summary"):
            link = summary.find_parent("li").find("a", recursive=False)
            if link is not None and not summary.get_text(strip=True):
                summary["aria-label"] = "Pages under " + link.get_text(" ", strip=True)
        return soup

    context["generate_toctree_html"] = labelled


def setup(app: Any) -> None:
    """After the theme has put its toctree function in each page's context (priority 500)."""
    app.connect("html-page-context", label_toctree_toggles, priority=900)
