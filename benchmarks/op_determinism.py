"""Side-by-side cost of TensorFlow's deterministic ops when grading.

Runs the MNIST reference notebook in a grading-like kernel, alternating between the
default kernel and one with ``tf.config.experimental.enable_op_determinism()``, and
reports seconds per epoch, the ratio, and whether repeated runs give identical
accuracy (grading enables deterministic ops; results in docs/determinism.md).
Usage: ``DENSEGRADE_DATA_DIR=../shared/data .venv/bin/python
benchmarks/op_determinism.py [ROUNDS]``.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from autograder.authoring import calibrate
from autograder.kernel.setup import setup_source

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def run(deterministic: bool) -> calibrate.SeedRun:
    calibrate.setup_source = lambda seed: setup_source(seed, deterministic_ops=deterministic)
    master = PROJECT_ROOT / "solutions" / "mnist_dense.ipynb"
    return calibrate.run_seed(master, "mnist_dense", seed=1234)


def main(rounds: int) -> None:
    runs: dict[bool, list[calibrate.SeedRun]] = {False: [], True: []}
    for _ in range(rounds):
        for deterministic in (False, True):  # alternate, so load drifts hit both alike
            result = run(deterministic)
            runs[deterministic].append(result)
            print(f"deterministic={deterministic}: {result}", flush=True)
    epoch = {mode: statistics.median(r.seconds_per_epoch for r in rs) for mode, rs in runs.items()}
    print(
        f"median s/epoch: default {epoch[False]:.2f}, deterministic {epoch[True]:.2f}, "
        f"ratio {epoch[True] / epoch[False]:.2f}"
    )
    for mode, rs in runs.items():
        print(f"deterministic={mode}: accuracies {[r.accuracy for r in rs]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
