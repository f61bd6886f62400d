"""Runs first inside every grading kernel: seeds, threads, data sets, training recorder.

Student notebooks keep the lesson's own calls (``mnist.load_data()``); here those
calls are routed to :mod:`autograder.data`, so grading works offline from verified
copies and never downloads once per submission.
"""

from __future__ import annotations

import functools
import importlib
import os

from autograder import data
from autograder.kernel import export, fused_steps, recorder

GRADING_SEED = 1234
THREADS_ENV = "DENSEGRADE_THREADS"
DATASET_MODULES = ("keras.datasets.{name}", "keras.src.datasets.{name}")


def setup_source(
    seed: int = GRADING_SEED,
    deterministic_ops: bool = True,
    datasets: tuple[str, ...] = (),
    steps_per_call: int = fused_steps.STEPS_PER_CALL,
) -> str:
    """The code cell that prepares a kernel; it runs before the notebook's own cells."""
    arguments = f"{seed}, {deterministic_ops}, {datasets!r}, {steps_per_call}"
    return (
        "import autograder.kernel.setup as _densegrade_setup\n"
        f"_densegrade_setup.prepare_grading_kernel({arguments})\n"
        "del _densegrade_setup"
    )


def prepare_grading_kernel(
    seed: int = GRADING_SEED,
    deterministic_ops: bool = True,
    datasets: tuple[str, ...] = (),
    steps_per_call: int = fused_steps.STEPS_PER_CALL,
) -> None:
    """Seed, size threads, serve and record; ``datasets`` are loaded once here, before any
    student code, so data the grader cannot serve fails the grader's own cell (a grader
    fault) instead of the student's ``load_data()`` cell (which would look like a score)."""
    import tensorflow as tf

    for name in datasets:
        data.verify(name)  # cached: the student's call is served from memory

    threads = int(os.environ.get(THREADS_ENV, "0"))
    if threads:  # parallel workers share the cores instead of fighting over them
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    seed_everything(seed)
    if deterministic_ops:  # costs nothing measurable here: docs/determinism.md
        tf.config.experimental.enable_op_determinism()
    serve_datasets_locally()
    if steps_per_call > 1:  # before the recorder, which then records the fused fit
        fused_steps.install(steps_per_call)
    recorder.install()
    export.capture_originals()


def silence_student_checks() -> None:
    """The student's ``grader.check`` and ``grader.export`` cells do nothing while we grade."""
    import otter

    otter.Notebook._grading_mode = True
    otter.Notebook.__init__ = lambda self, *args, **kwargs: None
    otter.Notebook.check = lambda self, *args, **kwargs: None


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow/Keras so a regrade trains the same way."""
    import keras

    keras.utils.set_random_seed(seed)


def serve_datasets_locally() -> None:
    for name in data.DATASETS:
        for template in DATASET_MODULES:
            module = importlib.import_module(template.format(name=name))
            original = module.load_data
            if getattr(original, "__densegrade__", False):
                continue
            module.load_data = _served_by_data_layer(name, original)


def _served_by_data_layer(name: str, original):
    @functools.wraps(original)  # keeps __wrapped__ so the data layer can reach Keras
    def load_data(*args, **kwargs):
        return data.load_data(name)

    load_data.__densegrade__ = True
    return load_data
