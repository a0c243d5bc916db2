"""Repeat a training run over seeds, summarize each result with its spread, compare two settings.

One seed is one draw of the initial weights and of the batch order. A difference between two
settings means something only when it is larger than the differences between seeds of the same
setting, so every comparison in the course runs each setting over several seeds:

- ``over_seeds(train, seeds, **setting)`` calls ``train(seed, **setting)`` once per seed and
  returns one row per seed (the function seeds itself, e.g. with ``keras.utils.set_random_seed``);
- ``summarize(table, metric, by)`` gives each setting's mean, lowest, highest value and spread
  (highest minus lowest);
- ``compare(a, b, metric=...)`` says whether two settings differ by more than that spread, as a
  sentence computed from the numbers;
- ``detection(values, shifts=...)`` measures that rule on one setting's results: how often it
  calls a difference real when only the seeds differ (false alarms), and when a difference of
  known size is added (power), next to Welch's t-test on the same numbers.

Example:
    >>> def train(seed, batch_size):
    ...     return {"val_loss": batch_size / 100 + seed / 1000}
    >>> table = pd.concat([over_seeds(train, [0, 1, 2], batch_size=b) for b in (8, 64)])
    >>> summarize(table, "val_loss", by="batch_size")
                 mean   min    max  spread  seeds
    batch_size
    8           0.081  0.08  0.082   0.002      3
    64          0.641  0.64  0.642   0.002      3
    >>> small, large = (table.query(f"batch_size == {b}")["val_loss"] for b in (8, 64))
    >>> print(compare(small, large, metric="val_loss", names=("B=8", "B=64")))
    val_loss: B=8 0.081 (0.080 to 0.082) vs B=64 0.641 (0.640 to 0.642), 3 seeds each.
    B=64 is higher by 0.560, more than the seed spread 0.002: a real difference.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from course.text import wrap
from course.validation import (
    _short,
    check_choice,
    check_finite_array,
    check_fraction,
    check_int,
    check_int_list,
    check_number,
    check_seed,
)

SUMMARY_COLUMNS = ("mean", "min", "max", "spread", "seeds")
OUTCOMES = ("a real difference", "too close to call", "no evidence of a difference")
CLOSE_CALL = 1.25  # the band the lessons use: a rerun's arithmetic moves results by a few %


def over_seeds(
    train: Callable[..., Mapping[str, Any]], seeds: Sequence[int] = (0, 1, 2), **setting: Any
) -> pd.DataFrame:
    """Call ``train(seed, **setting)`` for each seed: one row per seed (setting, seed, results).

    ``train`` returns a mapping of result names to values (e.g. ``{"val_loss": 0.31}``) and must
    seed everything itself, so that the same seed gives the same row.

    Example:
        >>> over_seeds(lambda seed, epochs: {"score": seed * epochs}, [1, 2], epochs=3)
           epochs  seed  score
        0       3     1      3
        1       3     2      6
    """
    if not callable(train):
        raise ValueError(
            f"train must be a function of the seed returning a dict of results, got {_short(train)}"
        )
    seed_list = [
        check_seed("each entry of seeds", seed)
        for seed in check_int_list("seeds", seeds, minimum=0)
    ]
    if len(set(seed_list)) != len(seed_list):
        raise ValueError(
            f"seeds must not repeat a seed (a repeat is the same run twice), got {list(seeds)}"
        )
    rows = []
    for seed in seed_list:
        result = train(seed, **setting)
        if not isinstance(result, Mapping):
            raise ValueError(
                "train must return a dict of results such as {'val_loss': 0.3}, "
                f"got {type(result).__name__} for seed {seed}"
            )
        rows.append({**setting, "seed": seed, **result})
    return pd.DataFrame(rows)


def _as_list(name: str, values: Any, example: str) -> list[Any]:
    """``values`` (a list, tuple, array, Series or iterator) as a list, or raise naming ``name``:
    a string, a mapping, a single number, a 0-d array or an object whose iteration raises."""
    rule = f"{name} must be a list of {example}"
    scalar = isinstance(values, np.ndarray) and values.ndim == 0
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable) or scalar:
        shown = values[:60] if isinstance(values, str) else _short(values)
        raise ValueError(f"{rule}, got {type(values).__name__} {shown}")
    try:
        return list(values)
    except Exception as err:  # an object whose __iter__ or __len__ raises
        raise TypeError(f"{rule}, got {_short(values)}") from err


def _values(name: str, values: Iterable[Any]) -> np.ndarray:
    """The results of one setting over seeds, as a 1-d float array of at least two finite values."""
    example = "one result per seed such as [0.91, 0.93, 0.92]"
    array = check_finite_array(name, _as_list(name, values, example)).astype(float)
    if array.ndim != 1 or array.size < 2:
        raise ValueError(
            f"{name} must be a flat list of one result per seed, at least 2 seeds, "
            f"got shape {array.shape}"
        )
    return array


def _check_table(table: Any) -> None:
    """Raise unless ``table`` is a pandas DataFrame with columns (as ``over_seeds`` returns)."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(
            "table must be a pandas DataFrame such as over_seeds returns, "
            f"got {type(table).__name__}"
        )
    if table.columns.empty:
        raise ValueError(
            "table must have a column per setting and result, as over_seeds returns; "
            "got a table with no columns"
        )


