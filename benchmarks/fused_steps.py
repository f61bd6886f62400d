"""Side-by-side cost of ``fit`` one step per call (Keras' default) and fused
(``autograder/kernel/fused_steps.py``) in a grading kernel.

Runs the MNIST reference notebook in a grading kernel, alternating between the two,
and reports seconds per epoch, seconds per notebook, their ratios, and the accuracy
each run reached (the same training gives the same accuracy).
Usage: ``DENSEGRADE_DATA_DIR=../shared/data .venv/bin/python benchmarks/fused_steps.py
[ROUNDS] [THREADS]`` (THREADS: TensorFlow's, as a grading worker gets; default 1).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from autograder.authoring import calibrate
from autograder.kernel.fused_steps import STEPS_PER_CALL
from autograder.kernel.setup import THREADS_ENV, setup_source

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WAYS = {"one step per call": 1, f"{STEPS_PER_CALL} steps per call": STEPS_PER_CALL}


def run(steps: int) -> calibrate.SeedRun:
    calibrate.setup_source = lambda seed: setup_source(seed, steps_per_call=steps)
    master = PROJECT_ROOT / "solutions" / "mnist_dense.ipynb"
    return calibrate.run_seed(master, "mnist_dense", seed=1234)


def main(rounds: int, threads: int) -> None:
    os.environ[THREADS_ENV] = str(threads)  # the kernel inherits it
    runs: dict[str, list[calibrate.SeedRun]] = {way: [] for way in WAYS}
    for _ in range(rounds):
        for way, steps in WAYS.items():  # alternate, so load drifts hit both alike
            runs[way].append(run(steps))
            print(f"{way}: {runs[way][-1]}", flush=True)
    one, fused = WAYS
    for measure in ("seconds_per_epoch", "notebook_seconds"):
        median = {
            way: statistics.median(getattr(r, measure) for r in rs) for way, rs in runs.items()
        }
        print(
            f"median {measure}: {one} {median[one]:.2f}, {fused} {median[fused]:.2f}, "
            f"ratio {median[one] / median[fused]:.2f}"
        )
    print("accuracies:", {way: [r.accuracy for r in rs] for way, rs in runs.items()})


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*(arguments + [3, 1][len(arguments) :]))
