"""What the site should show for each lesson, computed from the notebook's JSON (never from the
built site): image outputs, math blocks, the Colab address, and a word only that lesson's text
has (for the search test).

Cells tagged ``remove-cell`` (the Colab badge) are not on the site; outputs of cells tagged
``remove-output`` neither. Everything here reads a snapshot of the notebook's bytes, taken when
the site is built, so a notebook rewritten meanwhile cannot make the checks disagree.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
COLAB = "https://colab.research.google.com/github"

# MyST (dollarmath + amsmath, as docs/conf.py enables them): $$...$$ blocks, \begin{env}...\end{env}
# environments, ```{math} directives and inline $...$ (no space inside the dollars, no digit
# after the closing one)
DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
AMS_MATH = re.compile(r"^\\begin\{(\w+\*?)\}.*?^\\end\{\1\}", re.S | re.M)
MATH_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{math\}.*?^\1", re.S | re.M)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?=\S)[^$\n]*?(?<=\S)\$(?![\d$])")
# what is not prose for the search: code, math, link targets, addresses, HTML tags
CODE_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ADDRESS = re.compile(r"<?https?://\S+")
HTML_TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
SEARCH_WORD = re.compile(r"[a-z]{6,}")  # letters only, long enough to be no stop word


@dataclass(frozen=True)
class LessonFacts:
    """One notebook as the site should show it."""

    file: str  # "01_epochs_iterations_batches.ipynb"
    raw: bytes  # the notebook's bytes when the site was built
    png_outputs: int  # image/png outputs of the cells on the site
    math_blocks: int  # display and inline formulas in the markdown on the site
    markdown: str  # every markdown cell on the site, joined

    @property
    def page(self) -> str:
        """The lesson's page in the site, e.g. ``notebooks/00_setup.html``."""
        return f"notebooks/{Path(self.file).stem}.html"

    @property
    def words(self) -> Counter[str]:
        """How often each searchable word (lower case) occurs in the lesson's prose."""
        return Counter(w for w in WORD.findall(prose(self.markdown)) if SEARCH_WORD.fullmatch(w))


def tags(cell: dict) -> set[str]:
    """A cell's tags."""
    return set(cell.get("metadata", {}).get("tags", []))


def source(cell: dict) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def lesson_facts(file: str, raw: bytes) -> LessonFacts:
    """The facts of one notebook, from its bytes."""
    cells = [c for c in json.loads(raw)["cells"] if "remove-cell" not in tags(c)]
    png = sum(
        "image/png" in output.get("data", {})
        for cell in cells
        if cell["cell_type"] == "code" and "remove-output" not in tags(cell)
        for output in cell.get("outputs", [])
    )
    markdown = "\n\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    return LessonFacts(file, raw, png, count_math(markdown), markdown)


def count_math(markdown: str) -> int:
    """Formulas in MyST markdown: display blocks, environments, directives and inline math."""
    count = len(MATH_DIRECTIVE.findall(markdown))  # a fence, but math: before the code goes
    text = INLINE_CODE.sub("", CODE_FENCE.sub("", MATH_DIRECTIVE.sub(" ", markdown)))
    for pattern in (AMS_MATH, DISPLAY_MATH, INLINE_MATH):
        count += len(pattern.findall(text))
        text = pattern.sub(" ", text)
    return count


def prose(markdown: str) -> str:
    """The markdown's words as a reader sees them: no code, math, link targets or tags."""
    text = CODE_FENCE.sub(" ", markdown)
    for pattern in (INLINE_CODE, DISPLAY_MATH, INLINE_MATH, LINK_TARGET, ADDRESS, HTML_TAG):
        text = pattern.sub(" ", text)
    return text.lower()


def snapshot(folder: Path = NOTEBOOKS) -> dict[str, bytes]:
    """Every lesson's bytes, by file name, in order."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}


def search_words(lessons: list[LessonFacts]) -> dict[str, str]:
    """For each lesson, a word of its prose that no other lesson's prose has (the most frequent
    one, then the longest, then the first alphabetically); missing if there is none."""
    counts = {lesson.file: lesson.words for lesson in lessons}
    chosen = {}
    for file, words in counts.items():
        others = set().union(*(set(c) for f, c in counts.items() if f != file))
        unique = [w for w in words if w not in others]
        if unique:
            chosen[file] = min(unique, key=lambda w: (-words[w], -len(w), w))
    return chosen


def repository() -> tuple[str, str]:
    """``(owner, repo)`` from ``pyproject.toml``'s ``[project.urls] Repository``."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    owner, repo = (
        urlsplit(pyproject["project"]["urls"]["Repository"]).path.strip("/").split("/")[:2]
    )
    return owner, repo.removesuffix(".git")


def colab_url(file: str) -> str:
    """The lesson's Open-in-Colab address."""
    owner, repo = repository()
    return f"{COLAB}/{owner}/{repo}/blob/main/notebooks/{file}"