def _check_column(name: str, value: Any, columns: list[str]) -> None:
    """Raise unless ``value`` is one of ``columns`` (of ``table``), naming ``name``; a table with
    no such column to choose is named as the problem."""
    if not columns:
        raise ValueError(f"table must have a column for {name}={_short(value)}, got none to choose")
    check_choice(name, value, columns)


def _check_base(base: Any, settings: list[Any], by: str) -> None:
    """Raise unless ``base`` is one of ``settings`` (the values of column ``by``)."""
    try:
        found = base in settings
    except Exception:  # an array, or an object whose == raises: no setting
        found = False
    if not found:
        shown = ", ".join(_short(setting) for setting in settings)
        raise ValueError(
            f"base must be one of the settings in column {by!r}, {shown}; got {_short(base)}"
        )


def summarize(
    table: pd.DataFrame, metric: str, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Mean, lowest, highest value, spread (highest minus lowest) and number of seeds of ``metric``.

    With ``by``, one row per setting (the columns ``over_seeds`` added for the setting).

    Example:
        >>> table = pd.DataFrame({"seed": [0, 1, 2], "acc": [0.90, 0.94, 0.92]})
        >>> summarize(table, "acc").round(3)
          mean  min   max  spread  seeds
        0  0.92  0.9  0.94    0.04      3
    """
    _check_table(table)
    _check_column("metric", metric, [str(c) for c in table.columns])
    keys = [] if by is None else list(by) if isinstance(by, list | tuple) else [by]
    for key in keys:
        _check_column("by", key, [str(c) for c in table.columns if c != metric])
    if keys:
        column = table.groupby(keys[0] if len(keys) == 1 else keys, sort=False)[metric]
        frame = column.agg(["mean", "min", "max", "count"])
    else:
        frame = (
            table[metric].agg(["mean", "min", "max", "count"]).to_frame().T.reset_index(drop=True)
        )
    frame["spread"] = frame["max"] - frame["min"]
    frame = frame.rename(columns={"count": "seeds"})[list(SUMMARY_COLUMNS)]
    return frame.astype({"seeds": int})


@dataclass(frozen=True)
class Comparison:
    """Two settings' results over seeds, and whether they differ by more than the seed spread.

    ``difference`` is mean(b) minus mean(a); ``spread`` is the larger of the two settings' spreads
    (highest minus lowest result); ``real`` is ``abs(difference) > spread * band``. With a
    ``band`` above 1, a difference within a factor ``band`` of the spread either way is
    ``close``: too close to call, since a rerun on other arithmetic could move it across the
    spread. ``outcome`` names the verdict in the course's words (``OUTCOMES``).

    Example:
        >>> c = compare([0.90, 0.92, 0.91], [0.95, 0.96, 0.94], metric="accuracy")
        >>> round(c.difference, 3), round(c.spread, 3), c.real
        (0.04, 0.02, True)
    """

    metric: str
    names: tuple[str, str]
    a: tuple[float, ...]
    b: tuple[float, ...]
    digits: int = 3
    band: float = 1.0

    @property
    def difference(self) -> float:
        return float(np.mean(self.b) - np.mean(self.a))

    @property
    def spread(self) -> float:
        return float(max(np.ptp(self.a), np.ptp(self.b)))

    @property
    def real(self) -> bool:
        return abs(self.difference) > self.spread * self.band

    @property
    def close(self) -> bool:
        gap = abs(self.difference)
        return self.band > 1 and self.spread / self.band < gap <= self.spread * self.band

    @property
    def outcome(self) -> str:
        """``"a real difference"``, ``"too close to call"`` or ``"no evidence of a difference"``."""
        return OUTCOMES[0] if self.real else OUTCOMES[1] if self.close else OUTCOMES[2]

    def _describe(self, name: str, values: tuple[float, ...]) -> str:
        d = self.digits
        return f"{name} {np.mean(values):.{d}f} ({min(values):.{d}f} to {max(values):.{d}f})"

    @property
    def verdict(self) -> str:
        """The verdict sentence, saying whether the difference is real (and which is higher)."""
        d, gap = self.digits, abs(self.difference)
        if self.close:
            return (
                f"Difference {gap:.{d}f}, within a factor {self.band:g} of the seed spread "
                f"{self.spread:.{d}f}: too close to call here."
            )
        if self.real:
            higher = self.names[1] if self.difference > 0 else self.names[0]
            times = f"{self.band:g} times " if self.band > 1 else ""
            return (
                f"{higher} is higher by {gap:.{d}f}, more than {times}the seed spread "
                f"{self.spread:.{d}f}: a real difference."
            )
        bar = f" divided by {self.band:g}" if self.band > 1 else ""
        return (
            f"Difference {gap:.{d}f}, not more than the seed spread {self.spread:.{d}f}"
            f"{bar}: no evidence of a difference."
        )

    @property
    def description(self) -> str:
        """The two settings' means and ranges, as one line (unwrapped)."""
        n_a, n_b = len(self.a), len(self.b)
        seeds = f"{n_a} seeds each" if n_a == n_b else f"{n_a} and {n_b} seeds"
        a, b = self._describe(self.names[0], self.a), self._describe(self.names[1], self.b)
        return f"{self.metric}: {a} vs {b}, {seeds}."

    def __str__(self) -> str:
        """The description, then the verdict, wrapped to fit the page (``course.text``)."""
        return wrap(f"{self.description}\n{self.verdict}")


def compare(
    a: Iterable[float],
    b: Iterable[float],
    *,
    metric: str,
    names: tuple[str, str] = ("A", "B"),
    digits: int = 3,
    band: float = 1.0,
) -> Comparison:
    """Compare one result of two settings, each measured over several seeds (at least 2).

    The difference is called real only when the means differ by more than the larger seed spread
    of the two settings; ``str()`` of the result is the verdict sentence. With ``band`` above 1
    (the lessons use ``CLOSE_CALL``), a difference within a factor ``band`` of the spread is
    "too close to call", and a real one must exceed ``band`` times the spread.

    Example:
        >>> small, large = [0.30, 0.34, 0.32], [0.31, 0.33, 0.36]
        >>> c = compare(small, large, metric="val_loss", names=("B=8", "B=32"))
        >>> print(c)
        val_loss: B=8 0.320 (0.300 to 0.340) vs B=32 0.333 (0.310 to 0.360), 3 seeds each.
        Difference 0.013, not more than the seed spread 0.050: no evidence of a difference.
        >>> print(compare([1.0, 1.1], [1.1, 1.2], metric="loss", band=CLOSE_CALL).verdict)
        Difference 0.100, within a factor 1.25 of the seed spread 0.100: too close to call here.
        >>> print(compare([1.0, 1.1], [1.0, 1.05], metric="loss", band=CLOSE_CALL).verdict)
        Difference 0.025, not more than the seed spread 0.100 divided by 1.25: no evidence of a
        difference.
    """
    if not isinstance(metric, str) or not metric:
        raise ValueError(
            f"metric must be the result's name as a non-empty string, got {_short(metric)}"
        )
    if not (
        isinstance(names, tuple | list)
        and len(names) == 2
        and all(isinstance(n, str) for n in names)
    ):
        raise ValueError(
            f"names must be two strings naming the settings, e.g. ('B=8', 'B=32'), got "
            f"{_short(names)}"
        )
    return Comparison(
        metric=metric,
        names=(names[0], names[1]),
        a=tuple(float(v) for v in _values("a", a)),
        b=tuple(float(v) for v in _values("b", b)),
        digits=check_int("digits", digits, minimum=0, maximum=10),
        band=check_number("band", band, minimum=1, maximum=10),
    )


MAX_TRIALS = 100_000


def _disjoint_groups(count: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every unordered pair of disjoint groups of ``size`` indices out of ``count``, as two
    index arrays of shape (pairs, size)."""
    first, second = [], []
    for a in itertools.combinations(range(count), size):
        rest = [i for i in range(count) if i not in a]
        for b in itertools.combinations(rest, size):
            if a < b:  # each unordered pair once
                first.append(a)
                second.append(b)
    return np.array(first), np.array(second)


def detection(
    values: Iterable[float],
    *,
    seeds_per_setting: int = 3,
    shifts: Sequence[float] = (0.0,),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """How often ``compare``'s rule, and Welch's t-test, call a difference real between two
    groups of seeds of one setting, with a known ``shift`` added to the second group.

    ``values`` are one setting's results, one per seed. Every way to draw two disjoint groups
    of ``seeds_per_setting`` of them is one trial. With shift 0 only the seeds differ, so each
    difference called real is a false alarm; with shift ``d`` the true difference is ``d``, and
    the share called real *in the direction of the shift* is the power to see it (a call
    the other way is a miss). The trials share seeds, so the shares are
    estimates from these ``values``, not from fresh runs. One row per shift: ``shift``,
    ``trials``, ``spread rule`` (share with ``abs(difference) > spread``, as ``compare``) and
    ``Welch t-test`` (share with p < ``alpha``, two-sided, unequal variances; two groups
    that hold one and the same value throughout have no p-value and count as not called real).

    Example:
        >>> rates = detection([0.0, 0.3, 0.1, 0.2], seeds_per_setting=2, shifts=[0.0, 1.0])
        >>> rates.round(2)
           shift  trials  spread rule  Welch t-test
        0    0.0       3         0.33          0.00
        1    1.0       3         1.00          0.67

    Of the 3 ways to split the four values in pairs, one ({0.0, 0.1} against {0.3, 0.2})
    differs by 0.2, more than both spreads (0.1): a false alarm of the rule.
    """
    array = _values("values", values)
    size = check_int("seeds_per_setting", seeds_per_setting, minimum=2)
    if 2 * size > array.size:
        raise ValueError(
            f"seeds_per_setting must be at most half the {array.size} values (two disjoint "
            f"groups), got {size}"
        )
    pairs = math.comb(array.size, size) * math.comb(array.size - size, size) // 2
    if pairs > MAX_TRIALS:
        raise ValueError(
            f"values and seeds_per_setting give {pairs:,} pairs of groups, more than "
            f"{MAX_TRIALS:,}: use fewer values or a smaller seeds_per_setting"
        )
    shift_list = _as_list("shifts", shifts, "differences to add such as [0.0, 0.05]")
    shift_list = [float(d) for d in check_finite_array("shifts", shift_list).ravel()]
    level = check_fraction("alpha", alpha, allow_zero=False)
    first, second = _disjoint_groups(array.size, size)
    a = array[first]
    spread = np.maximum(np.ptp(a, axis=1), np.ptp(array[second], axis=1))
    rows = []
    for shift in shift_list:
        b = array[second] + shift
        gap = b.mean(axis=1) - a.mean(axis=1)
        right_way = np.sign(gap) == np.sign(shift) if shift else np.ones(len(gap), bool)
        called_real = (np.abs(gap) > spread) & right_way
        with warnings.catch_warnings():  # groups of equal values: no p-value, and a warning
            warnings.simplefilter("ignore", RuntimeWarning)
            p = stats.ttest_ind(a, b, axis=1, equal_var=False).pvalue
        p = np.where(right_way, p, 1.0)
        rows.append(
            {
                "shift": shift,
                "trials": len(first),
                "spread rule": float(np.mean(called_real)),
                "Welch t-test": float(np.mean(p < level)),
            }
        )
    return pd.DataFrame(rows)


def _check_columns(table: pd.DataFrame, by: Any, metrics: Any) -> None:
    """Raise unless ``table`` has the column ``by`` and every column named in ``metrics``."""
    columns = [str(c) for c in table.columns]
    if not isinstance(by, str) or by not in columns:
        raise ValueError(
            f"table must have the column by={_short(by)} (one row per run, its setting there); "
            f"its columns are {columns}"
        )
    if isinstance(metrics, str) or not isinstance(metrics, Sequence) or not metrics:
        raise ValueError(f"metrics must be a list of column names, got {_short(metrics)}")
    allowed = [c for c in columns if c != by]
    for metric in metrics:
        if not isinstance(metric, str) or metric not in allowed:
            raise ValueError(
                f"each entry of metrics must be a column of table, one of {allowed}; "
                f"got {_short(metric)}"
            )


def against(
    table: pd.DataFrame,
    metrics: Sequence[str],
    *,
    base: Any,
    by: str = "setting",
    digits: int = 3,
    band: float = CLOSE_CALL,
) -> pd.DataFrame:
    """Each setting of ``table`` against the setting ``base``, for each metric, by ``compare``.

    ``table`` has one row per seed and setting (as ``over_seeds`` returns), the setting in
    column ``by``. One row per other setting, one column per metric; each cell is the
    difference of the means (the setting minus ``base``), the seed spread, and either
    ``a real difference`` (above ``band`` times the spread) or ``not above 1.25 x spread``.
    The two verdicts below a real difference (too close to call, no evidence) are not told
    apart here: neither is a finding, and a rerun on other arithmetic can swap them.

    Example:
        >>> t = pd.DataFrame({"setting": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        ...                   "loss": [1.0, 1.1, 1.3, 2.0, 2.1, 2.1, 1.1, 1.2, 1.3]})
        >>> against(t, ["loss"], base="a")
                                                loss
        setting
        b        +0.933, spread 0.300: a real difference
        c        +0.067, spread 0.300: not above 1.25 x spread
    """
    _check_table(table)
    _check_columns(table, by, metrics)
    settings = list(dict.fromkeys(table[by]))
    _check_base(base, settings, by)
    rows = {}
    for name in settings:
        if name == base:
            continue
        row = {}
        for metric in metrics:
            a, b = (table[table[by] == n][metric] for n in (base, name))
            c = compare(a, b, metric=metric, digits=digits, band=band)
            verdict = c.outcome if c.real else f"not above {band:g} x spread"
            row[metric] = f"{c.difference:+.{digits}f}, spread {c.spread:.{digits}f}: {verdict}"
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = by
    return frame


def by_seed(
    table: pd.DataFrame,
    by: str,
    metrics: Sequence[str],
    *,
    digits: int = 3,
    missing: str = "never",
) -> pd.DataFrame:
    """One row per setting, one column per metric and seed: each seed's result, as text.

    Whole numbers print without decimals, others with ``digits``; a missing result (``None`` or
    NaN, such as a target never reached) prints as ``missing``.

    Example:
        >>> t = pd.DataFrame({"lr": [0.1, 0.1, 1.0, 1.0], "seed": [0, 1, 0, 1],
        ...                   "epochs": [3, None, 2, 2], "loss": [1.1, 1.25, 0.6, 0.65]})
        >>> by_seed(t, "lr", ["epochs", "loss"]).to_dict("list")
        {('epochs', 'seed 0'): ['3', '2'], ('epochs', 'seed 1'): ['never', '2'],
         ('loss', 'seed 0'): ['1.100', '0.600'], ('loss', 'seed 1'): ['1.250', '0.650']}
    """
    _check_table(table)
    _check_column("by", by, [str(c) for c in table.columns])
    check_choice("seed column", "seed", [str(c) for c in table.columns])
    if isinstance(metrics, str) or not isinstance(metrics, Sequence) or not metrics:
        raise ValueError(f"metrics must be a list of column names, got {_short(metrics)}")
    for metric in metrics:
        columns = [str(c) for c in table.columns if c not in (by, "seed")]
        _check_column("each entry of metrics", metric, columns)
    digits = check_int("digits", digits, minimum=0, maximum=10)
    if not isinstance(missing, str):
        raise ValueError(
            f"missing must be the text for a missing result such as 'never', got {_short(missing)}"
        )

    def text(value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return missing
        number = float(value)
        return f"{number:.0f}" if number.is_integer() else f"{number:.{digits}f}"

    settings = list(dict.fromkeys(table[by]))
    seeds = list(dict.fromkeys(table["seed"]))
    columns = {}
    for metric in metrics:
        for seed in seeds:
            cells = []
            for setting in settings:
                rows = table[(table[by] == setting) & (table["seed"] == seed)][metric]
                cells.append(text(rows.iloc[0]) if len(rows) else "")
            columns[(metric, f"seed {seed}")] = cells
    frame = pd.DataFrame(columns, index=pd.Index(settings, name=by))
    return frame


def _epochs(name: str, values: Any) -> np.ndarray:
    """Epochs to a target, one per seed (``None`` or NaN: not reached), as a float array."""
    example = "epochs per seed such as [3, None, 4]"
    entries = _as_list(name, values, example)
    try:
        return np.array([np.nan if v is None else float(v) for v in entries], dtype=float)
    except (TypeError, ValueError) as err:  # an entry that is no number
        raise ValueError(f"{name} must be a list of {example}, got {_short(values)}") from err


def fewer_epochs(
    a: Iterable[Any],
    b: Iterable[Any],
    *,
    names: tuple[str, str] = ("A", "B"),
    band: float = CLOSE_CALL,
) -> tuple[str, str]:
    """Did setting ``b`` reach a target in fewer epochs than setting ``a``? A verdict and why.

    ``a`` and ``b`` hold one result per seed: the epoch the target was reached, or ``None``
    (NaN) when it was not. The verdict is:

    - ``"holds"``: ``b`` reached the target in more seeds, or both in every seed and ``b`` in
      fewer epochs, by ``compare``'s rule (``a real difference``);
    - ``"the opposite"``: ``b`` reached it in fewer seeds, or in more epochs by the same rule;
    - ``"not shown"``: both in every seed, the difference not real (``compare`` says
      ``no evidence of a difference`` or ``too close to call``);
    - ``"untested"``: both in as many seeds, but not in all (or in none): no counts to compare.

    Example:
        >>> fewer_epochs([3, 3, 3], [2, 2, 2], names=("lr 0.1", "lr 0.3"))
        ('holds', 'lr 0.1 is higher by 1.0, more than 1.25 times the seed spread 0.0:
         a real difference.')
        >>> fewer_epochs([2, None, 2], [None, 2, 2])
        ('untested', 'both reached the target in 2 of 3 seeds')
        >>> fewer_epochs([2, 2, 2], [None, None, None])
        ('the opposite', 'A reached the target in 3 of 3 seeds, B in 0 of 3')
    """
    first, second = (_epochs(name, values) for name, values in (("a", a), ("b", b)))
    if first.size < 2 or first.size != second.size:
        raise ValueError(
            "a and b must hold one result per seed, as many for each and at least 2, got "
            f"{first.size} and {second.size}"
        )
    n = first.size
    hit_a, hit_b = int(np.isfinite(first).sum()), int(np.isfinite(second).sum())
    if hit_a != hit_b:
        verdict = "holds" if hit_b > hit_a else "the opposite"
        counts = f"{names[0]} reached the target in {hit_a} of {n} seeds"
        return verdict, f"{counts}, {names[1]} in {hit_b} of {n}"
    if hit_a < n:
        return "untested", f"both reached the target in {hit_a} of {n} seeds"
    c = compare(first, second, metric="epochs", names=names, digits=1, band=band)
    if c.real:
        return ("holds" if c.difference < 0 else "the opposite"), c.verdict
    return "not shown", c.verdict


def compare_to(
    table: pd.DataFrame, metric: str, *, base: Any, by: str, band: float = CLOSE_CALL
) -> pd.DataFrame:
    """Every other setting of ``table`` against ``base`` on ``metric``, by ``compare``.

    One row per other setting: ``difference`` (its mean minus the mean of ``base``),
    ``spread`` (the larger seed spread of the two) and ``verdict`` (``Comparison.outcome``).

    Example:
        >>> t = pd.DataFrame({"opt": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        ...                   "loss": [1.0, 1.1, 1.3, 2.0, 2.1, 2.1, 1.1, 1.2, 1.3]})
        >>> compare_to(t, "loss", base="a", by="opt").round(3)
             difference  spread                       verdict
        opt
        b         0.933     0.3             a real difference
        c         0.067     0.3  no evidence of a difference
    """
    _check_table(table)
    _check_column("by", by, [str(c) for c in table.columns])
    _check_column("metric", metric, [str(c) for c in table.columns if c != by])
    settings = list(dict.fromkeys(table[by]))
    _check_base(base, settings, by)
    rows = {}
    for name in settings:
        if name != base:
            a, b = (table[table[by] == n][metric] for n in (base, name))
            c = compare(a, b, metric=metric, band=band)
            rows[name] = {"difference": c.difference, "spread": c.spread, "verdict": c.outcome}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = by
    return frame


def fastest_rates(epochs: Any, *, band: float = CLOSE_CALL) -> list[float]:
    """The rates of a sweep that reached a target fastest, by the course's rule over seeds.

    ``epochs`` maps each rate to its epochs to the target, one per seed (``None`` or NaN: not
    reached). The best rate has the fewest epochs on average among those that reached the
    target in every seed; the fastest are the best and every such rate whose epochs show no
    real difference from it (``course.seeds.compare`` with ``band``).

    Example:
        >>> fastest_rates({0.1: [3, 3, 3], 0.3: [2, 2, 2], 1.0: [2, 3, 2], 3.0: [None] * 3})
        [0.3, 1.0]
    """
    if not isinstance(epochs, dict) or not epochs:
        raise ValueError(
            f"epochs must be a dict of rate -> epochs per seed, got {type(epochs).__name__}"
        )
    runs = {}
    for rate, values in epochs.items():
        check_number("rate", rate, minimum=0, exclusive_minimum=True)
        runs[float(rate)] = _epochs(f"epochs[{_short(rate)}]", values)
    complete = {rate: a for rate, a in runs.items() if a.size >= 2 and np.isfinite(a).all()}
    if not complete:
        return []
    best = min(complete, key=lambda rate: (complete[rate].mean(), rate))
    return [
        rate
        for rate, a in complete.items()
        if not compare(complete[best], a, metric="epochs", band=band).real
    ]


def verdicts(
    table: pd.DataFrame, base: Any, metrics: Sequence[str], *, by: str = "setting"
) -> pd.DataFrame:
    """Each setting of ``table`` against ``base``: difference of means, spread and verdict.

    ``table`` is a pandas DataFrame with one row per run, the setting in column ``by``. Each
    other setting gets one row per metric: its mean minus ``base``'s, the seed spread and
    ``course.seeds.compare``'s outcome with ``band=CLOSE_CALL``: ``a real difference``,
    ``too close to call`` or ``no evidence of a difference`` (``against`` prints only the first).

    Example:
        >>> t = pd.DataFrame({"way": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        ...                   "loss": [1.0, 1.1, 1.3, 2.0, 2.1, 2.1, 1.3, 1.4, 1.6]})
        >>> verdicts(t, "a", ["loss"], by="way")["verdict"].tolist()
        ['a real difference', 'too close to call']
    """
    _check_table(table)
    _check_columns(table, by, metrics)
    settings = list(dict.fromkeys(table[by]))
    _check_base(base, settings, by)
    rows = []
    for name in settings:
        for metric in metrics if name != base else []:
            a, b = (table[table[by] == n][metric] for n in (base, name))
            c = compare(a, b, metric=metric, band=CLOSE_CALL)
            gap, spread = f"{c.difference:+.3f}", f"{c.spread:.3f}"
            rows.append(
                {
                    by: name,
                    "result": metric,
                    "difference": gap,
                    "spread": spread,
                    "verdict": c.outcome,
                }
            )
    return pd.DataFrame(rows).set_index([by, "result"])
