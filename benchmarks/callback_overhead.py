"""How much do the recording callbacks slow ``model.fit`` down?

Trains the same model on the same data with bare ``model.fit`` and with
``IterationHistory`` (per-iteration recording), in one process, alternating the two to share
any drift of the machine, and prints the median time of each and their ratio (target: <= 1.10).

    python benchmarks/callback_overhead.py [--repeats 7] [--epochs 5] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import statistics
import time

import course

course.setup(seed=0)

import keras  # noqa: E402

from course.callbacks import IterationHistory  # noqa: E402


def timed_fit(data, epochs: int, batch_size: int, record: bool) -> float:
    """Seconds for one ``fit`` of a fresh, seeded model (compilation included in neither)."""
    keras.utils.set_random_seed(0)
    model = course.models.mlp(data.input_shape, widths=(64,), num_outputs=10)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(data.x_train[:64], data.y_train[:64], epochs=1, batch_size=batch_size, verbose=0)
    callbacks = (
        [IterationHistory(num_samples=len(data.x_train), batch_size=batch_size)] if record else []
    )
    start = time.perf_counter()
    model.fit(
        data.x_train,
        data.y_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(data.x_val, data.y_val),
        callbacks=callbacks,
        verbose=0,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    data = course.datasets.load_digits(seed=0)
    steps = course.iterations.iterations_per_epoch(len(data.x_train), args.batch_size)
    bare, recorded = [], []
    for _ in range(args.repeats):
        bare.append(timed_fit(data, args.epochs, args.batch_size, record=False))
        recorded.append(timed_fit(data, args.epochs, args.batch_size, record=True))
    b, r = statistics.median(bare), statistics.median(recorded)
    print(
        f"digits: {len(data.x_train)} samples, batch size {args.batch_size}, "
        f"{steps} iterations/epoch, {args.epochs} epochs, {args.repeats} repeats"
    )
    print(f"bare model.fit:          median {b:.3f} s")
    print(f"with IterationHistory:   median {r:.3f} s")
    print(f"overhead ratio:          {r / b:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
