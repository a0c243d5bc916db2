"""Progress bars that read well live AND in a stored notebook.

A learner running a lesson in Jupyter, VS Code or Colab sees tqdm's live bar (a widget where
the front end can draw one). A notebook executed with no front end (``course run``, the test
suite, ``jupyter nbconvert --execute``) would store that widget frozen at 0 %: nothing renders
it afterwards, so GitHub and JupyterLab show its text fallback as it was when it was created.
There, set ``COURSE_PROGRESS=text`` (``course run`` and the tests do): the bar then prints
one line when it closes, in its final state, which every reader of the stored notebook sees.

``COURSE_PROGRESS``: ``auto`` (default: ``tqdm.auto``), ``text`` (the final line only) or
``none`` (nothing).

Example:
    >>> import os
    >>> os.environ["COURSE_PROGRESS"] = "text"
    >>> with progress_bar(total=3, desc="fits") as bar:
    ...     for _ in range(3):
    ...         bar.update(1)       # doctest: +ELLIPSIS
    fits: 100%|██████████| 3/3 [...]
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from course.validation import check_bool, check_choice, check_int, check_text

MODES = ("auto", "text", "none")
ENV_VAR = "COURSE_PROGRESS"


def progress_mode() -> str:
    """The progress-bar mode from ``$COURSE_PROGRESS`` (default ``"auto"``).

    Example:
        >>> progress_mode() in MODES
        True
    """
    return check_choice(f"${ENV_VAR}", os.environ.get(ENV_VAR, "auto") or "auto", MODES)


class FinalLineBar:
    """A progress bar that prints one line, its final state, when it closes (to stdout).

    Same ``update``/``close`` interface as tqdm, and the same final line tqdm draws.

    Example:
        >>> bar = FinalLineBar(total=2, desc="epochs", unit="epoch")
        >>> bar.update(2)
        >>> bar.close()         # doctest: +ELLIPSIS
        epochs: 100%|██████████| 2/2 [...]
    """

    def __init__(self, total: int, desc: str = "", unit: str = "it") -> None:
        self.total = check_int("total", total, minimum=0)
        self.desc = check_text("desc", desc, example="'fits'")
        self.unit, self.n = check_text("unit", unit, example="'fit'"), 0
        self._start = time.perf_counter()
        self._closed = False

    def update(self, n: int = 1) -> None:
        """Count ``n`` more steps done."""
        self.n += n

    def close(self) -> None:
        """Print the final state once."""
        if self._closed:
            return
        self._closed = True
        from tqdm import tqdm

        elapsed = time.perf_counter() - self._start
        line = tqdm.format_meter(self.n, self.total, elapsed, prefix=self.desc, unit=self.unit)
        print(line, file=sys.stdout, flush=True)

    def __enter__(self) -> FinalLineBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, desc: str = "", unit: str = "it", *, enabled: bool = True) -> Any:
    """A progress bar over ``total`` steps, live or final-line-only (see the module docstring).

    Use it as a context manager, or call ``close()`` at the end.

    Example:
        >>> with progress_bar(total=2, desc="work", enabled=False) as bar:
        ...     bar.update(2)
    """
    total = check_int("total", total, minimum=0)
    desc = check_text("desc", desc, example="'fits'")
    unit = check_text("unit", unit, example="'fit'")
    enabled = check_bool("enabled", enabled)
    mode = progress_mode()
    if not enabled or mode == "none":
        return _NoBar()
    if mode == "text":
        return FinalLineBar(total, desc, unit)
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit)
