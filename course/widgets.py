"""Interactive explorers for the lessons, made of ipywidgets' core widgets only.

``EpochExplorer`` (lesson 01) draws the batches of one epoch for the number of samples, batch
size, validation split and epochs you choose, with the counts of ``course.iterations``.
``TrainingPlayground`` (lesson 02) trains with the batch size, learning rate and epochs you
choose and draws the curves live with ``course.callbacks.LivePlot``, beside the earlier runs.

Displayed, each is live controls where a kernel runs them (JupyterLab, Notebook 7, VS Code,
Colab; ipywidgets 7.7 and 8) and also carries a static picture of its state: what a reader of
the stored notebook sees (GitHub, nbviewer, JupyterLab before the cell runs), since nothing
can bring a stored widget back to life. ``course run`` keeps that picture in the notebooks.
A value typed into a control that is not allowed shows as a message in the widget, never as
a traceback; the arguments given to the constructor are checked as any helper's (ValueError).

Example:
    >>> explorer = EpochExplorer(num_samples=1_000, batch_size=300)
    >>> print(explorer.summary)
    iterations per epoch: 4 (3 full batches of 300 and a last batch of 100)
    iterations in 5 epochs: 4 x 5 = 20
    >>> explorer.batch_size.value = 0          # what a learner may type
    >>> explorer.message
    'batch_size must be an integer from 1 to 1000000, got 0'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from course import plots
from course.callbacks import LivePlot
from course.history import as_history, named_runs
from course.iterations import batch_sizes
from course.validation import _short, check_int, check_number, check_training_metrics

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MAX_SAMPLES = 1_000_000  # the explorer counts and draws up to this many samples
MAX_EPOCHS = 100  # the epochs sliders' end
MAX_RUNS = 10  # the playground draws at most this many runs: one colour each
_WIDE = {"description_width": "initial"}  # a control's label is the argument it sets, in full


def _box(name: str, value: int) -> widgets.IntText:
    """A box for a whole number, labelled with the argument it sets; any number can be typed."""
    return widgets.IntText(value=value, description=name, style=_WIDE)


def _slider(kind: type, name: str, value: float, **options: Any) -> widgets.Widget:
    """A slider labelled with the argument it sets, reporting its value when it is let go."""
    return kind(value=value, description=name, continuous_update=False, style=_WIDE, **options)


def _range_note(*ranges: str) -> widgets.HTML:
    """The note under the sliders: a slider keeps its range, so a value typed into its readout
    outside the range is set to the nearest end, and a fraction in an integer slider is cut to
    a whole number, by the front end, before the kernel sees it. The note says so in the widget,
    so that a learner who typed 500 epochs knows the run used 100."""
    text = (
        f"Slider ranges: {'; '.join(ranges)}. A typed value outside a range is set to its "
        "nearest end, a fraction in a whole-number slider is cut to a whole number, and the "
        "slider shows the value used."
    )
    return widgets.HTML(value=f'<span style="font-size:smaller">{html.escape(text)}</span>')


def _png(figure: Any) -> str:
    """``figure`` as base64 PNG text, rendered as the notebook's inline backend renders it."""
    from IPython.core.pylabtools import print_figure

    return base64.b64encode(print_figure(figure, "png", bbox_inches="tight")).decode("ascii")


class _Interactive:
    """Live controls plus a static picture of their state, displayed as one output.

    Front ends that run widgets show the controls; the others show the picture (``image/png``
    beside the widget view in the same output, the fallback ipympl uses too).
    """

    widget: widgets.Widget
    figure: Any

    def _describe(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The output: the widget's view, its picture and values; the picture's alt text."""
        bundle = {
            WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id},
            "image/png": self.picture(),
            "text/plain": self._describe(),
        }
        return bundle, {"image/png": {"alt": plots.alt_text(self.figure)}}

    def picture(self) -> str:
        """The static picture (base64 PNG): the current drawing, its values written under it."""
        text = plots.caption(
            self.figure, f"{self._describe()}\n(A picture: run the notebook to use the controls.)"
        )
        try:
            return _png(self.figure)
        finally:
            text.remove()

    def _say(self, text: str, *, problem: bool = False) -> None:
        """Show ``text`` in the widget (red when it is a problem); ``message`` keeps it."""
        color = "#b00020" if problem else "inherit"
        self.message = text
        self.message_view.value = f'<span style="color:{color}">{html.escape(text)}</span>'

    def _show(self, figure: Any, text: str = "") -> None:
        """Put ``figure`` (and ``text`` under it) in the output area, replacing what was there.

        The outputs are set as the Output widget's state, not captured from ``display``:
        every front end draws that state (Colab's Output widget draws nothing else), and
        nothing reaches the cell's own outputs, which nbval compares.
        """
        self.figure = figure
        picture = {"image/png": _png(figure), "text/plain": repr(figure)}
        alt = {"image/png": {"alt": plots.alt_text(figure)}}
        outputs = [{"output_type": "display_data", "data": picture, "metadata": alt}]
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text + "\n"})
        self.output.outputs = tuple(outputs)


def _batches_in_words(sizes: list[int], batch_size: int) -> str:
    """One epoch's batches in words, as the explorer prints them.

    Example:
        >>> _batches_in_words([300, 300, 300, 100], 300)
        '3 full batches of 300 and a last batch of 100'
        >>> _batches_in_words([863], 5_000)
        'one batch of all 863 training samples: batch_size is larger than the training set'
    """
    if sizes[0] < batch_size:
        return (
            f"one batch of all {sizes[0]:,} training samples: "
            "batch_size is larger than the training set"
        )
    full = len(sizes) - (sizes[-1] < batch_size)
    words = f"{full:,} full batch{'es' if full > 1 else ''} of {batch_size:,}"
    return words if full == len(sizes) else f"{words} and a last batch of {sizes[-1]:,}"


class EpochExplorer(_Interactive):
    """Choose samples, batch size, validation split and epochs; see one epoch's batches.

    The drawing is ``course.plots.plot_epoch_batches``; ``summary`` holds the printed counts
    and ``message`` the problem with the last value typed ('' when there is none).

    Example:
        >>> explorer = EpochExplorer(num_samples=1_797, batch_size=32, validation_split=0.2)
        >>> explorer.summary.splitlines()[0]
        'iterations per epoch: 45 (44 full batches of 32 and a last batch of 29)'
        >>> explorer.epochs.value = 3
        >>> explorer.summary.splitlines()[1]
        'iterations in 3 epochs: 45 x 3 = 135'
    """

    def __init__(
        self,
        num_samples: int = 1_079,
        batch_size: int = 32,
        validation_split: float = 0.0,
        epochs: int = 5,
    ) -> None:
        check_int("num_samples", num_samples, maximum=MAX_SAMPLES)
        check_int("batch_size", batch_size, maximum=MAX_SAMPLES)
        check_number("validation_split", validation_split, minimum=0, maximum=0.9)
        check_int("epochs", epochs, maximum=MAX_EPOCHS)
        batch_sizes(num_samples, batch_size, validation_split)  # e.g. a split that empties a set
        self.num_samples = _box("num_samples", num_samples)
        self.batch_size = _box("batch_size", batch_size)
        self.validation_split = _slider(
            widgets.FloatSlider,
            "validation_split",
            validation_split,
            min=0.0,
            max=0.9,
            step=0.05,
            readout_format=".2f",
        )
        self.epochs = _slider(widgets.IntSlider, "epochs", epochs, min=1, max=MAX_EPOCHS)
        self.note = _range_note(
            "validation_split 0 to 0.90 in steps of 0.05", f"epochs 1 to {MAX_EPOCHS}, whole"
        )
        self.message, self.message_view = "", widgets.HTML(value="")
        self.output = widgets.Output()
        controls = [self.num_samples, self.batch_size, self.validation_split, self.epochs]
        self.widget = widgets.VBox(
            [
                widgets.HBox(controls[:2]),
                widgets.HBox(controls[2:]),
                self.note,
                self.message_view,
                self.output,
            ]
        )
        self.summary = ""
        self.figure = None
        for control in controls:
            control.observe(self.update, names="value")
        self.update()

    def update(self, change: Any = None) -> None:
        """Count and draw again for the values in the controls (each change calls this)."""
        try:
            n = check_int("num_samples", self.num_samples.value, maximum=MAX_SAMPLES)
            b = check_int("batch_size", self.batch_size.value, maximum=MAX_SAMPLES)
            split = self.validation_split.value
            epochs = check_int("epochs", self.epochs.value)
            sizes = batch_sizes(n, b, split)
        except ValueError as err:
            self._say(str(err), problem=True)
            self.summary = ""
            figure, (ax,) = plots.detached_figure(1, (8.0, 1.6))
            plots.placeholder(ax, "nothing to count: see the message above", xlabel="samples")
            self._show(figure)
            return
        self._say("")
        self.summary = f"iterations per epoch: {len(sizes):,} ({_batches_in_words(sizes, b)})\n"
        self.summary += (
            f"iterations in {epochs} epoch{'s' if epochs > 1 else ''}: "
            f"{len(sizes):,} x {epochs} = {len(sizes) * epochs:,}"
        )
        figure, (ax,) = plots.detached_figure(1, (8.0, 1.6))
        plots.plot_epoch_batches(n, b, split, ax=ax)
        figure.tight_layout()
        self._show(figure, self.summary)

    def _describe(self) -> str:
        return (
            f"Epoch explorer: num_samples={self.num_samples.value:,}, "
            f"batch_size={self.batch_size.value:,}, "
            f"validation_split={self.validation_split.value:.2f}, epochs={self.epochs.value}\n"
            f"{self.summary}"
        )


class TrainingPlayground(_Interactive):
    """Pick batch size, learning rate and epochs; Train draws the new run live beside the others.

    ``train(batch_size=..., learning_rate=..., epochs=..., callbacks=[...])`` is the lesson's
    own function: it builds and seeds the model and calls ``model.fit`` with those values,
    passing ``callbacks`` on (they hold the ``LivePlot`` that draws). ``runs`` are earlier
    runs to start the plot with, ``{name: History or dict of lists}``. Every finished run is
    kept in ``runs`` and drawn again under the next one; "Clear runs" empties the plot.

    Example:
        >>> def train(batch_size, learning_rate, epochs, callbacks):
        ...     model.compile(optimizer=keras.optimizers.SGD(learning_rate),
        ...                   loss="sparse_categorical_crossentropy")
        ...     return model.fit(x, y, epochs=epochs, batch_size=batch_size,
        ...                      validation_split=0.2, callbacks=callbacks, verbose=0)
        >>> playground = TrainingPlayground(train, epochs=2, metrics=("loss",))
        >>> playground.train_button.click()
        >>> list(playground.runs), len(playground.runs["B=32, lr=0.01, 2 epochs"]["val_loss"])
        (['B=32, lr=0.01, 2 epochs'], 2)
        >>> playground.batch_size.value = -4
        >>> playground.train_button.click()        # nothing trains; the widget says why
        >>> playground.message
        'batch_size must be an integer from 1 to 1000000, got -4'
    """

    def __init__(
        self,
        train: Callable[..., Any],
        *,
        batch_size: int = 32,
        learning_rate: float = 0.01,
        epochs: int = 10,
        metrics: tuple[str, ...] = ("loss", "accuracy"),
        runs: Mapping[str, Any] | None = None,
    ) -> None:
        if not callable(train):
            raise ValueError(
                "train must be a function train(batch_size, learning_rate, epochs, callbacks) "
                f"that calls model.fit, got {_short(train)}"
            )
        check_int("batch_size", batch_size, maximum=MAX_SAMPLES)
        check_number("learning_rate", learning_rate, minimum=1e-4, maximum=10**0.5)
        check_int("epochs", epochs, maximum=MAX_EPOCHS)
        self.train = train
        self.metrics = check_training_metrics(metrics)
        try:
            empty = runs is None or (isinstance(runs, Mapping) and not runs)
            named = {} if empty else named_runs(runs)
            self.runs = {name: as_history(run) for name, run in named.items()}
        except ValueError as err:
            raise ValueError(
                f"runs must be earlier runs {{name: History or dict}}: {err}"
            ) from None
        for name, run in self.runs.items():
            missing = [metric for metric in self.metrics if metric not in run]
            if missing:
                raise ValueError(
                    f"runs must record every metric drawn ({', '.join(self.metrics)}); "
                    f"run {_short(name)} lacks {', '.join(missing)}"
                )
        self.batch_size = _box("batch_size", batch_size)
        self.learning_rate = _slider(
            widgets.FloatLogSlider,
            "learning_rate",
            learning_rate,
            base=10,
            min=-4,
            max=0.5,
            step=0.25,
            readout_format=".2g",
        )
        self.epochs = _slider(widgets.IntSlider, "epochs", epochs, min=1, max=MAX_EPOCHS)
        self.note = _range_note(
            f"learning_rate 0.0001 to {10**0.5:.2f} (log steps of 10**0.25)",
            f"epochs 1 to {MAX_EPOCHS}, whole",
        )
        self.train_button = widgets.Button(description="Train", button_style="primary")
        self.clear_button = widgets.Button(description="Clear runs")
        self.train_button.on_click(self.train_once)
        self.clear_button.on_click(self.clear)
        self.message, self.message_view = "", widgets.HTML(value="")
        self.output = widgets.Output()
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.batch_size, self.learning_rate, self.epochs]),
                self.note,
                widgets.HBox([self.train_button, self.clear_button, self.message_view]),
                self.output,
            ]
        )
        self.figure = None
        self._draw()

    def _figsize(self) -> tuple[float, float]:
        return (5.0 * len(self.metrics), 3.5)

    def _show(self, figure: Any, text: str = "") -> None:
        plots.one_legend(figure)  # the metrics' axes show the same runs: one legend for all
        figure.tight_layout()
        super()._show(figure, text)

    def _draw(self) -> None:
        figure, axes = plots.detached_figure(len(self.metrics), self._figsize())
        for ax, metric in zip(axes, self.metrics, strict=True):
            if self.runs:
                plots.plot_learning_curves(self.runs, metric, ax=ax)
            else:
                plots.placeholder(ax, "press Train to add a run", ylabel=metric)
        self._show(figure)

    def train_once(self, button: Any = None) -> None:
        """Train one run with the values in the controls (what the Train button does)."""
        try:
            batch_size = check_int("batch_size", self.batch_size.value, maximum=MAX_SAMPLES)
            learning_rate = check_number(
                "learning_rate", self.learning_rate.value, minimum=0, exclusive_minimum=True
            )
            epochs = check_int("epochs", self.epochs.value)
        except ValueError as err:
            self._say(str(err), problem=True)
            return
        name = f"B={batch_size}, lr={learning_rate:.2g}, {epochs} epochs"
        if name in self.runs:  # train seeds its model: the same values give the same run
            self._say(f"{name} is already drawn: the seed is fixed, so it would be the same run")
            return
        if len(self.runs) >= MAX_RUNS:
            self._say(f"{MAX_RUNS} runs are drawn: press Clear runs first", problem=True)
            return
        live = LivePlot(
            self.metrics,
            figsize=self._figsize(),
            compare_with=self.runs,
            name=name,
            show=self._show,
        )
        self._say(f"training {name} ...")
        self.train_button.disabled = True
        try:
            self.train(
                batch_size=batch_size,
                learning_rate=learning_rate,
                epochs=epochs,
                callbacks=[live],
            )
        except Exception as err:  # the learner's function: say what went wrong, in the widget
            self._say(f"training failed: {type(err).__name__}: {err}", problem=True)
            self._draw()
            return
        finally:
            self.train_button.disabled = False
        if not live.logs.get("loss"):
            self._say(
                "no epoch was recorded: train must pass its callbacks on to model.fit",
                problem=True,
            )
            return
        self.runs[name] = live.logs
        last = {key: values[-1] for key, values in live.logs.items()}
        shown = ", ".join(f"{key} {value:.3g}" for key, value in last.items())
        self._say(f"{name}: after the last epoch {shown}")

    def clear(self, button: Any = None) -> None:
        """Forget every run and empty the plot (what the "Clear runs" button does)."""
        self.runs.clear()
        self._say("")
        self._draw()

    def _describe(self) -> str:
        runs = "; ".join(self.runs) or "none yet"
        return (
            f"Training playground: batch_size={self.batch_size.value}, "
            f"learning_rate={self.learning_rate.value:.2g}, epochs={self.epochs.value}\n"
            f"runs drawn: {runs}"
        )
